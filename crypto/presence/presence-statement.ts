import { createHash } from 'node:crypto';
import { concatBytes } from '../../kernel/bytes';

/**
 * The bytes a proof of presence signs (our design; the real 特定機関認証 protocol is unpublished): a
 * version tag, then each field as a 4-byte big-endian length and its bytes, in a fixed order. Length
 * prefixes make the encoding unambiguous: no two different field lists give the same bytes.
 */
export const PRESENCE_STATEMENT_TAG = 'OQS-MOCK-PRESENCE/1';

export interface PresenceStatementInput {
  /** 医療機関コード of the facility whose reader took the proof. */
  medicalInstitutionCode: string;
  /** The central system's fresh challenge, as issued. */
  challenge: Uint8Array;
  /** The card's 利用者証明用 certificate (DER); the statement holds its SHA-256. */
  certificateDer: Uint8Array;
  /** AuthenticationMethod: 1 顔認証, 2 暗証番号, 3 目視確認. */
  authenticationMethod: string;
  /** The consent screens' answers in a fixed order of names; an unasked category is `undefined`. */
  consents: ReadonlyArray<readonly [name: string, answer: string | undefined]>;
}

export function presenceStatement(input: PresenceStatementInput): Uint8Array {
  const text = (value: string) => Buffer.from(value, 'utf8');
  const fields: Uint8Array[] = [
    text(PRESENCE_STATEMENT_TAG),
    text(input.medicalInstitutionCode),
    input.challenge,
    createHash('sha256').update(input.certificateDer).digest(),
    text(input.authenticationMethod),
    // "-" for a question not asked: distinct from every answer code.
    ...input.consents.map(([name, answer]) => text(`${name}=${answer ?? '-'}`)),
  ];
  const parts: Uint8Array[] = [];
  for (const field of fields) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(field.length);
    parts.push(length, field);
  }
  return concatBytes(...parts);
}
