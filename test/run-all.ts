/**
 * `npm test`: every check, in order, with one summary at the end. Type checking, unit tests,
 * both builds, the Firefox add-on linter, then end-to-end tests in real Chromium and Firefox.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { ensureBrowsers } from './tools/browsers';

interface StepResult {
  name: string;
  passed: number;
  failed: number;
  note?: string;
}

const RESULTS_DIR = 'test-results';
mkdirSync(RESULTS_DIR, { recursive: true });
const results: StepResult[] = [];

function run(command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n▶ ${command} ${args.join(' ')}`);
  const child = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  return child.status === 0;
}

function check(name: string, command: string, args: string[], env?: Record<string, string>): boolean {
  const ok = run(command, args, env);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  return ok;
}

/** Runs vitest with a JSON report and counts its tests, split by the browser named in their titles. */
function vitest(name: string, config: string, splitByBrowser = false): void {
  const report = `${RESULTS_DIR}/${name}.json`;
  const ok = run('npx', ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    DESCANT_SKIP_BUILD: '1',
  });
  let tests: { ancestorTitles: string[]; status: string }[] = [];
  try {
    const json = JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: typeof tests }[] };
    tests = json.testResults.flatMap((file) => file.assertionResults);
  } catch {
    results.push({ name, passed: 0, failed: 1, note: 'no report: the run did not finish' });
    return;
  }
  const groups = splitByBrowser ? ['chromium', 'firefox'] : [''];
  for (const group of groups) {
    const mine = tests.filter((test) => !group || test.ancestorTitles.some((title) => title.toLowerCase().includes(group)));
    results.push({
      name: group ? `${name} ${group}` : name,
      passed: mine.filter((test) => test.status === 'passed').length,
      failed: mine.filter((test) => test.status === 'failed').length,
    });
  }
  if (!ok && results.slice(-groups.length).every((result) => result.failed === 0)) {
    results.push({ name, passed: 0, failed: 1, note: 'vitest exited with an error outside the tests' });
  }
}

check('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
vitest('unit', 'test/unit/vitest.config.ts');
const built = check('build', 'npm', ['run', 'build', '--silent'], { CHOIR_PROFILE: 'test/fixtures/choir-profile.json' });
if (built) check('firefox add-on lint', 'npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv2', '--warnings-as-errors=false']);
if (built && ensureBrowsers()) vitest('e2e', 'test/e2e/vitest.config.ts', true);
else results.push({ name: 'e2e', passed: 0, failed: 1, note: built ? 'browsers missing' : 'build failed' });

console.log('\nSummary');
for (const result of results) {
  console.log(`  ${result.name}: ${result.passed} passed, ${result.failed} failed${result.note ? ` (${result.note})` : ''}`);
}
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
