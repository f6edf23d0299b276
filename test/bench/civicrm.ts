/**
 * The CiviCRM benchmark, in real Chromium against the three simulated sites with the member
 * signed in to each: how long a full read of the CiviCRM takes through each API flavour (chosen,
 * and found automatically), against one request for every contact made from an extension page in
 * the same run; how many requests a read costs; and how well contacts are joined to volunteers
 * and members, against the simulator's truth.
 */
import { startThreeRingsSimulator } from '../simulators/three-rings/server';
import { HARMONYSITE_DEMO_PASSWORD, HARMONYSITE_DEMO_USERNAME, startHarmonySiteSimulator } from '../simulators/harmonysite/server';
import { CIVICRM_DEMO_PASSWORD, CIVICRM_DEMO_USERNAME, CIVICRM_SITE_KEY, DEMO_API_KEY, startCiviCrmSimulator, type CiviCrmSim } from '../simulators/civicrm/server';
import { launchExtensionBrowser, type ExtensionApi, type ExtensionBrowser, type TestPage } from '../e2e/harness';
import { readStorage, refreshAndWait, writeSecrets } from '../e2e/harness/extension-state';
import { signInToThreeRings } from '../tools/three-rings-session';
import { HARMONYSITE_HOST, signInToHarmonySite } from '../tools/harmonysite-session';
import { CIVICRM_HOST, CIVICRM_ORIGIN, signInToCiviCrm } from '../tools/civicrm-session';
import { buildPeopleIndex } from '@/lib/people/index';
import type { Cached, CiviCrmData, CiviCrmSettings, HarmonySiteData } from '@/lib/store';
import type { PersonSummary, Volunteer } from '@/lib/model';
import { median } from './stats';

const ROUNDS = 7;

export interface FlavourResult {
  flavour: CiviCrmData['flavour'];
  chosenMs: number;
  autoMs: number;
  requestsChosen: number;
  requestsAuto: number;
  contacts: number;
}

export interface JoinQuality {
  pairs: number;
  links: number;
  precision: number;
  recall: number;
}

export interface CiviCrmBenchmark {
  baselineMs: number;
  flavours: FlavourResult[];
  volunteers: JoinQuality;
  members: JoinQuality;
}

const SITES: { flavour: CiviCrmData['flavour']; open: Parameters<CiviCrmSim['setFlavours']>[0]; keys: { apiKey: string; siteKey: string } }[] = [
  { flavour: 'api4', open: { api4: true, api3: true, legacy: true }, keys: { apiKey: '', siteKey: '' } },
  { flavour: 'api3', open: { api4: false, api3: true, legacy: true }, keys: { apiKey: '', siteKey: '' } },
  { flavour: 'legacy', open: { api4: false, api3: false, legacy: true }, keys: { apiKey: DEMO_API_KEY, siteKey: CIVICRM_SITE_KEY } },
];

export async function runCiviCrmBenchmark(): Promise<CiviCrmBenchmark> {
  const threeRings = await startThreeRingsSimulator();
  const harmonySite = await startHarmonySiteSimulator({ volunteers: threeRings.data.volunteers });
  const civiCrm = await startCiviCrmSimulator({ volunteers: threeRings.data.volunteers, members: harmonySite.data });
  const browser = await launchExtensionBrowser('chromium', {
    hostMap: { 'www.3r.org.uk': threeRings.port, [HARMONYSITE_HOST]: harmonySite.port, [CIVICRM_HOST]: civiCrm.port },
  });
  try {
    await signInToThreeRings(browser);
    await signInToHarmonySite(browser, HARMONYSITE_DEMO_USERNAME, HARMONYSITE_DEMO_PASSWORD);
    await signInToCiviCrm(browser, CIVICRM_DEMO_USERNAME, CIVICRM_DEMO_PASSWORD);
    await refreshAndWait(browser, ['threeRings.directory', 'harmonySite.data', 'civiCrm.data']);

    const page = await browser.openExtensionPage('options.html');
    const baseline: number[] = [];
    const flavours: FlavourResult[] = [];
    for (const site of SITES) {
      civiCrm.setFlavours(SITES[0]!.open);
      await useKeys(browser, site.keys);
      const chosen: number[] = [];
      const auto: number[] = [];
      let requestsChosen = 0;
      let requestsAuto = 0;
      let contacts = 0;
      for (let round = 0; round < ROUNDS; round++) {
        civiCrm.setFlavours(SITES[0]!.open);
        baseline.push(await oneRequestForEveryContact(page));
        civiCrm.setFlavours(site.open);
        // Alternating the setting makes each round a change, which is what starts a read.
        civiCrm.reset();
        const read = await readAfterSettings(page, { flavour: site.flavour }, site.flavour);
        chosen.push(read.ms);
        requestsChosen = civiCrm.requests().length;
        contacts = read.contacts;
        civiCrm.reset();
        auto.push((await readAfterSettings(page, { flavour: 'auto' }, site.flavour)).ms);
        requestsAuto = civiCrm.requests().length;
      }
      flavours.push({ flavour: site.flavour, chosenMs: median(chosen), autoMs: median(auto), requestsChosen, requestsAuto, contacts });
    }
    civiCrm.setFlavours(SITES[0]!.open);
    await useKeys(browser, { apiKey: '', siteKey: '' });
    await readAfterSettings(page, { flavour: 'api4' }, 'api4');
    await page.close();
    const index = buildPeopleIndex({
      volunteers: (await readStorage<Cached<Volunteer[]>>(browser, 'threeRings.directory')).data,
      members: (await readStorage<Cached<HarmonySiteData>>(browser, 'harmonySite.data')).data.members,
      contacts: (await readStorage<Cached<CiviCrmData>>(browser, 'civiCrm.data')).data.contacts,
      links: [],
      civiCrmOrigin: CIVICRM_ORIGIN,
    });
    const truth = civiCrm.data.truth;
    return {
      baselineMs: median(baseline),
      flavours,
      volunteers: joinQuality(index.everyoneOn('threeRings', [], Date.now()), truth.flatMap((entry) => (entry.volunteerId === undefined ? [] : [[entry.volunteerId, entry.contactId] as const]))),
      members: joinQuality(index.everyoneOn('harmonySite', [], Date.now()), truth.flatMap((entry) => (entry.memberId === undefined ? [] : [[entry.memberId, entry.contactId] as const]))),
    };
  } finally {
    await browser.close();
    await threeRings.close();
    await harmonySite.close();
    await civiCrm.close();
  }
}

