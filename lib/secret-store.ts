import { clear, createStore, del, get, set, type UseStore } from 'idb-keyval';

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
  getValue(): Promise<T>;
  /** Storing the fallback removes the secret. */
  setValue(value: T): Promise<void>;
  /** Calls back after any extension page or the background changed it. */
  watch(callback: (value: T) => void): () => void;
}

export function defineSecret<T>(key: string, fallback: T): SecretItem<T> {
  const getValue = async (): Promise<T> => (await get<T>(key, secrets())) ?? fallback;
  return {
    getValue,
    async setValue(value) {
      if (value === fallback) await del(key, secrets());
      else await set(key, value, secrets());
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
