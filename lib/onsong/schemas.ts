import { z } from 'zod';
import { envelopeField } from '../net/envelope';

/*
 * OnSong Connect's replies, as its documentation shows them (shared/reference/onsong-api-and-
 * peers.md, 1.4–1.6). Read defensively: unknown fields are kept out of the way, numbers may come
 * as strings, and any reply may instead be `{"error": "…"}` whatever its HTTP status.
 */

const text = z.string();
/** A number, or a number written as a string; anything else is treated as absent. */
const looseNumber = z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value), z.number().finite()).optional().catch(undefined);
const optionalText = z.preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string().optional()).catch(undefined);

/** `{"error": "…"}`: any reply holding an `error` is one, and its message must be text. */
export const errorReplySchema = z.looseObject({ error: text });

/**
 * `PUT|GET|DELETE /auth`: `{"success": "Token Registered" | "Token Accepted" | "Token Unregistered"}`.
 * The reply is all status: a `success` of any kind says the iPad agreed; only its absence (or
 * null) leaves nothing to go on. Its words are envelope, read by `authEnvelope`.
 */
export const authReplySchema = z.looseObject({ success: z.unknown().refine((value) => value !== undefined && value !== null, 'missing') });
export const authEnvelope = { success: envelopeField(['success'], text) };

export const pingReplySchema = z.looseObject({ pong: text });

/** A song as lists show it (`/state`'s song, a set's songs). */
export const songListItemSchema = z.looseObject({
  ID: z.union([z.string(), z.number()]).transform(String),
  title: optionalText,
  artist: optionalText,
  key: optionalText,
});

export const setSchema = z.looseObject({
  ID: z.union([z.string(), z.number()]).transform(String),
  title: optionalText,
  songs: z.array(songListItemSchema).optional(),
});

/** `GET /state`: what is up on the iPad now; the set comes with its songs in order. */
export const stateSchema = z.looseObject({
  song: songListItemSchema.optional(),
  set: setSchema.optional(),
  section: looseNumber,
});

/** `GET /songs/<id|current>`: the Song Object (only the fields the popup shows). */
export const songSchema = z.looseObject({
  ID: z.union([z.string(), z.number()]).transform(String),
  title: optionalText,
  artist: optionalText,
  key: optionalText,
  transposedKey: optionalText,
  capo: looseNumber,
  tempo: looseNumber,
  timeSignature: optionalText,
});

/**
 * `GET /songs/<id|current>/sections?with_sections=true`: labelled sections, or (older hosts, or
 * without `with_sections`) an array of plain strings.
 */
export const sectionsSchema = z.array(z.union([z.string(), z.looseObject({ label: optionalText, sections: z.array(z.string()).default([]) })]));

export type StateReply = z.output<typeof stateSchema>;
export type SongReply = z.output<typeof songSchema>;
export type SectionsReply = z.output<typeof sectionsSchema>;
