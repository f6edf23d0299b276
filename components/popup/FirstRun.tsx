import { t, type MessageKey } from '@/lib/i18n';
import { SET_UP_STEPS, type SetUp } from '@/lib/views/first-run';
import { THREE_RINGS_ORIGIN } from '@/lib/three-rings/origin';

const STEP_TEXT: Record<(typeof SET_UP_STEPS)[number], MessageKey> = {
  signedIn: 'firstRunSignIn',
  pageOpened: 'firstRunOpenPage',
  profile: 'firstRunProfile',
};

/** Until everything is set up: the three steps in order, each ticked once done. */
export function FirstRun({ setUp, onOpenOptions }: { setUp: SetUp; onOpenOptions: () => void }) {
  return (
    <section aria-labelledby="first-run-heading" class="first-run">
      <h2 id="first-run-heading">{t('firstRunHeading')}</h2>
      <ol>
        {SET_UP_STEPS.map((step) => (
          <li key={step} class={setUp[step] ? 'done' : undefined}>
            <span class="tick" aria-hidden="true">
              {setUp[step] ? '✓' : '○'}
            </span>{' '}
            <StepAction step={step} onOpenOptions={onOpenOptions} />
            {setUp[step] && <span class="visually-hidden"> ({t('firstRunDone')})</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function StepAction({ step, onOpenOptions }: { step: (typeof SET_UP_STEPS)[number]; onOpenOptions: () => void }) {
  if (step === 'profile') {
    return (
      <button type="button" class="link-button" onClick={onOpenOptions}>
        {t(STEP_TEXT[step])}
      </button>
    );
  }
  return (
    <a href={`${THREE_RINGS_ORIGIN}/`} target="_blank" rel="noopener noreferrer">
      {t(STEP_TEXT[step])}
    </a>
  );
}
