import { clear, createStore, delMany, getMany, setMany, type UseStore } from 'idb-keyval';
import { keptAsideKey, settle, type KeptAside, type VersionSpec } from './stored-versions';

/*
 * Keys and tokens live in the extension's own IndexedDB, not in extension storage: extension
 * pages and the background share it, while content scripts run in the sites' origins and cannot
 * open it, in either browser. (Chrome can also keep storage.local from content scripts, which
 * Descant asks for; Firefox cannot. See SECURITY.md.)
 */

/** Where: the database and object store (as idb-keyval lays them out), and the change channel. */
export const SECRET_STORE = { database: 'descant-secrets', store: 'secrets', changes: 'descant.secrets.changed' } as const;
const EVERYTHING = '*';

let database: UseStore | undefined;
const secrets = () => (database ??= createStore(SECRET_STORE.database, SECRET_STORE.store));
let changes: BroadcastChannel | undefined;

export interface SecretItem<T> {
  /** Its name in the secret store. */
  key: string;
  getValue(): Promise<T>;
  /** Storing the fallback removes the secret. */
  setValue(value: T): Promise<void>;
  /** Calls back after any extension page or the background changed it. */
  watch(callback: (value: T) => void): () => void;
}

/** Where a secret's version is kept, beside it (none means version 1, as for stored items). */
const versionKey = (key: string) => `${key}$v`;

/**
 * A secret, brought to this build's version on reading like any stored item (lib/store.ts). One
 * that cannot be read is kept aside here, with the secrets: only the report leaves this store.
 */
export function defineSecret<T>(key: string, fallback: T, spec: VersionSpec & { report?: (kept: KeptAside) => Promise<void> } = {}): SecretItem<T> {
  const version = spec.version ?? 1;
  const getValue = async (): Promise<T> => {
    const [value, storedVersion = 1] = await getMany<unknown>([key, versionKey(key)], secrets());
    if (value == null) return fallback;
    const settled = settle<T>(value, storedVersion as number, spec);
    if (!settled.usable) {
      const copyKey = keptAsideKey(key);
      await setMany([[copyKey, value], [versionKey(copyKey), storedVersion]], secrets());
      await delMany([key, versionKey(key)], secrets());
      await spec.report?.({ key: `secret:${key}`, copyKey: `secret:${copyKey}`, storedVersion: storedVersion as number, reason: settled.reason, at: Date.now() });
      return fallback;
    }
    if (settled.migrated) await setMany([[key, settled.value], [versionKey(key), settled.migrated]], secrets());
    return settled.value;
  };
  return {
    key,
    getValue,
    async setValue(value) {
      if (value === fallback) await delMany([key, versionKey(key)], secrets());
      else await setMany(version > 1 ? [[key, value], [versionKey(key), version]] : [[key, value]], secrets());
      announce(key);
    },
    watch(callback) {
      const channel = new BroadcastChannel(SECRET_STORE.changes);
      channel.onmessage = (event: MessageEvent<unknown>) => {
        if (event.data === key || event.data === EVERYTHING) void getValue().then(callback);
      };
      return () => channel.close();
    },
  };
}

/** Forgets every secret, as "Forget everything" in Settings does. */
export async function forgetAllSecrets(): Promise<void> {
  await clear(secrets());
  announce(EVERYTHING);
}

/** Other BroadcastChannel objects hear it, in this context too; the sender itself does not. */
function announce(key: string): void {
  (changes ??= new BroadcastChannel(SECRET_STORE.changes)).postMessage(key);
}
