// What the staff console's audit viewer receives from the terminal (GET /api/console/audit). Types
// only; the log holds codes, times and account ids, and a 照会's person only as a keyed pseudonym.

export type AuditActorKindView = 'kiosk' | 'staff' | 'terminal';

export interface AuditRowView {
  readonly id: number;
  /** ISO 8601, UTC. */
  readonly at: string;
  /** As stored; a row edited in the file may hold another kind, which the verdict then reports. */
  readonly actorKind: string;
  readonly actorId: string;
  readonly event: string;
  readonly receptionId: string | null;
  readonly kioskId: string | null;
  readonly detail: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * The hash chain walked from the first row: unbroken with how many rows, or the first row where it
 * no longer holds and why (ID_GAP: a row missing or moved; BROKEN_LINK: a row not pointing at the one
 * before; HASH_MISMATCH: a row edited; HEAD_MISMATCH: rows cut off the end).
 */
export type AuditChainVerdictView =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly firstBadId: number; readonly reason: 'ID_GAP' | 'BROKEN_LINK' | 'HASH_MISMATCH' | 'HEAD_MISMATCH' };

export interface AuditPageView {
  /** Newest first. */
  readonly rows: readonly AuditRowView[];
  /** The `before` of the next, older page; null on the last. */
  readonly nextBefore: number | null;
  readonly verdict: AuditChainVerdictView;
}
