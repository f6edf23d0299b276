import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fireReminder, openReminder, syncReminders } from '@/lib/background/reminders';
import type { Shift } from '@/lib/model';
import { cachedShifts, featureSwitches, meManual, notifiedShifts, reminderSettings } from '@/lib/store';
import { rotaShift } from '../reminders/shift';

const NOW = Date.parse('2027-06-21T12:00:00Z');

const shift = (id: number, start: string, volunteerIds = [7, 8]): Shift => rotaShift(id, start, volunteerIds);

const cache = (shifts: Shift[]) => cachedShifts.setValue({ data: { from: '2027-06-21', to: '2027-07-05', shifts }, fetchedAt: NOW });
const alarms = async () => Object.fromEntries((await fakeBrowser.alarms.getAll()).map((alarm) => [alarm.name, new Date(alarm.scheduledTime).toISOString()]));

/** fake-browser has no permissions API. */
function notificationsAllowed(allowed: boolean) {
  Object.assign(fakeBrowser.permissions, { contains: vi.fn(async () => allowed) });
}

beforeEach(async () => {
  notificationsAllowed(true);
  await meManual.setValue({ volunteerId: 7, source: 'manual' });
  await reminderSettings.setValue({ lead: '1h' });
  await featureSwitches.setValue({ reminders: true });
});

describe('syncReminders', () => {
  it('sets one alarm per shift of mine, moves the alarm of a moved shift and drops those of shifts I left', async () => {
    await cache([shift(1, '2027-06-21T18:00:00Z'), shift(2, '2027-06-22T09:00:00Z'), shift(3, '2027-06-22T10:00:00Z', [8])]);
    await syncReminders(() => NOW);
    expect(await alarms()).toEqual({ 'reminder:1': '2027-06-21T17:00:00.000Z', 'reminder:2': '2027-06-22T08:00:00.000Z' });

    await cache([shift(1, '2027-06-21T19:30:00Z'), shift(2, '2027-06-22T09:00:00Z', [8])]);
    await syncReminders(() => NOW);
    expect(await alarms()).toEqual({ 'reminder:1': '2027-06-21T18:30:00.000Z' });
  });

  it('sets none, and clears any, when reminders are off or notifications are not allowed', async () => {
    await cache([shift(1, '2027-06-21T18:00:00Z')]);
    await syncReminders(() => NOW);
    notificationsAllowed(false);
    await syncReminders(() => NOW);
    expect(await alarms()).toEqual({});
    notificationsAllowed(true);
    await featureSwitches.setValue({ reminders: false });
    await syncReminders(() => NOW);
    expect(await alarms()).toEqual({});
  });

  it('leaves the other alarms alone', async () => {
    await fakeBrowser.alarms.create('threeRings.refresh', { periodInMinutes: 15 });
    await syncReminders(() => NOW);
    expect(Object.keys(await alarms())).toEqual(['threeRings.refresh']);
  });
});

describe('fireReminder', () => {
  it('notifies once, from the cache, with the rota, the time and who else is on; a restart sets no alarm for it again', async () => {
    await cache([shift(1, '2027-06-21T18:00:00Z')]);
    await syncReminders(() => NOW);
    await fireReminder('reminder:1', Date.parse('2027-06-21T17:00:00Z'));
    await fireReminder('reminder:1', Date.parse('2027-06-21T17:00:01Z'));
    const shown = fakeBrowser.notifications.getAllCreateOptions();
    expect(Object.keys(shown)).toEqual(['reminder:1']);
    expect(shown['reminder:1']).toMatchObject({ title: 'Your shift: Front of House', message: expect.stringContaining('With Sam Patel') });
    expect(await notifiedShifts.getValue()).toEqual({ 1: '2027-06-21T18:00:00Z' });

    await fakeBrowser.alarms.clearAll();
    await syncReminders(() => Date.parse('2027-06-21T17:00:02Z'));
    expect(await alarms()).toEqual({});
  });

  it('notifies of nothing for a shift I have left or that has started', async () => {
    await cache([shift(1, '2027-06-21T18:00:00Z', [8]), shift(2, '2027-06-21T11:00:00Z')]);
    await fireReminder('reminder:1', NOW);
    await fireReminder('reminder:2', NOW);
    expect(fakeBrowser.notifications.getAllCreateOptions()).toEqual({});
  });
});

describe('openReminder', () => {
  it("opens the shift's day on Three Rings", async () => {
    await notifiedShifts.setValue({ 1: '2027-06-21T18:00:00Z' });
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await openReminder('reminder:1');
    expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/^https:\/\/www\.3r\.org\.uk\/rota\/for\/2027-06-2[12]\/rolling%20week$/) });
  });
});
