import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';

export interface OnSongState {
  /** The iPad in use, if any, and whether the choir profile's token pairs it. */
  device?: { origin: string; fromProfile: boolean };
  /** A pairing under way: the member may need to tap Allow on the iPad. */
  pairing?: 'looking' | 'waiting-for-allow';
  /** The address to offer: the profile's, else the one last paired with. */
  suggestedAddress: string;
  apiKeySet: boolean;
}

export interface OnSongActions {
  pairOnSong(address: string): void;
  unpairOnSong(): void;
  checkOnSong(): void;
  saveOnSongApiKey(key: string): void;
}

/** Pairing with OnSong on the choir's iPad: type its address, tap Allow on the iPad, done. */
export function OnSongSection({ state, actions }: { state: OnSongState; actions: OnSongActions }) {
  const [address, setAddress] = useState(state.suggestedAddress);
  const [apiKey, setApiKey] = useState('');
  return (
    <section aria-labelledby="onsong-heading" class="onsong">
      <h2 id="onsong-heading">{t('onSongHeading')}</h2>
      <p class="hint">{t('onSongIntro')}</p>
      {state.device && (
        <div class="row onsong-paired">
          <p>{state.device.fromProfile ? t('onSongPairedByProfile', [state.device.origin]) : t('onSongPaired', [state.device.origin])}</p>
          <button type="button" onClick={actions.checkOnSong}>
            {t('onSongCheck')}
          </button>
          {!state.device.fromProfile && (
            <button type="button" onClick={actions.unpairOnSong}>
              {t('onSongUnpair')}
            </button>
          )}
        </div>
      )}
      {!state.device?.fromProfile && (
        <form
          class="onsong-pair"
          onSubmit={(event) => {
            event.preventDefault();
            actions.pairOnSong(address);
          }}
        >
          <label class="field">
            <span>{t('onSongAddress')}</span>
            <input name="onSongAddress" inputMode="url" autoComplete="off" spellcheck={false} value={address} onInput={(event) => setAddress((event.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" disabled={!!state.pairing || !address.trim()}>
            {t('onSongPair')}
          </button>
          {state.pairing && (
            <p class="onsong-progress" role="status">
              {state.pairing === 'waiting-for-allow' ? t('onSongWaitingForAllow') : t('onSongLooking')}
            </p>
          )}
        </form>
      )}
      {state.apiKeySet ? (
        <div class="row">
          <p>{t('onSongApiKeySet')}</p>
          <button type="button" onClick={() => actions.saveOnSongApiKey('')}>
            {t('onSongApiKeyRemove')}
          </button>
        </div>
      ) : (
        <form
          class="onsong-api-key"
          onSubmit={(event) => {
            event.preventDefault();
            actions.saveOnSongApiKey(apiKey.trim());
            setApiKey('');
          }}
        >
          <label class="field">
            <span>{t('onSongApiKey')}</span>
            <input name="onSongApiKey" type="password" autoComplete="off" value={apiKey} onInput={(event) => setApiKey((event.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" disabled={!apiKey.trim()}>
            {t('onSongApiKeySave')}
          </button>
        </form>
      )}
    </section>
  );
}
