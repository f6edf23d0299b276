import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { keptAsideKey, settle, withReport, type KeptAside } from '@/lib/stored-versions';

const links = z.array(z.object({ a: z.number(), b: z.number(), linked: z.boolean() }));

describe('settling a stored value', () => {
  it('uses a value of this version as it is, and says nothing needs writing', () => {
    expect(settle([{ a: 1, b: 2, linked: true }], 1, { schema: links })).toEqual({ usable: true, value: [{ a: 1, b: 2, linked: true }] });
  });

  it('runs each migration from the stored version up, in order, and says which version to write', () => {
    const spec = {
      version: 3,
      schema: links,
      migrations: {
        2: (pairs: [number, number][]) => pairs.map(([a, b]) => ({ a, b })),
        3: (pairs: { a: number; b: number }[]) => pairs.map((pair) => ({ ...pair, linked: true })),
      },
    };
    expect(settle([[1, 2]], 1, spec)).toEqual({ usable: true, value: [{ a: 1, b: 2, linked: true }], migrated: 3 });
    expect(settle([{ a: 1, b: 2 }], 2, spec)).toEqual({ usable: true, value: [{ a: 1, b: 2, linked: true }], migrated: 3 });
  });

  it('refuses a value a later Descant stored, a migration that throws and a shape that fails, each saying why', () => {
    expect(settle([], 2, {})).toEqual({ usable: false, reason: 'stored as version 2 by a later Descant; this one reads version 1' });
    const throwing = { version: 2, migrations: { 2: () => { throw new Error('no pairs'); } } };
    expect(settle([], 1, throwing)).toEqual({ usable: false, reason: 'could not be brought to version 2: no pairs' });
    const failed = settle([{ a: 1, b: 'two', linked: true }, { a: 1 }], 1, { schema: links });
    expect(failed.usable).toBe(false);
    expect(!failed.usable && failed.reason).toMatch(/^not of version 1's shape at 0\.b: .+ \(and 2 more\)$/);
  });
});

describe('values kept aside', () => {
  it('go beside their item in the same storage area, under a name no item has', () => {
    expect(keptAsideKey('local:people.links')).toBe('local:keptAside.people.links');
    expect(keptAsideKey('session:badges.threeRings')).toBe('session:keptAside.badges.threeRings');
    expect(keptAsideKey('onSong.device')).toBe('keptAside.onSong.device');
  });

  it('are reported once per item: a later report about the same item replaces the earlier', () => {
    const report = (key: string, at: number): KeptAside => ({ key, copyKey: keptAsideKey(key), storedVersion: 1, reason: 'r', at });
    const reports = withReport(withReport([report('local:a', 1)], report('local:b', 2)), report('local:a', 3));
    expect(reports.map(({ key, at }) => [key, at])).toEqual([['local:b', 2], ['local:a', 3]]);
  });
});
