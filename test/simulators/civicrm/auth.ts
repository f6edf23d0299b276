import { createHash, randomBytes } from 'node:crypto';
import type { CiviCrmData } from './data';

/**
 * The CMS (Drupal-like) users and their CiviCRM permissions, the CMS session cookie, and AuthX
 * (reference §B3): `X-Civi-Auth: Bearer <api_key>`, `?_authx=`, and the `legacyrest` pair
 * `key` + `api_key`, each with the default guards (site key, or the permission
 * `authenticate with api key`).
 */

export const CIVICRM_DEMO_USERNAME = 'demo';
export const CIVICRM_DEMO_PASSWORD = 'choir';
/** Like demo, but without `access CiviMember`: memberships and their types and statuses are refused. */
export const NO_MEMBERS_USERNAME = 'no-members';
export const NO_MEMBERS_PASSWORD = 'choir';
/** A CMS user without `access CiviCRM` or `access AJAX API`. */
export const NO_CIVI_USERNAME = 'no-civi';
export const NO_CIVI_PASSWORD = 'choir';

export const DEMO_API_KEY = 'demo-civi-api-key-0123456789abcdef';
export const NO_MEMBERS_API_KEY = 'nomembers-civi-api-key-0123456789';
/** no-civi's contact has a key, but the user may not authenticate with it (only with the site key). */
export const NO_CIVI_API_KEY = 'nocivi-civi-api-key-0123456789';
export const CIVICRM_SITE_KEY = 'sim-site-key-0123456789';

const ROUTE_PERMISSIONS = ['access CiviCRM', 'access AJAX API'];

export interface CmsUser {
  username: string;
  password: string;
  permissions: ReadonlySet<string>;
  apiKey: string;
  /** Which of the data's special contacts is this user's. */
  contact: 'demoContactId' | 'noMembersContactId' | 'noCiviContactId';
}

const DEMO_PERMISSIONS = ['access CiviCRM', 'access AJAX API', 'view all contacts', 'access CiviMember', 'authenticate with api key'];

export const CMS_USERS: readonly CmsUser[] = [
  { username: CIVICRM_DEMO_USERNAME, password: CIVICRM_DEMO_PASSWORD, permissions: new Set(DEMO_PERMISSIONS), apiKey: DEMO_API_KEY, contact: 'demoContactId' },
  {
    username: NO_MEMBERS_USERNAME,
    password: NO_MEMBERS_PASSWORD,
    permissions: new Set(DEMO_PERMISSIONS.filter((permission) => permission !== 'access CiviMember')),
    apiKey: NO_MEMBERS_API_KEY,
    contact: 'noMembersContactId',
  },
  { username: NO_CIVI_USERNAME, password: NO_CIVI_PASSWORD, permissions: new Set(['access content']), apiKey: NO_CIVI_API_KEY, contact: 'noCiviContactId' },
];

export function userByPassword(username: string, password: string): CmsUser | undefined {
  return CMS_USERS.find((user) => user.username === username.trim() && user.password === password);
}

export function userByName(username: string | undefined): CmsUser | undefined {
  return CMS_USERS.find((user) => user.username === username);
}

export function userByApiKey(apiKey: string): CmsUser | undefined {
  return apiKey ? CMS_USERS.find((user) => user.apiKey === apiKey) : undefined;
}

export function contactIdOf(data: CiviCrmData, user: CmsUser): number {
  return data[user.contact];
}

/** The AJAX routes' permission: `access CiviCRM` OR `access AJAX API`. */
export function mayUseAjaxRoutes(user: CmsUser | undefined): boolean {
  return !!user && ROUTE_PERMISSIONS.some((permission) => user.permissions.has(permission));
}

export function missingPermissions(user: CmsUser, needed: readonly string[]): string[] {
  return needed.filter((permission) => !user.permissions.has(permission));
}

// ---------------------------------------------------------------------------------------------
// CMS sessions

/** Drupal 7 on HTTPS: "SSESS" and the first 32 hex digits of sha256(cookie domain). */
export function sessionCookieName(host: string): string {
  return `SSESS${createHash('sha256').update(`.${host}`).digest('hex').slice(0, 32)}`;
}

export class SessionStore {
  private readonly users = new Map<string, string>();

  create(username: string): string {
    const id = randomBytes(32).toString('base64url');
    this.users.set(id, username);
    return id;
  }

  user(id: string | undefined): CmsUser | undefined {
    return id === undefined ? undefined : userByName(this.users.get(id));
  }

  end(id: string): void {
    this.users.delete(id);
  }
}

export function sessionCookie(name: string, id: string): string {
  return `${name}=${id}; Path=/; HttpOnly; Secure; SameSite=Lax`;
}

export function expiredSessionCookie(name: string): string {
  return `${name}=deleted; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax`;
}

// ---------------------------------------------------------------------------------------------
// AuthX

export type AuthxFlow = 'xheader' | 'param' | 'legacyrest';

/** Where a request's AuthX credential and site key may be. */
export interface AuthxInput {
  /** The X-Civi-Auth header. */
  xCiviAuth?: string;
  /** The X-Civi-Key header. */
  xCiviKey?: string;
  /** GET/POST params: `_authx`, `_authxSiteKey`, and legacyrest's `key` + `api_key`. */
  params: URLSearchParams;
  /** The user whose CMS session cookie came with the request, if any. */
  sessionUser?: CmsUser;
  siteKey: string;
}

export type AuthxOutcome =
  /** No AuthX credential: the session (or nobody) decides. A plain `Authorization:` header is not one. */
  | { kind: 'none' }
  | { kind: 'accepted'; user: CmsUser; flow: AuthxFlow }
  /** HTTP 401, text/plain, `HTTP 401 <message>`. */
  | { kind: 'refused'; flow: AuthxFlow; message: string };

export function authenticateX(input: AuthxInput): AuthxOutcome {
  const presented = presentedCredential(input);
  if (!presented) return { kind: 'none' };
  const { flow, credential, siteKey } = presented;
  const refuse = (message: string): AuthxOutcome => ({ kind: 'refused', flow, message });
  if (/^Basic /i.test(credential)) return refuse(`Authentication type "pass" with flow "${flow}" is not allowed for this principal.`);
  const user = userByApiKey(credential.replace(/^Bearer\s+/i, '').trim());
  if (!user) return refuse('Invalid credential');
  const guardPassed = siteKey === input.siteKey || user.permissions.has('authenticate with api key');
  if (!guardPassed) return refuse('Login not permitted. Must satisfy guard (site_key, perm).');
  if (input.sessionUser && input.sessionUser !== user) return refuse('Cannot login. A mismatched session is already active.');
  return { kind: 'accepted', user, flow };
}

/** X-Civi-Auth first, then `_authx`, then legacyrest's `key` + `api_key`. */
function presentedCredential({ xCiviAuth, xCiviKey, params }: AuthxInput): { flow: AuthxFlow; credential: string; siteKey: string | undefined } | undefined {
  const siteKey = xCiviKey ?? params.get('_authxSiteKey') ?? undefined;
  if (xCiviAuth) return { flow: 'xheader', credential: xCiviAuth.trim(), siteKey };
  const param = params.get('_authx');
  if (param) return { flow: 'param', credential: param.trim(), siteKey };
  const apiKey = params.get('api_key');
  const key = params.get('key');
  if (apiKey && key) return { flow: 'legacyrest', credential: `Bearer ${apiKey}`, siteKey: key };
  return undefined;
}
