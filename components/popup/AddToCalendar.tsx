import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { googleCalendarLink, icsCalendar, icsDataUrl, type CalendarEntry } from '@/lib/calendar/ics';

interface Props {
  entries: CalendarEntry[];
  /** Stamps the file (DTSTAMP). */
  now: number;
  fileName: string;
  /** What is added, for the spoken name after the label ("Add to calendar: Front of House, Tue 5:15 PM"). */
  what: string;
  /** Shown instead of "Add to calendar", e.g. "All my shifts (.ics)". */
  label?: string;
  /** A line under the choices, e.g. where to subscribe instead. */
  children?: ComponentChildren;
}

/**
 * "Add to calendar": a download of the entries as an .ics file and, for one entry, a Google
 * Calendar link. The file is only made once the member opens the control.
 */
export function AddToCalendar({ entries, now, fileName, what, label = t('calendarAdd'), children }: Props) {
  const [open, setOpen] = useState(false);
  const single = entries.length === 1 ? entries[0] : undefined;
  return (
    <details class="add-to-calendar" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary aria-label={t('calendarAddFor', [label, what])}>{label}</summary>
      {open && (
        <span class="calendar-choices">
          <a href={icsDataUrl(icsCalendar(entries, now))} download={fileName}>
            {t('calendarIcs')}
          </a>
          {single && (
            <a href={googleCalendarLink(single)} target="_blank" rel="noopener noreferrer">
              {t('calendarGoogle')}
            </a>
          )}
          {children}
        </span>
      )}
    </details>
  );
}
