import { render } from 'preact';
import { useState } from 'preact/hooks';
import { useLatestRead, watchFromNow, type Watching } from '@/components/shared/useLatestRead';
import browser from 'webextension-polyfill';
import { OptionsView, type OptionsActions, type OptionsState } from '@/components/options/OptionsView';
import { t } from '@/lib/i18n';
import { addressFields, exportProfileText, missingOrigins, profileAddresses, withAddresses } from '@/lib/options/profile-edit';
import { MAX_PROFILE_BYTES, parseChoirProfile, TOO_LARGE } from '@/lib/profile/parse';
import { profileOrigins, type ChoirProfile } from '@/lib/profile/schema';
import { hostPattern } from '@/lib/net/host-pattern';
import { problemSentence } from '@/components/shared/ProblemBanner';
import { sendMessage } from '@/lib/messages';
import { peopleState } from '@/lib/options/people-links';
import { withDecision, withoutDecisions, withUnlinks } from '@/lib/people/decisions';
import {
  cachedCiviCrm,
  cachedDirectory,
  cachedHarmonySite,
  choirProfile,
  civiCrmKeys,
  civiCrmSettings,
  civiCrmStatus,
  harmonySiteApiToken,
  harmonySiteStatus,
  lastChecked,
  meFromPage,
  meManual,
  lastNowPlaying,
  onSongApiKey,
  onSongDevice,
  onSongPairing,
  peopleLinks,
  readChoirProfile,
  resolveOnSongDevice,
  saveChoirProfile,
  threeRingsApiKey,
  forgottenSecrets,
  keptAsideReports,
  reminderSettings,
  featureSwitches,
  pausedSites,
} from '@/lib/store';
import { FEATURES, isFeatureOn, type FeatureId } from '@/lib/features/registry';
import { civiCrmKeysFor } from '@/lib/secrets';
import { forgetAllSecrets } from '@/lib/secret-store';
import type { CiviContact } from '@/lib/model';
import { parseDeviceAddress } from '@/lib/onsong/address';
import type { PairOutcome } from '@/lib/messages';
import type { CiviCrmState } from '@/components/options/CiviCrmSection';
import '@/components/theme.css';
import '@/components/page.css';
import './style.css';

/** Everything the page shows; it re-reads when any of these change, whoever changed them. */
const watched = [
  choirProfile,
  civiCrmKeys,
  meFromPage,
  meManual,
  threeRingsApiKey,
  cachedDirectory,
  cachedHarmonySite,
  harmonySiteStatus,
  harmonySiteApiToken,
  cachedCiviCrm,
  civiCrmStatus,
  civiCrmKeys,
  civiCrmSettings,
  peopleLinks,
  onSongDevice,
  onSongPairing,
  onSongApiKey,
  forgottenSecrets,
  keptAsideReports,
  reminderSettings,
  featureSwitches,
  pausedSites,
];
/** Caches whose "read … ago" the page shows: a read that found the same data moves only their metadata. */
const watchedChecks = [cachedHarmonySite, cachedCiviCrm];

/**
 * Keys are in the secret store, whose changes cannot wake the background's service worker:
 * Settings asks for the read with them itself.
 */
function readWithNewKeys(): void {
  void sendMessage({ type: 'refresh', force: true }).catch((error: unknown) => console.warn('[Descant] could not ask for a refresh', error));
}

/** The API permissions held, known before any click so a request can be made straight from one (see requestAccess). */
let heldPermissions = new Set<string>();

