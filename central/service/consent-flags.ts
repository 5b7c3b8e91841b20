import type { ConsentCategory, ConsentRepository } from '../store';
import type { ConsentFlags } from '../answers';

/** The categories a ResultOfQualificationConfirmation reports (§5.1). */
const REPORTED: ReadonlyArray<ConsentCategory & keyof ConsentFlags> = ['pharmaceutical', 'specific-health-checkup', 'diagnosis', 'operation'];

/** The consents this facility holds for this person at `now`, in the answer builder's shape. */
export function consentFlagsAt(consents: ConsentRepository, facilityId: number, personId: number, now: Date): ConsentFlags {
  const flags: ConsentFlags = {};
  for (const consent of consents.findValid({ facilityId, personId, at: now })) {
    if ((REPORTED as ReadonlyArray<string>).includes(consent.category)) {
      flags[consent.category as keyof ConsentFlags] = { consentedAt: consent.consentedAt, expiresAt: consent.expiresAt };
    }
  }
  return flags;
}
