import { CiviCrmClient, NotThisFlavourError, type CiviAuth, type CiviFlavour } from '../civicrm/client';
import { detectFlavour, readChoirData } from '../civicrm/read';
import { Backoff, backoffStoreIn } from '../net/backoff';
import { ProblemError, type Problem } from '../problems';
import { cachedCiviCrm, choirProfile, civiCrmBackoff, civiCrmKeys, civiCrmSettings, civiCrmStatus, type CiviCrmData, type CiviCrmKeys } from '../store';
import { MINUTE } from '../time';
import { civiCrmKeysFor } from '../secrets';
import { SiteSource } from './site-source';

/** Contacts, groups and memberships change rarely; after this long the cache is refreshed behind. */
const CONTACTS_MAX_AGE = 30 * MINUTE;

/**
 * Keeps the cached CiviCRM contacts fresh, from the choir's CiviCRM as named in the profile, with
 * the API and credentials chosen in Settings (by default: found automatically, the member's own
 * session).
 */
export class CiviCrmRefresher {
  private readonly source: SiteSource<CiviCrmData>;

  constructor(now: () => number = Date.now) {
    this.source = new SiteSource({
      service: 'civiCrm',
      origin: () => this.origin(),
      cache: cachedCiviCrm,
      status: civiCrmStatus,
      maxAge: CONTACTS_MAX_AGE,
      read: (origin, cached, force) => this.read(origin, cached, force),
      now,
    });
  }

  async origin(): Promise<string | undefined> {
    return (await choirProfile.getValue()).civiCrm?.url;
  }

  refresh(options: { force?: boolean } = {}): Promise<Problem | undefined> {
    return this.source.refresh(options);
  }

  /**
   * The API found last time is used again, unless the member asked for a refresh (settings may
   * have changed) or the site stopped answering it (an upgrade).
   */
  private async read(origin: string, cached: CiviCrmData | undefined, force: boolean): Promise<CiviCrmData> {
    const [settings, keys] = await Promise.all([civiCrmSettings.getValue(), civiCrmKeys.getValue()]);
    const auth = authFor(keys, origin);
    const client = new CiviCrmClient({
      origin,
      auth,
      backoff: new Backoff('civiCrm', backoffStoreIn(civiCrmBackoff)),
    });
    const readThrough = async (flavour: CiviFlavour): Promise<CiviCrmData> => ({ origin, flavour, ...(await readChoirData(client, flavour)) });
    const chosen = settings.flavour === 'auto' ? undefined : settings.flavour;
    const remembered = !force && cached?.flavour;
    try {
      return await readThrough(chosen ?? (remembered || (await detectFlavour(client, auth))));
    } catch (error) {
      if (!(error instanceof NotThisFlavourError)) throw error;
      if (chosen || !remembered) throw new ProblemError({ kind: 'api-disabled', service: 'civiCrm' });
      return readThrough(await detectFlavour(client, auth));
    }
  }
}

/** The keys, when they were given for this CiviCRM; else the member's own session. */
function authFor(stored: CiviCrmKeys | null, origin: string): CiviAuth {
  const keys = civiCrmKeysFor(stored, origin);
  return keys ? { kind: 'api-key', apiKey: keys.apiKey, ...(keys.siteKey && { siteKey: keys.siteKey }) } : { kind: 'session' };
}
