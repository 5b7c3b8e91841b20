import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { nameToAsn1 } from './names';
import type { DistinguishedName } from './names';
import { subjectPublicKeyBits } from './rsa-key-der';

/**
 * X.509 v3 extensions of the mock CA (RFC 5280 §4.2), each value encoded here with asn1js so the
 * DER is exactly what RFC 5280 says (pkijs's own GeneralName cannot write an otherName).
 */

export const EXTENSION_OIDS = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

export const OCSP_ACCESS_METHOD_OID = '1.3.6.1.5.5.7.48.1';

/** Certificate policies (card.md §6; kjur/jsrsasign-oid-jpki). */
export const JPKI_POLICY_OIDS = {
  userAuthentication: '1.2.392.200149.8.5.1.3.30',
  digitalSignature: '1.2.392.200149.8.5.1.1.20',
} as const;

/** SAN otherName type ids of the 署名用 certificate (card.md §6). */
export const JPKI_OTHER_NAME_OIDS = {
  name: '1.2.392.200149.8.5.5.1',
  nameSubstituteCharacters: '1.2.392.200149.8.5.5.2',
  gender: '1.2.392.200149.8.5.5.3',
  birthDate: '1.2.392.200149.8.5.5.4',
  address: '1.2.392.200149.8.5.5.5',
  addressSubstituteCharacters: '1.2.392.200149.8.5.5.6',
} as const;

/** KeyUsage bits, RFC 5280 §4.2.1.3. */
export const KEY_USAGE_BITS = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
} as const;
export type KeyUsageName = keyof typeof KEY_USAGE_BITS;

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

function contextConstructed(tagNumber: number, value: asn1js.BaseBlock[]): asn1js.Constructed {
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value });
}

function contextPrimitive(tagNumber: number, bytes: Uint8Array): asn1js.Primitive {
  return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber }, valueHex: bytes });
}

/** GeneralName uniformResourceIdentifier: [6] IMPLICIT IA5String. */
function uriName(uri: string): asn1js.Primitive {
  if (!/^[\x21-\x7e]+$/.test(uri)) throw new RangeError(`not an IA5 URI without spaces: ${uri}`);
  return contextPrimitive(6, new Uint8Array(Buffer.from(uri, 'ascii')));
}

export function basicConstraintsCa(): pkijs.Extension {
  return extension(EXTENSION_OIDS.basicConstraints, true, new asn1js.Sequence({ value: [new asn1js.Boolean({ value: true })] }));
}

/** A DER named BIT STRING: trailing zero bits dropped, unused bits counted (X.690 §11.2.2). */
export function keyUsage(usages: ReadonlyArray<KeyUsageName>): pkijs.Extension {
  const bits = usages.map((usage) => KEY_USAGE_BITS[usage]);
  const highestBit = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highestBit / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  const unusedBits = 7 - (highestBit % 8);
  return extension(EXTENSION_OIDS.keyUsage, true, new asn1js.BitString({ valueHex: bytes, unusedBits }));
}

/** Method (1) of RFC 5280 §4.2.1.2: SHA-1 of the subjectPublicKey BIT STRING's value. */
export function keyIdentifierOf(publicKeySpki: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(subjectPublicKeyBits(publicKeySpki)).digest());
}

export function subjectKeyIdentifier(keyIdentifier: Uint8Array): pkijs.Extension {
  return extension(EXTENSION_OIDS.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: keyIdentifier }));
}

/** keyIdentifier [0] only: the issuer's subjectKeyIdentifier. */
export function authorityKeyIdentifier(issuerKeyIdentifier: Uint8Array): pkijs.Extension {
  return extension(EXTENSION_OIDS.authorityKeyIdentifier, false, new asn1js.Sequence({ value: [contextPrimitive(0, issuerKeyIdentifier)] }));
}

/** One PolicyInformation without qualifiers per OID. */
export function certificatePolicies(policyOids: ReadonlyArray<string>): pkijs.Extension {
  return extension(
    EXTENSION_OIDS.certificatePolicies,
    false,
    new asn1js.Sequence({ value: policyOids.map((oid) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid })] })) }),
  );
}

/** GeneralNames with one directoryName: [4] EXPLICIT, because Name is a CHOICE. */
export function issuerAltNameDirectory(name: DistinguishedName): pkijs.Extension {
  return extension(EXTENSION_OIDS.issuerAltName, false, new asn1js.Sequence({ value: [contextConstructed(4, [nameToAsn1(name)])] }));
}

export interface OtherNameValue {
  typeId: string;
  /** Written as UTF8String. */
  value: string;
}

/** GeneralNames of otherNames: [0] IMPLICIT SEQUENCE { type-id OID, value [0] EXPLICIT ANY }. */
export function subjectAltNameOtherNames(otherNames: ReadonlyArray<OtherNameValue>): pkijs.Extension {
  return extension(
    EXTENSION_OIDS.subjectAltName,
    false,
    new asn1js.Sequence({
      value: otherNames.map(({ typeId, value }) =>
        contextConstructed(0, [new asn1js.ObjectIdentifier({ value: typeId }), contextConstructed(0, [new asn1js.Utf8String({ value })])]),
      ),
    }),
  );
}

