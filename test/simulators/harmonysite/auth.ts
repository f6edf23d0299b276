import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock';
import type { HarmonySiteData, TableName } from './data';

/**
 * Logins (from the site's `auth` table), web sessions (the PHPSESSID cookie) and the tokens the
 * API's `authorise` endpoint issues. Logins and members are separate things on HarmonySite; each
 * login here belongs to a member.
 */

export const HARMONYSITE_DEMO_USERNAME = 'demo';
export const HARMONYSITE_DEMO_PASSWORD = 'choir';
/** A login without access to `memberships`: browsing it answers okay, with no records. */
export const SECTION_LEADER_USERNAME = 'section-leader';
export const SECTION_LEADER_PASSWORD = 'choir';
/** PHP's default; the live name is not confirmed (reference §A6). */
export const SESSION_COOKIE = 'PHPSESSID';

export interface Login {
  username: string;
  memberId: number;
  hiddenTables: ReadonlySet<TableName>;
}

export function checkPassword(data: HarmonySiteData, username: string, password: string): Login | undefined {
  const name = username.trim().toLowerCase();
  if (name === HARMONYSITE_DEMO_USERNAME && password === HARMONYSITE_DEMO_PASSWORD) {
    return { username: name, memberId: data.demoMemberId, hiddenTables: new Set() };
  }
  if (name === SECTION_LEADER_USERNAME && password === SECTION_LEADER_PASSWORD) {
    return { username: name, memberId: data.sectionLeaderMemberId, hiddenTables: new Set(['memberships']) };
  }
  return undefined;
}

/** Web sessions by PHPSESSID: 26 lower-case characters, as PHP makes them. */
export class SessionStore {
  private readonly logins = new Map<string, Login>();

  create(login: Login): string {
    const id = randomBytes(16).toString('hex').slice(0, 26);
    this.logins.set(id, login);
    return id;
  }

  get(id: string | undefined): Login | undefined {
    return id === undefined ? undefined : this.logins.get(id);
  }

  end(id: string): void {
    this.logins.delete(id);
  }

  endAll(): void {
    this.logins.clear();
  }
}

/** API tokens: base64 text, so what `authorise` sends is URL-encoded (%2F, %2B, %3D). */
export class TokenStore {
  private readonly tokens = new Map<string, { login: Login; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  /** The token as `authorise` sends it: URL-encoded. Callers decode it once before use. */
  issue(login: Login): string {
    const token = randomBytes(32).toString('base64');
    this.tokens.set(token, { login, expiresAt: this.clock().getTime() + this.ttlMs });
    return encodeURIComponent(token);
  }

  /** Issued here, whether or not it has run out. */
  has(token: string): boolean {
    return this.tokens.has(token);
  }

  valid(token: string): Login | undefined {
    const issued = this.tokens.get(token);
    return issued && issued.expiresAt > this.clock().getTime() ? issued.login : undefined;
  }

  expireAll(): void {
    for (const issued of this.tokens.values()) issued.expiresAt = 0;
  }
}

export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; Secure; SameSite=Lax`;
}

export function expiredSessionCookie(): string {
  return `${SESSION_COOKIE}=deleted; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax`;
}
