import { z } from 'zod';
import type { Runtime } from 'webextension-polyfill';
import type { Message } from '../messages';
import { THREE_RINGS_ORIGIN } from '../three-rings/origin';

/**
 * Every message is checked here before the background acts on it, and none carries an address:
 * a page can ask for data, never make the background fetch something of its choosing.
 */
export const messageSchema = z.discriminatedUnion('type', [
  /** From the popup or options page: bring the cache up to date. */
  z.strictObject({ type: z.literal('refresh'), force: z.boolean() }),
  /** From the Three Rings content script: the page says who is signed in. */
  z.strictObject({
    type: z.literal('signedInAs'),
    volunteerId: z.number().int().positive(),
    name: z.string().trim().min(1).max(200),
  }),
]);

/** Who may send what: extension pages may refresh; content scripts speak only for their own site. */
export function isAllowedSender(message: Message, sender: Runtime.MessageSender, extensionId: string, extensionRoot: string): boolean {
  if (sender.id !== extensionId) return false;
  const url = sender.url ?? '';
  switch (message.type) {
    case 'refresh':
      return url.startsWith(extensionRoot);
    case 'signedInAs':
      return !!sender.tab && originOf(url) === THREE_RINGS_ORIGIN;
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