/** One DistributionPoint whose distributionPoint is fullName = one URI ([0] EXPLICIT CHOICE, [0] IMPLICIT GeneralNames). */
export function crlDistributionPoint(url: string): pkijs.Extension {
  const distributionPoint = new asn1js.Sequence({ value: [contextConstructed(0, [contextConstructed(0, [uriName(url)])])] });
  return extension(EXTENSION_OIDS.crlDistributionPoints, false, new asn1js.Sequence({ value: [distributionPoint] }));
}

/** authorityInfoAccess with the OCSP responder (id-ad-ocsp). */
export function ocspAuthorityInfoAccess(ocspUrl: string): pkijs.Extension {
  const accessDescription = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OCSP_ACCESS_METHOD_OID }), uriName(ocspUrl)] });
  return extension(EXTENSION_OIDS.authorityInfoAccess, false, new asn1js.Sequence({ value: [accessDescription] }));
}

/** id-kp-OCSPSigning (RFC 6960 §4.2.2.2): what a delegated OCSP responder certificate must carry. */
export const OCSP_SIGNING_EKU_OID = '1.3.6.1.5.5.7.3.9';
/** id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1). */
export const OCSP_NO_CHECK_OID = '1.3.6.1.5.5.7.48.1.5';
export const EXTENDED_KEY_USAGE_OID = '2.5.29.37';
export const CRL_NUMBER_OID = '2.5.29.20';
export const CRL_REASON_OID = '2.5.29.21';

export function extendedKeyUsage(purposeOids: ReadonlyArray<string>): pkijs.Extension {
  return extension(EXTENDED_KEY_USAGE_OID, false, new asn1js.Sequence({ value: purposeOids.map((oid) => new asn1js.ObjectIdentifier({ value: oid })) }));
}

/** Its value is NULL; it tells verifiers not to check the responder certificate's own revocation. */
export function ocspNoCheck(): pkijs.Extension {
  return extension(OCSP_NO_CHECK_OID, false, new asn1js.Null());
}

/** basicConstraints cA=TRUE where it does not belong: the "end entity that claims to be a CA" scenario. */
export function basicConstraints(isCa: boolean): pkijs.Extension {
  return extension(EXTENSION_OIDS.basicConstraints, true, new asn1js.Sequence({ value: isCa ? [new asn1js.Boolean({ value: true })] : [] }));
}

export function crlNumber(value: number): pkijs.Extension {
  return extension(CRL_NUMBER_OID, false, new asn1js.Integer({ value }));
}

/** CRL entry extension reasonCode, ENUMERATED (RFC 5280 §5.3.1). */
export function crlReasonCode(code: number): pkijs.Extension {
  return extension(CRL_REASON_OID, false, new asn1js.Enumerated({ value: code }));
}

/** id-kp-serverAuth and id-kp-clientAuth (RFC 5280 §4.2.1.12): what TLS peers check on each other's certificate. */
export const SERVER_AUTH_EKU_OID = '1.3.6.1.5.5.7.3.1';
export const CLIENT_AUTH_EKU_OID = '1.3.6.1.5.5.7.3.2';

/**
 * subjectAltName of a TLS server: dNSName [2] IMPLICIT IA5String per host name, then iPAddress [7]
 * IMPLICIT OCTET STRING (4 or 16 octets) per address. Clients match these, not the subject CN.
 */
export function subjectAltNameHosts(dnsNames: ReadonlyArray<string>, ipAddresses: ReadonlyArray<string>): pkijs.Extension {
  if (dnsNames.length + ipAddresses.length === 0) throw new RangeError('a subjectAltName needs at least one name');
  const dnsEntries = dnsNames.map((dnsName) => {
    if (!/^[\x21-\x7e]+$/.test(dnsName)) throw new RangeError(`not an IA5 host name: ${dnsName}`);
    return contextPrimitive(2, new Uint8Array(Buffer.from(dnsName, 'ascii')));
  });
  const ipEntries = ipAddresses.map((address) => contextPrimitive(7, ipAddressOctets(address)));
  return extension(EXTENSION_OIDS.subjectAltName, false, new asn1js.Sequence({ value: [...dnsEntries, ...ipEntries] }));
}

/** Network-order octets of an IPv4 or IPv6 address (no zone id: a certificate cannot name one). */
function ipAddressOctets(address: string): Uint8Array {
  if (isIPv4(address)) return Uint8Array.from(address.split('.').map(Number));
  if (!isIPv6(address) || address.includes('%')) throw new RangeError(`not an IP address: ${address}`);
  // An embedded IPv4 tail (::ffff:127.0.0.1) counts as two groups.
  const hexOnly = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a: string, b: string, c: string, d: string) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((group) => group.toString(16)).join(':'),
  );
  const groupsOf = (part: string | undefined) => (part ? part.split(':') : []);
  const [head, tail] = hexOnly.split('::');
  const headGroups = groupsOf(head);
  const tailGroups = groupsOf(tail);
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  const octets = new Uint8Array(16);
  groups.forEach((group, index) => {
    const value = Number.parseInt(group, 16);
    octets[index * 2] = value >> 8;
    octets[index * 2 + 1] = value & 0xff;
  });
  return octets;
}
