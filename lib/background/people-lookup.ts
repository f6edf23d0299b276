import type { PersonSummary, ShiftSummary } from '../model';
import { buildPeopleIndex, type PeopleIndex } from '../people/index';
import { cachedDirectory, cachedHarmonySite, cachedShifts, meFromPage, meManual, peopleLinks, resolveMe } from '../store';
import { isMine } from '../views/quick-view';
import { MINUTE } from '../time';

export type PageSite = 'threeRings' | 'harmonySite';

/**
 * Answers the badges' questions from cached data only: pages never wait on the network. The
 * people index is rebuilt when its inputs change, and each minute so "next shift" moves on.
 */
export class PeopleLookup {
  private built: { key: string; at: number; index: PeopleIndex } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  async people(site: PageSite, ids: number[]): Promise<Record<number, PersonSummary>> {
    const index = await this.index();
    const find = site === 'threeRings' ? index.forVolunteer : index.forMember;
    const found: Record<number, PersonSummary> = {};
    for (const id of ids) {
      const person = find(id);
      if (person) found[id] = person;
    }
    return found;
  }

  async shifts(ids: number[]): Promise<Record<number, ShiftSummary>> {
    const [cached, fromPage, manual] = await Promise.all([cachedShifts.getValue(), meFromPage.getValue(), meManual.getValue()]);
    const me = resolveMe(fromPage, manual);
    const wanted = new Set(ids);
    const found: Record<number, ShiftSummary> = {};
    for (const shift of cached?.data.shifts ?? []) {
      if (!wanted.has(shift.id)) continue;
      found[shift.id] = { id: shift.id, mine: isMine(shift, me), ...(shift.unfilledPlaces !== undefined && { unfilledPlaces: shift.unfilledPlaces }) };
    }
    return found;
  }

  private async index(): Promise<PeopleIndex> {
    const [directory, harmonySite, shifts, links] = await Promise.all([
      cachedDirectory.getValue(),
      cachedHarmonySite.getValue(),
      cachedShifts.getValue(),
      peopleLinks.getValue(),
    ]);
    const key = [directory?.fetchedAt, harmonySite?.fetchedAt, harmonySite?.data.origin, shifts?.fetchedAt, JSON.stringify(links)].join('|');
    const now = this.now();
    if (this.built?.key === key && now - this.built.at < MINUTE) return this.built.index;
    const index = buildPeopleIndex({
      volunteers: directory?.data ?? [],
      members: harmonySite?.data.members ?? [],
      links,
      shifts: shifts?.data.shifts ?? [],
      now,
      ...(harmonySite && { harmonySiteOrigin: harmonySite.data.origin }),
    });
    this.built = { key, at: now, index };
    return index;
  }
}
