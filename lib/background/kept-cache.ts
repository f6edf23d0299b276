import { lastChecked, type Cached, type CacheItem } from '../store';
import { sameStored } from '../stored-equal';

/** A cache as its refresher finds it, with when its service last confirmed it. */
export type KeptCache<T> = Cached<T> & { checkedAt: number };

export async function readKeptCache<T>(cache: CacheItem<T>): Promise<KeptCache<T> | null> {
  const [kept, meta] = await Promise.all([cache.getValue(), cache.getMeta()]);
  return kept && { ...kept, checkedAt: lastChecked(kept, meta) };
}

/**
 * Keeps what a refresh read, writing only what changed. Most refreshes bring the same data
 * again: then only when it was checked is written, into the cache's metadata (a few bytes), not
 * the data (for a choir of thousands, megabytes each refresh), and nothing that watches the data
 * (the people index, the badges, the toolbar count, the reminders) wakes for nothing. `kept` is
 * the cache as read before the read began: its refresher is its only writer, one read at a time.
 */
export async function keepRead<T>(cache: CacheItem<T>, kept: Cached<T> | null, data: T, at: number): Promise<void> {
  if (kept && sameStored(kept.data, data)) await cache.setMeta({ checkedAt: at });
  else await cache.setValue({ data, fetchedAt: at });
}
