import type { z } from 'zod';

/*
 * How a stored value written by an earlier (or later) Descant is brought to the shape this one
 * reads. Each item has a version (1 unless its shape has changed since 0.1.0, which wrote none)
 * and, for each later version, a migration from the one before. A value that no migration can
 * bring to shape is never deleted: it is kept aside, reported, and the item starts afresh.
 */

/** Turns a value of the version before into one of this version. */
export type Migration = (previous: any) => unknown;

export interface VersionSpec {
  /** This build's version of the item's shape. */
  version?: number;
  /** For each version after the first, how to get there from the one before. */
  migrations?: Record<number, Migration>;
  /** What a value of this version must look like to be used. */
  schema?: z.ZodType;
}

/** A value set aside because this build could not read it. */
export interface KeptAside {
  /** The item it was read from, with its storage area ("local:people.links"). */
  key: string;
  /** Where the value now is. */
  copyKey: string;
  /** The version it was stored as. */
  storedVersion: number;
  /** Why it could not be read, for the log and for whoever looks into it. */
  reason: string;
  at: number;
}

/** What reading a stored value came to. */
export type Settled<T> =
  /** Usable: as stored, or migrated (then `migrated` is the version it must now be stored as). */
  | { usable: true; value: T; migrated?: number }
  | { usable: false; reason: string };

/** Brings a stored value of `storedVersion` to this build's version and checks its shape. */
export function settle<T>(value: unknown, storedVersion: number, spec: VersionSpec): Settled<T> {
  const version = spec.version ?? 1;
  if (storedVersion > version) {
    return { usable: false, reason: `stored as version ${storedVersion} by a later Descant; this one reads version ${version}` };
  }
  let current = value;
  for (let next = storedVersion + 1; next <= version; next++) {
    const migration = spec.migrations?.[next];
    try {
      if (migration) current = migration(current);
    } catch (error) {
      return { usable: false, reason: `could not be brought to version ${next}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const checked = spec.schema?.safeParse(current);
  if (checked && !checked.success) return { usable: false, reason: describeIssues(checked.error, version) };
  return storedVersion === version ? { usable: true, value: current as T } : { usable: true, value: current as T, migrated: version };
}

/** The first of zod's complaints, with the path that failed ("at links.0.a.source: …"). */
function describeIssues(error: z.ZodError, version: number): string {
  const [first] = error.issues;
  const path = first?.path.length ? first.path.join('.') : '(the whole value)';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `not of version ${version}'s shape at ${path}: ${first?.message ?? 'invalid'}${more}`;
}

/** Where a key's value is kept aside: in the same place, under a name no item uses. */
export function keptAsideKey(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? `keptAside.${key}` : `${key.slice(0, colon)}:keptAside.${key.slice(colon + 1)}`;
}

/** Logged once, as the value is set aside: the next read finds the fresh value instead. */
export function logKeptAside(kept: KeptAside): void {
  console.warn(`Descant: could not read the stored ${kept.key} (version ${kept.storedVersion}), ${kept.reason}; it is kept as ${kept.copyKey} and ${kept.key} starts afresh.`);
}

/** The reports to keep: this one replaces an earlier one about the same item. */
export function withReport(reports: KeptAside[], kept: KeptAside): KeptAside[] {
  return [...reports.filter((report) => report.key !== kept.key), kept];
}

