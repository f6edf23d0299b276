/**
 * `npm run test:dates`: the unit and simulator tests on the dates and in the zones where date
 * code breaks (test/tools/date-sweep.ts), then both builds and the whole end-to-end suite in
 * real Chromium and Firefox under faketime across London's spring clock change.
 * `npm run test:dates -- --unit` runs the first part only, as `npm test` does.
 */
import { ensureBrowsers } from './tools/browsers';
import { E2E_SETTING, runUnitSweep, settingName } from './tools/date-sweep';
import { check, finish, type StepResult, vitest } from './tools/steps';
import { TEST_PROFILE } from './tools/build';

const results: StepResult[] = [];
runUnitSweep(results);
if (!process.argv.includes('--unit')) {
  const built = check(results, 'build', 'npm', ['run', 'build', '--silent'], { CHOIR_PROFILE: TEST_PROFILE });
  if (built && ensureBrowsers()) vitest(results, `e2e, ${settingName(E2E_SETTING)}`, 'test/e2e/vitest.config.ts', { splitByBrowser: true, setting: E2E_SETTING });
  else results.push({ name: 'e2e', passed: 0, failed: 1, note: built ? 'browsers missing' : 'build failed' });
}
finish(results);
