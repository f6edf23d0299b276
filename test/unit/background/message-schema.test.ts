import { describe, expect, it } from 'vitest';
import { isAllowedSender, messageSchema } from '@/lib/background/message-schema';

const ID = 'descant-id';
const ROOT = 'chrome-extension://descant-id/';
const HS = 'https://stcecilia.harmonysite.test';
const context = { extensionId: ID, extensionRoot: ROOT, harmonySiteOrigin: HS };

describe('messageSchema', () => {
  it('accepts the documented messages', () => {
    expect(messageSchema.parse({ type: 'refresh', force: true })).toEqual({ type: 'refresh', force: true });
    expect(messageSchema.parse({ type: 'signedInAs', volunteerId: 7, name: ' Zoë ' })).toEqual({ type: 'signedInAs', volunteerId: 7, name: 'Zoë' });
    const health = { type: 'healthReport', view: { kind: 'noEmail', sort: 'nameReverse', count: 200 } };
    expect(messageSchema.parse(health)).toEqual(health);
  });

  it.each([
    [{ type: 'fetch', url: 'https://evil.example/' }, ['type']],
    [{ type: 'refresh', force: true, url: 'https://evil.example/' }, []],
    [{ type: 'signedInAs', volunteerId: -1, name: 'x' }, ['volunteerId']],
    [{ type: 'signedInAs', volunteerId: 7, name: 'x'.repeat(201) }, ['name']],
    [{ type: 'badgeData', site: 'elsewhere' }, ['site']],
    [{ type: 'pageFeatures', site: 'elsewhere' }, ['site']],
    [{ type: 'badgeData', site: 'threeRings', url: 'https://evil.example/' }, []],
    [{ type: 'personCard', site: 'threeRings', id: 0 }, ['id']],
    [{ type: 'personCard', site: 'threeRings', id: 7, email: true }, []],
    [{ type: 'harmonySiteSignIn', username: 'demo', password: '' }, ['password']],
    [{ type: 'healthReport', view: { kind: 'everything', sort: 'kind' } }, ['view', 'kind']],
    [{ type: 'healthReport', view: { kind: 'all', sort: 'kind', count: 0 } }, ['view', 'count']],
    [{ type: 'healthReport', view: { kind: 'all', sort: 'kind', url: 'https://evil.example/' } }, ['view']],
  ])('refuses %j, naming the path', (message, path) => {
    const result = messageSchema.safeParse(message);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(path);
  });
});

describe('isAllowedSender', () => {
  const refresh = { type: 'refresh', force: false } as const;
  const signedIn = { type: 'signedInAs', volunteerId: 7, name: 'Zoë' } as const;
  const tab = { id: 1, index: 0, highlighted: false, active: true, pinned: false, incognito: false };

  it('lets extension pages refresh, but not web pages', () => {
    expect(isAllowedSender(refresh, { id: ID, url: `${ROOT}popup.html` }, context)).toBe(true);
    expect(isAllowedSender(refresh, { id: ID, url: 'https://www.3r.org.uk/rota', tab }, context)).toBe(false);
  });

  it("gives the data health report (everyone's emails) to extension pages only", () => {
    const health = { type: 'healthReport', view: { kind: 'all', sort: 'kind' } } as const;
    expect(isAllowedSender(health, { id: ID, url: `${ROOT}health.html` }, context)).toBe(true);
    expect(isAllowedSender(health, { id: ID, url: 'https://www.3r.org.uk/directory', tab }, context)).toBe(false);
    expect(isAllowedSender(health, { id: ID, url: `${HS}/dbpage.php`, tab }, context)).toBe(false);
  });

  it('believes who is signed in only from a Three Rings tab', () => {
    expect(isAllowedSender(signedIn, { id: ID, url: 'https://www.3r.org.uk/rota', tab }, context)).toBe(true);
    expect(isAllowedSender(signedIn, { id: ID, url: 'https://www.3r.org.uk.evil.example/', tab }, context)).toBe(false);
    expect(isAllowedSender(signedIn, { id: ID, url: 'https://www.3r.org.uk/rota' }, context)).toBe(false);
  });

  it('answers badge questions only from the site the badges are for', () => {
    const onThreeRings = { type: 'badgeData' as const, site: 'threeRings' as const };
    const onHarmonySite = { type: 'badgeData' as const, site: 'harmonySite' as const };
    expect(isAllowedSender(onThreeRings, { id: ID, url: 'https://www.3r.org.uk/directory', tab }, context)).toBe(true);
    expect(isAllowedSender(onThreeRings, { id: ID, url: `${HS}/dbpage.php`, tab }, context)).toBe(false);
    expect(isAllowedSender(onHarmonySite, { id: ID, url: `${HS}/dbpage.php?pg=admin`, tab }, context)).toBe(true);
    expect(isAllowedSender(onHarmonySite, { id: ID, url: 'https://other.harmonysite.test/dbpage.php', tab }, context)).toBe(false);
    expect(isAllowedSender(onHarmonySite, { id: ID, url: `${HS}/dbpage.php`, tab }, { ...context, harmonySiteOrigin: undefined })).toBe(false);
  });

  it("says which features are on only to the site's own pages", () => {
    const features = { type: 'pageFeatures' as const, site: 'harmonySite' as const };
    expect(isAllowedSender(features, { id: ID, url: `${HS}/dbpage.php`, tab }, context)).toBe(true);
    expect(isAllowedSender(features, { id: ID, url: 'https://www.3r.org.uk/directory', tab }, context)).toBe(false);
    expect(isAllowedSender({ ...features, site: 'threeRings' }, { id: ID, url: 'https://www.3r.org.uk/directory', tab }, context)).toBe(true);
  });

  it("hands out a person's card only to the site the card is for", () => {
    const card = { type: 'personCard' as const, site: 'threeRings' as const, id: 41 };
    expect(isAllowedSender(card, { id: ID, url: 'https://www.3r.org.uk/directory', tab }, context)).toBe(true);
    expect(isAllowedSender(card, { id: ID, url: `${HS}/dbpage.php`, tab }, context)).toBe(false);
    expect(isAllowedSender({ ...card, site: 'harmonySite' }, { id: ID, url: 'https://www.3r.org.uk/directory', tab }, context)).toBe(false);
  });

  it('takes a HarmonySite password only from our own settings page', () => {
    const signIn = { type: 'harmonySiteSignIn', username: 'demo', password: 'choir' } as const;
    expect(isAllowedSender(signIn, { id: ID, url: `${ROOT}options.html` }, context)).toBe(true);
    expect(isAllowedSender(signIn, { id: ID, url: `${HS}/dbpage.php`, tab }, context)).toBe(false);
  });

  it('ignores other extensions', () => {
    expect(isAllowedSender(refresh, { id: 'someone-else', url: `${ROOT}popup.html` }, context)).toBe(false);
  });
});
