import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DEMO_USERNAME, SIGNED_IN_VOLUNTEER_ID } from './data';
import { parseCookies } from './http';

/**
 * Who is calling: a session cookie from the login form, or an API key (or, as on the real
 * site, HTTP Basic with the account's username and password). Only the demo account exists.
 */

export const DEMO_PASSWORD = 'choir';
export const DEMO_API_KEY = 'HRR2FT4JPgdsZGyXz4XvVgtt';
/** Rails-style name; the live cookie's name is unknown, so the extension must not depend on it. */
export const SESSION_COOKIE = '_threerings_session';

export interface Caller {
  volunteerId: number;
  via: 'session' | 'api-key' | 'basic';
}

export interface Identification {
  caller?: Caller;
  /** The request carried a session cookie that is currently signed in. */
  hasSession: boolean;
  sessionToken?: string;
}

export class SessionStore {
  private readonly volunteerByToken = new Map<string, number>();

  create(volunteerId: number): string {
    const token = randomBytes(24).toString('base64url');
    this.volunteerByToken.set(token, volunteerId);
    return token;
  }

  volunteerFor(token: string | undefined): number | undefined {
    return token === undefined ? undefined : this.volunteerByToken.get(token);
  }

  end(token: string): void {
    this.volunteerByToken.delete(token);
  }

  endAll(): void {
    this.volunteerByToken.clear();
  }
}

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Lax`;
}

export function expiredSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax`;
}

/** The volunteer id for a correct username and password; only the demo account exists. */
export function checkPassword(username: string, password: string): number | undefined {
  return username.trim().toLowerCase() === DEMO_USERNAME && password === DEMO_PASSWORD ? SIGNED_IN_VOLUNTEER_ID : undefined;
}

export function identify(request: IncomingMessage, sessions: SessionStore): Identification {
  const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
  const sessionVolunteer = sessions.volunteerFor(token);
  const hasSession = sessionVolunteer !== undefined;
  const identification: Identification = { hasSession, sessionToken: hasSession ? token : undefined };

  const fromHeader = callerFromAuthorization(request.headers.authorization);
  if (fromHeader) return { ...identification, caller: fromHeader };
  if (sessionVolunteer !== undefined) return { ...identification, caller: { volunteerId: sessionVolunteer, via: 'session' } };
  return identification;
}

function callerFromAuthorization(header: string | undefined): Caller | undefined {
  const match = /^(\S+)\s+(.+)$/.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const [, scheme = '', credentials = ''] = match;
  if (scheme.toUpperCase() === 'APIKEY' && credentials.trim() === DEMO_API_KEY) {
    return { volunteerId: SIGNED_IN_VOLUNTEER_ID, via: 'api-key' };
  }
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const volunteerId = colon < 0 ? undefined : checkPassword(decoded.slice(0, colon), decoded.slice(colon + 1));
    if (volunteerId !== undefined) return { volunteerId, via: 'basic' };
  }
  return undefined;
}
