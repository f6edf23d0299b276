/**
 * `npm run zip`: the Chrome Web Store package, the addons.mozilla.org package and the sources zip
 * Mozilla asks for, and the proof Mozilla's reviewers look for: the sources, unpacked on their own,
 * install and build the very files of the Firefox package. Prints where each zip is.
 * `npm run zip -- --no-check` skips the rebuild (it installs the dependencies afresh: about a minute).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import JSZip from 'jszip';

interface StorePackage {
  path: string;
  what: string;
}

const OUTPUT = resolve('.output');

function zipsOf(version: string): { chrome: StorePackage; firefox: StorePackage; sources: StorePackage } {
  const named = (suffix: string) => join(OUTPUT, `descant-${version}-${suffix}.zip`);
  return {
    chrome: { path: named('chrome'), what: 'upload to the Chrome Web Store' },
    firefox: { path: named('firefox'), what: 'upload to addons.mozilla.org' },
    sources: { path: named('sources'), what: "addons.mozilla.org's source code upload, for its reviewers" },
  };
}

function npx(args: string[], cwd = process.cwd()): void {
  execFileSync('npx', args, { cwd, stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
}

async function filesIn(zipPath: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) files.set(entry.name, await entry.async('nodebuffer'));
  }
  return files;
}

/** Unpacks the sources alone, installs exactly their lockfile's dependencies, builds, and compares. */
async function checkSourcesRebuild(sources: string, firefox: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'descant-sources-'));
  try {
    for (const [name, content] of await filesIn(sources)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    npx(['wxt', 'build', '-b', 'firefox'], dir);
    const shipped = await filesIn(firefox);
    const differences: string[] = [];
    for (const [name, content] of shipped) {
      const rebuilt = join(dir, '.output/firefox-mv2', name);
      if (!existsSync(rebuilt)) differences.push(`${name}: not in the rebuild`);
      else if (!readFileSync(rebuilt).equals(content)) differences.push(`${name}: differs`);
    }
    return differences;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
if (process.env.CHOIR_PROFILE) {
  console.log(`These packages hold the choir profile ${process.env.CHOIR_PROFILE}: they are for that choir, not for the public stores.`);
}
if (!process.env.WXT_DESCANT_CONTACT) {
  console.log("Three Rings' terms ask automated clients for a contact address: set WXT_DESCANT_CONTACT=<maintainer email> for the packages you publish.");
}
npx(['wxt', 'zip']);
npx(['wxt', 'zip', '-b', 'firefox']);
const zips = zipsOf(version);
for (const { path } of Object.values(zips)) {
  if (!existsSync(path)) throw new Error(`${relative('.', path)} was not made`);
}
if (!process.argv.includes('--no-check') && !process.env.CHOIR_PROFILE) {
  const differences = await checkSourcesRebuild(zips.sources.path, zips.firefox.path);
  if (differences.length > 0) {
    console.error(`The sources zip does not rebuild the Firefox package:\n  ${differences.join('\n  ')}`);
    process.exit(1);
  }
  console.log('The sources zip, unpacked on its own, installs and builds the Firefox package file for file.');
}
console.log(`\nDescant ${version}, ready for the stores:`);
for (const { path, what } of Object.values(zips)) {
  console.log(`  ${path}  (${Math.round(statSync(path).size / 1024)} KB: ${what})`);
}
