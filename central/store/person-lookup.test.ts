import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestPki } from '../../crypto/mock-ca';
import type { TestPki } from '../../crypto/mock-ca';
import { createPersonLookup } from './person-lookup';
import type { PersonLookup } from './person-lookup';
import { FIXTURE_PKI_DIR, openSeededTempStore } from './testing/temp-store';
import type { TempStore } from './testing/temp-store';

describe('person lookup', () => {
  let store: TempStore;
  let lookup: PersonLookup;
  let pki: TestPki;
  beforeAll(async () => {
    store = await openSeededTempStore();
    lookup = createPersonLookup(store.db);
    pki = await readTestPki(FIXTURE_PKI_DIR);
  });
  afterAll(() => store.dispose());

  const bySerial = (id: string) => {
    const certificate = pki.holders[id]!.userAuth;
    return lookup.findByCertificate({ issuerGeneration: certificate.issuerGeneration, serialNumberHex: certificate.serialNumberHex });
  };
  const derHashOf = (id: string) =>
    createHash('sha256').update(readFileSync(join(FIXTURE_PKI_DIR, 'holders', id, 'user-auth', 'certificate.der'))).digest('hex');

  describe('by certificate', () => {
    it('finds every fixture person by serial + issuer generation, by DER hash and by the DER itself', () => {
      for (const id of Object.keys(pki.holders)) {
        expect(bySerial(id)?.person.externalId, id).toBe(id);
        expect(lookup.findByCertificate({ certificateSha256: derHashOf(id) })?.person.externalId, id).toBe(id);
        expect(lookup.findByCertificate({ certificateSha256: derHashOf(id).toUpperCase() })?.person.externalId, id).toBe(id);
        expect(lookup.findByCertificate({ certificateDer: pki.holders[id]!.userAuth.certificate })?.person.externalId, id).toBe(id);
      }
    });

    it('valid: one active record', () => {
      const found = bySerial('shiken-taro')!;
      expect(found.records).toHaveLength(1);
      expect(found.activeRecords).toHaveLength(1);
      expect(found.activeRecords[0]).toMatchObject({ InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '5678' });
      expect(found.person.qualification).toMatchObject({ scenario: 'valid', QualificationValidity: '1', viewingBlocked: false });
      expect(found.certificate.subjectId).toBe(pki.holders['shiken-taro']!.userAuth.subjectId);
    });

    it('lost: the lost record only, with its date and reason', () => {
      const found = bySerial('takahashi-naoki')!;
      expect(found.activeRecords).toHaveLength(0);
      expect(found.records).toHaveLength(1);
      expect(found.records[0]).toMatchObject({ active: false, DisqualificationDate: '2026-04-01' });
      expect(found.records[0]?.ReasonOfLoss).toBeDefined();
    });

    it('lost with a new qualification: both records, newest first, one active', () => {
      const found = bySerial('nakamura-misaki')!;
      expect(found.records.map((record) => [record.InsurerNumber, record.active])).toEqual([
        ['01270016', true],
        ['06270011', false],
      ]);
      expect(found.activeRecords).toHaveLength(1);
    });

    it('not found: the person, but no record', () => {
      const found = bySerial('kobayashi-shota')!;
      expect(found.person.qualification.QualificationValidity).toBe('4');
      expect(found.records).toEqual([]);
      expect(found.activeRecords).toEqual([]);
    });

    it('multiple: two active records', () => {
      const found = bySerial('ito-yumi')!;
      expect(found.activeRecords.map((record) => record.InsurerNumber)).toEqual(['01130038', '06140016']);
      expect(found.person.qualification.QualificationValidity).toBe('5');
    });

    it('medical aid: the A1 record with 公費負担者番号, 受給者番号 and its 医療券', () => {
      const found = bySerial('ishikawa-masao')!;
      const [aid] = found.activeRecords;
      expect(found.activeRecords).toHaveLength(1);
      expect(aid).toMatchObject({
        InsuredCardClassification: 'A1',
        PublicExpenseNumber: '12136016',
        BeneficiaryNumber: '1234566',
        WelfareOfficeName: '見本区福祉事務所',
      });
      expect(aid?.PublicExpenseResultList).toEqual([expect.objectContaining({ IssueNumber: '2611-0042', SelfPayAmount: 0 })]);
      expect(found.records).toHaveLength(2);
    });

    it('紐付け不一致: viewing blocked and the identity check says mismatched', () => {
      const found = bySerial('watanabe-makoto')!;
      expect(found.person.qualification).toMatchObject({ viewingBlocked: true, identityCheck: 'mismatched' });
      expect(bySerial('shiken-taro')!.person.qualification).toMatchObject({ viewingBlocked: false, identityCheck: 'matched' });
    });

    it('returns undefined for a certificate nobody was linked with', () => {
      expect(lookup.findByCertificate({ issuerGeneration: '2023-07-16', serialNumberHex: '0123456789ABCDEF' })).toBeUndefined();
      expect(lookup.findByCertificate({ certificateSha256: '0'.repeat(64) })).toBeUndefined();
      const known = pki.holders['shiken-taro']!.userAuth;
      const otherGeneration = known.issuerGeneration === '2019-09-14' ? '2023-07-16' : '2019-09-14';
      expect(lookup.findByCertificate({ issuerGeneration: otherGeneration, serialNumberHex: known.serialNumberHex })).toBeUndefined();
    });
  });

  describe('個別照会 by insurance keys', () => {
    const morita = { insuredCardSymbol: '88', insuredIdentificationNumber: '204517', insuredBranchNumber: '00', birthDate: '1958-07-07' };

    it.each([['139999'], ['  139999'], ['00139999'], [' 139999 ']])('accepts the 6-digit 国保 number as %j', (insurerNumber) => {
      const matches = lookup.findByInsuranceKeys({ ...morita, insurerNumber });
      expect(matches.map((match) => match.person.externalId)).toEqual(['morita-kenji']);
      expect(matches[0]?.record).toMatchObject({ InsurerNumber: '139999', active: true });
    });

    it('accepts the birth date as yyyyMMdd and leaves 記号 and 枝番 optional', () => {
      const matches = lookup.findByInsuranceKeys({ insurerNumber: '139999', insuredIdentificationNumber: '204517', birthDate: '19580707' });
      expect(matches).toHaveLength(1);
    });

    it('matches nothing on a wrong birth date, 記号 or 枝番', () => {
      expect(lookup.findByInsuranceKeys({ ...morita, insurerNumber: '139999', birthDate: '1958-07-08' })).toEqual([]);
      // YZK/TKK requests carry no 生年月日: the keys alone find the holder.
      const { birthDate: _omitted, ...keysOnly } = morita;
      expect(lookup.findByInsuranceKeys({ ...keysOnly, insurerNumber: '139999' }).map((match) => match.person.externalId)).toEqual(['morita-kenji']);
      expect(lookup.findByInsuranceKeys({ ...morita, insurerNumber: '139999', insuredCardSymbol: '89' })).toEqual([]);
      expect(lookup.findByInsuranceKeys({ ...morita, insurerNumber: '139999', insuredBranchNumber: '01' })).toEqual([]);
    });

    it('finds a lost record too (the answer is then 無効)', () => {
      const matches = lookup.findByInsuranceKeys({
        insurerNumber: '06139992',
        insuredCardSymbol: '45',
        insuredIdentificationNumber: '1021',
        insuredBranchNumber: '00',
        birthDate: '1968-11-03',
      });
      expect(matches.map((match) => [match.person.externalId, match.record.active])).toEqual([['takahashi-naoki', false]]);
    });

    it('refuses a malformed insurer number with a code and without echoing it', () => {
      expect(() => lookup.findByInsuranceKeys({ ...morita, insurerNumber: '12345' })).toThrow(
        expect.objectContaining({ code: 'INVALID_INSURER_NUMBER', message: expect.not.stringContaining('12345') }),
      );
      expect(() => lookup.findByInsuranceKeys({ ...morita, insurerNumber: '139999', birthDate: '1958/07/07' })).toThrow(
        expect.objectContaining({ code: 'INVALID_QUERY' }),
      );
    });
  });
});
