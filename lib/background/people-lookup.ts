import type { BadgeData, PersonSummary, ShiftSummary } from '../model';
import { badgeFacts } from '../people/badge-facts';
import { buildPeopleIndex, joinPeople, type PeopleIndex, type PeopleIndexInput, type Person } from '../people/index';
import { findHealthProblems } from '../health/findings';
import { viewsOf, type FindingsPage, type FindingsView } from '../health/view';
import { healthInput, peopleIndexInput, readSystems, type HealthReport, type PeopleCaches } from '../health/report';
import { cachedCiviCrm, cachedDirectory, cachedHarmonySite, cachedShifts, meFromPage, meManual, peopleIndexInputs, peopleLinks, resolveMe, shiftBadgeInputs } from '../store';
import { isMine, isUpForSwap } from '../views/quick-view';
import { MINUTE } from '../time';
import type { PageSite } from '../features/registry';
import { MEASURES } from './measures';

interface SiteAnswer {
  badges: BadgeData;
  /** Everything each person's card shows, handed out one person at a time. */
  cards: Record<number, PersonSummary>;
}

/** The people index, with the caches it was built from, its input and their join (the data health page's findings start from these). */
interface Built {
  index: PeopleIndex;
  caches: PeopleCaches;
  input: PeopleIndexInput;
  people: Person[];
}

interface KeptFindings {
  at: number;
  built: Built;
  views: (view: FindingsView) => FindingsPage;
  /** Whether the rota had been read, for the page to know Three Rings is signed in to. */
  rotaRead: boolean;
}

/**
 * Answers the badges from cached data only: pages never wait on the network. A page asks once,
 * as it starts loading, for everything its site's badges show, so the answer must come before
 * the page has parsed far: the people index (the slow part, matching everyone) is kept until
 * its inputs change, and each site's answer for a minute, so "next shift" moves on. A card's
 * details are asked for one person at a time, when the member opens it. The data health page's
 * findings start from the same index.
 */
export class PeopleLookup {
  private index: Promise<Built> | undefined;
  private answers = new Map<PageSite, { at: number; data: Promise<SiteAnswer> }>();
  /** The data health page's findings, kept like a site's answer: until an input changes, or for a minute. */
  private findings: KeptFindings | undefined;

  constructor(private readonly now: () => number = Date.now) {
    for (const input of peopleIndexInputs) input.watch(() => this.forget(true));
    for (const input of shiftBadgeInputs) input.watch(() => this.forget(false));
    this.prepare();
  }

  /** Builds the index ahead of the next page, which would otherwise be parsed before its answer came. */
  private prepare(): void {
    void this.currentIndex().catch((error: unknown) => console.warn('[Descant] could not build the people index', error));
  }

  async badgeData(site: PageSite): Promise<BadgeData> {
    return (await this.siteAnswer(site)).badges;
  }

  /** The card of one person on `site`, or null for someone that site's badges do not show. */
  async card(site: PageSite, id: number): Promise<PersonSummary | null> {
    return (await this.siteAnswer(site)).cards[id] ?? null;
  }

  private siteAnswer(site: PageSite): Promise<SiteAnswer> {
    const now = this.now();
    const kept = this.answers.get(site);
    if (kept && now - kept.at < MINUTE) return kept.data;
    const data = this.answer(site, now);
    this.answers.set(site, { at: now, data });
    // A failed answer is not kept: the next page asks again.
    data.catch(() => this.answers.delete(site));
    return data;
  }

  /**
   * What the data health page shows of its findings (`view`), and where they come from. They
   * are worked out here, from the index's own inputs and join, and kept: the page, opened again
   * or filtered, need not read megabytes and match everyone, and is handed only what it draws.
   */
  async healthReport(view: FindingsView): Promise<HealthReport> {
    const start = performance.now();
    const now = this.now();
    const built = await this.currentIndex();
    const kept = this.findings?.built === built && now - this.findings.at < MINUTE ? this.findings : await this.findHealthProblems(built, now);
    const report = { ...kept.views(view), ...(await readSystems(built.caches, kept.rotaRead)) };
    performance.measure(MEASURES.healthReportAnswer, { start });
    return report;
  }

  /** The rota (a large item) is read only to work the findings out, not for each ask. */
  private async findHealthProblems(built: Built, now: number): Promise<KeptFindings> {
    const shifts = await cachedShifts.getValue();
    const start = performance.now();
    const findings = findHealthProblems(healthInput(built.input, built.caches, shifts, now), built.people);
    performance.measure(MEASURES.healthFindingsBuild, { start });
    this.findings = { at: now, built, views: viewsOf(findings), rotaRead: !!shifts };
    return this.findings;
  }

  private forget(peopleChanged: boolean): void {
    this.answers.clear();
    this.findings = undefined;
    if (!peopleChanged) return;
    this.index = undefined;
    this.prepare();
  }

  private async answer(site: PageSite, now: number): Promise<SiteAnswer> {
    const [{ index }, shifts, fromPage, manual] = await Promise.all([this.currentIndex(), cachedShifts.getValue(), meFromPage.getValue(), meManual.getValue()]);
    const rotaWindow = shifts?.data.shifts ?? [];
    const cards = index.everyoneOn(site, rotaWindow, now);
    const people = Object.fromEntries(Object.entries(cards).map(([id, person]) => [id, badgeFacts(person, site)]));
    const me = resolveMe(fromPage, manual);
    const worthABadge: Record<number, ShiftSummary> = {};
    // Rota shifts that are mine or short of people; others get no badge.
    if (site === 'threeRings') {
      for (const shift of rotaWindow) {
        const summary: ShiftSummary = {
          id: shift.id,
          mine: isMine(shift, me),
          ...(shift.unfilledPlaces !== undefined && { unfilledPlaces: shift.unfilledPlaces }),
          ...(isUpForSwap(shift) && { upForSwap: true }),
        };
        if (summary.mine || (summary.unfilledPlaces ?? 0) > 0 || summary.upForSwap) worthABadge[shift.id] = summary;
      }
    }
    return { badges: { people, shifts: worthABadge }, cards };
  }

  private currentIndex(): Promise<Built> {
    if (!this.index) {
      const index = this.buildIndex();
      this.index = index;
      index.catch(() => {
        if (this.index === index) this.index = undefined;
      });
    }
    return this.index;
  }

  private async buildIndex(): Promise<Built> {
    const readStart = performance.now();
    const [directory, harmonySite, civiCrm, links] = await Promise.all([cachedDirectory.getValue(), cachedHarmonySite.getValue(), cachedCiviCrm.getValue(), peopleLinks.getValue()]);
    const buildStart = performance.now();
    performance.measure(MEASURES.peopleIndexRead, { start: readStart, end: buildStart });
    const caches = { directory, harmonySite, civiCrm, links };
    const input = peopleIndexInput(caches);
    const people = joinPeople(input);
    const index = buildPeopleIndex(input, people);
    performance.measure(MEASURES.peopleIndexBuild, { start: buildStart });
    return { index, caches, input, people };
  }
}
