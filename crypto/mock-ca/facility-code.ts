import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SERIAL_NUMBER_ATTRIBUTE_OID } from './names';

/**
 * The 医療機関コード a facility client certificate is bound to: 10 digits in the subject's
 * serialNumber attribute. The mock central system reads it from the peer certificate to know which
 * facility is calling.
 */
export const MEDICAL_INSTITUTION_CODE = /^\d{10}$/;

/**
 * The code in the certificate's subject, or undefined when the DER does not parse, the subject has no
 * serialNumber, has more than one, or it is not a 10-digit PrintableString (as written by facility-pki.ts).
 */
export function medicalInstitutionCodeOf(certificateDer: Uint8Array): string | undefined {
  let certificate: pkijs.Certificate;
  try {
    certificate = pkijs.Certificate.fromBER(certificateDer);
  } catch {
    return undefined;
  }
  const attributes = certificate.subject.typesAndValues.filter((attribute) => attribute.type === SERIAL_NUMBER_ATTRIBUTE_OID);
  // Two codes in one subject would make the caller's identity ambiguous.
  if (attributes.length !== 1) return undefined;
  const value: unknown = attributes[0]?.value;
  if (!(value instanceof asn1js.PrintableString)) return undefined;
  const code = value.valueBlock.value;
  return MEDICAL_INSTITUTION_CODE.test(code) ? code : undefined;
}
