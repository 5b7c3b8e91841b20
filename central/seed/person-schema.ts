import { z } from 'zod';
import { cardExpiryDate, certificateExpiryDate, nthBirthdayAfter } from './card-validity';
import { insuranceRecordSchema, isActiveRecord } from './insurance-record-schema';
import { medicalRecordsSchema } from './medical-records-schema';
import { digits, isoDate, oneLine } from './schema-primitives';

/**
 * One fixture person, `fixtures/persons/<id>.json`: who they are, the card they hold, what the central
 * system knows about their insurance, and the medical records it can show. The mock central system,
 * the virtual card and the tests all read people through this schema; it is strict, so a misspelt key
 * fails instead of being ignored.
 *
 * Known limitation: `photo` names a face from fixtures/faces, and public-domain face data offers few
 * portraits (face01 is an elderly woman, the rest are women in their 20s–40s). Photo sex and age
 * therefore need not match the person's; no test may rely on them matching.
 */

export const qualificationScenarios = [
  'valid', // QualificationValidity 1
  'lost', // 2: 無効
  'lost-new-qualification', // 3: 無効（新しい資格あり）
  'not-found', // 4: 該当資格なし
  'multiple', // 5: 複数該当
  'medical-aid', // 1 or 6 (有効（未登録）): 医療扶助
] as const;

export type QualificationScenario = (typeof qualificationScenarios)[number];

const validityByScenario: Record<QualificationScenario, ReadonlyArray<string>> = {
  valid: ['1'],
  lost: ['2'],
  'lost-new-qualification': ['3'],
  'not-found': ['4'],
  multiple: ['5'],
  'medical-aid': ['1', '6'],
};

const nameSchema = z
  .strictObject({
    /** Family and given name separated by one full-width space (U+3000), as in `Name`. */
    kanji: z.string().regex(/^\S+\u3000\S+$/u, 'family and given name separated by one U+3000'),
    /** Half-width katakana with one ASCII space, as in `NameKana` (oqs-interface.md §2.3). */
    kana: z.string().regex(/^[\uFF66-\uFF9F]+ [\uFF66-\uFF9F]+$/u, 'half-width katakana, one ASCII space'),
    /** The same reading in full-width katakana with U+3000. */
    kanaFullWidth: z.string().regex(/^[\u30A1-\u30FC]+\u3000[\u30A1-\u30FC]+$/u, 'full-width katakana, one U+3000'),
    /** Characters of `kanji` outside JIS X 0208, which Shift_JIS output shows as ● (外字, 異体字). */
    charsOutsideJisX0208: z.array(z.string()).min(1).optional(),
    /** Of those, the ones Windows-31J (CP932, with its IBM/NEC extensions) cannot encode either. */
    charsOutsideCp932: z.array(z.string()).min(1).optional(),
  })
  .superRefine((name, ctx) => {
    // NFKC maps half-width katakana and U+3000 to their full-width / ASCII forms.
    if (name.kana.normalize('NFKC') !== name.kanaFullWidth.normalize('NFKC')) {
      ctx.addIssue({ code: 'custom', path: ['kanaFullWidth'], message: 'must spell the same reading as kana' });
    }
    for (const field of ['charsOutsideJisX0208', 'charsOutsideCp932'] as const) {
      name[field]?.forEach((char, index) => {
        if ([...char].length !== 1 || !name.kanji.includes(char)) {
          ctx.addIssue({ code: 'custom', path: [field, index], message: `${char} is not one character of ${name.kanji}` });
        }
      });
    }
    const outsideJis = new Set(name.charsOutsideJisX0208 ?? []);
    if (name.charsOutsideCp932?.some((char) => !outsideJis.has(char))) {
      ctx.addIssue({ code: 'custom', path: ['charsOutsideCp932'], message: 'must be a subset of charsOutsideJisX0208' });
    }
  });

const addressSchema = z.strictObject({
  postCode: z.string().regex(/^\d{3}-\d{4}$/, 'expected 123-4567'),
  /** As on the card (card.md §4): full-width digits and －, no ASCII digits, hyphens or spaces. */
  text: z.string().regex(/^[^0-9\-\s]+$/, 'full-width digits and － only, no spaces'),
});

const certificateSchema = z.strictObject({
  state: z.enum(['valid', 'expired', 'revoked']),
  issueDate: isoDate,
  expiryDate: isoDate,
});

