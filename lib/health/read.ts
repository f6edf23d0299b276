import type { Problem } from '../problems';
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
  type Cached,
  peopleIndexInputs,
  peopleLinks,
  threeRingsStatus,
} from '../store';
import type { HealthInput } from './findings';

export type HealthSystem = 'threeRings' | 'harmonySite' | 'civiCrm';

export interface SystemState {
  /** This system's data is there to compare. */
  read: boolean;
  readAt?: number;
  problem?: Problem;
  /** Where the member signs in to it. */
  url?: string;
}

export interface HealthSources {
  input: HealthInput;
  systems: Record<HealthSystem, SystemState>;
  /** CiviCRM is read, but this login may not read memberships. */
  civiCrmNoMemberships: boolean;
}

/**
 * What the data health page is built from: the caches the badges are built from, each only if
 * it came from the address the choir profile names now (an old site's people would mislead).
 */
export async function readHealthInput(now: number): Promise<HealthSources> {
  const [profile, directory, directoryMeta, shifts, harmonySite, harmonySiteMeta, civiCrm, civiCrmMeta, links, statuses] = await Promise.all([
    choirProfile.getValue(),
    cachedDirectory.getValue(),
    cachedDirectory.getMeta(),
    cachedShifts.getValue(),
    cachedHarmonySite.getValue(),
    cachedHarmonySite.getMeta(),
    cachedCiviCrm.getValue(),
    cachedCiviCrm.getMeta(),
    peopleLinks.getValue(),
    Promise.all([threeRingsStatus.getValue(), harmonySiteStatus.getValue(), civiCrmStatus.getValue()]),
  ]);
  const [threeRingsState, harmonySiteState, civiCrmState] = statuses;
  const harmonySiteUrl = profile.harmonySite?.url;
  const civiCrmUrl = profile.civiCrm?.url;
  const members = harmonySite && harmonySite.data.origin === harmonySiteUrl ? harmonySite : null;
  const contacts = civiCrm && civiCrm.data.origin === civiCrmUrl ? civiCrm : null;
  return {
    input: {
      volunteers: directory?.data ?? [],
      members: members?.data.members ?? [],
      contacts: contacts?.data.contacts ?? [],
      civiCrmUnreadable: contacts?.data.unreadable ?? [],
      links,
      shifts: shifts && { to: shifts.data.to, shifts: shifts.data.shifts },
      now,
      ...(harmonySiteUrl && { harmonySiteOrigin: harmonySiteUrl }),
      ...(civiCrmUrl && { civiCrmOrigin: civiCrmUrl }),
    },
    systems: {
      // Signed in, with the rota read: the directory follows once there is a site to compare it with.
      threeRings: { read: !!directory || !!shifts, ...readAt(directory, directoryMeta), ...problemOf(threeRingsState.problem), url: THREE_RINGS_ORIGIN },
      harmonySite: { read: !!members, ...readAt(members, harmonySiteMeta), ...(harmonySiteUrl && { ...problemOf(harmonySiteState.problem), url: harmonySiteUrl }) },
      civiCrm: { read: !!contacts, ...readAt(contacts, civiCrmMeta), ...(civiCrmUrl && { ...problemOf(civiCrmState.problem), url: civiCrmUrl }) },
    },
    civiCrmNoMemberships: !!contacts?.data.unreadable.includes('memberships'),
  };
}

/** Calls back whenever anything the page is built from changes; returns the way to stop. */
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
