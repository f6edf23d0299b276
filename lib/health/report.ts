import type { Problem } from '../problems';
import type { Volunteer } from '../model';
import type { ManualLink } from '../people/match';
import type { PeopleIndexInput } from '../people/index';
import { THREE_RINGS_ORIGIN } from '../three-rings/origin';
import {
  cachedCiviCrm,
  cachedDirectory,
  cachedHarmonySite,
  cachedShifts,
  choirProfile,
  civiCrmStatus,
  harmonySiteStatus,
  lastChecked,
  peopleIndexInputs,
  threeRingsStatus,
  type Cached,
  type CiviCrmData,
  type HarmonySiteData,
  type ShiftWindow,
} from '../store';
import type { HealthInput } from './findings';
import type { FindingsPage } from './view';

export type HealthSystem = 'threeRings' | 'harmonySite' | 'civiCrm';

export interface SystemState {
  /** This system's data is there to compare. */
  read: boolean;
  readAt?: number;
  problem?: Problem;
  /** Where the member signs in to it. */
  url?: string;
}

/** What the data health page shows, as the background answers it (`healthReport`): one view of the findings, and where they come from. */
export interface HealthReport extends FindingsPage {
  systems: Record<HealthSystem, SystemState>;
  /** CiviCRM is read, but this login may not read memberships. */
  civiCrmNoMemberships: boolean;
}

/** The caches the people index is built from, as the background read them for it. */
export interface PeopleCaches {
  directory: Cached<Volunteer[]> | null;
  harmonySite: Cached<HarmonySiteData> | null;
  civiCrm: Cached<CiviCrmData> | null;
  links: ManualLink[];
}

/** The people index's input, as the caches hold it. */
export function peopleIndexInput({ directory, harmonySite, civiCrm, links }: PeopleCaches): PeopleIndexInput {
  return {
    volunteers: directory?.data ?? [],
    members: harmonySite?.data.members ?? [],
    contacts: civiCrm?.data.contacts ?? [],
    links,
    ...(harmonySite && { harmonySiteOrigin: harmonySite.data.origin }),
    ...(civiCrm && { civiCrmOrigin: civiCrm.data.origin }),
  };
}

/** The findings' input: the people the badges are built from, with the rota kept now. */
export function healthInput(people: PeopleIndexInput, { civiCrm }: PeopleCaches, shifts: Cached<ShiftWindow> | null, now: number): HealthInput {
  return { ...people, civiCrmUnreadable: civiCrm?.data.unreadable ?? [], shifts: shifts && { to: shifts.data.to, shifts: shifts.data.shifts }, now };
}

/**
 * Which systems are read, when, and what went wrong with each: the small items, read each time.
 * A cache from an address the choir profile no longer names does not count as read.
 */
export async function readSystems({ directory, harmonySite, civiCrm }: PeopleCaches, rotaRead: boolean): Promise<Pick<HealthReport, 'systems' | 'civiCrmNoMemberships'>> {
  const [profile, directoryMeta, harmonySiteMeta, civiCrmMeta, threeRingsState, harmonySiteState, civiCrmState] = await Promise.all([
    choirProfile.getValue(),
    cachedDirectory.getMeta(),
    cachedHarmonySite.getMeta(),
    cachedCiviCrm.getMeta(),
    threeRingsStatus.getValue(),
    harmonySiteStatus.getValue(),
    civiCrmStatus.getValue(),
  ]);
  const harmonySiteUrl = profile.harmonySite?.url;
  const civiCrmUrl = profile.civiCrm?.url;
  const members = harmonySite?.data.origin === harmonySiteUrl ? harmonySite : null;
  const contacts = civiCrm?.data.origin === civiCrmUrl ? civiCrm : null;
  return {
    systems: {
      // Signed in, with the rota read: the directory follows once there is a site to compare it with.
      threeRings: { read: !!directory || rotaRead, ...readAt(directory, directoryMeta), ...problemOf(threeRingsState.problem), url: THREE_RINGS_ORIGIN },
      harmonySite: { read: !!members, ...readAt(members, harmonySiteMeta), ...(harmonySiteUrl && { ...problemOf(harmonySiteState.problem), url: harmonySiteUrl }) },
      civiCrm: { read: !!contacts, ...readAt(contacts, civiCrmMeta), ...(civiCrmUrl && { ...problemOf(civiCrmState.problem), url: civiCrmUrl }) },
    },
    civiCrmNoMemberships: !!contacts?.data.unreadable.includes('memberships'),
  };
}

/** Calls back whenever anything the page shows may have changed; returns the way to stop. */
export function watchHealthInput(callback: () => void): () => void {
  const items = [...peopleIndexInputs, cachedShifts, choirProfile, threeRingsStatus, harmonySiteStatus, civiCrmStatus];
  const metas = [cachedDirectory, cachedHarmonySite, cachedCiviCrm];
  const stops = [...items.map((item) => item.watch(callback)), ...metas.map((item) => item.watchMeta(callback))];
  return () => stops.forEach((stop) => stop());
}

function readAt(cached: Cached<unknown> | null, meta: { checkedAt?: number | null }): { readAt?: number } {
  return cached ? { readAt: lastChecked(cached, meta) } : {};
}

function problemOf(problem: Problem | undefined): { problem?: Problem } {
  return problem ? { problem } : {};
}
