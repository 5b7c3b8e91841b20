import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { CaGeneration, JpkiCertificateKind, RevocationEntry, TestPki } from '../../crypto/mock-ca';
import { toHex } from '../../kernel/bytes';

/**
 * What the responder knows: every CA generation, the serials each issued and the revoked ones, from a
 * TestPki (its holders and revocation list) plus any extra issued serials (benchmark and scenario
 * certificates). OCSP CertIDs are matched by issuer name and key hashes, for SHA-1 and SHA-256.
 */
export interface IssuedSerial {
  kind: JpkiCertificateKind;
  generation: string;
  serialNumberHex: string;
}

export interface RegisteredCa {
  kind: JpkiCertificateKind;
  ca: CaGeneration;
  issued: Set<string>;
  revoked: Map<string, RevocationEntry>;
  /** `<hash OID>/<issuerNameHash hex>/<issuerKeyHash hex>` for each supported hash. */
  certIdKeys: string[];
}

const HASHES: ReadonlyArray<readonly [oid: string, node: string]> = [
  ['1.3.14.3.2.26', 'sha1'],
  ['2.16.840.1.101.3.4.2.1', 'sha256'],
];

export function certIdKey(hashOid: string, issuerNameHash: Uint8Array, issuerKeyHash: Uint8Array): string {
  return `${hashOid}/${toHex(issuerNameHash)}/${toHex(issuerKeyHash)}`;
}

export class RevocationRegistry {
  private readonly byGeneration = new Map<string, RegisteredCa>();
  private readonly byCertId = new Map<string, RegisteredCa>();

  constructor(pki: TestPki, extraIssued: ReadonlyArray<IssuedSerial> = []) {
    const register = (kind: JpkiCertificateKind, ca: CaGeneration) => {
      const certificate = pkijs.Certificate.fromBER(ca.certificate);
      const nameDer = new Uint8Array(certificate.subject.toSchema().toBER(false));
      const keyBits = certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
      const certIdKeys = HASHES.map(([oid, node]) =>
        certIdKey(oid, createHash(node).update(nameDer).digest(), createHash(node).update(keyBits).digest()),
      );
      const entry: RegisteredCa = { kind, ca, issued: new Set(), revoked: new Map(), certIdKeys };
      this.byGeneration.set(`${kind}/${ca.generation}`, entry);
      for (const key of certIdKeys) this.byCertId.set(key, entry);
    };
    for (const ca of pki.caGenerations.userAuth) register('user-auth', ca);
    for (const ca of pki.caGenerations.signing) register('signing', ca);
    const issued: IssuedSerial[] = [...extraIssued];
    for (const holder of Object.values(pki.holders)) {
      issued.push({ kind: 'user-auth', generation: holder.userAuth.issuerGeneration, serialNumberHex: holder.userAuth.serialNumberHex });
      if (holder.signing) issued.push({ kind: 'signing', generation: holder.signing.issuerGeneration, serialNumberHex: holder.signing.serialNumberHex });
    }
    for (const serial of issued) this.generation(serial.kind, serial.generation)?.issued.add(serial.serialNumberHex.toUpperCase());
    for (const revocation of pki.revocations) {
      this.generation(revocation.certificate, revocation.issuerGeneration)?.revoked.set(revocation.serialNumberHex.toUpperCase(), revocation);
    }
  }

  generation(kind: JpkiCertificateKind, generation: string): RegisteredCa | undefined {
    return this.byGeneration.get(`${kind}/${generation}`);
  }

  byCertIdKey(key: string): RegisteredCa | undefined {
    return this.byCertId.get(key);
  }

  all(): RegisteredCa[] {
    return [...this.byGeneration.values()];
  }
}
