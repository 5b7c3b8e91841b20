import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * Distinguished names of the mock CA (card.md §6 shape, `O=JPKI-EMU` instead of `O=JPKI`), encoded
 * one attribute per RDN in the order written. pkijs would put every attribute of a name into one
 * multi-valued RDN, so names are encoded here with asn1js and handed to pkijs as finished DER.
 */
export type DnAttributeType = 'C' | 'ST' | 'L' | 'O' | 'OU' | 'serialNumber' | 'CN';
export type DistinguishedName = ReadonlyArray<readonly [DnAttributeType, string]>;

/** X.520 serialNumber: the facility certificates carry the 医療機関コード in it. */
export const SERIAL_NUMBER_ATTRIBUTE_OID = '2.5.4.5';

const ATTRIBUTE_OIDS: Readonly<Record<DnAttributeType, string>> = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  serialNumber: SERIAL_NUMBER_ATTRIBUTE_OID,
  CN: '2.5.4.3',
};

const TEST_PKI_ORGANIZATION = 'JPKI-EMU';
const JLIS = 'Japan Agency for Local Authority Information Systems';

export const USER_AUTH_CA_NAME: DistinguishedName = [
  ['C', 'JP'],
  ['O', TEST_PKI_ORGANIZATION],
  ['OU', 'JPKI for user authentication'],
  ['OU', JLIS],
];

export const SIGNING_CA_NAME: DistinguishedName = [
  ['C', 'JP'],
  ['O', TEST_PKI_ORGANIZATION],
  ['OU', 'JPKI for digital signature'],
  ['OU', JLIS],
];

export const CARD_FACE_CA_NAME: DistinguishedName = [
  ['C', 'JP'],
  ['O', TEST_PKI_ORGANIZATION],
  ['OU', 'Card face'],
];

export const CARD_FACE_SIGNER_NAME: DistinguishedName = [...CARD_FACE_CA_NAME, ['CN', 'Card face AP signing key']];

/** The stand-in for 特定機関認証 (card.md §8.5) is our own design; its CA says so in its name. */
export const TERMINAL_CA_NAME: DistinguishedName = [
  ['C', 'JP'],
  ['O', TEST_PKI_ORGANIZATION],
  ['OU', 'Terminal authentication stand-in'],
];

export function terminalName(terminal: string): DistinguishedName {
  return [...TERMINAL_CA_NAME, ['CN', terminal]];
}

/**
 * The facility PKI of the mock central system's mutual TLS (facility-pki.ts): its CA, the central
 * system's server certificate and one client certificate per 医療機関, named by its 医療機関コード.
 */
export const FACILITY_CA_NAME: DistinguishedName = [
  ['C', 'JP'],
  ['O', TEST_PKI_ORGANIZATION],
  ['OU', 'Facility CA'],
  ['CN', 'オンライン資格確認 医療機関 CA (test)'],
];

export const CENTRAL_SERVER_NAME: DistinguishedName = [
  ['C', 'JP'],
  ['O', TEST_PKI_ORGANIZATION],
  ['OU', 'Central system (mock)'],
  ['CN', 'オンライン資格確認等システム (test)'],
];

export function facilitySubjectName(medicalInstitutionCode: string, facilityName: string): DistinguishedName {
  return [
    ['C', 'JP'],
    ['O', TEST_PKI_ORGANIZATION],
    ['OU', 'Medical institution'],
    ['serialNumber', medicalInstitutionCode],
    ['CN', facilityName],
  ];
}

/** A facility's reader key: the same facility, in the OU of the keys its readers attest with. */
export function facilityReaderSubjectName(medicalInstitutionCode: string, facilityName: string): DistinguishedName {
  return [
    ['C', 'JP'],
    ['O', TEST_PKI_ORGANIZATION],
    ['OU', 'Reader attestation'],
    ['serialNumber', medicalInstitutionCode],
    ['CN', facilityName],
  ];
}

/** The directoryName every JPKI leaf names in issuerAltName (card.md §6). */
export const JPKI_SERVICE_NAME: DistinguishedName = [
  ['C', 'JP'],
  ['O', '公的個人認証サービス'],
];

/** 利用者証明用: nothing about the person but an opaque id (card.md §6). */
export function userAuthSubjectName(opaqueId: string): DistinguishedName {
  return [
    ['C', 'JP'],
    ['CN', opaqueId],
  ];
}

/** 署名用: the locality, then an opaque id. */
export function signingSubjectName(prefecture: string, city: string, opaqueId: string): DistinguishedName {
  return [
    ['C', 'JP'],
    ['L', prefecture],
    ['L', city],
    ['CN', opaqueId],
  ];
}

// X.680 PrintableString repertoire.
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

function attributeValue(type: DnAttributeType, value: string): asn1js.BaseBlock {
  // countryName and serialNumber are PrintableString by definition (RFC 5280 §A.1); other values that
  // fit stay PrintableString as on real JPKI certificates, the rest (Japanese text) are UTF8String.
  if (type === 'C' || type === 'serialNumber' || PRINTABLE.test(value)) return new asn1js.PrintableString({ value });
  return new asn1js.Utf8String({ value });
}

export function nameToAsn1(name: DistinguishedName): asn1js.Sequence {
  return new asn1js.Sequence({
    value: name.map(
      ([type, value]) =>
        new asn1js.Set({
          value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: ATTRIBUTE_OIDS[type] }), attributeValue(type, value)] })],
        }),
    ),
  });
}

export function encodeName(name: DistinguishedName): Uint8Array {
  return new Uint8Array(nameToAsn1(name).toBER(false));
}

/** A pkijs name that re-encodes to exactly `encodeName(name)`. */
export function toPkijsName(name: DistinguishedName): pkijs.RelativeDistinguishedNames {
  return pkijs.RelativeDistinguishedNames.fromBER(encodeName(name));
}

const TYPE_BY_OID = new Map(Object.entries(ATTRIBUTE_OIDS).map(([type, oid]) => [oid, type]));

/** `C=JP, O=JPKI-EMU, …` for a parsed name: for tests, logs and index.json, not for comparison. */
export function describeName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((attribute) => {
      const value: unknown = attribute.value.valueBlock.value;
      return `${TYPE_BY_OID.get(attribute.type) ?? attribute.type}=${typeof value === 'string' ? value : '?'}`;
    })
    .join(', ');
}

export function formatName(name: DistinguishedName): string {
  return name.map(([type, value]) => `${type}=${value}`).join(', ');
}
