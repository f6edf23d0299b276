import { useEffect, useRef } from 'preact/hooks';
import type { ProfileAddress } from '@/lib/options/profile-edit';
import { t, type MessageKey } from '@/lib/i18n';

/** A profile file that parsed, waiting for the member to confirm what it gives access to. */
export interface PendingImport {
  choir?: string;
  addresses: ProfileAddress[];
}

/** The file input that imports a profile: focus goes back to it once the member has answered. */
export const PROFILE_IMPORT_ID = 'profile-import';

const PURPOSE: Record<ProfileAddress['service'], MessageKey> = {
  harmonySite: 'profileConfirmHarmonySite',
  civiCrm: 'profileConfirmCiviCrm',
  onSong: 'profileConfirmOnSong',
};

interface Props {
  pending: PendingImport;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Every address an imported profile would open to Descant, and what for, before anything is kept. */
export function ProfileImportConfirm({ pending, onConfirm, onCancel }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panel.current?.focus();
    return returnFocusToImport;
  }, []);
  return (
    <div
      ref={panel}
      class="profile-confirm"
      role="group"
      aria-labelledby="profile-confirm-heading"
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h3 id="profile-confirm-heading">{t('profileConfirmHeading')}</h3>
      {pending.choir && (
        <p>
          {t('profileChoirName')}: <strong dir="auto">{pending.choir}</strong>
        </p>
      )}
      {pending.addresses.length > 0 ? (
        <>
          <p>{t('profileConfirmIntro')}</p>
          <ul class="profile-addresses">
            {pending.addresses.map((address) => (
              <li key={address.service} data-service={address.service}>
                <code>{address.origin}</code>: {t(PURPOSE[address.service])}
                {address.paired && ` ${t('profileConfirmOnSongPaired')}`}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('profileConfirmNone')}</p>
      )}
      <p class="hint">{t('profileConfirmAsk')}</p>
      <div class="row">
        <button type="button" class="primary" onClick={onConfirm}>
          {t('profileConfirmYes')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('profileConfirmCancel')}
        </button>
      </div>
    </div>
  );
}

/**
 * Closing the step takes the focused button with it: focus goes back to the import button on
 * the next frame (the page may have been drawn anew meanwhile), unless it has moved elsewhere.
 */
function returnFocusToImport(): void {
  requestAnimationFrame(() => {
    if (!document.activeElement || document.activeElement === document.body) document.getElementById(PROFILE_IMPORT_ID)?.focus();
  });
}
