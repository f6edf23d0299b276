import { SERVICE_NAMES, type Problem } from '@/lib/problems';
import { t } from '@/lib/i18n';
import { formatClock, type FormatOptions } from '@/lib/format';
import { THREE_RINGS_ORIGIN } from '@/lib/three-rings/origin';

interface Props {
  problem: Problem;
  format?: FormatOptions;
  /** Where the member signs in to this service (Three Rings' own address if not given). */
  siteUrl?: string;
  /** Offered where the next step is in Settings (an API sign-in, a permission). */
  onOpenSettings?: () => void;
}

/** One plain sentence saying what went wrong and what to do next. */
export function ProblemBanner({ problem, format, siteUrl = THREE_RINGS_ORIGIN, onOpenSettings }: Props) {
  const service = SERVICE_NAMES[problem.service];
  // Where Settings holds the other way in: HarmonySite's API sign-in, CiviCRM's API key and choice of API.
  const settingsStep =
    ['token-expired', 'permission-missing'].includes(problem.kind) ||
    (problem.kind === 'signed-out' && (problem.service === 'harmonySite' || problem.service === 'civiCrm')) ||
    (problem.kind === 'api-disabled' && problem.service === 'civiCrm');
  return (
    <div class="problem" role="alert" data-problem={problem.kind} data-service={problem.service}>
      <p>{problemSentence(problem, format)}</p>
      {problem.kind === 'signed-out' && (
        <a class="button" href={`${siteUrl}/`} target="_blank" rel="noreferrer">
          {t('problemSignIn', [service])}
        </a>
      )}
      {settingsStep && onOpenSettings && (
        <button type="button" class="button" onClick={onOpenSettings}>
          {t('problemOpenSettings')}
        </button>
      )}
      {problem.kind === 'bad-response' && (
        <p class="detail">{t('problemDetail', [`${problem.endpoint}: ${problem.detail}`])}</p>
      )}
    </div>
  );
}

export function problemSentence(problem: Problem, format?: FormatOptions): string {
  const service = SERVICE_NAMES[problem.service];
  if (problem.service === 'onSong') {
    // The iPad is a device in the room, not a website: its problems have their own words.
    if (problem.kind === 'offline' || problem.kind === 'timeout') return t('problemOnSongUnreachable');
    if (problem.kind === 'token-expired') return t('problemOnSongNotPaired');
  }
  if (problem.service === 'civiCrm') {
    // CiviCRM is reached with the member's session or with keys typed in Settings.
    if (problem.kind === 'signed-out') return t('problemSignedOutCiviCrm');
    if (problem.kind === 'token-expired') return t('problemCiviCrmKeyRefused');
    if (problem.kind === 'api-disabled') return t('problemCiviCrmNoApi');
  }
  switch (problem.kind) {
    case 'signed-out':
      return problem.service === 'harmonySite' ? t('problemSignedOutHarmonySite') : t('problemSignedOut', [service]);
    case 'token-expired':
      return t('problemTokenExpired', [service]);
    case 'api-disabled':
      return t('problemApiDisabled', [service]);
    case 'service-error':
      return t('problemServiceError', [service, problem.message]);
    case 'forbidden':
      return t('problemForbidden', [service]);
    case 'rate-limited':
      return t('problemRateLimited', [service, formatClock(problem.retryAt, format)]);
    case 'server-busy':
      return t('problemServerBusy', [service, formatClock(problem.retryAt, format)]);
    case 'offline':
      return t('problemOffline', [service]);
    case 'timeout':
      return t('problemTimeout', [service]);
    case 'permission-missing':
      return t('problemPermission', [problem.origin]);
    case 'bad-response':
      return t('problemBadResponse', [service]);
  }
}
