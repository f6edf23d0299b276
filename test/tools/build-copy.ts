import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserName } from '../e2e/harness/types';

export interface BuildCopy {
  dir: string;
  /** The version its manifest gives. */
  version: string;
  cleanUp(): void;
}

const BUILDS: Record<BrowserName, string> = { chromium: '.output/chrome-mv3', firefox: '.output/firefox-mv2' };

/**
 * The build for `browser`, copied to a directory of its own. With `later`, its manifest says it
 * is the next version (the last number raised by one), as the build an update brings does: the
 * browsers tell an update from a reinstall by the version.
 */
export function copyOfBuild(browser: BrowserName, { later = false } = {}): BuildCopy {
  const dir = mkdtempSync(join(tmpdir(), `descant-${browser}-build-`));
  cpSync(resolve(BUILDS[browser]), dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
  if (later) {
    const parts = manifest.version.split('.').map(Number);
    parts[parts.length - 1]! += 1;
    manifest.version = parts.join('.');
    writeFileSync(manifestPath, JSON.stringify(manifest));
  }
  return { dir, version: manifest.version, cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
}