const cardSchema = z.strictObject({
  /** `face-only` is the 顔認証マイナンバーカード: no PINs, no 署名用 certificate (card.md §7). */
  kind: z.enum(['standard', 'face-only']),
  /** 個人番号, 12 digits. Its check digit and the 照合番号B parts are card facts, checked by the fixture
   * test with the card driver's own functions (device/mynumber), which central/ may not import. */
  individualNumber: digits(12),
  issueDate: isoDate,
  expiryDate: isoDate,
  collationNumberB: z.strictObject({
    /** 生年月日 in 和暦, YYMMDD. */
    birthDateEra: digits(6),
    /** The card's expiry year, 西暦. */
    expiryYear: digits(4),
    /** セキュリティコード printed under the photo. */
    securityCode: digits(4),
    /** The 14 digits sent to VERIFY. */
    value: digits(14),
  }),
  /** 利用者証明用暗証番号 (JPKI key 0018). */
  userAuthPin: digits(4).optional(),
  /** 署名用パスワード (JPKI key 001B): 6–16 of A–Z 0–9 with at least one letter and one digit. */
  signingPassword: z
    .string()
    .regex(/^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{6,16}$/, '6–16 of A–Z0–9 with a letter and a digit')
    .optional(),
  /** 券面事項入力補助用暗証番号 (key 0011). */
  inputAssistPin: digits(4).optional(),
  /** Tries left on the 利用者証明用 PIN: 3 normally, 0 when locked (and for a face-only card). */
  userAuthPinTriesLeft: z.number().int().min(0).max(3),
  /** The 利用者証明用電子証明書 the reception flow reads and verifies. */
  userAuthCertificate: certificateSchema,
});

export const personSchema = z
  .strictObject({
    /** Kebab-case romaji, also the file name. */
    id: z.string().regex(/^[a-z]+(-[a-z]+)*$/, 'kebab-case romaji'),
    /** One line: what tests use this person for. */
    purpose: oneLine,
    /** Where the data comes from: the seed document, the emulator default profile, or invented. */
    source: z.enum(['seed', 'emulator-default', 'synthetic']),
    name: nameSchema,
    birthDate: isoDate,
    sex: z.enum(['1', '2']), // 1 男, 2 女 (OQSCD007)
    address: addressSchema,
    /** 後期高齢者医療 insured: exactly the people with a 39… insurer number. */
    lateElderly: z.boolean(),
    /** Face photo id: fixtures/faces/<photo>.png. */
    photo: z.string().regex(/^face(0[1-9]|1[0-8])$/, 'expected face01 … face18'),
    card: cardSchema,
    qualification: z.strictObject({
      scenario: z.enum(qualificationScenarios),
      QualificationValidity: z.enum(['1', '2', '3', '4', '5', '6']), // OQSCD006
      /** 閲覧停止 after a 紐付け mismatch: the person's 薬剤/健診 data must never be shown. */
      viewingBlocked: z.boolean(),
      /**
       * A 紐付け誤り not yet found (reader-flow.md §8): the central record linked to this card holds
       * another 生年月日 or 性別 than the card. The card shows the person's own; a terminal must notice.
       */
      recordIdentity: z
        .strictObject({ birthDate: isoDate.optional(), sex: z.enum(['1', '2']).optional() })
        .refine((identity) => identity.birthDate !== undefined || identity.sex !== undefined, 'name the 生年月日 or 性別 the record holds')
        .optional(),
    }),
    /** Newest first. Empty when the central system has no qualification on file. */
    insurance: z.array(insuranceRecordSchema),
    records: medicalRecordsSchema.optional(),
    /** Where a value is not from the source, or how an ambiguous source value was read. */
    notes: z.array(oneLine).optional(),
  })
  .superRefine((person, ctx) => {
    checkCard(person, ctx);
    checkQualification(person, ctx);
    checkLateElderly(person, ctx);
  });

export type Person = z.infer<typeof personSchema>;

type IssueSink = z.RefinementCtx;