/** The least a read can cost: every live individual's name and email in one APIv4 request. */
function oneRequestForEveryContact(page: TestPage): Promise<number> {
  return page.evaluate(async (origin) => {
    const params = { select: ['display_name', 'email_primary.email'], where: [['contact_type', '=', 'Individual'], ['is_deleted', '=', false]], limit: 0 };
    const started = performance.now();
    const response = await fetch(`${origin}/civicrm/ajax/api4/Contact/get?params=${encodeURIComponent(JSON.stringify(params))}`, {
      credentials: 'include',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    const body = (await response.json()) as { values?: unknown[] };
    if (!body.values?.length) throw new Error(`the baseline read no contacts (HTTP ${response.status})`);
    return performance.now() - started;
  }, CIVICRM_ORIGIN);
}

/**
 * Sets (or, blank, removes) the CiviCRM keys as Settings does: the secret store's changes wake
 * nothing, so Settings then asks for the read itself. Waits until that read is kept.
 */
async function useKeys(browser: ExtensionBrowser, keys: { apiKey: string; siteKey: string }): Promise<void> {
  await writeSecrets(browser, { 'civiCrm.keys': keys.apiKey ? { origin: CIVICRM_ORIGIN, ...keys } : null });
  await refreshAndWait(browser, ['civiCrm.data']);
}

/**
 * Saves CiviCRM settings as Settings does and times until the read they start is kept: new data,
 * or (the same data again) only when it was checked, in the cache's metadata.
 */
async function readAfterSettings(page: TestPage, settings: CiviCrmSettings, expected: CiviCrmData['flavour']): Promise<{ ms: number; contacts: number }> {
  const read = await page.evaluate(async (wanted) => {
    const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
    // Inline and unnamed: tsx would wrap a named function in a helper the page does not have.
    const kept = new Promise<void>((resolve, reject) => {
      setTimeout(() => reject(new Error('no CiviCRM read was kept within 30 s')), 30_000);
      api.storage.onChanged.addListener((changes: Record<string, { newValue?: unknown }>) => {
        if (changes['civiCrm.data']?.newValue || changes['civiCrm.data$']?.newValue) resolve();
      });
    });
    const started = performance.now();
    await api.storage.local.set({ 'settings.civiCrm': wanted });
    await kept;
    const ms = performance.now() - started;
    const cached = (await api.storage.local.get('civiCrm.data'))['civiCrm.data'] as Cached<CiviCrmData>;
    return { ms, flavour: cached.data.flavour, contacts: cached.data.contacts.length };
  }, settings);
  if (read.flavour !== expected) throw new Error(`read through ${read.flavour}, not ${expected}`);
  return read;
}

/** Precision: of the contacts linked to someone on this site, how many are theirs. Recall: of the true pairs, how many are linked. */
function joinQuality(onSite: Record<number, PersonSummary>, pairs: (readonly [number, number])[]): JoinQuality {
  const truth = new Map(pairs);
  const links = Object.entries(onSite).flatMap(([id, person]) => {
    const contactId = person.links.civiCrm && Number(new URL(person.links.civiCrm).searchParams.get('cid'));
    return contactId ? [[Number(id), contactId] as const] : [];
  });
  const correct = links.filter(([id, contactId]) => truth.get(id) === contactId).length;
  return { pairs: pairs.length, links: links.length, precision: links.length ? correct / links.length : 1, recall: pairs.length ? correct / pairs.length : 1 };
}
