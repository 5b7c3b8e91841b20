// What the staff console's 照会 routes send (terminal/console/inquiry/README.md): the 資格 view of an
// answer, the problems of keys typed or read from a CSV, and a 一括照会's progress and rows. Types only;
// the terminal builds them, the console pages draw them. Codes come with their words; data a consent
// flag guards is in them only when the flag says 同意.

/** A code as sent and its label; `label` is undefined for a code the tables do not know (shown as the code). */
export interface CodeView {
  readonly code: string;
  readonly label: string | undefined;
}

/** What a QualificationValidity asks of staff: a code for the page's catalogue and the words. */
export type StaffActionCode =
  | 'USE_QUALIFICATION'
  | 'CONFIRM_CURRENT_CERTIFICATE'
  | 'REQUERY_WITH_NEW_KEYS'
  | 'CHECK_INPUT'
  | 'CHOOSE_QUALIFICATION'
  | 'MEDICAL_AID_UNREGISTERED'
  | 'CHECK_ERROR'
  | 'RETRY_LATER';

export interface StaffAction {
  readonly code: StaffActionCode;
  readonly words: string;
}

export interface PeriodView {
  /** YYYY-MM-DD, or undefined when the answer has no start (end) date. */
  readonly from: string | undefined;
  readonly to: string | undefined;
}

export interface PersonQualificationView {
  readonly name: string;
  readonly nameKana: string | undefined;
  /** YYYY-MM-DD. */
  readonly birthDate: string;
  readonly sex: CodeView;
  readonly insuredCardClassification: CodeView;
  /** Trimmed (a 6-digit 国保 number arrives space-padded in files). */
  readonly insurerNumber: string | undefined;
  readonly insurerName: string | undefined;
  readonly symbol: string | undefined;
  readonly number: string | undefined;
  readonly branchNumber: string | undefined;
  readonly personalFamily: CodeView | undefined;
  /** 負担割合 (一部負担金割合), from InsuredPartialContributionRatio, else the 高齢受給者 ratio. */
  readonly contributionRatio: CodeView | undefined;
  readonly elderlyRecipient:
    | { readonly contributionRatio: CodeView | undefined; readonly certificateDate: string | undefined; readonly valid: PeriodView }
    | undefined;
  /**
   * 限度額適用: `shown` only with LimitApplicationCertificateRelatedConsFlg 1 (同意); otherwise the
   * consent and nothing of the certificate, even if the answer carried it.
   */
  readonly limitApplication:
    | {
        readonly consent: CodeView | undefined;
        readonly shown: false;
      }
    | {
        readonly consent: CodeView;
        readonly shown: true;
        readonly certificate: CodeView | undefined;
        /** 適用区分 (OQSCD012), e.g. A03 ウ. */
        readonly classification: CodeView | undefined;
        readonly valid: PeriodView;
        readonly longTermDate: string | undefined;
      }
    | undefined;
  /**
   * 特定疾病: the certificates, withheld when the answer's consent flag says anything but 同意
   * (answers without the flag are shown: its use is unpublished).
   */
  readonly specificDiseases:
    | {
        readonly consent: CodeView | undefined;
        readonly shown: boolean;
        readonly certificates: readonly { readonly category: CodeView | undefined; readonly valid: PeriodView; readonly selfPayYen: number | undefined }[];
      }
    | undefined;
  /** 有効期間: the card's validity where the answer has it, else 資格取得日 to 資格喪失日. */
  readonly validPeriod: PeriodView;
  readonly qualificationDate: string | undefined;
  readonly disqualificationDate: string | undefined;
  readonly reasonOfLoss: CodeView | undefined;
  readonly preschool: boolean;
  readonly referenceNumber: string | undefined;
}

export type QualificationViewKind =
  /** The central system answered a validity: `validity`, `action` and `people` say what it is. */
  | 'qualification'
  /** ProcessingResultStatus 2: the code and message the central system gave. */
  | 'processing-error'
  /** No usable answer (failed, not ours, incomplete, still 処理中). */
  | 'not-answered';

export interface QualificationView {
  readonly kind: QualificationViewKind;
  readonly validity: CodeView | undefined;
  readonly action: StaffAction;
  /** Staff must look and choose: a validity other than 有効, several people, or none. */
  readonly needsStaff: boolean;
  readonly people: readonly PersonQualificationView[];
  /** For processing-error / not-answered: the central system's code and message, or ours. */
  readonly problem?: { readonly code: string | undefined; readonly message: string | undefined };
}

/**
 * The checks on 被保険者証 / 資格確認書 keys typed by staff (個別照会) or read from an appointments CSV
 * (一括照会), before anything is sent. Input is normalised the way people and spreadsheets write it
 * (full-width digits and letters, surrounding spaces, 枝番 "1" for "01", 生年月日 1980/2/17), then each
 * field is checked; every problem has a code, the field and words for staff, never the value itself.
 *
 * No check digit: the spec gives none for 保険者番号 (oqs-interface.md §2.3, §5), and its own example
 * numbers (139999, 06139999) do not follow the one some systems use.
 */

export type InsuranceKeyField = 'insurerNumber' | 'symbol' | 'number' | 'branchNumber' | 'birthDate';

