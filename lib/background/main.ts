import browser from 'webextension-polyfill';
import { z } from 'zod';
import type { Runtime } from 'webextension-polyfill';
import { FOLLOW_PORT, type Message, type PageSignal, type Replies } from '../messages';
import { isAllowedSender, messageSchema } from './message-schema';
import { Backoff, backoffStoreIn } from '../net/backoff';
import { RateLimiter } from '../net/rate-limiter';
import type { Problem } from '../problems';
import {
  cachedShifts,
  choirProfile,
  civiCrmSettings,
  featureSwitches,
  meFromPage,
  meManual,
  onSongDevice,
  pausedSites,
  reminderSettings,
  threeRingsApiKey,
  threeRingsBackoff,
  threeRingsRequestLog,
  upgradeStoredItems,
  watchBadgeInputs,
} from '../store';
import { ThreeRingsClient } from '../three-rings/client';
import { updateBadge } from './badge';
import { tellSitePages } from './site-pages';
import type { PageSite } from '../features/registry';
import { THREE_RINGS_ORIGIN } from '../three-rings/origin';
import { keepStorageFromContentScripts, openBadgeAnswersToContentScripts } from './storage-access';
import { badgeDataSince, forgetBadgeAnswers, publishBadgeAnswers, siteFeatures } from './badge-answers';
import { forgetSecretsOfOldAddresses } from '../secrets';
import { dropUnusedPermissions } from './permissions';
import { syncHarmonySiteScript } from './content-scripts';
import { CiviCrmRefresher } from './civicrm-refresh';
import { HarmonySiteRefresher } from './harmonysite-refresh';
import { checkPairing, followNowPlaying, pairWithDevice, unpairDevice } from './onsong';
import { PeopleLookup } from './people-lookup';
import { fireReminder, isReminderAlarm, listenToReminderClicks, syncReminders } from './reminders';
import { ThreeRingsRefresher } from './three-rings-refresh';
import { descantUserAgent, identifyToThreeRings } from './user-agent';

const REFRESH_ALARM = 'threeRings.refresh';
const RETRY_ALARM = 'threeRings.retry';
const REFRESH_EVERY_MINUTES = 15;
/** Cache writes come in bursts: the kept badge answers are worked out this long after the last. */
const PUBLISH_DELAY_MS = 500;
/** Three Rings' terms: no more than 30 requests in any 60 seconds. */
const THREE_RINGS_LIMIT = { limit: 30, windowMs: 60_000 };
/** A member waiting on the popup may wait this long for a rate-limit slot; alarms never wait. */
const POPUP_MAX_QUEUE_MS = 5_000;

