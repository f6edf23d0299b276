import type { z } from 'zod';
import browser from 'webextension-polyfill';
import type { RefreshOutcome } from './background/three-rings-refresh';
import type { BadgeData, NowPlaying, PersonSummary } from './model';
import type { Problem } from './problems';
import type { HealthReport } from './health/report';
import type { PageFeatureId } from './features/registry';
import type { messageSchema } from './background/message-schema';

/** The one protocol between pages, content scripts and the background (validated there). */
export type Message = z.infer<typeof messageSchema>;
export type MessageOf<T extends Message['type']> = Extract<Message, { type: T }>;

export interface Replies {
  refresh: RefreshOutcome;
  signedInAs: { accepted: boolean };
  /**
   * With the site's badge data when any feature is on: the features ask for it next, and a page
   * that could not read the kept answer (Firefox) then waits for one answer, not two, while it is parsed.
   */
  pageFeatures: { features: PageFeatureId[]; paused: boolean; data?: BadgeData };
  badgeData: BadgeData;
  /** Null when the kept answer still holds: a page that drew it has nothing to take in. */
  badgeDataSince: BadgeData | null;
  personCard: PersonSummary | null;
  healthReport: HealthReport;
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

/** What the background tells the sites' pages: something they show has changed, ask again. */
export type PageSignal = 'badgeDataChanged' | 'featuresChanged';

/**
 * Calls back when the background sends this signal. Content scripts learn of changes this way
 * only: they cannot read extension storage (see SECURITY.md).
 */
export function watchPageSignal(signal: PageSignal, callback: () => void): () => void {
  const listener = (message: unknown, sender: { id?: string }) => {
    if (sender.id === browser.runtime.id && (message as { type?: unknown } | null)?.type === signal) callback();
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
