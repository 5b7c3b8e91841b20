import type { CrlReason, JpkiCertificateKind, RevocationEntry } from './revocations';

/**
 * What the mock CA takes and gives. The input names people the way a card holder is
 * described by the fixtures, but it is its own type: crypto/ does not import central/.
 */

export type CardKind = 'standard' | 'face-only';
/** 1 男, 2 女 (the card's DF25 and the 署名用 SAN gender). */
export type Sex = '1' | '2';

export interface CaGenerationInput {
  /** First day of validity, YYYY-MM-DD (00:00 JST); also the generation's name. */
  startDate: string;
  /** Serial number as hex octets, e.g. `0133C349`; derived from the seed when absent. */
  serialNumberHex?: string;
  /** Default 10. The CA is valid to the second before the anniversary. */
  validYears?: number;
  /** Written as CRL distribution point into every leaf this generation issues. */
  crlDistributionPointUrl?: string;
  /** Written as OCSP responder (authorityInfoAccess) into every leaf this generation issues. */
  ocspResponderUrl?: string;
}

export interface AuthorityInput {
  startDate: string;
  validYears: number;
}

export interface CardHolderInput {
  /** Unique, kebab-case (the fixture person id). */
  id: string;
  /** 全国地方公共団体コード with check digit, 6 digits: goes into the opaque subject ids. */
  municipalityCode: string;
  /** 署名用 subject L values, e.g. 東京都 and 千代田区. */
  prefecture: string;
  city: string;
  /** As on the card: family and given name separated by U+3000. */
  name: string;
  sex: Sex;
  birthDate: string;
  /** As on the card (full-width digits and －). */
  address: string;
  /** A face-only card (顔認証マイナンバーカード) has no 署名用 certificate. */
  cardKind: CardKind;
  /** The 利用者証明用 certificate's validity; the 署名用 one is issued with the same dates. */
  userAuthCertificate: { issueDate: string; expiryDate: string };
  /** Revokes every certificate of the card (as when a card is reported lost). */
  revoked?: boolean;
  /** Overrides TestPkiInput.revocationDefaults for this holder. */
  revocation?: RevocationInput;
}

export interface RevocationInput {
  date: string;
  reason: CrlReason;
}

export interface TestPkiInput {
  /** Every key, serial and subject id follows from this string; change it and everything changes. */
  seed: string;
  /** Oldest first; each list shares one DN and has its own keys. */
  caGenerations: { userAuth: ReadonlyArray<CaGenerationInput>; signing: ReadonlyArray<CaGenerationInput> };
  /** Default DEFAULT_CARD_FACE_AUTHORITY. */
  cardFaceAuthority?: AuthorityInput;
  /** Default DEFAULT_TERMINAL_AUTHORITY. */
  terminalAuthority?: AuthorityInput & { terminalName?: string };
  /** For revoked holders without their own `revocation`. Default DEFAULT_REVOCATION. */
  revocationDefaults?: RevocationInput;
  holders: ReadonlyArray<CardHolderInput>;
}

/** One key pair and the certificate for it, all DER. */
export interface KeyAndCertificate {
  certificate: Uint8Array;
  /** PKCS#8 PrivateKeyInfo. */
  privateKeyPkcs8: Uint8Array;
  /** SubjectPublicKeyInfo (also inside the certificate). */
  publicKeySpki: Uint8Array;
  serialNumberHex: string;
  /** For people reading index.json: `C=JP, CN=…`. */
  subject: string;
  /** ISO 8601 UTC. */
  notBefore: string;
  notAfter: string;
}

export interface CaGeneration extends KeyAndCertificate {
  kind: JpkiCertificateKind;
  /** Its start date, YYYY-MM-DD. */
  generation: string;
  crlDistributionPointUrl?: string;
  ocspResponderUrl?: string;
}

export interface HolderLeaf extends KeyAndCertificate {
  /** The `generation` of the CA that issued it. */
  issuerGeneration: string;
  /** The opaque subject CN. */
  subjectId: string;
}

export interface HolderCertificates {
  id: string;
  /** 利用者証明用: EF 000A, key 0017; its CA certificate goes into EF 000B. */
  userAuth: HolderLeaf;
  /** 署名用 (standard cards only): EF 0001, key 001A; its CA certificate goes into EF 0002. */
  signing?: HolderLeaf;
}

export interface TestPki {
  seed: string;
  caGenerations: { userAuth: CaGeneration[]; signing: CaGeneration[] };
  /** The 券面AP signing key (DF28) and its own small CA. */
  cardFace: { ca: KeyAndCertificate; signer: KeyAndCertificate };
  /** The stand-in terminal key of card.md §8.5 and its CA. */
  terminal: { ca: KeyAndCertificate; key: KeyAndCertificate };
  /** By holder id, in input order. */
  holders: Record<string, HolderCertificates>;
  revocations: RevocationEntry[];
}
