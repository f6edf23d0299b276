import { useState } from 'preact/hooks';
import type { Problem } from '@/lib/problems';
import { t } from '@/lib/i18n';
import { formatAgo } from '@/lib/format';
import { ProblemBanner } from '../shared/ProblemBanner';

export interface HarmonySiteState {
  origin: string | undefined;
  problem: Problem | undefined;
  memberCount: number | undefined;
  fetchedAt: number | undefined;
  /** Descant holds a token from the one-time API sign-in. */
  signedInForDescant: boolean;
  signingIn: boolean;
}

export interface HarmonySiteActions {
  signIn(username: string, password: string): void;
  signOut(): void;
}

/** The choir's HarmonySite: whether Descant can read it, and the one-time API sign-in when it can't. */
export function HarmonySiteSection({ state, actions, now }: { state: HarmonySiteState; actions: HarmonySiteActions; now: number }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  if (!state.origin) return null;
  const needsSignIn = state.problem?.kind === 'signed-out' || state.problem?.kind === 'token-expired';
  return (
    <section aria-labelledby="harmonysite-heading" class="harmonysite">
      <h2 id="harmonysite-heading">{t('harmonySiteHeading')}</h2>
      {state.problem ? (
        <ProblemBanner problem={state.problem} siteUrl={state.origin} />
      ) : (
        <p class="harmonysite-state">
          {state.fetchedAt !== undefined
            ? t('harmonySiteReady', [String(state.memberCount ?? 0), formatAgo(state.fetchedAt, now)])
            : t('harmonySiteNotYet')}
        </p>
      )}
      {state.signedInForDescant ? (
        <div class="row">
          <p>{t('harmonySiteSignedInForDescant')}</p>
          <button type="button" onClick={actions.signOut}>
            {t('harmonySiteSignOut')}
          </button>
        </div>
      ) : (
        <form
          class={needsSignIn ? 'harmonysite-sign-in wanted' : 'harmonysite-sign-in'}
          onSubmit={(event) => {
            event.preventDefault();
            actions.signIn(username.trim(), password);
            setPassword('');
          }}
        >
          <p class="hint">{t('harmonySiteSignInIntro')}</p>
          <label class="field">
            <span>{t('harmonySiteUsername')}</span>
            <input name="harmonySiteUsername" autoComplete="username" value={username} onInput={(event) => setUsername((event.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span>{t('harmonySitePassword')}</span>
            <input
              name="harmonySitePassword"
              type="password"
              autoComplete="current-password"
              value={password}
              onInput={(event) => setPassword((event.target as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" class="primary" disabled={state.signingIn || !username.trim() || !password}>
            {state.signingIn ? t('harmonySiteSigningIn') : t('harmonySiteSignIn')}
          </button>
        </form>
      )}
    </section>
  );
}
