/**
 * The iPad's list of client tokens. OnSong never issues tokens: a client makes one up (32
 * characters or more) and asks, with PUT /auth, to be let in. Unless the iPad is accepting
 * users, it answers "Not Accepting Users" and asks the member on screen to Allow; the client
 * then asks again.
 */

export const MIN_TOKEN_LENGTH = 32;

export type Pairing = 'ask' | 'accept';

/** What PUT /auth answers. */
export type AskOutcome = 'Token Registered' | 'Token Accepted' | 'Not Accepting Users';

export interface TokenEntry {
  token: string;
  /** The device name sent with PUT /auth, shown to the member; absent when none was sent. */
  name?: string;
}

interface Registration {
  name?: string;
  /** Whether PUT /auth has said "Token Registered" yet; after that it says "Token Accepted". */
  told: boolean;
}

export class TokenRegistry {
  private readonly registered = new Map<string, Registration>();
  private readonly pending = new Map<string, { name?: string }>();

  constructor(private readonly pairing: Pairing) {}

  /** PUT /auth. */
  ask(token: string, name: string | undefined): AskOutcome {
    const registration = this.registered.get(token);
    if (registration) {
      if (name !== undefined) registration.name = name;
      if (registration.told) return 'Token Accepted';
      registration.told = true;
      return 'Token Registered';
    }
    if (this.pairing === 'accept') {
      this.registered.set(token, { ...(name !== undefined && { name }), told: true });
      return 'Token Registered';
    }
    // Asking again while waiting keeps the first name unless a new one is given.
    const keptName = name ?? this.pending.get(token)?.name;
    this.pending.set(token, keptName !== undefined ? { name: keptName } : {});
    return 'Not Accepting Users';
  }

  /** The member taps Allow: everyone waiting is let in, and told so at their next PUT /auth. */
  allowPending(): string[] {
    const allowed = [...this.pending.keys()];
    for (const [token, { name }] of this.pending) this.registered.set(token, { ...(name !== undefined && { name }), told: false });
    this.pending.clear();
    return allowed;
  }

  /** Registered without asking, e.g. a token from a choir profile; PUT /auth says "Token Accepted". */
  register(token: string, name?: string): void {
    if (token.length < MIN_TOKEN_LENGTH) throw new Error(`An OnSong token has at least ${MIN_TOKEN_LENGTH} characters; got ${token.length}`);
    this.pending.delete(token);
    this.registered.set(token, { ...(name !== undefined && { name }), told: true });
  }

  isRegistered(token: string): boolean {
    return this.registered.has(token);
  }

  /** DELETE /auth: true when the token was registered. A waiting request is dropped as well. */
  unregister(token: string): boolean {
    this.pending.delete(token);
    return this.registered.delete(token);
  }

  /** Forgotten altogether, as after 30 days without an API key. */
  expire(token: string): void {
    this.pending.delete(token);
    this.registered.delete(token);
  }

  pendingEntries(): TokenEntry[] {
    return [...this.pending].map(([token, { name }]) => ({ token, ...(name !== undefined && { name }) }));
  }

  registeredEntries(): TokenEntry[] {
    return [...this.registered].map(([token, { name }]) => ({ token, ...(name !== undefined && { name }) }));
  }
}
