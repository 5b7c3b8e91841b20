import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import {
  authorityKeyIdentifier,
  basicConstraintsCa,
  certificatePolicies,
  crlDistributionPoint,
  issuerAltNameDirectory,
  JPKI_OTHER_NAME_OIDS,
  JPKI_POLICY_OIDS,
  keyUsage,
  ocspAuthorityInfoAccess,
  subjectAltNameOtherNames,
} from './extensions';
import { describeName, JPKI_SERVICE_NAME } from './names';

const valueHex = (extension: pkijs.Extension) => Buffer.from(extension.extnValue.valueBlock.valueHexView).toString('hex');

/** Re-parse an extension the way a verifier would: from its DER, through pkijs's own classes. */
function reparsed(extension: pkijs.Extension): pkijs.Extension {
  return pkijs.Extension.fromBER(extension.toSchema().toBER(false));
}

describe('extensions', () => {
  it('encodes key usage as a minimal named BIT STRING, critical', () => {
    expect(valueHex(keyUsage(['digitalSignature']))).toBe('03020780');
    expect(valueHex(keyUsage(['digitalSignature', 'nonRepudiation']))).toBe('030206c0');
    expect(valueHex(keyUsage(['keyCertSign', 'cRLSign']))).toBe('03020106');
    expect(keyUsage(['digitalSignature']).critical).toBe(true);
  });

  it('encodes basicConstraints cA=TRUE, critical, without a path length', () => {
    const extension = basicConstraintsCa();
    expect(valueHex(extension)).toBe('30030101ff');
    expect(extension.critical).toBe(true);
    const parsed = reparsed(extension).parsedValue;
    expect(parsed).toBeInstanceOf(pkijs.BasicConstraints);
    expect((parsed as pkijs.BasicConstraints).cA).toBe(true);
  });

  it('writes policies, key identifiers, CRL DP and OCSP AIA that pkijs reads back', () => {
    const policies = reparsed(certificatePolicies([JPKI_POLICY_OIDS.userAuthentication])).parsedValue as pkijs.CertificatePolicies;
    expect(policies.certificatePolicies.map((policy) => policy.policyIdentifier)).toEqual(['1.2.392.200149.8.5.1.3.30']);

    const keyId = Uint8Array.from({ length: 20 }, (_, index) => index);
    const aki = reparsed(authorityKeyIdentifier(keyId)).parsedValue as pkijs.AuthorityKeyIdentifier;
    expect(Buffer.from(aki.keyIdentifier?.valueBlock.valueHexView ?? []).equals(Buffer.from(keyId))).toBe(true);

    const crlDp = reparsed(crlDistributionPoint('http://127.0.0.1:8400/crl/ua.crl')).parsedValue as pkijs.CRLDistributionPoints;
    const fullName = crlDp.distributionPoints[0]?.distributionPoint as pkijs.GeneralName[];
    expect(fullName.map((name) => [name.type, name.value])).toEqual([[6, 'http://127.0.0.1:8400/crl/ua.crl']]);

    const aia = reparsed(ocspAuthorityInfoAccess('http://127.0.0.1:8400/ocsp')).parsedValue as pkijs.InfoAccess;
    expect(aia.accessDescriptions.map((description) => [description.accessMethod, description.accessLocation.value])).toEqual([
      ['1.3.6.1.5.5.7.48.1', 'http://127.0.0.1:8400/ocsp'],
    ]);
    expect(() => ocspAuthorityInfoAccess('http://has space')).toThrow(RangeError);
  });

  it('writes issuerAltName as one directoryName C=JP, O=公的個人認証サービス', () => {
    const altName = reparsed(issuerAltNameDirectory(JPKI_SERVICE_NAME)).parsedValue as pkijs.AltName;
    expect(altName.altNames).toHaveLength(1);
    expect(altName.altNames[0]?.type).toBe(4);
    expect(describeName(altName.altNames[0]?.value as pkijs.RelativeDistinguishedNames)).toBe('C=JP, O=公的個人認証サービス');
  });

  it('writes otherNames as [0] { type-id, [0] EXPLICIT UTF8String }', () => {
    const extension = subjectAltNameOtherNames([
      { typeId: JPKI_OTHER_NAME_OIDS.name, value: '試験　太郎' },
      { typeId: JPKI_OTHER_NAME_OIDS.gender, value: '1' },
    ]);
    const names = (asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result as asn1js.Sequence).valueBlock.value;
    const decoded = names.map((name) => {
      expect(name.idBlock.tagClass).toBe(3);
      expect(name.idBlock.tagNumber).toBe(0);
      const [typeId, explicitValue] = (name as asn1js.Constructed).valueBlock.value;
      const [value] = (explicitValue as asn1js.Constructed).valueBlock.value;
      expect(value).toBeInstanceOf(asn1js.Utf8String);
      return [(typeId as asn1js.ObjectIdentifier).valueBlock.toString(), (value as asn1js.Utf8String).valueBlock.value];
    });
    expect(decoded).toEqual([
      ['1.2.392.200149.8.5.5.1', '試験　太郎'],
      ['1.2.392.200149.8.5.5.3', '1'],
    ]);
  });
});
