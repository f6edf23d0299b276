import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/preact';
import { mailtoLink, telLink } from '@/lib/contact-links';
import { PersonCard } from '@/components/badges/PersonCard';

describe('links from remote data', () => {
  it('makes a mailto: link only for one plain address', () => {
    expect(mailtoLink('ann.lee@example.org')).toBe('mailto:ann.lee@example.org');
    expect(mailtoLink('Ann.Lee+choir@Example.co.uk')).toBe('mailto:Ann.Lee+choir@Example.co.uk');
    for (const hostile of ['a@b.org?bcc=x@evil.example', 'a@b.org&cc=x@evil.example', 'a@b.org, x@evil.example', 'a@b.org\nBcc: x@evil.example', 'a b@b.org', 'a@b.org%0Abcc', 'a@b', 'javascript:alert(1)//@b.org', '']) {
      expect(mailtoLink(hostile)).toBeUndefined();
    }
  });

  it('makes a tel: link of digits and a leading + only', () => {
    expect(telLink('+44 7700 900871')).toBe('tel:+447700900871');
    expect(telLink('(0117) 496-0000')).toBe('tel:01174960000');
    for (const hostile of ['+44 7700 900871?call=1', 'javascript:alert(1)', '12', '07700 900871 ext. 5', '++44 1']) expect(telLink(hostile)).toBeUndefined();
  });

  it('shows an address that is not plainly one as text in the card, with no link', () => {
    const person = { name: 'Ann Lee', email: 'a@b.org?bcc=x@evil.example', phone: '+44 7700 900871', links: {} };
    const { container } = render(<PersonCard person={person} position={{ top: 0, left: 0 }} onClose={() => {}} onEnter={() => {}} onLeave={() => {}} />);
    expect(container.textContent).toContain('a@b.org?bcc=x@evil.example');
    expect(container.querySelector('a[href^="mailto:"]')).toBeNull();
    expect(container.querySelector('a[href^="tel:"]')!.getAttribute('href')).toBe('tel:+447700900871');
  });
});
