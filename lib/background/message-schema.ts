import { z } from 'zod';
import type { Runtime } from 'webextension-polyfill';
import type { Message } from '../messages';
import { THREE_RINGS_ORIGIN } from '../three-rings/origin';
import { originOf } from '../net/origin';
import { FINDING_KIND_CHOICES, FINDING_SORTS } from '../health/view';

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
  /** From a content script as its page starts loading: which of its features are on there. */
  z.strictObject({ type: z.literal('pageFeatures'), site: z.enum(['threeRings', 'harmonySite']) }),
  /** From a content script's features: what that site's badges may show. */
  z.strictObject({ type: z.literal('badgeData'), site: z.enum(['threeRings', 'harmonySite']) }),
  /**
   * From a content script that drew the answer kept for its site (lib/badge-answers.ts), once its
   * page has loaded: what the badges show now, unless the kept answer made at `keptAt` still holds.
   */
  z.strictObject({ type: z.literal('badgeDataSince'), site: z.enum(['threeRings', 'harmonySite']), keptAt: z.number().int().nonnegative() }),
  /** From a content script, when the member opens a badge's card: that one person's details. */
  z.strictObject({ type: z.literal('personCard'), site: z.enum(['threeRings', 'harmonySite']), id: z.number().int().positive() }),
  /** From the data health page: the findings it shows (a kind, an order, how many), and which systems they come from. */
  z.strictObject({
    type: z.literal('healthReport'),
    view: z.strictObject({ kind: z.enum(FINDING_KIND_CHOICES), sort: z.enum(FINDING_SORTS), count: z.number().int().positive().max(1_000_000).optional() }),
  }),
  /** From the options page: pair with the OnSong iPad at the address the member typed (and permitted). */
  z.strictObject({ type: z.literal('onSongPair'), address: z.string().trim().min(1).max(200) }),
  /** From the options page: forget the OnSong pairing. */
  z.strictObject({ type: z.literal('onSongUnpair') }),
  /** From the options page: does the iPad still know our token? */
  z.strictObject({ type: z.literal('onSongCheck') }),
  /** From the options page: the one-time API sign-in (the password is passed on, never kept). */
  z.strictObject({
    type: z.literal('harmonySiteSignIn'),
    username: z.string().trim().min(1).max(200),
    password: z.string().min(1).max(1_000),
  }),
]);

export interface SenderContext {
  extensionId: string;
  /** The extension's own pages start with this. */
  extensionRoot: string;
  /** The choir's HarmonySite, if one is set up. */
  harmonySiteOrigin: string | undefined;
}

/** Who may send what: extension pages may refresh, sign in and pair; content scripts speak only for their own site. */
export function isAllowedSender(message: Message, sender: Runtime.MessageSender, context: SenderContext): boolean {
  if (sender.id !== context.extensionId) return false;
  const url = sender.url ?? '';
  const fromSite = (origin: string | undefined) => !!origin && !!sender.tab && originOf(url) === origin;
  switch (message.type) {
    case 'refresh':
    case 'healthReport':
    case 'harmonySiteSignIn':
    case 'onSongPair':
    case 'onSongUnpair':
    case 'onSongCheck':
      return url.startsWith(context.extensionRoot);
    case 'signedInAs':
      return fromSite(THREE_RINGS_ORIGIN);
    case 'pageFeatures':
    case 'badgeData':
    case 'badgeDataSince':
    case 'personCard':
      return fromSite(message.site === 'threeRings' ? THREE_RINGS_ORIGIN : context.harmonySiteOrigin);
  }
}
