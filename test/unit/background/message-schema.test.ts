import { describe, expect, it } from 'vitest';
import { isAllowedSender, messageSchema } from '@/lib/background/message-schema';

const ID = 'descant-id';
const ROOT = 'chrome-extension://descant-id/';

describe('messageSchema', () => {
  it('accepts the documented messages', () => {
    expect(messageSchema.parse({ type: 'refresh', force: true })).toEqual({ type: 'refresh', force: true });
    expect(messageSchema.parse({ type: 'signedInAs', volunteerId: 7, name: ' Zoë ' })).toEqual({ type: 'signedInAs', volunteerId: 7, name: 'Zoë' });
  });

  it.each([
    [{ type: 'fetch', url: 'https://evil.example/' }, ['type']],
    [{ type: 'refresh', force: true, url: 'https://evil.example/' }, []],
    [{ type: 'signedInAs', volunteerId: -1, name: 'x' }, ['volunteerId']],
    [{ type: 'signedInAs', volunteerId: 7, name: 'x'.repeat(201) }, ['name']],
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
    expect(isAllowedSender(refresh, { id: ID, url: `${ROOT}popup.html` }, ID, ROOT)).toBe(true);
    expect(isAllowedSender(refresh, { id: ID, url: 'https://www.3r.org.uk/rota', tab }, ID, ROOT)).toBe(false);
  });

  it('believes who is signed in only from a Three Rings tab', () => {
    expect(isAllowedSender(signedIn, { id: ID, url: 'https://www.3r.org.uk/rota', tab }, ID, ROOT)).toBe(true);
    expect(isAllowedSender(signedIn, { id: ID, url: 'https://www.3r.org.uk.evil.example/', tab }, ID, ROOT)).toBe(false);
    expect(isAllowedSender(signedIn, { id: ID, url: 'https://www.3r.org.uk/rota' }, ID, ROOT)).toBe(false);
  });

  it('ignores other extensions', () => {
    expect(isAllowedSender(refresh, { id: 'someone-else', url: `${ROOT}popup.html` }, ID, ROOT)).toBe(false);
  });
});
