import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), 'faketime/early-clock.c');
const LIBRARY = resolve(dirname(fileURLToPath(import.meta.url)), '../../node_modules/.cache/descant/early-clock.so');

/** True when this process runs under Debian's faketime (it preloads libfaketime). */
export function underFaketime(env: NodeJS.ProcessEnv = process.env): boolean {
  return /libfaketime/.test(env.LD_PRELOAD ?? '');
}

/**
 * The environment to start Firefox with. Under faketime, Firefox hangs at start unless a small
 * library of ours is preloaded before libfaketime (test/tools/faketime/early-clock.c says why);
 * it is compiled here with the machine's C compiler the first time it is needed.
 */
export function firefoxEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!underFaketime(env)) return env;
  return { ...env, LD_PRELOAD: `${earlyClockLibrary()} ${env.LD_PRELOAD}` };
}

function earlyClockLibrary(): string {
  if (existsSync(LIBRARY) && statSync(LIBRARY).mtimeMs >= statSync(SOURCE).mtimeMs) return LIBRARY;
  mkdirSync(dirname(LIBRARY), { recursive: true });
  // Built without libfaketime preloaded: the compiler needs no fake clock.
  const { LD_PRELOAD: _preload, FAKETIME: _faketime, ...plainEnv } = process.env;
  execFileSync('cc', ['-shared', '-fPIC', '-O2', '-o', LIBRARY, SOURCE, '-ldl'], { stdio: 'inherit', env: plainEnv });
  return LIBRARY;
}
