import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every locale under public/_locales must match en's keys and placeholders, so a translation can
 * never drop a key (the browser would show the English) or a $NAME$ (the text would lose a value).
 * Each check collects every fault first, so a failure names the locale and all the keys at fault.
 */

interface Placeholder {
  content: string;
  example?: string;
}

interface Entry {
  message: string;
  description?: string;
  placeholders?: Record<string, Placeholder>;
}

type Messages = Record<string, Entry>;

// Relative to the project root, which vitest.config.ts makes the root (as the other tests read files).
const LOCALES_DIR = resolve('public/_locales');

function readMessages(locale: string): Messages {
  return JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'messages.json'), 'utf8')) as Messages;
}

const locales = readdirSync(LOCALES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const en = readMessages('en');

/** The $NAME$ references in a message, lower-cased as the browser matches them; "$$" is a literal "$". */
function references(message: string): Set<string> {
  return new Set([...message.replaceAll('$$', '').matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((match) => match[1]!.toLowerCase()));
}

/** A key's placeholders as "name=content", sorted, for comparing one locale's with en's. */
function placeholderSignature(entry: Entry): string[] {
  return Object.entries(entry.placeholders ?? {})
    .map(([name, placeholder]) => `${name}=${placeholder?.content}`)
    .sort();
}

function declared(entry: Entry): Set<string> {
  return new Set(Object.keys(entry.placeholders ?? {}).map((name) => name.toLowerCase()));
}

describe('public/_locales', () => {
  it('has an en locale, the default that every other locale is checked against', () => {
    expect(locales).toContain('en');
    expect(Object.keys(en).length).toBeGreaterThan(0);
  });

  it('has a messages.json that parses as a JSON object in every locale folder', () => {
    const faults = locales.flatMap((locale) => {
      try {
        const messages = readMessages(locale);
        return messages && typeof messages === 'object' && !Array.isArray(messages) ? [] : [`${locale}: not a JSON object`];
      } catch (error) {
        return [`${locale}: ${(error as Error).message}`];
      }
    });
    expect(faults).toEqual([]);
  });
});

describe.each(locales)('locale %s', (locale) => {
  const messages = readMessages(locale);

  it('has every key that en has', () => {
    const missing = Object.keys(en).filter((key) => !Object.hasOwn(messages, key));
    expect(missing, `${locale} lacks these keys of en`).toEqual([]);
  });

  it('has no key that en lacks', () => {
    const extra = Object.keys(messages).filter((key) => !Object.hasOwn(en, key));
    expect(extra, `${locale} has these keys that en lacks`).toEqual([]);
  });

  it('has a non-empty message for every key', () => {
    const empty = Object.entries(messages)
      .filter(([, entry]) => typeof entry?.message !== 'string' || entry.message.trim() === '')
      .map(([key]) => key);
    expect(empty, `${locale} has empty or missing messages for these keys`).toEqual([]);
  });

  it('declares the same placeholders as en for every key, with the same names and contents', () => {
    const faults = Object.keys(en)
      .filter((key) => Object.hasOwn(messages, key))
      .flatMap((key) => {
        const want = placeholderSignature(en[key]!);
        const got = placeholderSignature(messages[key]!);
        return want.join(', ') === got.join(', ') ? [] : [`${key}: en has [${want.join(', ')}] but ${locale} has [${got.join(', ')}]`];
      });
    expect(faults, `${locale} has placeholders that differ from en's`).toEqual([]);
  });

  it("uses in each message every $NAME$ that en's message uses", () => {
    const faults = Object.keys(en)
      .filter((key) => typeof messages[key]?.message === 'string')
      .flatMap((key) => {
        const used = references(messages[key]!.message);
        const lost = [...references(en[key]!.message)].filter((name) => !used.has(name));
        return lost.length ? [`${key}: lacks ${lost.map((name) => `$${name.toUpperCase()}$`).join(', ')}`] : [];
      });
    expect(faults, `${locale} drops placeholders that en uses`).toEqual([]);
  });

  it('references no placeholder that its key does not declare', () => {
    const faults = Object.entries(messages)
      .filter(([, entry]) => typeof entry?.message === 'string')
      .flatMap(([key, entry]) => {
        const names = declared(entry);
        const undeclared = [...references(entry.message)].filter((name) => !names.has(name));
        return undeclared.length ? [`${key}: uses undeclared ${undeclared.map((name) => `$${name.toUpperCase()}$`).join(', ')}`] : [];
      });
    expect(faults, `${locale} uses placeholders it does not declare`).toEqual([]);
  });
});
