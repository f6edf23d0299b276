import browser from 'webextension-polyfill';
import type messages from '../public/_locales/en/messages.json';

/** Every piece of text lives in public/_locales/<lang>/messages.json, keyed by these names. */
export type MessageKey = keyof typeof messages;

export function t(key: MessageKey, substitutions?: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** The browser's UI language, for dates and numbers. */
export function uiLocale(): string {
  return browser.i18n.getUILanguage() || navigator.language;
}