async function readState(): Promise<OptionsState> {
  const [profile, fromPage, manual, apiKey, directory, harmonySite, harmonySiteMeta, status, token, links, device, pairing, songKey, civiCrm] = await Promise.all([
    readChoirProfile(),
    meFromPage.getValue(),
    meManual.getValue(),
    threeRingsApiKey.getValue(),
    cachedDirectory.getValue(),
    cachedHarmonySite.getValue(),
    cachedHarmonySite.getMeta(),
    harmonySiteStatus.getValue(),
    harmonySiteApiToken.getValue(),
    peopleLinks.getValue(),
    resolveOnSongDevice(),
    onSongPairing.getValue(),
    onSongApiKey.getValue(),
    readCiviCrm(),
  ]);
  const [forgotten, keptAside, reminders, switches, paused, held] = await Promise.all([
    forgottenSecrets.getValue(),
    keptAsideReports.getValue(),
    reminderSettings.getValue(),
    featureSwitches.getValue(),
    pausedSites.getValue(),
    browser.permissions.getAll(),
  ]);
  heldPermissions = new Set(held.permissions ?? []);
  const origin = profile.harmonySite?.url;
  const siteData = harmonySite?.data.origin === origin ? harmonySite : null;
  const missing = await missingOrigins(browser.permissions, profileOrigins(profile));
  // Without `cookies` the HarmonySite is not fully reachable: its Allow asks for both.
  if (origin && !heldPermissions.has('cookies') && !missing.includes(hostPattern(origin))) missing.push(hostPattern(origin));
  return {
    profile,
    missingOrigins: missing,
    profileProblems: [],
    meFromPage: fromPage,
    meManual: manual,
    apiKeySet: !!apiKey,
    harmonySite: {
      origin,
      problem: status.problem,
      memberCount: siteData?.data.members.length,
      fetchedAt: siteData ? lastChecked(siteData, harmonySiteMeta) : undefined,
      signedInForDescant: !!token && token.origin === origin,
      signingIn: false,
    },
    civiCrm: civiCrm.state,
    people: peopleState(directory?.data ?? [], siteData?.data.members ?? [], links, civiCrm.contacts),
    onSong: {
      ...(device && { device: { origin: device.origin, fromProfile: device.fromProfile } }),
      ...(pairing && { pairing: pairing.state }),
      suggestedAddress: hostOf(device?.origin ?? profile.onSong?.url),
      apiKeySet: !!songKey && (!device || songKey.origin === device.origin),
    },
    forgotten,
    keptAside,
    features: {
      on: Object.fromEntries(FEATURES.map(({ id }) => [id, isFeatureOn(switches, id)])) as Record<FeatureId, boolean>,
      reminderLead: reminders.lead,
      pausedSites: paused,
    },
    status: '',
  };
}

