import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORED_ITEMS } from '@/lib/store';
import { keptAsideKey } from '@/lib/stored-versions';

/*
 * README.md and store/PRIVACY.md each list every item Descant stores, in a table under a known
 * heading: one row per group, its first cell the place ("local storage", "session storage",
 * "Descant's database", "the popup's page storage"), its second the items' keys in backticks.
 * These tests read those tables and compare them with the code: STORED_ITEMS (lib/store.ts) for
 * the extension's storage and the secrets, and the keys the popup puts in its own localStorage,
 * found in the sources. Each failure names the document, the place and the key.
 */

type Place = 'local' | 'session' | 'secrets' | 'page';

const PLACES: { place: Place; cell: string }[] = [
  { place: 'local', cell: 'local storage' },
  { place: 'session', cell: 'session storage' },
  { place: 'secrets', cell: "Descant's database" },
  { place: 'page', cell: "the popup's page storage" },
];

/** Each document, and the heading its table of stored items follows. */
const DOCUMENTS: Record<string, RegExp> = {
  'README.md': /^###\s+Stored, in this browser only\s*$/m,
  'store/PRIVACY.md': /^##\s+What Descant stores\s*$/m,
};

/** Folders whose sources may store something. */
const SOURCE_DIRS = ['lib', 'entrypoints', 'components'];

interface Listed {
  place: Place;
  key: string;
}

/** The items a document's table lists; throws, naming the row, on a row it cannot read. */
function listedIn(document: string): Listed[] {
  const text = readFileSync(resolve(document), 'utf8');
  const heading = DOCUMENTS[document]!.exec(text);
  if (!heading) throw new Error(`${document} has no heading matching ${DOCUMENTS[document]}`);
  const lines = text.slice(heading.index + heading[0].length).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  if (start < 0) throw new Error(`${document} has no table after "${heading[0].trim()}"`);
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
  // The header row and the |---| row.
  const rows = lines.slice(start + 2, end < 0 ? undefined : end);
  return rows.flatMap((row) => {
    const cells = row.split('|').slice(1, -1).map((cell) => cell.trim());
    const place = PLACES.find(({ cell }) => cells[0]?.toLowerCase().startsWith(cell.toLowerCase()))?.place;
    if (!place) throw new Error(`${document}: the row "${row}" names no place (${PLACES.map(({ cell }) => cell).join(', ')})`);
    const keys = [...(cells[1] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
    if (keys.length === 0) throw new Error(`${document}: the row "${row}" names no key in backticks`);
    return keys.map((key) => ({ place, key }));
  });
}

const withoutArea = (key: string, area: string) => {
  if (!key.startsWith(`${area}:`)) throw new Error(`${key} is in STORED_ITEMS.${area} but its key is not in the ${area} area`);
  return key.slice(area.length + 1);
};

function sourceFiles(dir: string): string[] {
  return readdirSync(resolve(dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The keys the sources put in the page's own localStorage or sessionStorage, by file. */
function pageStorageKeys(): { keys: string[]; unresolved: string[] } {
  const keys: string[] = [];
  const unresolved: string[] = [];
  for (const file of SOURCE_DIRS.flatMap(sourceFiles)) {
    const text = readFileSync(resolve(file), 'utf8');
    for (const [, argument] of text.matchAll(/\b(?:localStorage|sessionStorage)\.setItem\(\s*([\w$]+|'[^']*'|"[^"]*")/g)) {
      const literal = /^['"](.*)['"]$/.exec(argument!)?.[1];
      const constant = new RegExp(`\\bconst ${argument!.replace(/\$/g, '\\$')}\\s*=\\s*['"]([^'"]+)['"]`).exec(text)?.[1];
      const key = literal ?? constant;
      if (key) keys.push(key);
      else unresolved.push(`${file}: setItem(${argument}) (give the key as a string constant in the same file)`);
    }
  }
  return { keys: [...new Set(keys)], unresolved };
}

/** What the code stores, by place, as the documents name it. */
function storedByCode(): Record<Place, string[]> {
  return {
    local: STORED_ITEMS.local.map((item) => withoutArea(item.key, 'local')),
    session: STORED_ITEMS.session.map((item) => withoutArea(item.key, 'session')),
    secrets: STORED_ITEMS.secrets.map((item) => item.key),
    page: pageStorageKeys().keys,
  };
}

/** Every difference between what a document lists and what the code stores, one sentence each. */
function differences(document: string, listed: Listed[], stored: Record<Place, string[]>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { key } of listed) {
    if (seen.has(key)) problems.push(`${document} lists ${key} more than once`);
    seen.add(key);
  }
  for (const { place, cell } of PLACES) {
    const inDocument = new Set(listed.filter((item) => item.place === place).map((item) => item.key));
    const inCode = new Set(stored[place]);
    for (const key of inCode) if (!inDocument.has(key)) problems.push(`${document} is missing ${key} (${cell})`);
    for (const key of inDocument) {
      if (inCode.has(key)) continue;
      const elsewhere = PLACES.find((other) => stored[other.place].includes(key));
      problems.push(elsewhere ? `${document} lists ${key} under ${cell}, but the code keeps it in ${elsewhere.cell}` : `${document} lists ${key} (${cell}), which the code does not store`);
    }
  }
  return problems;
}

describe('the lists of stored items in README.md and store/PRIVACY.md', () => {
  const stored = storedByCode();

  it.each(Object.keys(DOCUMENTS))('%s lists every stored item, in its place, and nothing else', (document) => {
    expect(differences(document, listedIn(document), stored)).toEqual([]);
  });

  it('README.md and store/PRIVACY.md list the same keys', () => {
    const readme = new Set(listedIn('README.md').map(({ key }) => key));
    const privacy = new Set(listedIn('store/PRIVACY.md').map(({ key }) => key));
    expect({
      'only in README.md': [...readme].filter((key) => !privacy.has(key)),
      'only in store/PRIVACY.md': [...privacy].filter((key) => !readme.has(key)),
    }).toEqual({ 'only in README.md': [], 'only in store/PRIVACY.md': [] });
  });

  it('both say where a value that cannot be read is kept aside, as lib/stored-versions.ts names it', () => {
    // The documents give people.links as their example.
    const example = keptAsideKey('local:people.links').slice('local:'.length);
    expect(example).toBe('keptAside.people.links');
    for (const document of Object.keys(DOCUMENTS)) {
      expect([document, readFileSync(resolve(document), 'utf8').includes(`\`${example}\``)]).toEqual([document, true]);
    }
  });

  it('every key the sources put in a page\'s own storage can be read from them', () => {
    expect(pageStorageKeys().unresolved).toEqual([]);
    // Otherwise the check on "the popup's page storage" above would pass with nothing to check.
    expect(stored.page.length).toBeGreaterThan(0);
  });

  it('nothing writes to storage except through lib/store.ts and lib/secret-store.ts', () => {
    const writers = /\bstorage\.(?:setItem|setItems|setMeta)\(|\.storage\.(?:local|session|sync)\.set\(|\bindexedDB\.open\(|\bcreateStore\(/;
    const allowed = new Set(['lib/store.ts', 'lib/secret-store.ts']);
    const offenders = SOURCE_DIRS.flatMap(sourceFiles)
      .map((file) => relative('.', file))
      .filter((file) => !allowed.has(file) && writers.test(readFileSync(resolve(file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
