import type { z } from 'zod';
import browser from 'webextension-polyfill';
import type { RefreshOutcome } from './background/three-rings-refresh';
import type { BadgeData } from './model';
import type { Problem } from './problems';
import type { PairOutcome } from './background/onsong';
import type { messageSchema } from './background/message-schema';

/** The one protocol between pages, content scripts and the background (validated there). */
export type Message = z.infer<typeof messageSchema>;
export type MessageOf<T extends Message['type']> = Extract<Message, { type: T }>;

export interface Replies {
  refresh: RefreshOutcome;
  signedInAs: { accepted: boolean };
  badgeData: BadgeData;
  harmonySiteSignIn: { problem?: Problem };
  onSongPair: PairOutcome;
  onSongUnpair: { done: true };
}

export function sendMessage<T extends Message['type']>(message: MessageOf<T>): Promise<Replies[T]> {
  return browser.runtime.sendMessage(message) as Promise<Replies[T]>;
}
