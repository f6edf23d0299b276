import browser from 'webextension-polyfill';
import { z } from 'zod';
import type { Runtime } from 'webextension-polyfill';
import type { Message, Replies } from '../messages';
import { isAllowedSender, messageSchema } from './message-schema';
import { Backoff } from '../net/backoff';
import { RateLimiter } from '../net/rate-limiter';
import type { Problem } from '../problems';
import {
  cachedShifts,
  meFromPage,
  meManual,
  threeRingsApiKey,
  threeRingsBackoff,
  threeRingsRequestLog,
} from '../store';
import { ThreeRingsClient } from '../three-rings/client';
import { updateBadge } from './badge';
import { ThreeRingsRefresher } from './three-rings-refresh';
import { descantUserAgent, identifyToThreeRings } from './user-agent';

const REFRESH_ALARM = 'threeRings.refresh';
const RETRY_ALARM = 'threeRings.retry';
const REFRESH_EVERY_MINUTES = 15;
/** Three Rings' terms: no more than 30 requests in any 60 seconds. */
const THREE_RINGS_LIMIT = { limit: 30, windowMs: 60_000 };
/** A member waiting on the popup may wait this long for a rate-limit slot; alarms never wait. */
const POPUP_MAX_QUEUE_MS = 5_000;

export function startBackground(): void {
  // Extension pages forbid eval; without this zod probes for it and logs a CSP violation.
  z.config({ jitless: true });
  const userAgent = descantUserAgent();
  const limiter = new RateLimiter({
    service: 'threeRings',
    ...THREE_RINGS_LIMIT,
    maxRequestMs: 30_000,
    store: { load: () => threeRingsRequestLog.getValue(), save: (entries) => threeRingsRequestLog.setValue(entries) },
  });
  const backoff = new Backoff('threeRings', {
    load: async () => (await threeRingsBackoff.getValue()) ?? undefined,
    save: (state) => threeRingsBackoff.setValue(state ?? null),
  });
  const client = new ThreeRingsClient({
    limiter,
    backoff,
    userAgent,
    apiKey: async () => (await threeRingsApiKey.getValue()) || undefined,
  });
  const refresher = new ThreeRingsRefresher(client);

  const afterRefresh = async (problem: Problem | undefined) => {
    const retryAt = problem && 'retryAt' in problem ? problem.retryAt : undefined;
    if (retryAt) await browser.alarms.create(RETRY_ALARM, { when: retryAt + 1_000 });
  };

  browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) {
      console.warn('[Descant] refused a malformed message', parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'));
      return undefined;
    }
    if (!isAllowedSender(parsed.data, sender, browser.runtime.id, browser.runtime.getURL('/'))) {
      console.warn(`[Descant] refused "${parsed.data.type}" from ${sender.url ?? 'an unknown sender'}`);
      return undefined;
    }
    return handle(parsed.data);
  });

  async function handle(message: Message): Promise<Replies[Message['type']]> {
    switch (message.type) {
      case 'refresh': {
        const outcome = await refresher.refresh({ force: message.force, maxQueueMs: POPUP_MAX_QUEUE_MS });
        await afterRefresh(outcome.problem);
        return outcome;
      }
      case 'signedInAs': {
        const current = await meFromPage.getValue();
        if (current?.volunteerId !== message.volunteerId || current.name !== message.name) {
          await meFromPage.setValue({ volunteerId: message.volunteerId, name: message.name, source: 'page' });
        }
        return { accepted: true };
      }
    }
  }

  browser.alarms.onAlarm.addListener(async (alarm) => {
    if (alarm.name !== REFRESH_ALARM && alarm.name !== RETRY_ALARM) return;
    const outcome = await refresher.refresh();
    await afterRefresh(outcome.problem);
    await updateBadge();
  });

  // The badge follows the data and who I am, whoever changed them.
  for (const item of [cachedShifts, meFromPage, meManual]) item.watch(() => void updateBadge());

  void (async () => {
    await identifyToThreeRings(userAgent).catch((error) => console.warn('[Descant] could not set User-Agent rule', error));
    if (!(await browser.alarms.get(REFRESH_ALARM))) {
      await browser.alarms.create(REFRESH_ALARM, { periodInMinutes: REFRESH_EVERY_MINUTES, delayInMinutes: 1 });
    }
    await updateBadge();
  })();
}
