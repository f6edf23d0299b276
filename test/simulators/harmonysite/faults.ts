import { z } from 'zod';

/** Faults a test switches on; they apply to /api only, never to the site's pages. */
export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** Every token is refused, the browser session's and the API sign-in's alike. */
  z.object({ kind: z.literal('signed-out') }),
  /** The site does not take the browser's session id as a token (the API sign-in still works). */
  z.object({ kind: z.literal('refuse-session-token') }),
  /** Tokens from the API sign-in have run out. */
  z.object({ kind: z.literal('expire-tokens') }),
  z.object({ kind: z.literal('error-status') }),
  z.object({ kind: z.literal('empty-table'), table: z.string() }),
  z.object({ kind: z.literal('single-record'), table: z.string() }),
  /** The record key as before 2023: the table's singular name. */
  z.object({ kind: z.literal('old-array-key') }),
  z.object({ kind: z.literal('429'), retryAfterSeconds: z.number().int().nonnegative().optional() }),
  z.object({ kind: z.literal('500') }),
  z.object({ kind: z.literal('503') }),
  z.object({ kind: z.literal('slow'), delayMs: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('html-instead-of-json') }),
  z.object({ kind: z.literal('truncated-json') }),
  z.object({ kind: z.literal('wrong-types') }),
]);
export type Fault = z.infer<typeof faultSchema>;
