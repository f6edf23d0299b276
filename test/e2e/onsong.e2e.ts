import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOnSongSimulator, type OnSongSimulator } from '../simulators/onsong/server';
import { BROWSERS, launchExtensionBrowser, type ExtensionApi, type ExtensionBrowser, type TestPage } from './harness';
import { testProfile } from '../tools/build';
import { readSecret } from './harness/extension-state';

/**
 * OnSong end to end: pairing from Settings with the member tapping Allow on the (simulated)
 * iPad a few seconds later, then the popup following the song live. The iPad is where the test
 * build's profile says, with OnSong's own port (http://127.0.0.1:5076), as a choir's profile
 * would name it; the build holds the permission for it already (no API can click a prompt).
 */
const PROFILE_IPAD = new URL(testProfile().onSong!.url);

describe.each(BROWSERS)('%s: the song on the choir iPad', (browserName) => {
  let ipad: OnSongSimulator;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    ipad = await startOnSongSimulator({ pairing: 'ask', port: Number(PROFILE_IPAD.port) }).catch((error: unknown) => {
      throw new Error(`The simulated iPad needs port ${PROFILE_IPAD.port}, where the test profile puts it (is npm start running?): ${String(error)}`);
    });
    browser = await launchExtensionBrowser(browserName, { hostMap: {} });
  });
  afterAll(async () => {
    await browser?.close();
    await ipad?.close();
  });
  beforeEach(() => {
    ipad.setFault(null);
    ipad.reset();
  });

  const titleOf = (id: string) => ipad.data.songs.find((song) => song.ID === id)!.title;

  it('pairs from Settings at the address and port the profile gives, while the member taps Allow on the iPad, and keeps only the token', async () => {
    const settings = await browser.openExtensionPage('options.html');
    await settings.waitFor('input[name="onSongAddress"]');
    expect(await settings.evaluate(() => document.querySelector<HTMLInputElement>('input[name="onSongAddress"]')!.value)).toBe(PROFILE_IPAD.host);
    await settings.click('form.onsong-pair button[type="submit"]');
    await settings.waitFor('.onsong-progress', { text: /tap Allow/ });
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // the member reaches for the iPad
    expect(ipad.pendingTokens()).toHaveLength(1);
    ipad.allowPending();
    await settings.waitFor('.onsong-paired', { text: `Paired with the iPad at ${ipad.origin}.`, timeoutMs: 15_000 });
    const device = (await readSecret<{ origin: string; token: string }>(browser, 'onSong.device'))!;
    expect(ipad.registeredTokens()).toEqual([device.token]);
    expect(device.token).toMatch(/^[0-9a-f]{48}$/);
    await settings.click('.onsong-paired button');
    await settings.waitFor('.status', { text: 'The iPad answers and knows Descant.' });
    expect(ipad.requests().some((request) => request.method === 'GET' && request.endpoint.includes('auth'))).toBe(true);
    await settings.close();
  });

  it('the popup follows three song changes on the iPad, with the set and what is next', async () => {
    await withPopup(async (popup) => {
      await popup.waitFor('.now-playing .song-title', { text: titleOf(ipad.currentSongId()) });
      for (let change = 0; change < 3; change++) {
        const next = ipad.nextSong();
        await popup.waitFor('.now-playing .song-title', { text: titleOf(next), timeoutMs: 5_000 });
        expect(await popup.text('.now-playing .up-next')).toMatch(/^(Up next: .+|This is the last song in the set\.)$/);
      }
      expect(await popup.count('.now-playing .song-facts')).toBe(1);
      expect(await popup.count('.now-playing .song-section')).toBeGreaterThan(0);
      expect(popup.consoleErrors()).toEqual([]);
    });
  });

  it('keeps the words behind "Words", open or shut as the member left it the last time', async () => {
    await withPopup(async (popup) => {
      await popup.waitFor('.now-playing details.words');
      expect(await popup.evaluate(() => document.querySelector<HTMLDetailsElement>('details.words')!.open)).toBe(false);
      await popup.click('details.words summary');
      await popup.waitUntil(() => document.querySelector<HTMLDetailsElement>('details.words')!.open);
    });
    await withPopup(async (popup) => {
      await popup.waitFor('.now-playing details.words');
      expect(await popup.evaluate(() => document.querySelector<HTMLDetailsElement>('details.words')!.open)).toBe(true);
      await popup.click('details.words summary');
    });
  });

  it('stops asking the iPad once the popup is closed', async () => {
    await withPopup((popup) => popup.waitFor('.now-playing .song-title'));
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a request already on its way may finish
    const before = ipad.requests().length;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(ipad.requests().length).toBe(before);
  });

  it('hostile song titles and lyrics are shown as inert text', async () => {
    const hostile = ipad.data.songs.find((song) => song.title.includes('<'))!;
    ipad.setCurrentSong(hostile.ID);
    await withPopup(async (popup) => {
      await popup.waitFor('.now-playing .song-title', { text: hostile.title });
      await popup.waitFor('.now-playing .song-section');
      expect(await popup.count('.now-playing img, .now-playing script, .now-playing b')).toBe(0);
      expect(popup.consoleErrors()).toEqual([]);
    });
  });

  it('an iPad that cannot be reached: says so, and keeps the last song, marked as last seen', async () => {
    const shown = ipad.currentSongId();
    await withPopup((popup) => popup.waitFor('.now-playing .song-title', { text: titleOf(shown) }));
    ipad.setFault({ kind: 'unreachable' });
    await withPopup(async (popup) => {
      await popup.waitFor('.now-playing [role="alert"]', { text: /can't be reached/, timeoutMs: 15_000 });
      expect(await popup.text('.now-playing .song-title')).toBe(titleOf(shown));
      expect(await popup.text('.now-playing .stale')).toMatch(/Last seen at/);
    });
  });

  it('an expired pairing: says to pair again in Settings', async () => {
    const { token } = (await readSecret<{ token: string }>(browser, 'onSong.device'))!;
    ipad.expireToken(token);
    await withPopup(async (popup) => {
      await popup.waitFor('.now-playing [role="alert"]', { text: /no longer knows Descant/ });
      await popup.waitFor('.now-playing [role="alert"] button', { text: 'Open Settings' });
    });
    ipad.registerToken(token); // as if paired again, for any later test
  });

  it('switched off in Settings: the popup shows no song and the iPad is asked nothing', async () => {
    const settings = await browser.openExtensionPage('options.html');
    await settings.click('input[name="feature-nowPlaying"]');
    await settings.waitFor('.status', { text: 'Saved.' });
    const before = ipad.requests().length;
    await withPopup(async (popup) => {
      await popup.waitFor('.my-shifts, .loading, .first-run');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await popup.count('.now-playing')).toBe(0);
    });
    expect(ipad.requests().length).toBe(before);
    await settings.click('input[name="feature-nowPlaying"]');
    await settings.waitFor('input[name="feature-nowPlaying"]:checked');
    await settings.close();
  });

  async function withPopup<T>(use: (popup: TestPage) => Promise<T>): Promise<T> {
    const popup = await browser.openExtensionPage('popup.html');
    try {
      await popup.waitFor('main');
      return await use(popup);
    } finally {
      await popup.close();
    }
  }
});
