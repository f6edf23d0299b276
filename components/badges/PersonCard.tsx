import type { PersonSummary } from '@/lib/model';
import { t } from '@/lib/i18n';
import { formatLongDate, formatDay, formatTimeRange, type FormatOptions } from '@/lib/format';
import { mailtoLink, telLink } from '@/lib/contact-links';

interface Props {
  person: PersonSummary;
  position: { top: number; left: number };
  format?: FormatOptions;
  onClose: () => void;
  /** The pointer or focus came into the card. */
  onEnter: () => void;
  /** The pointer left, or focus left for `to` (null when it left the page or went nowhere). */
  onLeave: (to: Node | null) => void;
}

/** More about one person, beside their badge. Every value is text from the member's own sign-ins. */
export function PersonCard({ person, position, format, onClose, onEnter, onLeave }: Props) {
  const shift = person.nextShift;
  const membership = person.civiCrm?.membership;
  return (
    <div
      class="card"
      role="dialog"
      aria-label={person.name}
      tabIndex={-1}
      style={{ top: `${position.top}px`, left: `${position.left}px` }}
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
      onMouseEnter={onEnter}
      onMouseLeave={() => onLeave(null)}
      onFocusIn={onEnter}
      onFocusOut={(event) => onLeave(event.relatedTarget as Node | null)}
    >
      <h2>{person.name}</h2>
      <dl>
        {person.voicePart && <Row label={t('cardVoicePart')} value={person.voicePart} />}
        {person.membershipStatus && <Row label={t('cardStatus')} value={person.membershipStatus} />}
        {person.email && <Row label={t('cardEmail')} value={<LinkOrText href={mailtoLink(person.email)} text={person.email} />} />}
        {person.phone && <Row label={t('cardPhone')} value={<LinkOrText href={telLink(person.phone)} text={person.phone} />} />}
        {person.links.threeRings && (
          <Row
            label={t('cardNextShift')}
            value={shift ? `${formatDay(shift.start, format)} ${shift.allDay ? t('shiftAllDay') : formatTimeRange(shift.start, shift.end, format)} · ${shift.rota}` : t('badgeNoShiftSoon')}
          />
        )}
        {membership && (
          <Row
            label={t('cardCiviMembership')}
            value={[membership.type, membership.status, membership.endDate && t('cardUntil', [formatLongDate(membership.endDate, format)])].filter(Boolean).join(' · ')}
          />
        )}
        {person.civiCrm && person.civiCrm.groups.length > 0 && <Row label={t('cardGroups')} value={person.civiCrm.groups.join(', ')} />}
      </dl>
      <p class="links">
        {person.links.threeRings && (
          <a href={person.links.threeRings} target="_blank" rel="noopener noreferrer">
            {t('cardOnThreeRings')}
          </a>
        )}
        {person.links.harmonySite && (
          <a href={person.links.harmonySite} target="_blank" rel="noopener noreferrer">
            {t('cardOnHarmonySite')}
          </a>
        )}
        {person.links.civiCrm && (
          <a href={person.links.civiCrm} target="_blank" rel="noopener noreferrer">
            {t('cardOnCiviCrm')}
          </a>
        )}
      </p>
    </div>
  );
}

function LinkOrText({ href, text }: { href: string | undefined; text: string }) {
  return href ? <a href={href}>{text}</a> : <>{text}</>;
}

function Row({ label, value }: { label: string; value: preact.ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
