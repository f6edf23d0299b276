import { describe, expect, it, vi } from 'vitest';
import { formatAgo, formatDateKey, formatLongDate, formatTimeRange, formattingLocale } from '@/lib/format';

const LONDON = { locale: 'en-GB', timeZone: 'Europe/London' };
const NEW_YORK = { locale: 'en-US', timeZone: 'America/New_York' };

describe('formatTimeRange', () => {
  it('gives a range within one day as times only', () => {
    const text = formatTimeRange('2026-11-24T19:00:00Z', '2026-11-24T21:30:00Z', LONDON);
    expect(text).toMatch(/^19:00\s*–\s*21:30$/);
  });

  it('gives an overnight range with the weekday on each side, not two whole dates', () => {
    expect(formatTimeRange('2026-12-05T22:00:00Z', '2026-12-06T02:00:00Z', LONDON)).toBe('Sat 22:00 – Sun 02:00');
    expect(formatTimeRange('2027-04-10T20:00:00Z', '2027-04-11T01:00:00Z', { locale: 'en-US', timeZone: 'Europe/London' })).toMatch(/^Sat 9:00\sPM – Sun 2:00\sAM$/);
  });

  it('gives the night the clocks go forward its real length in London', () => {
    // 22:00 GMT to 02:00 BST is three hours, not four.
    expect(formatTimeRange('2027-03-27T22:00:00Z', '2027-03-28T01:00:00Z', LONDON)).toBe('Sat 22:00 – Sun 02:00');
  });

  it('decides "overnight" in the member\'s own zone', () => {
    // 22:00–02:00 in London is 17:00–21:00 in New York: one day there.
    expect(formatTimeRange('2026-12-05T22:00:00Z', '2026-12-06T02:00:00Z', NEW_YORK)).toMatch(/^5:00\s*–\s*9:00\s*PM$/);
  });
});

describe('calendar dates', () => {
  it('shows a date key as that date in any zone', () => {
    expect(formatDateKey('2026-12-31', { locale: 'en-GB', timeZone: 'Pacific/Kiritimati' })).toBe('Thu 31 Dec');
    expect(formatLongDate('2026-12-31', { locale: 'en-GB', timeZone: 'Pacific/Pago_Pago' })).toBe('31 Dec 2026');
  });
});

describe('formattingLocale', () => {
  it('keeps a locale this browser has the formats of', () => {
    expect(formattingLocale('de-DE')).toBe('de-DE');
  });

  it("falls back to the browser's next language where it lacks the asked one's formats, as Chromium lacks Welsh", () => {
    vi.spyOn(Intl.DateTimeFormat, 'supportedLocalesOf').mockImplementation((asked) => [asked].flat().map(String).filter((locale) => !locale.startsWith('cy')));
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['cy', 'fr-FR', 'en-GB']);
    try {
      expect(formattingLocale('cy')).toBe('fr-FR');
      expect(formatLongDate('2026-12-31', { locale: 'cy' })).toBe('31 déc. 2026');
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("writes British English where the browser has none of the member's languages", () => {
    vi.spyOn(Intl.DateTimeFormat, 'supportedLocalesOf').mockReturnValue([]);
    try {
      expect(formattingLocale('kw')).toBe('en-GB');
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('formatAgo', () => {
  const now = Date.UTC(2026, 11, 3, 12);

  it("uses Intl's words where the browser has the language", () => {
    expect(formatAgo(now - 5 * 60_000, now, { locale: 'en-GB' })).toBe('5 minutes ago');
    expect(formatAgo(now - 30 * 3_600_000, now, { locale: 'en-GB' })).toBe('yesterday');
  });

  it("uses Descant's own words where it lacks them, as Chromium lacks Welsh", () => {
    vi.spyOn(Intl.RelativeTimeFormat, 'supportedLocalesOf').mockReturnValue([]);
    try {
      expect(formatAgo(now - 10_000, now, { locale: 'cy' })).toBe('now');
      expect(formatAgo(now - 5 * 60_000, now, { locale: 'cy' })).toBe('5 min ago');
      expect(formatAgo(now - 3 * 3_600_000, now, { locale: 'cy' })).toBe('3 h ago');
      expect(formatAgo(now - 30 * 3_600_000, now, { locale: 'cy' })).toBe('yesterday');
      expect(formatAgo(now - 4 * 86_400_000, now, { locale: 'cy' })).toBe('4 days ago');
    } finally {
      vi.restoreAllMocks();
    }
  });
});
