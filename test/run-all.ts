/**
 * `npm test`: every check, in order, with one summary at the end. Type checking, unit tests, the
 * unit tests again on awkward dates and in other zones, both builds, the Firefox add-on linter,
 * then end-to-end tests in real Chromium and Firefox, and the store packages.
 */
import { ensureBrowsers } from './tools/browsers';
import { TEST_PROFILE } from './tools/build';
import { runUnitSweep } from './tools/date-sweep';
import { check, finish, type StepResult, vitest } from './tools/steps';

const results: StepResult[] = [];
check(results, 'typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
vitest(results, 'unit', 'test/unit/vitest.config.ts');
runUnitSweep(results);
const built = check(results, 'build', 'npm', ['run', 'build', '--silent'], { CHOIR_PROFILE: TEST_PROFILE });
// Warnings fail it too: the build has none (lib/build/strip-unsafe-library-code.ts removes the
// library code that had them), so any warning is new.
if (built) check(results, 'firefox add-on lint', 'npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv2', '--warnings-as-errors']);
if (built && ensureBrowsers()) vitest(results, 'e2e', 'test/e2e/vitest.config.ts', { splitByBrowser: true });
else results.push({ name: 'e2e', passed: 0, failed: 1, note: built ? 'browsers missing' : 'build failed' });
// Last, as it builds again without the test profile: the store zips, and the sources zip rebuilt on its own.
check(results, 'store packages', 'npm', ['run', 'zip', '--silent']);
finish(results);
