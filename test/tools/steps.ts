import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { FAKETIME } from './browsers';

/** One line of the summary `npm test` and `npm run test:dates` end with. */
export interface StepResult {
  name: string;
  passed: number;
  failed: number;
  note?: string;
}

export const RESULTS_DIR = 'test-results';

/** Where and when a step runs: a time zone, and a starting instant for Debian's faketime. */
export interface RunSetting {
  timeZone?: string;
  /** As `faketime` takes it, e.g. '2027-03-28 00:59:30 UTC'; the clock runs on from there. */
  faketime?: string;
}

export function run(command: string, args: string[], env: Record<string, string> = {}, setting: RunSetting = {}): boolean {
  const [program, ...rest] = setting.faketime ? [FAKETIME, setting.faketime, command, ...args] : [command, ...args];
  console.log(`\n▶ ${describeSetting(setting)}${command} ${args.join(' ')}`);
  const child = spawnSync(program!, rest, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env, ...(setting.timeZone && { TZ: setting.timeZone }) },
  });
  return child.status === 0;
}

function describeSetting({ timeZone, faketime }: RunSetting): string {
  // As it would be typed in a shell, to run the step again by hand.
  return [timeZone && `TZ=${timeZone}`, faketime && `faketime '${faketime}'`].filter(Boolean).map((part) => `${part} `).join('');
}

/** A step that passes or fails as a whole (type checking, a build). */
export function check(results: StepResult[], name: string, command: string, args: string[], env?: Record<string, string>): boolean {
  const ok = run(command, args, env);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  return ok;
}

/**
 * Runs vitest with a JSON report and counts its tests, split by the browser named in their
 * titles when asked. A run that fails outside its tests counts as one failure.
 */
export function vitest(results: StepResult[], name: string, config: string, options: { splitByBrowser?: boolean; setting?: RunSetting } = {}): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const report = `${RESULTS_DIR}/${name.replace(/[^\w.-]+/g, '-')}.json`;
  const ok = run('npx', ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { DESCANT_SKIP_BUILD: '1' }, options.setting);
  let tests: { ancestorTitles: string[]; status: string }[] = [];
  try {
    const json = JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: typeof tests }[] };
    tests = json.testResults.flatMap((file) => file.assertionResults);
  } catch {
    results.push({ name, passed: 0, failed: 1, note: 'no report: the run did not finish' });
    return;
  }
  const groups = options.splitByBrowser ? ['chromium', 'firefox'] : [''];
  const before = results.length;
  for (const group of groups) {
    const mine = tests.filter((test) => !group || test.ancestorTitles.some((title) => title.toLowerCase().includes(group)));
    results.push({
      name: group ? `${name} ${group}` : name,
      passed: mine.filter((test) => test.status === 'passed').length,
      failed: mine.filter((test) => test.status === 'failed').length,
    });
  }
  if (!ok && results.slice(before).every((result) => result.failed === 0)) {
    results.push({ name, passed: 0, failed: 1, note: 'vitest exited with an error outside the tests' });
  }
}

/** Prints the summary and the closing line CI reads; the exit code says whether all passed. */
export function finish(results: StepResult[]): never {
  console.log('\nSummary');
  for (const result of results) {
    console.log(`  ${result.name}: ${result.passed} passed, ${result.failed} failed${result.note ? ` (${result.note})` : ''}`);
  }
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
