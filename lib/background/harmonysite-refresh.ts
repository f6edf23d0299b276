import browser from 'webextension-polyfill';
import { HarmonySiteClient, type Credential } from '../harmonysite/client';
import { normaliseEvents, normaliseMembers } from '../harmonysite/normalise';
import { Backoff, backoffStoreIn } from '../net/backoff';
import { toProblem, type Problem } from '../problems';
import { cachedHarmonySite, choirProfile, harmonySiteApiToken, harmonySiteBackoff, harmonySiteStatus, type HarmonySiteData } from '../store';
import { SiteSource } from './site-source';
import { MINUTE } from '../time';

/** Members and events change rarely; after this long the cache is refreshed behind the scenes. */
const MEMBERS_MAX_AGE = 30 * MINUTE;
/** PHP's default session cookie name; HarmonySite is PHP (an unconfirmed guess, see the reference). */
const SESSION_COOKIE = 'PHPSESSID';

/**
 * Keeps the cached HarmonySite members and events fresh (stale-while-revalidate), from the choir's own
 * site as named in the profile. A failed refresh keeps the cache and records why.
 */
export class HarmonySiteRefresher {
  private readonly source: SiteSource<HarmonySiteData>;

  constructor(
    private readonly userAgent: string,
    now: () => number = Date.now,
  ) {
    this.source = new SiteSource({
      service: 'harmonySite',
      origin: () => this.origin(),
      cache: cachedHarmonySite,
      status: harmonySiteStatus,
      maxAge: MEMBERS_MAX_AGE,
      read: (origin) => this.read(origin),
      now,
    });
  }

  /** The site's origin, or undefined when the choir has none set up. */
  async origin(): Promise<string | undefined> {
    return (await choirProfile.getValue()).harmonySite?.url;
  }

  refresh(options: { force?: boolean } = {}): Promise<Problem | undefined> {
    return this.source.refresh(options);
  }

  /** The one-time API sign-in from the options page: keeps the token, never the password. */
  async signIn(username: string, password: string): Promise<Problem | undefined> {
    const origin = await this.origin();
    if (!origin) return undefined;
    try {
      const token = await this.client(origin).authorise(username, password);
      await harmonySiteApiToken.setValue({ origin, token });
    } catch (error) {
      return toProblem(error, 'harmonySite', 'authorise');
    }
    return this.refresh({ force: true });
  }

  private async read(origin: string): Promise<HarmonySiteData> {
    const client = this.client(origin);
    // One table after another: a signed-out first reply stops the rest being sent.
    const members = await client.browse('members');
    const memberships = await client.browse('memberships');
    const participations = await client.browse('participations');
    const events = await client.browse('events', { raw: true });
    return { origin, members: normaliseMembers(members, memberships, participations), events: normaliseEvents(events) };
  }

  private client(origin: string): HarmonySiteClient {
    return new HarmonySiteClient({
      origin,
      userAgent: this.userAgent,
      backoff: new Backoff('harmonySite', backoffStoreIn(harmonySiteBackoff)),
      credentials: () => credentialsFor(origin),
      onApiTokenRefused: () => harmonySiteApiToken.setValue(null),
    });
  }
}

/** The member's web session first, then a token kept from an API sign-in to this same site. */
async function credentialsFor(origin: string): Promise<Credential[]> {
  const credentials: Credential[] = [];
  // Without the optional `cookies` permission there is no cookies API: the kept token only.
  const session = (await browser.permissions.contains({ permissions: ['cookies'] }))
    ? await browser.cookies.get({ url: `${origin}/`, name: SESSION_COOKIE }).catch(() => null)
    : null;
  if (session?.value) credentials.push({ kind: 'session', token: session.value });
  const kept = await harmonySiteApiToken.getValue();
  if (kept?.origin === origin) credentials.push({ kind: 'api', token: kept.token });
  return credentials;
}
