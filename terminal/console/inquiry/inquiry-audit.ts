import { createHmac } from 'node:crypto';
import type { InsuranceKeys } from './insurance-key-checks';

/**
 * Who looked up whom, within the store's audit rules (codes only, never a value a person typed:
 * store/README.md). The person asked about is kept as a keyed pseudonym: HMAC-SHA256 under the
 * facility's audit secret over the canonical keys, in upper-case hex. Without the secret it says
 * nothing (the keys are few digits and a birth date: a plain hash could be reversed by trying them
 * all); with it, an auditor answers "who asked about this person, when" by computing the person's
 * pseudonym and searching the log.
 */

export type InquiryAuditAction =
  /** 個別照会: detail subject, outcome (the validity or the failure code). */
  | 'INQUIRY_INDIVIDUAL'
  /** 一括照会, one per person sent: detail subject, job, row. */
  | 'INQUIRY_BULK_ROW_SENT'
  /** 一括照会 upload: detail job, counts. */
  | 'INQUIRY_BULK_SUBMITTED'
  /** 一括照会 results shown or exported: detail job (and the export's encoding). */
  | 'INQUIRY_BULK_VIEWED'
  | 'INQUIRY_BULK_EXPORTED';

export type InquiryAuditDetail = Readonly<Record<string, string | number | boolean>>;

export interface InquiryAuditEntry {
  readonly at: Date;
  /** The staff account that asked. */
  readonly staffId: string;
  readonly action: InquiryAuditAction;
  /** Codes only: pseudonyms, job ids, code values, counts. */
  readonly detail: InquiryAuditDetail;
}

export interface InquiryAudit {
  /** The person asked about as a code the log may keep: a keyed hash, never the keys. */
  subjectOf(keys: InsuranceKeys): string;
  /** Writes all entries or none; a rejection means nothing was recorded (the inquiry is then not answered). */
  record(entries: readonly InquiryAuditEntry[]): Promise<void>;
}

/** The least a secret may have: HMAC-SHA256's own block of guessing resistance. */
export const MIN_AUDIT_SECRET_BYTES = 32;

/** The subject pseudonym: the same person (by the keys the central system matches on) gives the same code. */
export function keyedSubjectPseudonym(secret: Uint8Array): (keys: InsuranceKeys) => string {
  if (secret.length < MIN_AUDIT_SECRET_BYTES) throw new RangeError(`the audit secret needs at least ${MIN_AUDIT_SECRET_BYTES} bytes`);
  const key = Buffer.from(secret);
  return (keys) => {
    const insurer = /^00\d{6}$/.test(keys.insurerNumber) ? keys.insurerNumber.slice(2) : keys.insurerNumber;
    const canonical = JSON.stringify(['v1', insurer, keys.symbol ?? '', keys.number, keys.branchNumber ?? '', keys.birthDate]);
    return createHmac('sha256', key).update(canonical, 'utf8').digest('hex').toUpperCase();
  };
}

/** What the terminal's store offers for access audits (SqliteReceptionStore.recordAccesses). */
export interface AccessAuditStore {
  recordAccesses(
    accesses: readonly { readonly actor: { readonly kind: 'staff'; readonly id: string }; readonly action: string; readonly at: Date; readonly detail?: InquiryAuditDetail }[],
  ): Promise<void>;
}

/** 照会's audit over the terminal's store, the subject pseudonymised with the facility's secret. */
export function storeInquiryAudit(store: AccessAuditStore, secret: Uint8Array): InquiryAudit {
  const subjectOf = keyedSubjectPseudonym(secret);
  return {
    subjectOf,
    record: (entries) => store.recordAccesses(entries.map((entry) => ({ actor: { kind: 'staff', id: entry.staffId }, action: entry.action, at: entry.at, detail: entry.detail }))),
  };
}
