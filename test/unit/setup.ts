import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import englishMessages from '../../public/_locales/en/messages.json';
import { forgetAllSecrets } from '@/lib/secret-store';

/** The real English messages, with Chrome's placeholder rules, since fake-browser has no i18n. */
const messages = englishMessages as Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

export function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = messages[key];
  if (!entry) return '';
  const values = typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []);
  return entry.message.replace(/\$([A-Z0-9_]+)\$/gi, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (__, index: string) => values[Number(index) - 1] ?? '');
  });
}

Object.assign(fakeBrowser, { i18n: { getMessage, getUILanguage: () => 'en-GB' } });

beforeEach(async () => {
  fakeBrowser.reset();
  // Secrets are in the extension's IndexedDB (fake-indexeddb here), apart from extension storage.
  await forgetAllSecrets();
  Object.assign(fakeBrowser, { i18n: { getMessage, getUILanguage: () => 'en-GB' } });
});
