import { ensureInstalled, FAKETIME } from './browsers';
import { type RunSetting, type StepResult, vitest } from './steps';

/**
 * Where date code breaks: both of London's clock changes (starting half a minute before, so the
 * run crosses the change), the last half hour of a year in London and in Auckland (where the new
 * year comes first), a leap day, and today in zones far from London either way.
 */
export const UNIT_SWEEP: readonly RunSetting[] = [
  { timeZone: 'Europe/London' },
  { timeZone: 'Pacific/Auckland' },
  { timeZone: 'America/Los_Angeles' },
  { timeZone: 'Europe/London', faketime: '2027-03-28 00:59:30 UTC' },
  { timeZone: 'Europe/London', faketime: '2027-10-31 00:59:30 UTC' },
  { timeZone: 'Europe/London', faketime: '2026-12-31 23:30:00' },
  { timeZone: 'Pacific/Auckland', faketime: '2026-12-31 23:30:00' },
  { timeZone: 'Europe/London', faketime: '2028-02-29 12:00:00' },
];

/** The end-to-end suite runs once under faketime, across the spring clock change (01:00 GMT). */
export const E2E_SETTING: RunSetting = { timeZone: 'Europe/London', faketime: '2027-03-28 00:58:00 UTC' };

export function settingName({ timeZone, faketime }: RunSetting): string {
  return `${faketime ?? 'today'}, ${timeZone ?? 'this machine\'s zone'}`;
}

/** The unit and simulator tests once per setting of UNIT_SWEEP, Debian's faketime installed first. */
export function runUnitSweep(results: StepResult[]): void {
  if (!ensureInstalled([FAKETIME], 'to run the tests on other dates')) {
    results.push({ name: 'unit, dates and zones', passed: 0, failed: 1, note: 'faketime missing' });
    return;
  }
  for (const setting of UNIT_SWEEP) vitest(results, `unit, ${settingName(setting)}`, 'test/unit/vitest.config.ts', { setting });
}
