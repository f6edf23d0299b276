import type { PersonBadgeFacts, PersonSummary } from '../model';

/**
 * The part of a person's summary that their badge on `site` shows. Emails, phone numbers,
 * groups and links stay in the background until the member opens the card.
 */
export function badgeFacts(person: PersonSummary, site: 'threeRings' | 'harmonySite'): PersonBadgeFacts {
  const membership = person.civiCrm?.membership;
  const facts: PersonBadgeFacts = {
    name: person.name,
    onOtherSite: site === 'threeRings' ? !!person.links.harmonySite : !!person.links.threeRings,
    ...(membership && { membership: { type: membership.type, status: membership.status } }),
  };
  if (site === 'threeRings') {
    if (person.voicePart) facts.voicePart = person.voicePart;
    if (person.membershipStatus) facts.membershipStatus = person.membershipStatus;
  } else if (person.nextShift) {
    const { start, end, allDay, rota } = person.nextShift;
    facts.nextShift = { start, end, allDay, rota };
  }
  return facts;
}
