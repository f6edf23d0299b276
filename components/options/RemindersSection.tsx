import { t } from '@/lib/i18n';
import { REMINDER_LEADS, type ReminderLead } from '@/lib/reminders/schedule';

export interface RemindersActions {
  chooseReminderLead(lead: ReminderLead): void;
}

const LEAD_LABEL = {
  off: 'remindersOff',
  '30m': 'reminders30m',
  '1h': 'reminders1h',
  '2h': 'reminders2h',
  '1d': 'reminders1d',
  eveningBefore: 'remindersEveningBefore',
} as const satisfies Record<ReminderLead, string>;

/** How long before each of my shifts a desktop notification comes. */
export function RemindersSection({ lead, actions }: { lead: ReminderLead; actions: RemindersActions }) {
  return (
    <section aria-labelledby="reminders-heading" class="reminders">
      <h2 id="reminders-heading">{t('remindersHeading')}</h2>
      <p>{t('remindersIntro')}</p>
      <label class="field">
        <span>{t('remindersLabel')}</span>
        <select name="reminderLead" value={lead} onChange={(event) => actions.chooseReminderLead((event.target as HTMLSelectElement).value as ReminderLead)}>
          {REMINDER_LEADS.map((value) => (
            <option key={value} value={value}>
              {t(LEAD_LABEL[value])}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
