import type { Me, Shift } from '@/lib/model';
import { t } from '@/lib/i18n';
import { formatDay, formatTimeRange, type FormatOptions } from '@/lib/format';
import { isMine, isUpForSwap } from '@/lib/views/quick-view';
import { shiftPageUrl } from '@/lib/three-rings/urls';
import { shiftEntry } from '@/lib/calendar/entries';
import { coVolunteers } from '@/lib/views/shift-words';
import { AddToCalendar } from './AddToCalendar';

interface Props {
  shift: Shift;
  me: Me | null;
  format?: FormatOptions;
  /** My-shifts list shows the day on each item; the rota groups by day instead. */
  showDay?: boolean;
  now: number;
  /** "Could you help?" links each shift to Three Rings, where signing up happens. */
  linkToThreeRings?: boolean;
}

export function ShiftItem({ shift, me, format, showDay = false, now, linkToThreeRings = false }: Props) {
  const mine = isMine(shift, me);
  const when = shift.allDay ? t('shiftAllDay') : formatTimeRange(shift.start, shift.end, format);
  return (
    <li class={mine ? 'shift mine' : 'shift'} data-shift-id={shift.id}>
      <div class="shift-when">
        {showDay && <span class="shift-day">{formatDay(shift.start, format)}</span>}
        <time dateTime={shift.start}>{when}</time>
      </div>
      <div class="shift-what">
        <span class="shift-rota">{shift.rota.name}</span>
        {shift.title && <span class="shift-title"> · {shift.title}</span>}
        {shift.closed && <span class="tag"> {t('shiftClosed')}</span>}
        {isUpForSwap(shift) && <span class="tag swap"> {t('shiftUpForSwap')}</span>}
      </div>
      <div class="shift-who">
        {showDay ? <span class="people">{coVolunteers(shift, me)}</span> : <People shift={shift} me={me} />}
        <Unfilled places={shift.unfilledPlaces} />
      </div>
      {linkToThreeRings && (
        <a class="shift-link" href={shiftPageUrl(shift, format?.timeZone)} target="_blank" rel="noopener noreferrer">
          {t('shiftOpenOnThreeRings')}
        </a>
      )}
      <AddToCalendar
        entries={[shiftEntry(shift, me, format?.timeZone)]}
        now={now}
        fileName={`shift-${shift.id}.ics`}
        what={`${shift.rota.name}, ${formatDay(shift.start, format)} ${when}`}
      />
    </li>
  );
}

function People({ shift, me }: { shift: Shift; me: Me | null }) {
  if (!shift.volunteers.length) return <span class="people">{t('shiftNobody')}</span>;
  return (
    <span class="people">
      {shift.volunteers.map((person, index) => (
        <span key={person.id} class={person.id === me?.volunteerId ? 'person me' : 'person'}>
          {index > 0 && ', '}
          {person.id === me?.volunteerId ? t('shiftMine') : person.name}
        </span>
      ))}
    </span>
  );
}

function Unfilled({ places }: { places: number | undefined }) {
  if (places === undefined || places === 0) return null;
  const text = places === 1 ? t('shiftUnfilledOne') : t('shiftUnfilledMany', [String(places)]);
  return <span class="tag unfilled">{text}</span>;
}
