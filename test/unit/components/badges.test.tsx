import { describe, expect, it, vi } from 'vitest';
import { render } from '@testing-library/preact';
import { memberBadge as badgeOfFacts, shiftBadge, type BadgeForm } from '@/components/badges/badges';
import { badgeFacts } from '@/lib/people/badge-facts';
import type { FormatOptions } from '@/lib/format';
import { PersonCard } from '@/components/badges/PersonCard';
import type { PersonSummary } from '@/lib/model';

/** A badge as a page gets it: from the facts the background hands that site. */
const memberBadge = (person: PersonSummary, site: 'threeRings' | 'harmonySite', format?: FormatOptions, form?: BadgeForm) =>
  badgeOfFacts(badgeFacts(person, site), site, { format, form });

const hostile = '<img src=x onerror=alert(1)>"Quotes" & </script>';
const civiCrm = { membership: { type: 'Singing member', status: 'Current', endDate: '2026-12-31' }, groups: ['Choir members', 'Committee'] };
const links = { threeRings: 'https://www.3r.org.uk/directory/1', civiCrm: 'https://crm.example.org/civicrm/contact/view?reset=1&cid=100' };

describe('member badges with CiviCRM', () => {
  it('adds the CiviCRM membership to the voice part and status on Three Rings', () => {
    const person: PersonSummary = { name: 'Ann Lee', voicePart: 'Alto 1', membershipStatus: 'Active', civiCrm, links: { ...links, harmonySite: 'https://hs.example.org/x' } };
    expect(memberBadge(person, 'threeRings')?.text).toBe('Alto 1 · Active · Singing member (Current)');
  });

  it('says "In CiviCRM" for someone CiviCRM knows with no membership', () => {
    expect(memberBadge({ name: 'Bob Roy', civiCrm: { groups: ['Newsletter'] }, links }, 'threeRings')?.text).toBe('In CiviCRM');
  });

  it('adds the membership to the next shift on HarmonySite, shows only it without one, and no badge with neither', () => {
    const volunteer: PersonSummary = { name: 'Ann Lee', civiCrm, links };
    expect(memberBadge(volunteer, 'harmonySite')?.text).toBe('Singing member (Current)');
    // Nothing to say (no shift coming, no membership): no badge, rather than "No shift soon" on every row.
    expect(memberBadge({ ...volunteer, civiCrm: undefined }, 'harmonySite')).toBeNull();
    const notVolunteer: PersonSummary = { name: 'Cy Dunn', civiCrm, links: { civiCrm: links.civiCrm } };
    expect(memberBadge(notVolunteer, 'harmonySite')?.text).toBe('Singing member (Current)');
  });

  it('hands each site only what its badges say: no email, phone, groups, links or end date', () => {
    const person: PersonSummary = {
      name: 'Ann Lee', voicePart: 'Alto 1', membershipStatus: 'Active', email: 'ann@example.org', phone: '+44 1234 567890', civiCrm,
      nextShift: { id: 9, start: '2027-03-30T16:15:00Z', end: '2027-03-30T17:00:00Z', allDay: false, rota: 'Car Park' }, links: { ...links, harmonySite: 'https://hs.example.org/x' },
    };
    const membership = { type: 'Singing member', status: 'Current' };
    expect(badgeFacts(person, 'threeRings')).toEqual({ name: 'Ann Lee', voicePart: 'Alto 1', membershipStatus: 'Active', membership, onOtherSite: true });
    expect(badgeFacts(person, 'harmonySite')).toEqual({
      name: 'Ann Lee', membership, onOtherSite: true, nextShift: { start: '2027-03-30T16:15:00Z', end: '2027-03-30T17:00:00Z', allDay: false, rota: 'Car Park' },
    });
  });

  describe('on HarmonySite, a long next shift gives way to the membership (as on 2027-03-28, when the CiviCRM end-to-end test lost it)', () => {
    const us = { locale: 'en-US', timeZone: 'Europe/London' };
    // CLDR puts narrow no-break spaces in times; which ones differs between ICU versions.
    const textOf = (badge: { text: string } | null) => badge?.text.replace(/\s/g, ' ');
    const withShift = (start: string, end: string, rota: string, allDay = false): PersonSummary => ({
      name: 'Ann Lee', civiCrm, links, nextShift: { id: 1, start, end, allDay, rota },
    });

    it('gives the end time and the rota name way, in that order, before the membership', () => {
      // 17:15–18:00 London, the Tuesday after the clocks went forward.
      const badge = memberBadge(withShift('2027-03-30T16:15:00Z', '2027-03-30T17:00:00Z', 'Rehearsal Set-up'), 'harmonySite', us);
      expect(textOf(badge)).toBe('Next shift Tue, Mar 30 5:15 PM · Singing member (Current)');
      // Heard as seen (label in name): the rota it gave way for is in the card.
      expect(badge?.label).toBe(`Ann Lee: ${badge?.text}. Press Enter for more.`);
      const friend = { ...civiCrm, membership: { type: 'Friend', status: 'Grace' } };
      const withRoom = memberBadge({ ...withShift('2027-03-30T16:15:00Z', '2027-03-30T17:00:00Z', 'Rehearsal Set-up'), civiCrm: friend }, 'harmonySite', us);
      expect(textOf(withRoom)).toBe('Next shift Tue, Mar 30 5:15 – 6:00 PM · Friend (Grace)');
    });

    it('keeps only the start of an overnight shift across the clock change, and the membership whole', () => {
      const badge = memberBadge(withShift('2027-03-27T22:00:00Z', '2027-03-28T01:00:00Z', 'Concert Crew'), 'harmonySite', us);
      expect(textOf(badge)).toBe('Next shift Sat, Mar 27 10:00 PM · Singing member (Current)');
    });

    it('keeps the rota name when everything fits', () => {
      const badge = memberBadge({ ...withShift('2027-03-30T16:15:00Z', '2027-03-30T17:00:00Z', 'Car Park'), civiCrm: undefined }, 'harmonySite', us);
      expect(textOf(badge)).toBe('Next shift Tue, Mar 30 5:15 – 6:00 PM · Car Park');
    });

    it('cuts the text only when even the shortest forms are too long', () => {
      const longType = { ...civiCrm, membership: { ...civiCrm.membership, type: 'Singing member, concessionary rate for full-time students' } };
      const badge = memberBadge({ ...withShift('2027-03-30T16:15:00Z', '2027-03-30T17:00:00Z', 'Car Park'), civiCrm: longType }, 'harmonySite', us);
      expect([...badge!.text].length).toBeLessThanOrEqual(60);
      expect(textOf(badge)).toMatch(/^Next shift Tue, Mar 30 5:15 PM · Singing member.*…$/);
      // Cut after a whole word: the last word before the ellipsis is one of the type's own.
      const lastWord = textOf(badge)!.slice(0, -1).split(' ').at(-1)!;
      expect(longType.membership.type.split(/[ ,]+/)).toContain(lastWord.replace(/,$/, ''));
    });

    it('never cuts inside a word, nor leaves a separator before the ellipsis', () => {
      const person = { name: 'Ann Lee', voicePart: 'Alto 1', membershipStatus: 'Active', civiCrm: { membership: { type: 'Front of House and Concert Hall Stewards Association', status: 'Current' }, groups: [] }, links: { harmonySite: 'x' } };
      const text = memberBadge(person, 'threeRings')!.text;
      expect([...text].length).toBeLessThanOrEqual(60);
      expect(text.endsWith('…')).toBe(true);
      const words = text.slice(0, -1).split(/[ ·()]+/).filter(Boolean);
      const whole = new Set(['Alto', '1', 'Active', ...person.civiCrm.membership.type.split(' '), 'Current']);
      expect(words.every((word) => whole.has(word))).toBe(true);
      expect(text).not.toMatch(/[\s·]…$/);
    });
  });

  it('shows the CiviCRM membership, its end, the groups and a link in the card, all as text', () => {
    const person: PersonSummary = { name: hostile, civiCrm: { ...civiCrm, groups: [hostile] }, links: { civiCrm: links.civiCrm } };
    const { container } = render(<PersonCard person={person} position={{ top: 0, left: 0 }} format={{ locale: 'en-GB' }} onClose={vi.fn()} onEnter={vi.fn()} onLeave={vi.fn()} />);
    expect(container.querySelector('h2')!.textContent).toBe(hostile);
    expect(container.querySelector('img, script')).toBeNull();
    expect(container.textContent).toContain('Singing member · Current · until 31 Dec 2026');
    expect(container.textContent).toContain(`Groups${hostile}`);
    expect(container.querySelector('a[href*="cid=100"]')!.textContent).toBe('In CiviCRM');
    // No Three Rings record: no "next shift" row to mislead.
    expect(container.textContent).not.toContain('Next shift');
  });
});

