import { t } from '@/lib/i18n';
import { FEATURES, featureText, type FeatureId } from '@/lib/features/registry';
import { REMINDER_LEADS, type ReminderLead } from '@/lib/reminders/schedule';

export interface FeaturesState {
  /** Whether each feature is on, its default where the member never switched it. */
  on: Record<FeatureId, boolean>;
  reminderLead: ReminderLead;
  /** Sites where the member paused Descant from the popup. */
  pausedSites: string[];
}

export interface FeaturesActions {
  switchFeature(id: FeatureId, on: boolean): void;
  chooseReminderLead(lead: ReminderLead): void;
  resumeSite(origin: string): void;
}

const LEAD_LABEL = {
  '30m': 'reminders30m',
  '1h': 'reminders1h',
  '2h': 'reminders2h',
  '1d': 'reminders1d',
  eveningBefore: 'remindersEveningBefore',
} as const satisfies Record<ReminderLead, string>;

/** One switch per feature, from the registry, with the reminders' lead under their switch. */
export function FeaturesSection({ state, actions }: { state: FeaturesState; actions: FeaturesActions }) {
  return (
    <section aria-labelledby="features-heading" class="features">
      <h2 id="features-heading">{t('featuresHeading')}</h2>
      <p>{t('featuresIntro')}</p>
      <ul class="feature-list">
        {FEATURES.map(({ id }) => {
          const text = featureText(id);
          return (
            <li key={id}>
              <label class="switch">
                <input
                  type="checkbox"
                  role="switch"
                  name={`feature-${id}`}
                  checked={state.on[id]}
                  aria-describedby={`feature-${id}-hint`}
                  onChange={(event) => actions.switchFeature(id, (event.target as HTMLInputElement).checked)}
                />
                <span>{t(text.name)}</span>
              </label>
              <p class="hint" id={`feature-${id}-hint`}>
                {t(text.hint)}
              </p>
              {id === 'reminders' && state.on.reminders && <ReminderLeadChoice lead={state.reminderLead} onChoose={actions.chooseReminderLead} />}
            </li>
          );
        })}
      </ul>
      {state.pausedSites.length > 0 && (
        <div class="paused-sites">
          <h3>{t('pausedSitesHeading')}</h3>
          <ul>
            {state.pausedSites.map((origin) => (
              <li key={origin}>
                <button type="button" onClick={() => actions.resumeSite(origin)}>
                  {t('pausedSitesResume', [hostOf(origin)])}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function ReminderLeadChoice({ lead, onChoose }: { lead: ReminderLead; onChoose: (lead: ReminderLead) => void }) {
  return (
    <label class="field">
      <span>{t('remindersLabel')}</span>
      <select name="reminderLead" value={lead} onChange={(event) => onChoose((event.target as HTMLSelectElement).value as ReminderLead)}>
        {REMINDER_LEADS.map((value) => (
          <option key={value} value={value}>
            {t(LEAD_LABEL[value])}
          </option>
        ))}
      </select>
    </label>
  );
}

const hostOf = (origin: string) => origin.replace(/^https?:\/\//, '');
