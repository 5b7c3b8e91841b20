import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { importSigningKey } from './certificate-builder';
import type { PkiCryptoEngine } from '../engine';
import { certificateTime } from './dates';
import { authorityKeyIdentifier, crlNumber, crlReasonCode, keyIdentifierOf } from './extensions';
import { parseCaCertificate } from './issued-under';
import { CRL_REASON_CODES } from './revocations';
import type { CrlReason } from './revocations';
import { serialNumberFromHex } from './serial-numbers';
import type { KeyAndCertificate } from './types';

/**
 * A v2 CRL (RFC 5280 §5) signed sha256WithRSA by `ca`, with authorityKeyIdentifier and cRLNumber.
 * Entries keep the order given; a RevocationEntry of the TestPki fits as it is.
 */
export interface CrlEntryInput {
  serialNumberHex: string;
  /** ISO 8601 instant. */
  revokedAt: string;
  reason?: CrlReason;
}

export async function buildCrl(
  ca: KeyAndCertificate,
  entries: ReadonlyArray<CrlEntryInput>,
  thisUpdate: Date,
  nextUpdate: Date,
  engine: PkiCryptoEngine,
  options: { crlNumber?: number } = {},
): Promise<Uint8Array> {
  const caCertificate = parseCaCertificate(ca);
  const crl = new pkijs.CertificateRevocationList({
    version: 1, // v2
    issuer: caCertificate.subject,
    thisUpdate: certificateTime(thisUpdate),
    nextUpdate: certificateTime(nextUpdate),
    crlExtensions: new pkijs.Extensions({
      extensions: [authorityKeyIdentifier(keyIdentifierOf(ca.publicKeySpki)), crlNumber(options.crlNumber ?? 1)],
    }),
  });
  if (entries.length > 0) {
    crl.revokedCertificates = entries.map(
      (entry) =>
        new pkijs.RevokedCertificate({
          userCertificate: new asn1js.Integer({ valueHex: serialNumberFromHex(entry.serialNumberHex) }),
          revocationDate: certificateTime(new Date(entry.revokedAt)),
          ...(entry.reason === undefined
            ? {}
            : { crlEntryExtensions: new pkijs.Extensions({ extensions: [crlReasonCode(CRL_REASON_CODES[entry.reason])] }) }),
        }),
    );
  }
  await crl.sign(await importSigningKey(ca.privateKeyPkcs8, engine), 'SHA-256', engine);
  return new Uint8Array(crl.toSchema().toBER(false));
}
