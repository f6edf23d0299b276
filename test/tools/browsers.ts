import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** The system browsers the tests and the demo drive. No test tool downloads a browser of its own. */
export const CHROMIUM = process.env.DESCANT_CHROMIUM ?? '/usr/bin/chromium';
export const FIREFOX = process.env.DESCANT_FIREFOX ?? '/usr/bin/firefox-esr';
/** Debian's faketime, for the date and zone sweep (`npm run test:dates`). */
export const FAKETIME = '/usr/bin/faketime';

const DEBIAN_PACKAGES: Record<string, string> = { [CHROMIUM]: 'chromium', [FIREFOX]: 'firefox-esr', [FAKETIME]: 'faketime' };

/** The browsers, installed if missing (see `ensureInstalled`). */
export function ensureBrowsers(paths: string[] = [CHROMIUM, FIREFOX]): boolean {
  return ensureInstalled(paths, 'to run in a real browser');
}

/**
 * Installs the Debian packages behind the missing programs with apt-get where this user may
 * (root, or password-less sudo); otherwise explains what to run. Returns false when a program
 * is still missing.
 */
export function ensureInstalled(paths: string[], purpose: string): boolean {
  const missing = paths.filter((path) => !existsSync(path));
  if (!missing.length) return true;
  const packages = missing.map((path) => DEBIAN_PACKAGES[path] ?? path);
  const command = ['apt-get', 'install', '-y', '--no-install-recommends', ...packages];
  const asRoot = process.getuid?.() === 0;
  const viaSudo = !asRoot && canSudo();
  if (!asRoot && !viaSudo) {
    console.error(
      `Descant needs ${packages.join(' and ')} from Debian ${purpose}, and cannot install them without root.\n` +
        `Run: sudo apt-get update && sudo ${command.join(' ')}`,
    );
    return false;
  }
  console.log(`Installing ${packages.join(' and ')} with apt-get (once per machine)…`);
  const run = (args: string[]) =>
    execFileSync(viaSudo ? 'sudo' : args[0]!, viaSudo ? args : args.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    run(['apt-get', 'update', '-qq']);
    run(command);
  } catch {
    console.error(`Installing ${packages.join(' and ')} failed. Run by hand: sudo ${command.join(' ')}`);
    return false;
  }
  return paths.every((path) => existsSync(path));
}

function canSudo(): boolean {
  try {
    execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
