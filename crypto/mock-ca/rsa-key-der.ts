import * as asn1js from 'asn1js';
import { MockCaError } from './errors';

/**
 * DER encodings of RSA keys: PKCS#8 PrivateKeyInfo holding an RSAPrivateKey (RFC 5208, RFC 8017
 * §A.1.2) and SubjectPublicKeyInfo holding an RSAPublicKey (RFC 5280 §4.1.2.7, RFC 8017 §A.1.1).
 */
export interface RsaKeyComponents {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  /** d mod (p − 1) */
  dP: bigint;
  /** d mod (q − 1) */
  dQ: bigint;
  /** q⁻¹ mod p */
  qInv: bigint;
}

export const RSA_ENCRYPTION_OID = '1.2.840.113549.1.1.1';

function rsaAlgorithmIdentifier(): asn1js.Sequence {
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: RSA_ENCRYPTION_OID }), new asn1js.Null()] });
}

function derBytes(block: asn1js.BaseBlock): Uint8Array {
  return new Uint8Array(block.toBER(false));
}

export function encodeRsaPrivateKeyPkcs8(key: RsaKeyComponents): Uint8Array {
  const rsaPrivateKey = new asn1js.Sequence({
    value: [0n, key.n, key.e, key.d, key.p, key.q, key.dP, key.dQ, key.qInv].map((value) => asn1js.Integer.fromBigInt(value)),
  });
  const privateKeyInfo = new asn1js.Sequence({
    value: [
      asn1js.Integer.fromBigInt(0),
      rsaAlgorithmIdentifier(),
      new asn1js.OctetString({ valueHex: derBytes(rsaPrivateKey) }),
    ],
  });
  return derBytes(privateKeyInfo);
}

export function encodeRsaPublicKeySpki(n: bigint, e: bigint): Uint8Array {
  const rsaPublicKey = new asn1js.Sequence({ value: [asn1js.Integer.fromBigInt(n), asn1js.Integer.fromBigInt(e)] });
  const spki = new asn1js.Sequence({
    value: [rsaAlgorithmIdentifier(), new asn1js.BitString({ valueHex: derBytes(rsaPublicKey) })],
  });
  return derBytes(spki);
}

function parseDer(der: Uint8Array, what: string): asn1js.AsnType {
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(der);
  } catch (cause) {
    // asn1js throws (rather than reporting offset -1) on some bad time strings; found by fuzzing.
    throw new MockCaError('MALFORMED_DER', `${what} is not one DER element`, { cause });
  }
  if (parsed.offset === -1 || parsed.offset !== der.byteLength) {
    throw new MockCaError('MALFORMED_DER', `${what} is not one DER element`);
  }
  return parsed.result;
}

function sequenceItems(block: asn1js.AsnType, what: string): asn1js.AsnType[] {
  if (!(block instanceof asn1js.Sequence)) throw new MockCaError('MALFORMED_DER', `${what} is not a SEQUENCE`);
  return block.valueBlock.value;
}

function positiveInteger(block: asn1js.AsnType | undefined, what: string): bigint {
  if (!(block instanceof asn1js.Integer)) throw new MockCaError('MALFORMED_DER', `${what} is not an INTEGER`);
  return block.toBigInt();
}

function checkRsaAlgorithm(block: asn1js.AsnType | undefined, what: string): void {
  const [oid] = block ? sequenceItems(block, what) : [];
  if (!(oid instanceof asn1js.ObjectIdentifier) || oid.valueBlock.toString() !== RSA_ENCRYPTION_OID) {
    throw new MockCaError('MALFORMED_DER', `${what} is not rsaEncryption`);
  }
}

export function decodeRsaPrivateKeyPkcs8(der: Uint8Array): RsaKeyComponents {
  const [version, algorithm, privateKey] = sequenceItems(parseDer(der, 'PKCS#8 key'), 'PrivateKeyInfo');
  if (positiveInteger(version, 'PrivateKeyInfo version') !== 0n) throw new MockCaError('MALFORMED_DER', 'PrivateKeyInfo version is not 0');
  checkRsaAlgorithm(algorithm, 'PrivateKeyInfo algorithm');
  if (!(privateKey instanceof asn1js.OctetString)) throw new MockCaError('MALFORMED_DER', 'PrivateKeyInfo privateKey is not an OCTET STRING');
  const items = sequenceItems(parseDer(privateKey.valueBlock.valueHexView, 'RSAPrivateKey'), 'RSAPrivateKey');
  const values = items.map((item, index) => positiveInteger(item, `RSAPrivateKey field ${index}`));
  if (values.length !== 9 || values[0] !== 0n) throw new MockCaError('MALFORMED_DER', 'RSAPrivateKey is not a two-prime version-0 key');
  const [, n, e, d, p, q, dP, dQ, qInv] = values as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  return { n, e, d, p, q, dP, dQ, qInv };
}

/** The value of the subjectPublicKey BIT STRING: the DER RSAPublicKey (what a key identifier hashes). */
export function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  const [algorithm, subjectPublicKey] = sequenceItems(parseDer(spki, 'SubjectPublicKeyInfo'), 'SubjectPublicKeyInfo');
  checkRsaAlgorithm(algorithm, 'SubjectPublicKeyInfo algorithm');
  if (!(subjectPublicKey instanceof asn1js.BitString) || subjectPublicKey.valueBlock.unusedBits !== 0) {
    throw new MockCaError('MALFORMED_DER', 'subjectPublicKey is not a whole-byte BIT STRING');
  }
  return subjectPublicKey.valueBlock.valueHexView.slice();
}

export function decodeRsaPublicKeySpki(spki: Uint8Array): { n: bigint; e: bigint } {
  const [n, e] = sequenceItems(parseDer(subjectPublicKeyBits(spki), 'RSAPublicKey'), 'RSAPublicKey');
  return { n: positiveInteger(n, 'modulus'), e: positiveInteger(e, 'publicExponent') };
}