function checkCard(person: Person, ctx: IssueSink): void {
  const { card, birthDate } = person;
  const problem = (path: ReadonlyArray<string>, message: string) =>
    ctx.addIssue({ code: 'custom', path: ['card', ...path], message });

  if (card.collationNumberB.expiryYear !== card.expiryDate.slice(0, 4)) {
    problem(['collationNumberB', 'expiryYear'], `card expires in ${card.expiryDate.slice(0, 4)}`);
  }

  const expectedCardExpiry = cardExpiryDate(birthDate, card.issueDate);
  if (card.expiryDate !== expectedCardExpiry) {
    problem(['expiryDate'], `a card issued ${card.issueDate} expires ${expectedCardExpiry} (10th birthday after issuance)`);
  }
  const certificate = card.userAuthCertificate;
  if (certificate.issueDate < card.issueDate || certificate.issueDate >= card.expiryDate) {
    problem(['userAuthCertificate', 'issueDate'], 'must fall within the card validity');
  }
  const expectedCertificateExpiry = certificateExpiryDate(birthDate, certificate.issueDate, card.expiryDate);
  if (certificate.expiryDate !== expectedCertificateExpiry) {
    problem(
      ['userAuthCertificate', 'expiryDate'],
      `a certificate issued ${certificate.issueDate} expires ${expectedCertificateExpiry} (5th birthday after issuance)`,
    );
  }

  if (card.kind === 'face-only') {
    for (const secret of ['userAuthPin', 'signingPassword', 'inputAssistPin'] as const) {
      if (card[secret] !== undefined) problem([secret], 'a face-only card has no PIN or password');
    }
    if (card.userAuthPinTriesLeft !== 0) problem(['userAuthPinTriesLeft'], 'a face-only card models key 0018 as blocked: 0');
    if (card.issueDate < '2023-12-15') problem(['issueDate'], '顔認証マイナンバーカード exist from 2023-12-15');
  } else {
    for (const secret of ['userAuthPin', 'signingPassword', 'inputAssistPin'] as const) {
      if (card[secret] === undefined) problem([secret], 'a standard card has all three PINs');
    }
  }
}

function checkQualification(person: Person, ctx: IssueSink): void {
  const { scenario, QualificationValidity } = person.qualification;
  const records = person.insurance;
  const problem = (message: string) => ctx.addIssue({ code: 'custom', path: ['qualification', 'scenario'], message });

  if (!validityByScenario[scenario].includes(QualificationValidity)) {
    ctx.addIssue({
      code: 'custom',
      path: ['qualification', 'QualificationValidity'],
      message: `scenario ${scenario} answers QualificationValidity ${validityByScenario[scenario].join(' or ')}`,
    });
  }

  const active = records.filter(isActiveRecord);
  const lost = records.filter((record) => !isActiveRecord(record));
  const medicalAid = records.filter((record) => record.insurerKind === 'medical-aid');
  switch (scenario) {
    case 'valid':
      if (records.length !== 1 || active.length !== 1 || medicalAid.length > 0) {
        problem('valid needs exactly one active 医療保険 record');
      }
      break;
    case 'lost':
      if (records.length !== 1 || lost.length !== 1) problem('lost needs exactly one record, with DisqualificationDate');
      break;
    case 'lost-new-qualification': {
      const [current] = active;
      if (lost.length === 0 || active.length !== 1 || !current) {
        problem('lost-new-qualification needs a lost record and exactly one newer active record');
      } else if (lost.some((old) => (old.DisqualificationDate ?? '') > current.QualificationDate)) {
        problem('the active record must start on or after the lost one ended');
      }
      break;
    }
    case 'not-found':
      if (records.length !== 0) problem('not-found means no insurance record on file');
      break;
    case 'multiple':
      if (active.length < 2 || medicalAid.length > 0) problem('multiple needs two or more active 医療保険 records');
      break;
    case 'medical-aid':
      if (medicalAid.length === 0 || active.some((record) => record.insurerKind !== 'medical-aid')) {
        problem('medical-aid needs an active 医療扶助 record and no other active record');
      }
      break;
  }
  records.forEach((record, index) => {
    const previous = records[index - 1];
    if (previous && previous.QualificationDate < record.QualificationDate) {
      ctx.addIssue({ code: 'custom', path: ['insurance', index, 'QualificationDate'], message: 'records are listed newest first' });
    }
  });
}

function checkLateElderly(person: Person, ctx: IssueSink): void {
  const koukiRecords = person.insurance.filter((record) => record.insurerKind === 'kouki');
  if (person.lateElderly !== koukiRecords.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['lateElderly'], message: 'true exactly when a 後期高齢者医療 (39…) record exists' });
  }
  // 後期高齢者医療 starts at 75, or at 65 with a disability certification.
  const sixtyFifthBirthday = nthBirthdayAfter(person.birthDate, person.birthDate, 65);
  koukiRecords.forEach((record) => {
    if (record.QualificationDate < sixtyFifthBirthday) {
      ctx.addIssue({ code: 'custom', path: ['lateElderly'], message: '後期高齢者医療 cannot start before 65' });
    }
  });
  if (person.records?.lateElderlyHealthCheckup && !person.lateElderly) {
    ctx.addIssue({ code: 'custom', path: ['records', 'lateElderlyHealthCheckup'], message: 'only for 後期高齢者' });
  }
  if (person.records?.specificHealthCheckup && person.lateElderly) {
    ctx.addIssue({ code: 'custom', path: ['records', 'specificHealthCheckup'], message: '特定健診 ends at 後期高齢者医療' });
  }
}
