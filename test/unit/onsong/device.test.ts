import { describe, expect, it } from 'vitest';
import { choirProfile, onSongDevice, resolveOnSongDevice } from '@/lib/store';

describe('resolveOnSongDevice', () => {
  it('is nothing until paired, then the paired iPad', async () => {
    expect(await resolveOnSongDevice()).toBeUndefined();
    await onSongDevice.setValue({ origin: 'http://192.168.1.20', token: 'a'.repeat(48), pairedAt: 1 });
    expect(await resolveOnSongDevice()).toEqual({ origin: 'http://192.168.1.20', token: 'a'.repeat(48), fromProfile: false });
  });

  it('takes a token from the choir profile without pairing, over one paired here', async () => {
    await onSongDevice.setValue({ origin: 'http://192.168.1.20', token: 'a'.repeat(48), pairedAt: 1 });
    await choirProfile.setValue({ onSong: { url: 'http://choir-ipad.local:5076', token: 'p'.repeat(40) } });
    expect(await resolveOnSongDevice()).toEqual({ origin: 'http://choir-ipad.local:5076', token: 'p'.repeat(40), fromProfile: true });
  });

  it('needs the token, not only the address, from the profile', async () => {
    await choirProfile.setValue({ onSong: { url: 'http://choir-ipad.local' } });
    expect(await resolveOnSongDevice()).toBeUndefined();
  });
});
