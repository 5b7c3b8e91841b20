import { isIP } from 'node:net';
import { isIsoDate } from './dates';
import { MockCaError } from './errors';
import { MEDICAL_INSTITUTION_CODE } from './facility-code';
import { FACILITY_CA_VALID_YEARS, facilityLeafLastDay, nextDay } from './facility-dates';
import type { FacilityPkiInput } from './facility-types';

/**
 * Checks a FacilityPkiInput before any key is generated, reporting every problem at once (as
 * input-validation.ts does for the JPKI input), and fills in the defaults.
 */
export interface FacilityPkiSettings {
  serverHostNames: ReadonlyArray<string>;
  serverIpAddresses: ReadonlyArray<string>;
  revocationDate: string;
}

export const DEFAULT_SERVER_HOST_NAMES: ReadonlyArray<string> = ['localhost'];
export const DEFAULT_SERVER_IP_ADDRESSES: ReadonlyArray<string> = ['127.0.0.1'];

// LDH labels (RFC 1123), optionally under one leading wildcard label.
const DNS_NAME = /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

// UTCTime cannot say a year before 1950, and the CA's end must still be a four-digit year.
const FIRST_YEAR = 1950;
const LAST_YEAR = 9999 - FACILITY_CA_VALID_YEARS;

export function validateFacilityPkiInput(input: FacilityPkiInput): FacilityPkiSettings {
  const problems: string[] = [];
  const problem = (path: string, message: string) => problems.push(`${path}: ${message}`);

  if (input.seed.length === 0) problem('seed', 'must not be empty');
  const startDateValid = isIsoDate(input.startDate);
  if (!startDateValid) problem('startDate', 'not a YYYY-MM-DD date');
  const startYear = Number(input.startDate.slice(0, 4));
  if (startDateValid && (startYear < FIRST_YEAR || startYear > LAST_YEAR)) problem('startDate', `must be in ${FIRST_YEAR}–${LAST_YEAR}`);
  const datesUsable = startDateValid && startYear >= FIRST_YEAR && startYear <= LAST_YEAR;

  const codes = new Set<string>();
  input.facilities.forEach((facility, index) => {
    const path = `facilities[${index}]`;
    const code = facility.medicalInstitutionCode;
    if (typeof code !== 'string' || !MEDICAL_INSTITUTION_CODE.test(code)) problem(`${path}.medicalInstitutionCode`, 'must be 10 digits');
    else if (codes.has(code)) problem(`${path}.medicalInstitutionCode`, `${code} appears twice`);
    codes.add(code);
    if (typeof facility.name !== 'string' || facility.name.trim().length === 0 || /[\u0000-\u001f\u007f]/.test(facility.name)) {
      problem(`${path}.name`, 'must be one non-empty line without control characters');
    }
    if (facility.revoked !== undefined && typeof facility.revoked !== 'boolean') problem(`${path}.revoked`, 'must be true or false');
  });

  const serverHostNames = input.serverHostNames ?? DEFAULT_SERVER_HOST_NAMES;
  const serverIpAddresses = input.serverIpAddresses ?? DEFAULT_SERVER_IP_ADDRESSES;
  serverHostNames.forEach((hostName, index) => {
    if (!DNS_NAME.test(hostName) || hostName.length > 253) problem(`serverHostNames[${index}]`, `${JSON.stringify(hostName)} is not a DNS host name`);
  });
  serverIpAddresses.forEach((address, index) => {
    if (isIP(address) === 0 || address.includes('%')) problem(`serverIpAddresses[${index}]`, `${JSON.stringify(address)} is not an IPv4 or IPv6 address`);
  });
  if (serverHostNames.length + serverIpAddresses.length === 0) problem('serverHostNames', 'the server needs at least one host name or IP address');

  let revocationDate = input.revocationDate ?? '';
  if (input.revocationDate !== undefined && !isIsoDate(input.revocationDate)) problem('revocationDate', 'not a YYYY-MM-DD date');
  else if (datesUsable) {
    revocationDate = input.revocationDate ?? nextDay(input.startDate);
    // The CRL's thisUpdate: the certificates it lists must exist then and not have expired.
    const lastDay = facilityLeafLastDay(input.startDate);
    if (revocationDate < input.startDate || revocationDate > lastDay) problem('revocationDate', `${revocationDate} is outside ${input.startDate}…${lastDay}`);
  }

  if (problems.length > 0) throw new MockCaError('INVALID_INPUT', `invalid facility-PKI input\n  ${problems.join('\n  ')}`);
  return { serverHostNames, serverIpAddresses, revocationDate };
}
