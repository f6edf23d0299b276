import { describe, expect, it } from 'vitest';
import { defineSecret, forgetAllSecrets } from '@/lib/secret-store';

const until = async (check: () => boolean) => {
  for (let tries = 0; tries < 50 && !check(); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('the secret store (IndexedDB, out of content scripts’ reach)', () => {
  it('keeps a value, gives the fallback once it is set back to it, and is not extension storage', async () => {
    const token = defineSecret<{ origin: string; token: string } | null>('test.token', null);
    expect(await token.getValue()).toBeNull();
    await token.setValue({ origin: 'https://a.example', token: 't' });
    expect(await token.getValue()).toEqual({ origin: 'https://a.example', token: 't' });
    expect(await browser.storage.local.get(null)).toEqual({});
    await token.setValue(null);
    expect(await token.getValue()).toBeNull();
  });

  it('tells every watcher of a change, from another item of the same name (as from another page) too', async () => {
    const here = defineSecret<string>('test.key', '');
    const elsewhere = defineSecret<string>('test.key', '');
    const seen: string[] = [];
    const stop = here.watch((value) => seen.push(value));
    await elsewhere.setValue('abc');
    await until(() => seen.length > 0);
    expect(seen).toEqual(['abc']);
    await forgetAllSecrets();
    await until(() => seen.length > 1);
    expect(seen).toEqual(['abc', '']);
    stop();
  });
});