export type InsuranceKeyProblemCode =
  | 'INSURER_NUMBER_MISSING'
  | 'INSURER_NUMBER_FORMAT'
  | 'SYMBOL_TOO_LONG'
  | 'SYMBOL_CHARACTERS'
  | 'NUMBER_MISSING'
  | 'NUMBER_TOO_LONG'
  | 'NUMBER_CHARACTERS'
  | 'BRANCH_NUMBER_FORMAT'
  | 'BIRTH_DATE_MISSING'
  | 'BIRTH_DATE_FORMAT'
  | 'BIRTH_DATE_NOT_A_DATE'
  | 'BIRTH_DATE_IN_FUTURE';

export interface InsuranceKeyProblem {
  readonly field: InsuranceKeyField;
  readonly code: InsuranceKeyProblemCode;
  /** Words for staff; never the value (it may be a person's data). */
  readonly message: string;
}

/**
 * The appointments CSV of a 一括照会 (see README.md beside this file for the layout): decoded
 * (UTF-8 or Shift_JIS), parsed, and checked row by row. Only valid rows are ever sent; every other
 * row comes back with its row number, field and reason. The whole file is refused only when it
 * cannot be read as a table of appointments (too large, too many rows, no header, broken quoting).
 */

export type AppointmentColumn = 'appointmentDate' | 'appointmentTime' | 'patientId' | 'nameKana' | InsuranceKeyField;

export type RowProblemCode =
  | InsuranceKeyProblemCode
  | 'ROW_COLUMN_COUNT'
  | 'APPOINTMENT_DATE_FORMAT'
  | 'APPOINTMENT_DATE_OTHER_DAY'
  | 'APPOINTMENT_TIME_FORMAT'
  | 'PATIENT_ID_TOO_LONG'
  | 'NAME_KANA_TOO_LONG'
  | 'DUPLICATE_ROW';

export interface RowProblem {
  /** The column, or `row` for a problem of the whole row. */
  readonly field: AppointmentColumn | 'row';
  readonly code: RowProblemCode;
  readonly message: string;
}

/** What staff recognise a row by, kept from the file for the page and the results CSV; never sent. */
export interface RowLabel {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  readonly rowNumber: number;
  readonly appointmentDate?: string;
  readonly appointmentTime?: string;
  readonly patientId?: string;
  readonly nameKana?: string;
}

export interface InvalidAppointmentRow extends RowLabel {
  readonly problems: readonly RowProblem[];
}

/**
 * One 一括照会 from an imported CSV: the valid rows go to the central system in one upload, the job
 * waits out 処理中, and each row gets its outcome. Progress is a plain snapshot, pushed to subscribers
 * on every change (a WebSocket can carry it) and asked for by polling. Runs in memory only: the
 * results hold people's data and are never written to disk.
 */

export type BulkJobState = 'submitting' | 'processing' | 'done' | 'failed';

export interface BulkJobProgress {
  readonly jobId: string;
  readonly state: BulkJobState;
  /** yyyyMMdd: the 資格確認日 the rows are confirmed for. */
  readonly confirmationDate: string;
  readonly rows: { readonly total: number; readonly valid: number; readonly invalid: number };
  /** Rows the central system has accepted (0 until the upload is accepted). */
  readonly sent: number;
  /** Fetches the central system answered with 処理中. */
  readonly processingPolls: number;
  readonly receptionNumber?: string;
  /** Sent rows with an answer, and those that got none (the job failed, or the result left them out). */
  readonly answered: number;
  readonly failed: number;
  /** Answered rows per QualificationValidity code, and those staff must look at. */
  readonly byValidity: Readonly<Record<string, number>>;
  readonly needsStaff: number;
  readonly failure?: { readonly code: string; readonly message: string };
  /** ISO 8601. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt?: string;
}

export type BulkRowOutcome =
  | { readonly status: 'not-sent'; readonly problems: readonly RowProblem[] }
  | { readonly status: 'waiting' }
  | { readonly status: 'answered'; readonly view: QualificationView }
  | { readonly status: 'failed'; readonly code: string; readonly message: string };

export type BulkRowResult = RowLabel & { readonly outcome: BulkRowOutcome };

/** POST /api/console/inquiry/individual: the answer to one 個別照会. */
export interface IndividualInquiryAnswer {
  readonly inquiryId: string;
  readonly qualificationConfirmationDate: string;
  readonly limitApplicationConsent: boolean;
  readonly view: QualificationView;
}

/** POST /api/console/inquiry/bulk: a 一括照会 accepted, with the rows refused before anything was sent. */
export interface BulkInquiryAccepted {
  readonly jobId: string;
  readonly progress: BulkJobProgress;
  readonly encoding: string;
  readonly ignoredColumns: readonly string[];
  readonly invalid: readonly InvalidAppointmentRow[];
  readonly links: { readonly progress: string; readonly resultsCsv: string };
}

/** GET /api/console/inquiry/bulk/:id: the job's progress and its rows so far. */
export interface BulkInquiryStatus {
  readonly progress: BulkJobProgress;
  readonly rows: readonly BulkRowResult[];
}
