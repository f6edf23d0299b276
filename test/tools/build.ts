import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ChoirProfile } from '../../lib/profile/schema';

/** The profile the demo, the end-to-end tests and the benchmark build with. */
export const TEST_PROFILE = 'test/fixtures/choir-profile.json';

/** The test profile's addresses, as the builds have them. */
export function testProfile(): ChoirProfile {
  return JSON.parse(readFileSync(TEST_PROFILE, 'utf8')) as ChoirProfile;
}

/** Builds the extension for the given browsers with the test profile inside. */
export function buildExtension(browsers: ('chrome' | 'firefox')[] = ['chrome', 'firefox']): void {
  for (const browser of browsers) {
    console.log(`Building Descant for ${browser}…`);
    execFileSync('npx', ['wxt', 'build', ...(browser === 'firefox' ? ['-b', 'firefox'] : [])], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CHOIR_PROFILE: TEST_PROFILE },
    });
  }
}
