import type { z } from 'zod';
import browser from 'webextension-polyfill';
import type { RefreshOutcome } from './background/three-rings-refresh';
import type { BadgeData, NowPlaying } from './model';
import type { Problem } from './problems';
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
  onSongCheck: { problem?: Problem };
}

export function sendMessage<T extends Message['type']>(message: MessageOf<T>): Promise<Replies[T]> {
  return browser.runtime.sendMessage(message) as Promise<Replies[T]>;
}

/** How pairing with the OnSong iPad ended. */
export type PairOutcome = { origin: string } | { problem: Problem } | { allowTimedOut: true } | { badAddress: true } | { notLocal: true };

/** The popup holds a port of this name open to follow the iPad; the background stops when it closes. */
export const FOLLOW_PORT = 'onSong.follow';

/** What the background sends the popup over that port. */
export type FollowUpdate = { at: number } & ({ nowPlaying: NowPlaying } | { problem: Problem } | { notConfigured: true });
