import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { envelopeField, readEnvelope } from '@/lib/net/envelope';

const fields = {
  status: envelopeField(['@attributes', 'status'], z.string()),
  count: envelopeField(['count'], z.number().int()),
  note: envelopeField(['note'], z.string().optional()),
};

describe('readEnvelope', () => {
  it('reads good fields, nested ones too, and logs nothing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(readEnvelope({ '@attributes': { status: 'okay' }, count: 2 }, fields, 'harmonySite', 'browse members')).toEqual({ status: 'okay', count: 2 });
    expect(warn).not.toHaveBeenCalled();
  });

  it('reads odd fields as undefined and names each path and type, never the value, in one warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const envelope = readEnvelope({ '@attributes': 'okay', count: '2', note: 7 }, fields, 'civiCrm', 'Contact.get (APIv4)');
    expect(envelope).toEqual({});
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('[Descant] civiCrm Contact.get (APIv4): odd envelope, payload used anyway', ['@attributes.status: missing', 'count: string', 'note: number']);
  });

  it('names keys beside the documented ones', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    readEnvelope({ shifts: [], total: null }, {}, 'threeRings', '/shift.json', { documentedKeys: ['shifts'] });
    expect(warn).toHaveBeenCalledWith(expect.any(String), ['total: null (not documented)']);
  });
});
