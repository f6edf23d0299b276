/**
 * The OnSong benchmark, in real Chromium: how soon the popup shows a song changed on the
 * (simulated) iPad, over 20 changes at random moments, and how many requests the popup's
 * following costs per minute while it is open.
 */
import { startOnSongSimulator } from '../simulators/onsong/server';
import { launchExtensionBrowser, type ExtensionApi } from '../e2e/harness';
import { writeSecrets } from '../e2e/harness/extension-state';
import { median } from './stats';
import { testProfile } from '../tools/build';

const CHANGES = 20;
const IDLE_WINDOW_MS = 30_000;

export interface OnSongBenchmark {
  changes: number;
  medianMs: number;
  worstMs: number;
  requestsPerMinute: number;
}

export async function runOnSongBenchmark(): Promise<OnSongBenchmark> {
  // Where the test profile puts the iPad: a pairing with any other address is forgotten.
  const ipad = await startOnSongSimulator({ pairing: 'accept', port: Number(new URL(testProfile().onSong!.url).port) });
  const browser = await launchExtensionBrowser('chromium', { hostMap: {} });
  try {
    const token = 'b'.repeat(48);
    ipad.registerToken(token);
    await writeSecrets(browser, { 'onSong.device': { origin: ipad.origin, token, pairedAt: Date.now() } });

    const popup = await browser.openExtensionPage('popup.html');
    await popup.waitFor('.now-playing .song-title', { timeoutMs: 15_000 });
    // Notes, in the popup itself, when each title first appears (page time is wall-clock time).
    await popup.evaluate(() => {
      const seen: Record<string, number> = {};
      (globalThis as unknown as { __titles: Record<string, number> }).__titles = seen;
      new MutationObserver(() => {
        const title = document.querySelector('.now-playing .song-title')?.textContent ?? '';
        seen[title] ??= performance.timeOrigin + performance.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });

    const latencies: number[] = [];
    for (let change = 0; change < CHANGES; change++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000 + Math.random() * 1_000));
      const changedAt = Date.now();
      const id = ipad.nextSong();
      const title = ipad.data.songs.find((song) => song.ID === id)!.title;
      await popup.waitUntil((wanted) => wanted in (globalThis as unknown as { __titles: Record<string, number> }).__titles, title, 10_000);
      const shownAt = await popup.evaluate((wanted) => (globalThis as unknown as { __titles: Record<string, number> }).__titles[wanted]!, title);
      latencies.push(shownAt - changedAt);
      // Emptied in place: the observer holds this very object.
      await popup.evaluate(() => {
        const seen = (globalThis as unknown as { __titles: Record<string, number> }).__titles;
        for (const title of Object.keys(seen)) delete seen[title];
      });
    }

    ipad.reset();
    await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
    const requestsPerMinute = (ipad.requests().length * 60_000) / IDLE_WINDOW_MS;
    await popup.close();
    return { changes: CHANGES, medianMs: median(latencies), worstMs: Math.max(...latencies), requestsPerMinute };
  } finally {
    await browser.close();
    await ipad.close();
  }
}
