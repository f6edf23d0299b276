import { describe, expect, it, vi } from 'vitest';
import { readPopupData, watchPopupData } from '@/entrypoints/popup/live';
import { cachedShifts } from '@/lib/store';

const READ = Date.parse('2026-11-22T09:00:00Z');
const CHECKED = Date.parse('2026-11-22T11:45:00Z');

describe("the popup's data", () => {
  it('says the shifts were updated when Three Rings last gave them, even when that read found them the same', async () => {
    await cachedShifts.setValue({ data: { from: '2026-11-21', to: '2026-12-06', shifts: [] }, fetchedAt: READ });
    expect((await readPopupData()).shifts?.fetchedAt).toBe(READ);
    const changed = vi.fn();
    const stop = watchPopupData(changed);
    await cachedShifts.setMeta({ checkedAt: CHECKED });
    await vi.waitFor(() => expect(changed).toHaveBeenCalled());
    stop();
    expect((await readPopupData()).shifts).toEqual({ data: { from: '2026-11-21', to: '2026-12-06', shifts: [] }, fetchedAt: CHECKED });
  });
});