describe('compact badges, for a day of the rota month calendar', () => {
  const alto: PersonSummary = { name: 'Ann Lee', voicePart: 'Alto 1', membershipStatus: 'Active', civiCrm, links: { ...links, harmonySite: 'https://hs.example.org/x' } };
  const compact = (person: PersonSummary) => memberBadge(person, 'threeRings', undefined, 'compact');

  it('says only the voice part, and everything in its spoken label; the full form is as before', () => {
    const badge = compact(alto);
    expect(badge).toMatchObject({ text: 'Alto 1', compact: true, opensCard: true });
    expect(badge?.label).toBe('Ann Lee: Alto 1 · Active · Singing member (Current). Press Enter for more.');
    expect(memberBadge(alto, 'threeRings')).toMatchObject({ text: 'Alto 1 · Active · Singing member (Current)', compact: false, label: badge?.label });
  });

  it('without a voice part, says the first thing there is: the status, the membership, or that they are known', () => {
    expect(compact({ ...alto, voicePart: undefined })?.text).toBe('Active');
    expect(compact({ ...alto, voicePart: undefined, membershipStatus: undefined })?.text).toBe('Singing member (Current)');
    expect(compact({ name: 'Bob Roy', civiCrm: { groups: ['Newsletter'] }, links })?.text).toBe('In CiviCRM');
  });

  it('still cuts an overlong voice part after a whole word (CSS cuts it again to the day\'s width)', () => {
    const text = compact({ ...alto, voicePart: 'Second Soprano in the Chamber Choir and the Community Chorus on Tuesdays' })!.text;
    expect([...text].length).toBeLessThanOrEqual(60);
    expect(text).toBe('Second Soprano in the Chamber Choir and the Community…');
  });

  it('says a shift in a word or two, in full in its spoken label, and opens no card', () => {
    const shift = (extra: object) => ({ id: 1, mine: false, ...extra });
    expect(shiftBadge(shift({ mine: true }), 'compact')).toEqual({ text: 'Your shift', label: 'Your shift', tone: 'mine', opensCard: false, compact: true });
    expect(shiftBadge(shift({ unfilledPlaces: 1 }), 'compact')).toMatchObject({ text: '1 to fill', label: '1 place to fill', tone: 'unfilled' });
    expect(shiftBadge(shift({ unfilledPlaces: 3 }), 'compact')).toMatchObject({ text: '3 to fill', label: '3 places to fill' });
    expect(shiftBadge(shift({ upForSwap: true }), 'compact')).toMatchObject({ text: 'swap', label: 'up for swap' });
    expect(shiftBadge(shift({ mine: true, unfilledPlaces: 2, upForSwap: true }), 'compact')).toMatchObject({
      text: 'Your shift · 2 to fill · swap',
      label: 'Your shift · 2 places to fill · up for swap',
    });
    expect(shiftBadge(shift({ unfilledPlaces: 0 }), 'compact')).toBeNull();
    // Elsewhere on the rota, the full text, plain.
    expect(shiftBadge(shift({ unfilledPlaces: 2, upForSwap: true }))).toEqual({ text: '2 places to fill · up for swap', tone: 'unfilled', opensCard: false, compact: false });
  });
});
