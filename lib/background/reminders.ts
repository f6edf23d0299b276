import browser from 'webextension-polyfill';
import { shiftPageUrl } from '../three-rings/urls';
import { notifiedStillNeeded, wantedReminders } from '../reminders/schedule';
import { reminderText } from '../reminders/text';
import { cachedShifts, featureSwitches, meFromPage, meManual, notifiedShifts, reminderSettings, resolveMe } from '../store';
import { isFeatureOn } from '../features/registry';
import { isMine } from '../views/quick-view';

/** One alarm per shift to be reminded of; the notification has the same name. */
export const REMINDER_PREFIX = 'reminder:';
const mayNotify = () => browser.permissions.contains({ permissions: ['notifications'] });

const reminderName = (shiftId: number) => `${REMINDER_PREFIX}${shiftId}`;
const shiftIdOf = (name: string) => Number(name.slice(REMINDER_PREFIX.length));

/** What reminders need, all from storage: nothing is fetched for them. */
async function readInputs() {
  const [cache, fromPage, manual, settings, notified, switches] = await Promise.all([
    cachedShifts.getValue(),
    meFromPage.getValue(),
    meManual.getValue(),
    reminderSettings.getValue(),
    notifiedShifts.getValue(),
    featureSwitches.getValue(),
  ]);
  return { shifts: cache?.data.shifts ?? [], me: resolveMe(fromPage, manual), lead: settings.lead, on: isFeatureOn(switches, 'reminders'), notified };
}

let syncing: Promise<void> = Promise.resolve();

/** Brings the reminder alarms in line with the cached rota and the setting; one sync at a time. */
export function syncReminders(now: () => number = Date.now): Promise<void> {
  syncing = syncing.then(() => syncOnce(now())).catch((error: unknown) => console.warn('[Descant] could not set the shift reminders', error));
  return syncing;
}

async function syncOnce(now: number): Promise<void> {
  const inputs = await readInputs();
  const allowed = inputs.on && (await mayNotify());
  const wanted = allowed ? wantedReminders({ ...inputs, now }) : [];
  const existing = new Map((await browser.alarms.getAll()).filter((alarm) => alarm.name.startsWith(REMINDER_PREFIX)).map((alarm) => [alarm.name, alarm.scheduledTime]));
  const wantedNames = new Set(wanted.map((reminder) => reminderName(reminder.shiftId)));
  await Promise.all([...existing.keys()].filter((name) => !wantedNames.has(name)).map((name) => browser.alarms.clear(name)));
  for (const { shiftId, dueAt } of wanted) {
    const scheduled = existing.get(reminderName(shiftId));
    // One already due is about to fire: it is left alone rather than set again for "now".
    const unchanged = scheduled !== undefined && (scheduled === dueAt || (dueAt <= now && scheduled <= now));
    if (!unchanged) await browser.alarms.create(reminderName(shiftId), { when: Math.max(dueAt, now) });
  }
  const kept = notifiedStillNeeded(inputs.notified, inputs.shifts, now);
  if (Object.keys(kept).length !== Object.keys(inputs.notified).length) await notifiedShifts.setValue(kept);
}

export const isReminderAlarm = (name: string) => name.startsWith(REMINDER_PREFIX);

/** An alarm went off: the notification, from the cache, unless it is no longer wanted. */
export async function fireReminder(alarmName: string, now: number = Date.now()): Promise<void> {
  const shiftId = shiftIdOf(alarmName);
  const { shifts, me, on, notified } = await readInputs();
  const shift = shifts.find((each) => each.id === shiftId);
  const stillWanted = on && !!shift && isMine(shift, me) && Date.parse(shift.start) > now && !(String(shiftId) in notified);
  if (!shift || !stillWanted || !(await mayNotify())) return;
  // Recorded first: a worker stopped in between must not remind of it again.
  await notifiedShifts.setValue({ ...notified, [shiftId]: shift.start });
  const { title, message } = reminderText(shift, me);
  await browser.notifications.create(alarmName, { type: 'basic', title, message, iconUrl: browser.runtime.getURL('/icons/128.png') });
}

/** A click on a reminder opens that shift's day on Three Rings. */
export async function openReminder(notificationId: string): Promise<void> {
  if (!isReminderAlarm(notificationId)) return;
  const start = (await notifiedShifts.getValue())[shiftIdOf(notificationId)];
  await browser.notifications.clear(notificationId);
  if (start) await browser.tabs.create({ url: shiftPageUrl({ start }) });
}

let listening = false;

/** The notifications API exists only once its permission is granted, so this is tried again then. */
export function listenToReminderClicks(): void {
  if (listening || !browser.notifications) return;
  listening = true;
  browser.notifications.onClicked.addListener((id) => void openReminder(id).catch((error: unknown) => console.warn('[Descant] could not open the shift', error)));
}