export function startBackground(): void {
  // Extension pages forbid eval; without this zod probes for it and logs a CSP violation.
  z.config({ jitless: true });
  const userAgent = descantUserAgent();
  const limiter = new RateLimiter({
    service: 'threeRings',
    ...THREE_RINGS_LIMIT,
    maxRequestMs: 30_000,
    store: { load: () => threeRingsRequestLog.getValue(), save: (entries) => threeRingsRequestLog.setValue(entries) },
  });
  const backoff = new Backoff('threeRings', backoffStoreIn(threeRingsBackoff));
  const client = new ThreeRingsClient({
    limiter,
    backoff,
    userAgent,
    apiKey: async () => (await threeRingsApiKey.getValue()) || undefined,
  });
  const harmonySite = new HarmonySiteRefresher(userAgent);
  const civiCrm = new CiviCrmRefresher();
  // The directory matches volunteers to members, so it is only fetched once there is a member list.
  const refresher = new ThreeRingsRefresher(client, async () => !!(await harmonySite.origin()) || !!(await civiCrm.origin()));
  /** The choir's own sites, refreshed together. */
  const refreshChoirSites = (options: { force?: boolean } = {}) => Promise.all([harmonySite.refresh(options), civiCrm.refresh(options)]);
  const people = new PeopleLookup();

  const afterRefresh = async (problem: Problem | undefined) => {
    const retryAt = problem && 'retryAt' in problem ? problem.retryAt : undefined;
    if (retryAt) await browser.alarms.create(RETRY_ALARM, { when: retryAt + 1_000 });
  };

  // After an update, what the earlier version stored is brought to this one's shapes at once.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'update') void upgradeStoredItems().catch((error: unknown) => console.warn('[Descant] could not bring the stored data up to date', error));
  });

  browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) {
      console.warn('[Descant] refused a malformed message', parsed.error.issues.map((issue) => issue.path.map(String).join('.') || '(root)'));
      return undefined;
    }
    return checkSender(parsed.data, sender);
  });

  async function checkSender(message: Message, sender: Runtime.MessageSender) {
    const context = { extensionId: browser.runtime.id, extensionRoot: browser.runtime.getURL('/'), harmonySiteOrigin: await harmonySite.origin() };
    if (!isAllowedSender(message, sender, context)) {
      console.warn(`[Descant] refused "${message.type}" from ${sender.url ?? 'an unknown sender'}`);
      return undefined;
    }
    return handle(message);
  }

  /** Behind the scenes: each refresher sends nothing while its cache is fresh. */
  const refreshBehind = () => {
    void refresher.refresh().then((outcome) => afterRefresh(outcome.problem));
    void refreshChoirSites();
  };

  const originOfSite = (site: PageSite) => (site === 'threeRings' ? Promise.resolve(THREE_RINGS_ORIGIN) : harmonySite.origin());

  async function handle(message: Message): Promise<Replies[Message['type']]> {
    switch (message.type) {
      case 'refresh': {
        void refreshChoirSites({ force: message.force });
        const outcome = await refresher.refresh({ force: message.force, maxQueueMs: POPUP_MAX_QUEUE_MS });
        await afterRefresh(outcome.problem);
        return outcome;
      }
      case 'pageFeatures': {
        const features = await siteFeatures(message.site, await originOfSite(message.site));
        if (features.features.length === 0) return features;
        const data = await people.badgeData(message.site);
        setTimeout(refreshBehind, 1_000);
        return { ...features, data };
      }
      case 'personCard':
        return people.card(message.site, message.id);
      case 'healthReport':
        return people.healthReport(message.view);
      case 'badgeData': {
        const data = await people.badgeData(message.site);
        // Once the page has its answer: it is being parsed meanwhile, and every moment counts.
        setTimeout(refreshBehind, 1_000);
        return data;
      }
      case 'badgeDataSince': {
        setTimeout(refreshBehind, 1_000);
        const data = await badgeDataSince(people, message.site, message.keptAt);
        // Out of date (a next shift has begun since, say): the next page should not find it so.
        if (data) publishAnswers(0);
        return data;
      }
      case 'onSongPair':
        return pairWithDevice(message.address);
      case 'onSongUnpair':
        await unpairDevice();
        return { done: true };
      case 'onSongCheck': {
        const problem = await checkPairing();
        return problem ? { problem } : {};
      }
      case 'harmonySiteSignIn': {
        const problem = await harmonySite.signIn(message.username, message.password);
        return problem ? { problem } : {};
      }
      case 'signedInAs': {
        const current = await meFromPage.getValue();
        if (current?.volunteerId !== message.volunteerId || current.name !== message.name) {
          await meFromPage.setValue({ volunteerId: message.volunteerId, name: message.name, source: 'page' });
        }
        return { accepted: true };
      }
    }
  }

  // Reminders come from the cache alone: nothing is fetched when one fires.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (isReminderAlarm(alarm.name)) void fireReminder(alarm.name).catch((error: unknown) => console.warn('[Descant] could not show a shift reminder', error));
  });
  listenToReminderClicks();

  browser.alarms.onAlarm.addListener(async (alarm) => {
    if (alarm.name !== REFRESH_ALARM && alarm.name !== RETRY_ALARM) return;
    const outcome = await refresher.refresh();
    await afterRefresh(outcome.problem);
    await refreshChoirSites();
    await updateBadge();
    // "Next shift" moves on with the clock, not only with the data.
    publishAnswers();
  });

  // The popup's live view of the iPad: polling lasts exactly as long as this port is open.
  browser.runtime.onConnect.addListener((port) => {
    const fromOurPage = port.sender?.id === browser.runtime.id && (port.sender.url ?? '').startsWith(browser.runtime.getURL('/'));
    if (port.name === FOLLOW_PORT && fromOurPage) followNowPlaying(port);
    else port.disconnect();
  });

  /** A changed address: its secrets are forgotten and its permissions given back. */
  const letGoOfOldAddresses = () => Promise.all([forgetSecretsOfOldAddresses(), dropUnusedPermissions()]).then(
    () => undefined,
    (error: unknown) => console.warn('[Descant] could not forget the secrets and permissions of an old address', error),
  );

  // The HarmonySite badges follow the address in use and the permission to reach it.
  const syncScripts = async () => {
    await syncHarmonySiteScript(await harmonySite.origin()).catch((error) => console.warn('[Descant] could not register the HarmonySite badges', error));
  };
  // A new address: what was given for the old one is forgotten before anything is sent.
  choirProfile.watch(() => void letGoOfOldAddresses().then(syncScripts).then(() => refreshChoirSites({ force: true })));
  onSongDevice.watch(() => void letGoOfOldAddresses());
  // A new API choice reads again; new keys come with a refresh Settings asks for itself, as the
  // secret store cannot wake the worker.
  civiCrmSettings.watch(() => void civiCrm.refresh({ force: true }));
  // A permission granted or taken back: the HarmonySite badges and the reminders follow.
  browser.permissions.onAdded.addListener(() => {
    void syncScripts().then(() => refreshChoirSites({ force: true }));
    listenToReminderClicks();
    void syncReminders();
  });
  browser.permissions.onRemoved.addListener(() => {
    void syncScripts();
    void syncReminders();
  });

  // Open pages redraw their badges when what they show changes, and start or stop features as they are switched.
  const tellPages = (signal: PageSignal) => () =>
    void harmonySite.origin().then((origin) => tellSitePages(signal, origin)).catch((error: unknown) => console.warn(`[Descant] could not tell the pages "${signal}"`, error));

  // Each site's badge answer, kept for pages opened while the background is stopped. Changes
  // come in bursts (one refresh writes several caches): it is worked out once after them.
  let publishTimer: ReturnType<typeof setTimeout> | undefined;
  const publishAnswers = (delayMs = PUBLISH_DELAY_MS) => {
    clearTimeout(publishTimer);
    publishTimer = setTimeout(
      () => void harmonySite.origin().then((origin) => publishBadgeAnswers(people, origin)).catch((error: unknown) => console.warn('[Descant] could not keep the badge answers', error)),
      delayMs,
    );
  };
  const answersOutOfDate = () => {
    void forgetBadgeAnswers().catch((error: unknown) => console.warn('[Descant] could not drop the kept badge answers', error));
    publishAnswers();
  };
  const tellPagesOfNewData = tellPages('badgeDataChanged');
  watchBadgeInputs(() => {
    tellPagesOfNewData();
    answersOutOfDate();
  });
  choirProfile.watch(answersOutOfDate);
  // A switch is one write, and the next page should already keep to it.
  const tellPagesOfSwitches = tellPages('featuresChanged');
  for (const item of [featureSwitches, pausedSites]) {
    item.watch(() => {
      publishAnswers(0);
      tellPagesOfSwitches();
    });
  }

  // The toolbar count follows the data, who I am and its switch, whoever changed them.
  for (const item of [cachedShifts, meFromPage, meManual, featureSwitches]) item.watch(() => void updateBadge());
  // A refresh, a new "me", a new lead or the switch moves, adds and drops reminders.
  for (const item of [cachedShifts, meFromPage, meManual, reminderSettings, featureSwitches]) item.watch(() => void syncReminders());

  void keepStorageFromContentScripts().catch((error: unknown) => console.warn('[Descant] could not keep storage from content scripts', error));
  void openBadgeAnswersToContentScripts().catch((error: unknown) => console.warn('[Descant] could not open the badge answers to content scripts', error));

  void (async () => {
    // Not the permissions: at start-up, one may have just been granted for an address Settings
    // is about to save. They are given back when the addresses change.
    await forgetSecretsOfOldAddresses().catch((error: unknown) => console.warn('[Descant] could not forget the secrets of an old address', error));
    await identifyToThreeRings(userAgent).catch((error) => console.warn('[Descant] could not set User-Agent rule', error));
    if (!(await browser.alarms.get(REFRESH_ALARM))) {
      await browser.alarms.create(REFRESH_ALARM, { periodInMinutes: REFRESH_EVERY_MINUTES, delayInMinutes: 1 });
    }
    await syncScripts();
    await updateBadge();
    publishAnswers();
    // Alarms may not outlive a browser restart (nor, in Firefox, a reload): set again each start.
    await syncReminders();
  })();
}
