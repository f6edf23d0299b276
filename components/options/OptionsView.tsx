import { useState } from 'preact/hooks';
import type { Me } from '@/lib/model';
import type { ForgottenSecret } from '@/lib/store';
import type { KeptAside } from '@/lib/stored-versions';
import type { ChoirProfile } from '@/lib/profile/schema';
import type { AddressFields } from '@/lib/options/profile-edit';
import { t, type MessageKey } from '@/lib/i18n';
import { CiviCrmSection, type CiviCrmActions, type CiviCrmState } from './CiviCrmSection';
import { HarmonySiteSection, type HarmonySiteActions, type HarmonySiteState } from './HarmonySiteSection';
import { PeopleSection, type PeopleActions, type PeopleState } from './PeopleSection';
import { OnSongSection, type OnSongActions, type OnSongState } from './OnSongSection';
import { FeaturesSection, type FeaturesActions, type FeaturesState } from './FeaturesSection';
import { PROFILE_IMPORT_ID, ProfileImportConfirm, type PendingImport } from './ProfileImportConfirm';

export interface OptionsState {
  profile: ChoirProfile;
  /** Origin patterns named by the profile that the browser has not granted. */
  missingOrigins: string[];
  profileProblems: string[];
  meFromPage: Me | null;
  meManual: Me | null;
  apiKeySet: boolean;
  harmonySite: HarmonySiteState;
  civiCrm: CiviCrmState;
  people: PeopleState;
  onSong: OnSongState;
  features: FeaturesState;
  /** Keys and sign-ins Descant forgot because their address changed, said once. */
  forgotten: ForgottenSecret[];
  /** What Descant had stored but could not read (kept aside), said until the member has read it. */
  keptAside: KeptAside[];
  /** The last thing done, announced politely. */
  status: string;
}

export interface OptionsActions extends HarmonySiteActions, CiviCrmActions, PeopleActions, OnSongActions, FeaturesActions {
  importProfile(file: File): void;
  /** The member confirmed the addresses of the profile file just chosen. */
  confirmImport(): void;
  cancelImport(): void;
  exportProfile(): void;
  saveAddresses(fields: AddressFields): void;
  allowAccess(): void;
  saveManualMe(text: string): void;
  clearManualMe(): void;
  saveApiKey(key: string): void;
  removeApiKey(): void;
  forgetEverything(): void;
  dismissForgotten(): void;
  dismissKeptAside(): void;
}

interface ViewProps {
  state: OptionsState;
  actions: OptionsActions;
  addresses: AddressFields;
  /** A chosen profile file waiting to be confirmed, if any. */
  pendingImport?: PendingImport;
}

export function OptionsView({ state, actions, addresses, pendingImport }: ViewProps) {
  return (
    <main class="options page">
      <h1>{t('optionsTitle')}</h1>
      <p class="status" role="status" aria-live="polite">
        {state.status}
      </p>
      {state.forgotten.length > 0 && <ForgottenNotice forgotten={state.forgotten} onDismiss={actions.dismissForgotten} />}
      {state.keptAside.length > 0 && <KeptAsideNotice keptAside={state.keptAside} onDismiss={actions.dismissKeptAside} />}
      <ProfileSection state={state} actions={actions} addresses={addresses} pendingImport={pendingImport} />
      <FeaturesSection state={state.features} actions={actions} />
      <HarmonySiteSection state={state.harmonySite} actions={actions} now={Date.now()} />
      <CiviCrmSection state={state.civiCrm} actions={actions} now={Date.now()} key={state.civiCrm.choice} />
      <PeopleSection state={state.people} actions={actions} />
      <p class="health-link">
        <a href="/health.html" target="_blank">
          {t('optionsHealthLink')}
        </a>{' '}
        <span class="hint">{t('optionsHealthHint')}</span>
      </p>
      <OnSongSection state={state.onSong} actions={actions} key={state.onSong.suggestedAddress} />
      <WhoAmISection state={state} actions={actions} />
      <ApiKeySection state={state} actions={actions} />
      <PrivacySection actions={actions} />
    </main>
  );
}

const FORGOT_SENTENCE = {
  harmonySiteToken: 'forgotHarmonySiteToken',
  civiCrmKeys: 'forgotCiviCrmKeys',
  onSongPairing: 'forgotOnSongPairing',
  onSongApiKey: 'forgotOnSongApiKey',
} as const;

function ForgottenNotice({ forgotten, onDismiss }: { forgotten: ForgottenSecret[]; onDismiss: () => void }) {
  return (
    <section class="forgotten" role="alert">
      {forgotten.map((item) => (
        <p key={`${item.secret} ${item.at}`}>{t(FORGOT_SENTENCE[item.secret], [item.origin])}</p>
      ))}
      <button type="button" onClick={onDismiss}>
        {t('forgottenDismiss')}
      </button>
    </section>
  );
}

/** What a stored item is, in the member's words: the start of its key says which kind it is. */
function keptAsideWhat(key: string): MessageKey {
  if (key.startsWith('secret:')) return 'keptAsideSecret';
  if (key.startsWith('session:') || /^local:(threeRings\.(shifts|events|directory)|harmonySite\.data|civiCrm\.data|onSong\.lastNowPlaying)$/.test(key)) return 'keptAsideSiteData';
  if (key === 'local:people.links') return 'keptAsideWhoIsWho';
  if (key.startsWith('local:me.')) return 'keptAsideMe';
  if (key.startsWith('local:settings.')) return 'keptAsideSettings';
  return 'keptAsideRecords';
}

