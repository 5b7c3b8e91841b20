import { isIsoDate } from './dates';
import { DEFAULT_REVOCATION } from './defaults';
import { MockCaError } from './errors';
import { eraPrefixedBirthDate } from '../../kernel/card/japanese-era';
import { MUNICIPALITY_CODE } from './opaque-id';
import { isCrlReason } from './revocations';
import { serialNumberFromHex } from './serial-numbers';
import type { CaGenerationInput, CardHolderInput, RevocationInput, TestPkiInput } from './types';

/**
 * Checks a TestPkiInput before any key is generated and reports every problem at once, so a bad
 * fixture fails in milliseconds with a complete list instead of after a minute of key generation.
 */
export function validateTestPkiInput(input: TestPkiInput): void {
  const problems: string[] = [];
  const problem = (path: string, message: string) => problems.push(`${path}: ${message}`);

  if (input.seed.length === 0) problem('seed', 'must not be empty');
  checkGenerations(input.caGenerations.userAuth, 'caGenerations.userAuth', problem);
  checkGenerations(input.caGenerations.signing, 'caGenerations.signing', problem);
  for (const [path, authority] of [
    ['cardFaceAuthority', input.cardFaceAuthority],
    ['terminalAuthority', input.terminalAuthority],
  ] as const) {
    if (!authority) continue;
    if (!isIsoDate(authority.startDate)) problem(`${path}.startDate`, 'not a YYYY-MM-DD date');
    if (!isValidYears(authority.validYears)) problem(`${path}.validYears`, 'must be a whole number of years, 1–50');
  }
  if (input.terminalAuthority?.terminalName !== undefined && !isOneLine(input.terminalAuthority.terminalName)) {
    problem('terminalAuthority.terminalName', 'must be one non-empty line');
  }
  if (input.revocationDefaults) checkRevocation(input.revocationDefaults, 'revocationDefaults', problem);

  const ids = new Set<string>();
  input.holders.forEach((holder, index) => {
    const path = `holders[${index}]`;
    if (ids.has(holder.id)) problem(`${path}.id`, `${holder.id} appears twice`);
    ids.add(holder.id);
    checkHolder(holder, path, problem);
    const { issueDate, expiryDate } = holder.userAuthCertificate;
    if (holder.revocation && (holder.revocation.date < issueDate || holder.revocation.date > expiryDate)) {
      problem(`${path}.revocation.date`, `${holder.revocation.date} is outside the certificate's ${issueDate}…${expiryDate}`);
    }
  });

  if (problems.length > 0) throw new MockCaError('INVALID_INPUT', `invalid mock-CA input\n  ${problems.join('\n  ')}`);
}

/**
 * The holder's own revocation, else the input's defaults, else DEFAULT_REVOCATION. A default date is
 * moved into the certificate's validity (to its issue or expiry day), so one fixed default serves
 * certificates of any age.
 */
export function effectiveRevocation(input: TestPkiInput, holder: CardHolderInput): RevocationInput {
  if (holder.revocation) return holder.revocation;
  const defaults = input.revocationDefaults ?? DEFAULT_REVOCATION;
  const { issueDate, expiryDate } = holder.userAuthCertificate;
  const date = defaults.date < issueDate ? issueDate : defaults.date > expiryDate ? expiryDate : defaults.date;
  return { date, reason: defaults.reason };
}

type ProblemSink = (path: string, message: string) => void;

function isValidYears(years: number): boolean {
  return Number.isInteger(years) && years >= 1 && years <= 50;
}

function isOneLine(value: string): boolean {
  return value.trim().length > 0 && !/[\r\n]/.test(value);
}

function isUrl(value: string): boolean {
  return /^https?:\/\/[\x21-\x7e]+$/.test(value);
}

function checkGenerations(generations: ReadonlyArray<CaGenerationInput>, path: string, problem: ProblemSink): void {
  if (generations.length === 0) problem(path, 'needs at least one CA generation');
  const serials = new Set<string>();
  generations.forEach((generation, index) => {
    const at = `${path}[${index}]`;
    if (!isIsoDate(generation.startDate)) problem(`${at}.startDate`, 'not a YYYY-MM-DD date');
    const previous = generations[index - 1];
    if (previous && previous.startDate >= generation.startDate) problem(`${at}.startDate`, 'generations are listed oldest first, each on its own day');
    if (generation.validYears !== undefined && !isValidYears(generation.validYears)) problem(`${at}.validYears`, 'must be a whole number of years, 1–50');
    if (generation.serialNumberHex !== undefined) {
      try {
        serialNumberFromHex(generation.serialNumberHex);
      } catch (error) {
        problem(`${at}.serialNumberHex`, error instanceof Error ? error.message : String(error));
      }
      const normalised = generation.serialNumberHex.toUpperCase();
      if (serials.has(normalised)) problem(`${at}.serialNumberHex`, 'two generations of one CA share a serial number');
      serials.add(normalised);
    }
    for (const field of ['crlDistributionPointUrl', 'ocspResponderUrl'] as const) {
      const url = generation[field];
      if (url !== undefined && !isUrl(url)) problem(`${at}.${field}`, 'not an http(s) URL without spaces');
    }
  });
}

function checkRevocation(revocation: RevocationInput, path: string, problem: ProblemSink): void {
  if (!isIsoDate(revocation.date)) problem(`${path}.date`, 'not a YYYY-MM-DD date');
  if (!isCrlReason(revocation.reason)) problem(`${path}.reason`, `${String(revocation.reason)} is not an RFC 5280 CRLReason`);
}

function checkHolder(holder: CardHolderInput, path: string, problem: ProblemSink): void {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(holder.id)) problem(`${path}.id`, 'must be kebab-case (it names a folder)');
  if (!MUNICIPALITY_CODE.test(holder.municipalityCode)) problem(`${path}.municipalityCode`, 'must be 6 digits');
  for (const field of ['prefecture', 'city', 'name', 'address'] as const) {
    if (!isOneLine(holder[field])) problem(`${path}.${field}`, 'must be one non-empty line');
  }
  if (holder.sex !== '1' && holder.sex !== '2') problem(`${path}.sex`, 'must be 1 (男) or 2 (女)');
  if (!isIsoDate(holder.birthDate) || eraPrefixedBirthDate(holder.birthDate) === undefined) {
    problem(`${path}.birthDate`, 'not a YYYY-MM-DD date from 明治 on');
  }
  if (holder.cardKind !== 'standard' && holder.cardKind !== 'face-only') problem(`${path}.cardKind`, 'must be standard or face-only');

  const { issueDate, expiryDate } = holder.userAuthCertificate;
  if (!isIsoDate(issueDate)) problem(`${path}.userAuthCertificate.issueDate`, 'not a YYYY-MM-DD date');
  if (!isIsoDate(expiryDate)) problem(`${path}.userAuthCertificate.expiryDate`, 'not a YYYY-MM-DD date');
  if (issueDate >= expiryDate) problem(`${path}.userAuthCertificate`, 'must expire after it is issued');
  if (issueDate <= holder.birthDate) problem(`${path}.userAuthCertificate.issueDate`, 'must be after the birth date');

  if (holder.revocation) {
    checkRevocation(holder.revocation, `${path}.revocation`, problem);
    if (!holder.revoked) problem(`${path}.revocation`, 'given for a holder that is not revoked');
  }
}
