import { describe, expect, it, vi } from 'vitest';
import { render, screen, fireEvent, waitFor } from '@testing-library/preact';
import { PopupView, type PopupData } from '@/components/popup/PopupView';
import type { Shift } from '@/lib/model';

const now = Date.parse('2026-11-22T12:00:00Z');
const format = { locale: 'en-GB', timeZone: 'Europe/London' };
const me = { volunteerId: 1, name: 'Alex Morgan', source: 'page' as const };

const shift = (id: number, start: string, people: [number, string][], unfilledPlaces = 0): Shift => ({
  id,
  rota: { id: 1, name: 'Front of House' },
  title: '',
  start,
  end: new Date(Date.parse(start) + 3 * 3600_000).toISOString(),
  allDay: false,
  volunteers: people.map(([personId, name]) => ({ id: personId, name, roleCodes: [] })),
  unfilledPlaces,
  closed: false,
});

function data(overrides: Partial<PopupData> = {}): PopupData {
  return {
    shifts: {
      fetchedAt: now - 5 * 60_000,
      data: {
        from: '2026-11-21',
        to: '2026-12-06',
        shifts: [
          shift(10, '2026-11-23T19:00:00.000Z', [[1, 'Alex Morgan'], [2, 'Zoë Ní Bhriain']]),
          shift(11, '2026-11-24T18:30:00.000Z', [[3, 'José Álvarez']], 2),
        ],
      },
    },
    events: { fetchedAt: now, data: [{ id: 1, name: 'Winter concert', description: '', type: 'Concert', date: '2026-11-28' }] },
    status: {},
    me,
    ...overrides,
  };
}

type ViewProps = Parameters<typeof PopupView>[0];
const show = (popupData: PopupData, onRefresh = vi.fn(), more: Partial<ViewProps> = {}) =>
  render(<PopupView data={popupData} refreshing={false} now={now} onRefresh={onRefresh} onOpenOptions={vi.fn()} format={format} {...more} />);

const song: NonNullable<ViewProps['onSong']> = {
  view: { live: true, nowPlaying: { song: { id: 'A', title: 'Ubi caritas', key: 'F' }, sections: [] } },
  choices: { wordsOpen: false, showChords: true },
  onChoose: vi.fn(),
};