function KeptAsideNotice({ keptAside, onDismiss }: { keptAside: KeptAside[]; onDismiss: () => void }) {
  const kinds = [...new Set(keptAside.map((report) => keptAsideWhat(report.key)))];
  return (
    <section class="forgotten" role="alert">
      {kinds.map((kind) => (
        <p key={kind}>{t('keptAsideSentence', [t(kind)])}</p>
      ))}
      <button type="button" onClick={onDismiss}>
        {t('forgottenDismiss')}
      </button>
    </section>
  );
}

function ProfileSection({ state, actions, addresses, pendingImport }: ViewProps) {
  const [fields, setFields] = useState(addresses);
  const field = (key: keyof AddressFields, label: string) => (
    <label class="field">
      <span>{label}</span>
      <input
        type="url"
        name={key}
        value={fields[key]}
        placeholder={key === 'onSong' ? 'http://192.168.1.20:5076' : 'https://'}
        onInput={(event) => setFields({ ...fields, [key]: (event.target as HTMLInputElement).value })}
      />
    </label>
  );
  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t('profileHeading')}</h2>
      <p>{t('profileIntro')}</p>
      {state.profile.choir && (
        <p>
          {t('profileChoirName')}: <strong class="choir-name">{state.profile.choir}</strong>
        </p>
      )}
      {state.profile.onSong?.token && <p>{t('profileTokenSet')}</p>}
      {state.profileProblems.length > 0 && (
        <div class="problem" role="alert">
          <p>{t('profileProblems')}</p>
          <ul class="profile-problems">
            {state.profileProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <div class="row">
        <label class="button">
          {t('profileImport')}
          <input
            id={PROFILE_IMPORT_ID}
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            onChange={(event) => {
              const input = event.target as HTMLInputElement;
              const file = input.files?.[0];
              // So that choosing the same file again, after a Cancel, is seen as a choice too.
              input.value = '';
              if (file) actions.importProfile(file);
            }}
          />
        </label>
        <button type="button" onClick={actions.exportProfile}>
          {t('profileExport')}
        </button>
      </div>
      {pendingImport && <ProfileImportConfirm pending={pendingImport} onConfirm={actions.confirmImport} onCancel={actions.cancelImport} />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          actions.saveAddresses(fields);
        }}
      >
        {field('harmonySite', t('profileHarmonySite'))}
        {field('onSong', t('profileOnSong'))}
        {field('civiCrm', t('profileCiviCrm'))}
        <p class="hint">{t('profileAddressHint')}</p>
        <button type="submit" class="primary">
          {t('profileSave')}
        </button>
      </form>
      {state.missingOrigins.length > 0 && (
        <div class="problem missing-permissions">
          <p>{t('permissionsMissing', [state.missingOrigins.map((origin) => origin.replace(/\/\*$/, '')).join(', ')])}</p>
          <button type="button" class="primary" onClick={actions.allowAccess}>
            {t('permissionsAllow')}
          </button>
        </div>
      )}
    </section>
  );
}

function WhoAmISection({ state, actions }: { state: OptionsState; actions: OptionsActions }) {
  const [text, setText] = useState(state.meManual ? String(state.meManual.volunteerId) : '');
  const fromPage = state.meFromPage;
  return (
    <section aria-labelledby="me-heading">
      <h2 id="me-heading">{t('meHeading')}</h2>
      <p class="me-from-page">{fromPage ? t('meFromPage', [fromPage.name ?? '', String(fromPage.volunteerId)]) : t('meUnknown')}</p>
      {state.meManual && <p class="me-manual">{t('meManualActive', [String(state.meManual.volunteerId)])}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          actions.saveManualMe(text);
        }}
      >
        <label class="field">
          <span>{t('meManualLabel')}</span>
          <input name="volunteerId" inputMode="numeric" value={text} aria-describedby="me-hint" onInput={(event) => setText((event.target as HTMLInputElement).value)} />
        </label>
        <p class="hint" id="me-hint">
          {t('meManualHint')}
        </p>
        <div class="row">
          <button type="submit" class="primary">
            {t('meManualSave')}
          </button>
          {state.meManual && (
            <button type="button" onClick={actions.clearManualMe}>
              {t('meManualClear')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function ApiKeySection({ state, actions }: { state: OptionsState; actions: OptionsActions }) {
  const [key, setKey] = useState('');
  return (
    <section aria-labelledby="api-key-heading">
      <h2 id="api-key-heading">{t('apiKeyHeading')}</h2>
      <p>{t('apiKeyIntro')}</p>
      <p class="api-key-state">{state.apiKeySet ? t('apiKeySet') : t('apiKeyNotSet')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          actions.saveApiKey(key);
          setKey('');
        }}
      >
        <label class="field">
          <span>{t('apiKeyLabel')}</span>
          <input name="apiKey" type="password" autoComplete="off" value={key} onInput={(event) => setKey((event.target as HTMLInputElement).value)} />
        </label>
        <div class="row">
          <button type="submit" class="primary" disabled={!key.trim()}>
            {t('apiKeySave')}
          </button>
          {state.apiKeySet && (
            <button type="button" onClick={actions.removeApiKey}>
              {t('apiKeyRemove')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function PrivacySection({ actions }: { actions: OptionsActions }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">{t('privacyHeading')}</h2>
      <p>{t('privacyStored')}</p>
      <p>{t('privacySent')}</p>
      {confirming ? (
        <div class="problem" role="alert">
          <p>{t('privacyForgetConfirm')}</p>
          <div class="row">
            <button
              type="button"
              class="primary"
              onClick={() => {
                setConfirming(false);
                actions.forgetEverything();
              }}
            >
              {t('privacyForgetYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('privacyCancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {t('privacyForget')}
        </button>
      )}
    </section>
  );
}
