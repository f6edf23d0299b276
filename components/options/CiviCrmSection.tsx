import { useState } from 'preact/hooks';
import { FLAVOUR_NAMES, type CiviFlavour } from '@/lib/civicrm/flavour';
import type { OptionalPart } from '@/lib/civicrm/read';
import type { Problem } from '@/lib/problems';
import { t } from '@/lib/i18n';
import { formatAgo } from '@/lib/format';
import { ProblemBanner } from '../shared/ProblemBanner';

export interface CiviCrmState {
  origin: string | undefined;
  problem: Problem | undefined;
  contactCount: number | undefined;
  /** The API the last read went through. */
  flavour: CiviFlavour | undefined;
  unreadable: OptionalPart[];
  fetchedAt: number | undefined;
  choice: 'auto' | CiviFlavour;
  apiKeySet: boolean;
  siteKeySet: boolean;
}

export interface CiviCrmChoice {
  flavour: 'auto' | CiviFlavour;
  /** Empty keeps the key already saved. */
  apiKey: string;
  siteKey: string;
}

export interface CiviCrmActions {
  saveCiviCrm(choice: CiviCrmChoice): void;
  removeCiviCrmKeys(): void;
}

/** The choir's CiviCRM: what Descant reads, which API, and the optional keys. */
export function CiviCrmSection({ state, actions, now }: { state: CiviCrmState; actions: CiviCrmActions; now: number }) {
  const [flavour, setFlavour] = useState(state.choice);
  const [apiKey, setApiKey] = useState('');
  const [siteKey, setSiteKey] = useState('');
  if (!state.origin) return null;
  const legacyWithoutKeys = flavour === 'legacy' && (!(apiKey || state.apiKeySet) || !(siteKey || state.siteKeySet));
  const option = (value: 'auto' | CiviFlavour, label: string) => <option value={value}>{label}</option>;
  return (
    <section aria-labelledby="civicrm-heading" class="civicrm">
      <h2 id="civicrm-heading">{t('civiCrmHeading')}</h2>
      {state.problem ? (
        <ProblemBanner problem={state.problem} siteUrl={state.origin} />
      ) : (
        <p class="civicrm-state">
          {state.fetchedAt !== undefined && state.flavour
            ? t('civiCrmReady', [String(state.contactCount ?? 0), FLAVOUR_NAMES[state.flavour], formatAgo(state.fetchedAt, now)])
            : t('civiCrmNotYet')}
        </p>
      )}
      {state.unreadable.includes('groups') && <p class="hint">{t('civiCrmUnreadableGroups')}</p>}
      {state.unreadable.includes('memberships') && <p class="hint">{t('civiCrmUnreadableMemberships')}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          actions.saveCiviCrm({ flavour, apiKey: apiKey.trim(), siteKey: siteKey.trim() });
          setApiKey('');
          setSiteKey('');
        }}
      >
        <label class="field">
          <span>{t('civiCrmApiLabel')}</span>
          <select name="civiCrmFlavour" value={flavour} onChange={(event) => setFlavour((event.target as HTMLSelectElement).value as 'auto' | CiviFlavour)}>
            {option('auto', t('civiCrmApiAuto'))}
            {option('api4', t('civiCrmApi4'))}
            {option('api3', t('civiCrmApi3'))}
            {option('legacy', t('civiCrmLegacy'))}
          </select>
        </label>
        <p class="hint">{t('civiCrmKeysIntro')}</p>
        {state.apiKeySet && <p class="civicrm-keys">{t('civiCrmKeysSet')}</p>}
        <label class="field">
          <span>{t('civiCrmApiKey')}</span>
          <input name="civiCrmApiKey" type="password" autoComplete="off" value={apiKey} onInput={(event) => setApiKey((event.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span>{t('civiCrmSiteKey')}</span>
          <input name="civiCrmSiteKey" type="password" autoComplete="off" value={siteKey} onInput={(event) => setSiteKey((event.target as HTMLInputElement).value)} />
        </label>
        {legacyWithoutKeys && (
          <p class="hint" role="alert">
            {t('civiCrmLegacyNeedsKeys')}
          </p>
        )}
        <div class="row">
          <button type="submit" class="primary" disabled={legacyWithoutKeys}>
            {t('civiCrmSave')}
          </button>
          {(state.apiKeySet || state.siteKeySet) && (
            <button type="button" onClick={actions.removeCiviCrmKeys}>
              {t('civiCrmRemoveKeys')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