describe('PopupView', () => {
  it('opens the choir data health page from its menu', () => {
    const onOpenHealth = vi.fn();
    show(data(), vi.fn(), { onOpenHealth });
    fireEvent.click(screen.getByRole('button', { name: 'Choir data health' }));
    expect(onOpenHealth).toHaveBeenCalled();
  });

  it('shows my shifts first, in local time, with who else is on them', () => {
    const { container } = show(data());
    const mine = container.querySelector('.my-shifts .shift')!;
    expect(mine.textContent).toContain('Mon 23 Nov');
    expect(mine.textContent).toContain('19:00–22:00');
    expect(mine.textContent).toContain('With Zoë Ní Bhriain');
    expect(screen.getByText('Updated 5 minutes ago')).toBeTruthy();
  });

  it('puts my shifts first, then the song on the iPad, then help wanted and what is coming, the week last, in reading and keyboard order', () => {
    const { container } = show(data(), vi.fn(), { onSong: song });
    const sections = [...container.querySelectorAll('main > section')].map((section) => section.className.split(' ')[0]);
    expect(sections).toEqual(['my-shifts', 'now-playing', 'could-help', 'events', 'rota']);
    // Nothing reorders what is drawn, so Tab follows the order read above.
    expect(container.querySelector('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])')).toBeNull();
  });

  it('offers to pause Descant on the tab’s site, and to resume it once paused', () => {
    const onTogglePause = vi.fn();
    const { container, rerender } = show(data(), vi.fn(), { site: { origin: 'https://www.3r.org.uk', paused: false, onTogglePause } });
    fireEvent.click(screen.getByRole('button', { name: 'Pause Descant on this site' }));
    expect(onTogglePause).toHaveBeenCalledOnce();
    rerender(<PopupView data={data()} refreshing={false} now={now} onRefresh={vi.fn()} onOpenOptions={vi.fn()} format={format} site={{ origin: 'https://www.3r.org.uk', paused: true, onTogglePause }} />);
    expect(screen.getByRole('button', { name: 'Resume Descant on this site' })).toBeTruthy();
    expect(container.querySelector('.paused-site')!.textContent).toBe('Descant is paused on www.3r.org.uk: it shows nothing on its pages.');
  });

  it("points from \"All my shifts (.ics)\" to Three Rings' own feed, on the member's own Three Rings page", async () => {
    const { container } = show(data({ shifts: { fetchedAt: now, data: { from: '2026-11-21', to: '2026-12-06', shifts: [shift(10, '2026-11-23T19:00:00.000Z', [[1, 'Alex Morgan']]), shift(12, '2026-11-25T19:00:00.000Z', [[1, 'Alex Morgan']])] } } }));
    const all = container.querySelector<HTMLDetailsElement>('.my-shifts > .add-to-calendar')!;
    all.open = true;
    fireEvent(all, new Event('toggle'));
    await waitFor(() => expect(all.querySelector('.calendar-feed')).not.toBeNull());
    expect(all.querySelector('.calendar-feed')!.textContent).toContain("subscribe to Three Rings' own feed of your shifts");
    expect(all.querySelector<HTMLAnchorElement>('.calendar-feed a')!.href).toBe('https://www.3r.org.uk/directory/1');
  });

  it('offers no pause on a tab Descant does not draw on', () => {
    show(data());
    expect(screen.queryByRole('button', { name: /Pause Descant/ })).toBeNull();
  });

  it('lists the week’s rota by day with unfilled places, and coming events', () => {
    const { container } = show(data());
    expect([...container.querySelectorAll('.rota h3')].map((heading) => heading.textContent)).toEqual(['Mon 23 Nov', 'Tue 24 Nov']);
    expect(container.querySelector('.rota [data-shift-id="11"]')!.textContent).toContain('2 places to fill');
    expect(container.querySelector('.rota [data-shift-id="10"] .person.me')!.textContent).toBe('You');
    expect(container.querySelector('.events')!.textContent).toContain('Winter concert');
  });

  it('shows a loading state before anything is cached', () => {
    show(data({ shifts: null, events: null }));
    expect(screen.getByRole('status').textContent).toBe('Loading your rota from Three Rings…');
  });

  it('when signed out, says so with a sign-in link and keeps the cached shifts, marked stale', () => {
    const { container } = show(data({ status: { problem: { kind: 'signed-out', service: 'threeRings' }, problemAt: now } }));
    expect(screen.getByRole('alert').textContent).toContain("You're signed out of Three Rings.");
    expect(screen.getByRole('link', { name: 'Sign in to Three Rings' }).getAttribute('href')).toBe('https://www.3r.org.uk/');
    expect(container.querySelector('[data-stale]')!.textContent).toContain('5 minutes ago');
    expect(container.querySelectorAll('.my-shifts .shift')).toHaveLength(1);
  });

  it('explains a bad reply with the endpoint and path', () => {
    show(data({ status: { problem: { kind: 'bad-response', service: 'threeRings', endpoint: '/shift.json', detail: 'shifts.0.duration: expected number' } } }));
    expect(screen.getByRole('alert').textContent).toContain('/shift.json: shifts.0.duration: expected number');
  });

  it('has empty states', () => {
    show(data({ shifts: { fetchedAt: now, data: { from: '', to: '', shifts: [] } }, events: { fetchedAt: now, data: [] } }));
    expect(screen.getByText('You have no shifts in the next 14 days.')).toBeTruthy();
    expect(screen.getByText('No shifts on the rota in the next 7 days.')).toBeTruthy();
    expect(screen.getByText('No upcoming events.')).toBeTruthy();
  });

  it('asks who I am when it does not know', () => {
    show(data({ me: null }));
    expect(screen.getByText(/doesn't know which volunteer you are/)).toBeTruthy();
  });

  it('renders hostile names as inert text', () => {
    const hostile = '<img src=x onerror="globalThis.pwned=1"> Mallory';
    const { container } = show(data({ shifts: { fetchedAt: now, data: { from: '', to: '', shifts: [shift(12, '2026-11-23T10:00:00.000Z', [[1, 'Alex'], [6, hostile]])] } } }));
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain(hostile);
  });

  it('refreshes from the keyboard-reachable button', () => {
    const onRefresh = vi.fn();
    show(data(), onRefresh);
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(onRefresh).toHaveBeenCalledOnce();
  });
});

describe('first run', () => {
  const view = (setUp: PopupData['setUp'], onOpenOptions = vi.fn()) => {
    render(<PopupView data={data({ setUp })} refreshing={false} now={now} onRefresh={vi.fn()} onOpenOptions={onOpenOptions} format={format} />);
    return onOpenOptions;
  };

  it('shows the three steps in order, each ticked once done, the last opening Settings', () => {
    const onOpenOptions = view({ signedIn: true, pageOpened: false, profile: false });
    const steps = screen.getAllByRole('listitem').filter((item) => item.closest('.first-run'));
    expect(steps.map((step) => step.textContent)).toEqual([
      '✓ Sign in to Three Rings (done)',
      '○ Open any Three Rings page, so Descant learns who you are',
      "○ Import your choir's profile, or set its addresses, in Settings",
    ]);
    expect(steps.map((step) => step.classList.contains('done'))).toEqual([true, false, false]);
    fireEvent.click(screen.getByRole('button', { name: "Import your choir's profile, or set its addresses, in Settings" }));
    expect(onOpenOptions).toHaveBeenCalledOnce();
  });

  it('is gone once everything is set up, and not drawn from an older snapshot that does not know', () => {
    view({ signedIn: true, pageOpened: true, profile: true });
    expect(screen.queryByRole('heading', { name: 'Getting started' })).toBeNull();
    document.body.innerHTML = '';
    view(undefined);
    expect(screen.queryByRole('heading', { name: 'Getting started' })).toBeNull();
  });
});
