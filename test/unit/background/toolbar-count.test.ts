import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { updateBadge } from '@/lib/background/badge';
import { cachedShifts, featureSwitches, meManual } from '@/lib/store';
import { rotaShift } from '../reminders/shift';

const NOW = Date.parse('2027-06-21T12:00:00Z');

/** fake-browser has no toolbar button: this one records what it is set to. */
function fakeToolbarButton() {
  const button = { setBadgeText: vi.fn(async () => {}), setBadgeBackgroundColor: vi.fn(async () => {}), setTitle: vi.fn(async () => {}) };
  Object.assign(fakeBrowser, { action: button });
  return button;
}

describe('the toolbar count', () => {
  it('counts my shifts in the next 24 hours, and shows nothing once switched off', async () => {
    const button = fakeToolbarButton();
    await meManual.setValue({ volunteerId: 7, source: 'manual' });
    await cachedShifts.setValue({ data: { from: '2027-06-21', to: '2027-07-05', shifts: [rotaShift(1, '2027-06-21T18:00:00Z', [7]), rotaShift(2, '2027-06-25T18:00:00Z', [7])] }, fetchedAt: NOW });
    expect(await updateBadge(NOW)).toBe(1);
    expect(button.setBadgeText).toHaveBeenLastCalledWith({ text: '1' });

    await featureSwitches.setValue({ toolbarCount: false });
    expect(await updateBadge(NOW)).toBe(0);
    expect(button.setBadgeText).toHaveBeenLastCalledWith({ text: '' });
  });
});