function Options({ initial, watching }: { initial: OptionsState; watching: Watching }) {
  const { state, setState, reload, whileSaving } = useLatestRead(initial, readState, watching);
  /** A profile file that parsed, kept here only until the member confirms or cancels it. */
  const [pending, setPending] = useState<ChoirProfile>();

  /** Shows a choice at once, saves it, then reads everything back with the saved status. */
  const showWhileSaving = (shown: (state: OptionsState) => OptionsState, save: () => Promise<void>) => {
    setState(shown);
    void whileSaving(save()).then(
      () => reload(t('optionsSaved')),
      (error: unknown) => {
        // What storage holds goes back on screen.
        console.warn('[Descant] could not save the choice', error);
        return reload();
      },
    );
  };

  /**
   * Asks for origins, and for `cookies` with a HarmonySite. Must run straight from a click:
   * Firefox forgets the click once anything has been awaited.
   */
  const requestAccess = (origins: string[], forHarmonySite: boolean) => {
    const permissions: 'cookies'[] = forHarmonySite && !heldPermissions.has('cookies') ? ['cookies'] : [];
    return origins.length || permissions.length ? browser.permissions.request({ origins, permissions }) : Promise.resolve(true);
  };

  const afterRequest = (granted: boolean, saved: string) => reload(granted ? saved : t('permissionsRefused'));

  const actions: OptionsActions = {
    importProfile(file) {
      setPending(undefined);
      // Not even read: a huge file could stall the page.
      if (file.size > MAX_PROFILE_BYTES) return setState({ ...state, profileProblems: [TOO_LARGE], status: '' });
      void file.text().then((text) => {
        const result = parseChoirProfile(text);
        if (!result.ok) return setState({ ...state, profileProblems: result.problems, status: '' });
        // Nothing is kept or asked for until the member has seen the addresses and confirmed.
        setState((previous) => ({ ...previous, profileProblems: [], status: '' }));
        setPending(result.profile);
      });
    },
    confirmImport() {
      if (!pending) return;
      // Asked straight from the Confirm click, for the very addresses the member has just read.
      void requestAccess(profileOrigins(pending), !!pending.harmonySite)
        .then(async (granted) => {
          await saveChoirProfile(pending);
          await afterRequest(granted, t('profileImported'));
          setPending(undefined);
        })
        .catch(() => afterRequest(false, ''));
    },
    cancelImport() {
      setPending(undefined);
      setState({ ...state, status: t('profileImportCancelled') });
    },
    exportProfile() {
      const url = URL.createObjectURL(new Blob([exportProfileText(state.profile)], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: 'descant-profile.json' });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    saveAddresses(fields) {
      const result = withAddresses(state.profile, fields);
      if (!result.ok) return setState({ ...state, profileProblems: result.problems, status: '' });
      const request = requestAccess(profileOrigins(result.profile), !!result.profile.harmonySite);
      void request
        .then(async (granted) => {
          await saveChoirProfile(result.profile);
          await afterRequest(granted, t('optionsSaved'));
        })
        .catch(() => afterRequest(false, ''));
    },
    allowAccess() {
      void requestAccess(state.missingOrigins, !!state.profile.harmonySite)
        .then((granted) => afterRequest(granted, t('permissionsGranted')))
        .catch(() => afterRequest(false, ''));
    },
    saveManualMe(text) {
      const id = Number(text.trim());
      if (!/^\d{1,10}$/.test(text.trim()) || id <= 0) return setState({ ...state, status: t('meManualInvalid') });
      void meManual.setValue({ volunteerId: id, source: 'manual' }).then(() => reload(t('optionsSaved')));
    },
    clearManualMe() {
      void meManual.setValue(null).then(() => reload(t('optionsSaved')));
    },
    saveApiKey(key) {
      void threeRingsApiKey.setValue(key.trim()).then(() => reload(t('optionsSaved')));
    },
    removeApiKey() {
      void threeRingsApiKey.setValue('').then(() => reload(t('optionsSaved')));
    },
    signIn(username, password) {
      setState({ ...state, harmonySite: { ...state.harmonySite, signingIn: true }, status: '' });
      void sendMessage({ type: 'harmonySiteSignIn', username, password })
        .then(({ problem }) => reload(problem ? problemSentence(problem) : t('harmonySiteSignedIn')))
        .catch(() => reload(t('harmonySiteSignInFailed')));
    },
    signOut() {
      void harmonySiteApiToken.setValue(null).then(() => reload(t('harmonySiteSignedOut')));
    },
    link(x, y) {
      void peopleLinks.getValue().then((links) => peopleLinks.setValue(withDecision(links, x, y, true))).then(() => reload(t('optionsSaved')));
    },
    unlink(pairs) {
      void peopleLinks.getValue().then((links) => peopleLinks.setValue(withUnlinks(links, pairs))).then(() => reload(t('optionsSaved')));
    },
    forget(pairs) {
      void peopleLinks.getValue().then((links) => peopleLinks.setValue(withoutDecisions(links, pairs))).then(() => reload(t('optionsSaved')));
    },
    pairOnSong(address) {
      const parsed = parseDeviceAddress(address);
      if (!parsed) return setState({ ...state, status: t('onSongBadAddress') });
      if (!parsed.onLocalNetwork) return setState({ ...state, status: t('onSongNotLocal') });
      void requestAccess([parsed.permissionPattern], false)
        .then(async (granted) => {
          if (!granted) return reload(t('permissionsRefused'));
          await reload('');
          const outcome = await sendMessage({ type: 'onSongPair', address });
          await reload(pairingSentence(outcome));
        })
        .catch(() => afterRequest(false, ''));
    },
    checkOnSong() {
      void sendMessage({ type: 'onSongCheck' }).then(({ problem }) => reload(problem ? problemSentence(problem) : t('onSongCheckOk')));
    },
    unpairOnSong() {
      void sendMessage({ type: 'onSongUnpair' }).then(() => reload(t('onSongUnpaired')));
    },
    saveOnSongApiKey(key) {
      void (async () => {
        // The key goes only to the iPad it is given for: the one in use now.
        const origin = (await resolveOnSongDevice())?.origin ?? state.profile.onSong?.url;
        if (key && !origin) return reload(t('onSongApiKeyNeedsIPad'));
        await onSongApiKey.setValue(key && origin ? { origin, key } : null);
        await lastNowPlaying.setValue(null);
        await reload(t('optionsSaved'));
      })();
    },
    saveCiviCrm({ flavour, apiKey, siteKey }) {
      void (async () => {
        const origin = state.profile.civiCrm?.url;
        // New keys are for the CiviCRM named now, and go nowhere else; a key left blank stays.
        // Kept before the API choice, whose change starts a read.
        const newKeys = !!origin && !!(apiKey || siteKey);
        if (newKeys) {
          const kept = civiCrmKeysFor(await civiCrmKeys.getValue(), origin);
          await civiCrmKeys.setValue({ origin, apiKey: apiKey || kept?.apiKey || '', siteKey: siteKey || kept?.siteKey || '' });
        }
        await civiCrmSettings.setValue({ flavour });
        if (newKeys) readWithNewKeys();
        await reload(t('civiCrmSaved'));
      })();
    },
    removeCiviCrmKeys() {
      void (async () => {
        const { flavour } = await civiCrmSettings.getValue();
        await civiCrmKeys.setValue(null);
        // extern/rest.php cannot be reached without the keys: go back to finding the API.
        await civiCrmSettings.setValue({ flavour: flavour === 'legacy' ? 'auto' : flavour });
        readWithNewKeys();
        await reload(t('civiCrmSaved'));
      })();
    },
    switchFeature(id, on) {
      // Reminders need notifications: asked straight from the click, as Firefox forgets the
      // gesture once anything has been awaited.
      const needsAsking = id === 'reminders' && on && !heldPermissions.has('notifications');
      const allowed = needsAsking ? browser.permissions.request({ permissions: ['notifications'] }) : Promise.resolve(true);
      void allowed
        .then(async (granted) => {
          if (!granted) return reload(t('remindersRefused'));
          await featureSwitches.setValue({ ...(await featureSwitches.getValue()), [id]: on });
          await reload(t('optionsSaved'));
        })
        .catch(() => reload(t('remindersRefused')));
    },
    chooseReminderLead(lead) {
      showWhileSaving((shown) => ({ ...shown, features: { ...shown.features, reminderLead: lead } }), () => reminderSettings.setValue({ lead }));
    },
    resumeSite(origin) {
      void pausedSites
        .getValue()
        .then((sites) => pausedSites.setValue(sites.filter((site) => site !== origin)))
        .then(() => reload(t('optionsSaved')));
    },
    dismissForgotten() {
      void forgottenSecrets.setValue([]);
    },
    dismissKeptAside() {
      // The copies stay where they are: only the reports go.
      void keptAsideReports.setValue([]);
    },
    forgetEverything() {
      // The popup keeps a copy of what it last showed in this origin's localStorage too, and the
      // pages' badge answers are in storage.session.
      localStorage.clear();
      void Promise.all([browser.storage.local.clear(), browser.storage.session.clear(), forgetAllSecrets()]).then(() => reload(t('privacyForgotten')));
    },
  };

  return (
    <OptionsView
      state={state}
      actions={actions}
      addresses={addressFields(state.profile)}
      pendingImport={pending && { choir: pending.choir, addresses: profileAddresses(pending) }}
      key={JSON.stringify(state.profile)}
    />
  );
}

/** The CiviCRM section's state, and the contacts last read from the address the profile names now. */
async function readCiviCrm(): Promise<{ state: CiviCrmState; contacts: CiviContact[] }> {
  const [profile, cached, meta, status, settings, keys] = await Promise.all([
    choirProfile.getValue(),
    cachedCiviCrm.getValue(),
    cachedCiviCrm.getMeta(),
    civiCrmStatus.getValue(),
    civiCrmSettings.getValue(),
    civiCrmKeys.getValue(),
  ]);
  const origin = profile.civiCrm?.url;
  const data = cached?.data.origin === origin ? cached : null;
  const state: CiviCrmState = {
    origin,
    problem: status.problem,
    contactCount: data?.data.contacts.length,
    flavour: data?.data.flavour,
    unreadable: data?.data.unreadable ?? [],
    fetchedAt: data ? lastChecked(data, meta) : undefined,
    choice: settings.flavour,
    apiKeySet: !!origin && !!civiCrmKeysFor(keys, origin),
    siteKeySet: !!origin && !!civiCrmKeysFor(keys, origin)?.siteKey,
  };
  return { state, contacts: data?.data.contacts ?? [] };
}

function pairingSentence(outcome: PairOutcome): string {
  if ('origin' in outcome) return t('onSongPaired', [outcome.origin]);
  if ('badAddress' in outcome) return t('onSongBadAddress');
  if ('notLocal' in outcome) return t('onSongNotLocal');
  if ('allowTimedOut' in outcome) return t('onSongAllowTimedOut');
  return problemSentence(outcome.problem);
}

/** What the member would type for an iPad origin: its host, with the port when not 80. */
function hostOf(origin: string | undefined): string {
  if (!origin) return '';
  try {
    return new URL(origin).host;
  } catch {
    return '';
  }
}

// Watching starts before the first read, so a change while it is read is not missed.
const watching = watchFromNow((changed) => {
  const stops = [...watched.map((item) => item.watch(changed)), ...watchedChecks.map((item) => item.watchMeta(changed))];
  return () => stops.forEach((stop) => stop());
});
void readState().then((initial) => render(<Options initial={initial} watching={watching} />, document.getElementById('app')!));

