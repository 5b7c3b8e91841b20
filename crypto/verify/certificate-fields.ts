import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { toHex } from '../../kernel/bytes';

/**
 * Reads the X.509 fields the verifier decides on (RFC 5280 §4.2), straight from the extension DER
 * so that what is checked is exactly what was signed. Readers return undefined for "absent" and throw
 * only from inside the chain validator's fence (see chain.ts).
 */
export const OIDS = {
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  subjectKeyIdentifier: '2.5.29.14',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  extendedKeyUsage: '2.5.29.37',
  ocspAccessMethod: '1.3.6.1.5.5.7.48.1',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  commonName: '2.5.4.3',
  organizationalUnit: '2.5.4.11',
} as const;

export const KEY_USAGE = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5, cRLSign: 6 } as const;

/** Upper-case hex of DER pieces pkijs hands out as either views or buffers. */
export function hex(bytes: ArrayBuffer | Uint8Array): string {
  return toHex(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
}

function extensionValue(certificate: pkijs.Certificate, oid: string): asn1js.AsnType | undefined {
  const found = certificate.extensions?.find((extension) => extension.extnID === oid);
  if (!found) return undefined;
  const parsed = asn1js.fromBER(found.extnValue.valueBlock.valueHexView);
  if (parsed.offset === -1) throw new Error(`extension ${oid} does not parse`);
  return parsed.result;
}

export function isExtensionCritical(certificate: pkijs.Certificate, oid: string): boolean {
  return certificate.extensions?.find((extension) => extension.extnID === oid)?.critical === true;
}

/** The set bit numbers of keyUsage, or undefined without the extension. */
export function keyUsageBits(certificate: pkijs.Certificate): Set<number> | undefined {
  const value = extensionValue(certificate, OIDS.keyUsage);
  if (value === undefined) return undefined;
  if (!(value instanceof asn1js.BitString)) throw new Error('keyUsage is not a BIT STRING');
  const bytes = value.valueBlock.valueHexView;
  const bits = new Set<number>();
  for (let bit = 0; bit < bytes.length * 8; bit += 1) if (((bytes[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0) bits.add(bit);
  return bits;
}

export function isCaByBasicConstraints(certificate: pkijs.Certificate): boolean {
  const value = extensionValue(certificate, OIDS.basicConstraints);
  if (value === undefined) return false;
  if (!(value instanceof asn1js.Sequence)) throw new Error('basicConstraints is not a SEQUENCE');
  const first = value.valueBlock.value[0];
  return first instanceof asn1js.Boolean && first.valueBlock.value;
}

export function policyOids(certificate: pkijs.Certificate): string[] {
  const value = extensionValue(certificate, OIDS.certificatePolicies);
  if (value === undefined) return [];
  if (!(value instanceof asn1js.Sequence)) throw new Error('certificatePolicies is not a SEQUENCE');
  return value.valueBlock.value.map((information) => {
    const oid = information instanceof asn1js.Sequence ? information.valueBlock.value[0] : undefined;
    if (!(oid instanceof asn1js.ObjectIdentifier)) throw new Error('PolicyInformation without an OID');
    return oid.valueBlock.toString();
  });
}

export function extendedKeyUsageOids(certificate: pkijs.Certificate): string[] {
  const value = extensionValue(certificate, OIDS.extendedKeyUsage);
  if (value === undefined) return [];
  if (!(value instanceof asn1js.Sequence)) throw new Error('extKeyUsage is not a SEQUENCE');
  return value.valueBlock.value.flatMap((oid) => (oid instanceof asn1js.ObjectIdentifier ? [oid.valueBlock.toString()] : []));
}

/** authorityKeyIdentifier [0] keyIdentifier, hex. */
export function authorityKeyId(certificate: pkijs.Certificate): string | undefined {
  const value = extensionValue(certificate, OIDS.authorityKeyIdentifier);
  if (!(value instanceof asn1js.Sequence)) return undefined;
  const keyId = value.valueBlock.value.find((element) => element.idBlock.tagClass === 3 && element.idBlock.tagNumber === 0);
  return keyId instanceof asn1js.Primitive ? hex(keyId.valueBlock.valueHexView) : undefined;
}

/** SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1): also OCSP's byKey and key hash. */
export function publicKeySha1(certificate: pkijs.Certificate): string {
  return hex(createHash('sha1').update(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest());
}

export function subjectKeyId(certificate: pkijs.Certificate): string {
  const value = extensionValue(certificate, OIDS.subjectKeyIdentifier);
  return value instanceof asn1js.OctetString ? hex(value.valueBlock.valueHexView) : publicKeySha1(certificate);
}

/** The URIs of GeneralNames ([6] IMPLICIT IA5String) anywhere below a node. */
function uris(node: asn1js.AsnType, found: string[] = []): string[] {
  if (node.idBlock.tagClass === 3 && node.idBlock.tagNumber === 6 && !node.idBlock.isConstructed && node instanceof asn1js.Primitive) {
    found.push(Buffer.from(node.valueBlock.valueHexView).toString('latin1'));
  } else if ('value' in node.valueBlock && Array.isArray(node.valueBlock.value)) {
    for (const child of node.valueBlock.value as asn1js.AsnType[]) uris(child, found);
  }
  return found;
}

export function crlDistributionPointUrls(certificate: pkijs.Certificate): string[] {
  const value = extensionValue(certificate, OIDS.crlDistributionPoints);
  return value === undefined ? [] : uris(value).filter((uri) => uri.startsWith('http://') || uri.startsWith('https://'));
}

export function ocspResponderUrls(certificate: pkijs.Certificate): string[] {
  const value = extensionValue(certificate, OIDS.authorityInfoAccess);
  if (!(value instanceof asn1js.Sequence)) return [];
  return value.valueBlock.value.flatMap((description) => {
    if (!(description instanceof asn1js.Sequence)) return [];
    const [method, location] = description.valueBlock.value;
    if (!(method instanceof asn1js.ObjectIdentifier) || method.valueBlock.toString() !== OIDS.ocspAccessMethod || !location) return [];
    return uris(location);
  });
}

function attributeValues(name: pkijs.RelativeDistinguishedNames, oid: string): string[] {
  return name.typesAndValues.filter((attribute) => attribute.type === oid).map((attribute) => String(attribute.value.valueBlock.value));
}

export function subjectCommonName(certificate: pkijs.Certificate): string | undefined {
  return attributeValues(certificate.subject, OIDS.commonName)[0];
}

export function organizationalUnits(name: pkijs.RelativeDistinguishedNames): string[] {
  return attributeValues(name, OIDS.organizationalUnit);
}

/** DER of a Name, hex, as the comparison key for issuer ↔ subject (byte equality; ours are DER). */
export function nameKey(name: pkijs.RelativeDistinguishedNames): string {
  return hex(name.toSchema().toBER(false));
}

export function serialHex(certificate: pkijs.Certificate): string {
  return hex(certificate.serialNumber.valueBlock.valueHexView);
}
