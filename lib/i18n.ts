import type messages from '../public/_locales/en/messages.json';

/** Every piece of text lives in public/_locales/<lang>/messages.json, keyed by these names. */
export type MessageKey = keyof typeof messages;

/**
 * `i18n` is synchronous and the same in every browser, so this reads the global API directly:
 * the popup can then draw its first frame before the polyfill has even loaded.
 */
function i18nApi(): { getMessage(key: string, substitutions?: string[]): string; getUILanguage(): string } {
  const globals = globalThis as unknown as { browser?: { i18n: never }; chrome?: { i18n: never } };
  return (globals.browser ?? globals.chrome)!.i18n;
}

export function t(key: MessageKey, substitutions?: string[]): string {
  return i18nApi().getMessage(key, substitutions) || key;
}

/** The browser's UI language, for dates and numbers. */
export function uiLocale(): string {
  return i18nApi().getUILanguage() || navigator.language;
}
