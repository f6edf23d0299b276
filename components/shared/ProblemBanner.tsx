import type { Problem } from '@/lib/problems';
import { t } from '@/lib/i18n';
import { formatClock, type FormatOptions } from '@/lib/format';
import { THREE_RINGS_ORIGIN } from '@/lib/three-rings/origin';

interface Props {
  problem: Problem;
  format?: FormatOptions;
}

/** One plain sentence saying what went wrong and what to do next. */
export function ProblemBanner({ problem, format }: Props) {
  return (
    <div class="problem" role="alert" data-problem={problem.kind}>
      <p>{problemSentence(problem, format)}</p>
      {problem.kind === 'signed-out' && (
        <a class="button" href={`${THREE_RINGS_ORIGIN}/`} target="_blank" rel="noreferrer">
          {t('problemSignIn')}
        </a>
      )}
      {problem.kind === 'bad-response' && (
        <p class="detail">{t('problemDetail', [`${problem.endpoint}: ${problem.detail}`])}</p>
      )}
    </div>
  );
}

export function problemSentence(problem: Problem, format?: FormatOptions): string {
  switch (problem.kind) {
    case 'signed-out':
      return t('problemSignedOut');
    case 'forbidden':
      return t('problemForbidden');
    case 'rate-limited':
      return t('problemRateLimited', [formatClock(problem.retryAt, format)]);
    case 'server-busy':
      return t('problemServerBusy', [formatClock(problem.retryAt, format)]);
    case 'offline':
      return t('problemOffline');
    case 'timeout':
      return t('problemTimeout');
    case 'permission-missing':
      return t('problemPermission', [problem.origin]);
    case 'bad-response':
      return t('problemBadResponse');
  }
}
