// The JSON of the terminal's 照会 routes (terminal/console/inquiry/README.md) as this page reads it.
// A renderer imports no terminal code: these shapes are written again here, only the fields shown.

export interface CodeView {
  readonly code: string;
  /** Undefined for a code the terminal's tables do not know: the code is shown. */
  readonly label?: string | undefined;
}

export interface PeriodView {
  /** YYYY-MM-DD. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface PersonView {
  readonly name: string;
  readonly nameKana?: string;
  readonly birthDate: string;
  readonly sex: CodeView;
  readonly insuredCardClassification: CodeView;
  readonly insurerNumber?: string;
  readonly insurerName?: string;
  readonly symbol?: string;
  readonly number?: string;
  readonly branchNumber?: string;
  readonly personalFamily?: CodeView;
  readonly contributionRatio?: CodeView;
  readonly elderlyRecipient?: { readonly contributionRatio?: CodeView; readonly certificateDate?: string; readonly valid: PeriodView };
  readonly limitApplication?:
    | { readonly shown: false; readonly consent?: CodeView }
    | { readonly shown: true; readonly consent: CodeView; readonly certificate?: CodeView; readonly classification?: CodeView; readonly valid: PeriodView; readonly longTermDate?: string };
  readonly specificDiseases?: {
    readonly consent?: CodeView;
    readonly shown: boolean;
    readonly certificates: readonly { readonly category?: CodeView; readonly valid: PeriodView; readonly selfPayYen?: number }[];
  };
  readonly validPeriod: PeriodView;
  readonly disqualificationDate?: string;
  readonly reasonOfLoss?: CodeView;
}

export interface QualificationView {
  readonly kind: 'qualification' | 'processing-error' | 'not-answered';
  readonly validity?: CodeView;
  readonly action: { readonly code: string; readonly words: string };
  readonly needsStaff: boolean;
  readonly people: readonly PersonView[];
  readonly problem?: { readonly code?: string; readonly message?: string };
}

export type KeyField = 'insurerNumber' | 'symbol' | 'number' | 'branchNumber' | 'birthDate';

export interface FieldProblem {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface IndividualAnswer {
  readonly inquiryId: string;
  readonly qualificationConfirmationDate: string;
  readonly limitApplicationConsent: boolean;
  readonly view: QualificationView;
}

export interface RowLabel {
  readonly rowNumber: number;
  readonly appointmentDate?: string;
  readonly appointmentTime?: string;
  readonly patientId?: string;
  readonly nameKana?: string;
}

export interface InvalidRow extends RowLabel {
  readonly problems: readonly FieldProblem[];
}

export type RowOutcome =
  | { readonly status: 'not-sent'; readonly problems: readonly FieldProblem[] }
  | { readonly status: 'waiting' }
  | { readonly status: 'answered'; readonly view: QualificationView }
  | { readonly status: 'failed'; readonly code: string; readonly message: string };

export type BulkRow = RowLabel & { readonly outcome: RowOutcome };

export interface BulkProgress {
  readonly jobId: string;
  readonly state: 'submitting' | 'processing' | 'done' | 'failed';
  readonly confirmationDate: string;
  readonly rows: { readonly total: number; readonly valid: number; readonly invalid: number };
  readonly sent: number;
  readonly processingPolls: number;
  readonly receptionNumber?: string;
  readonly answered: number;
  readonly failed: number;
  readonly byValidity: Readonly<Record<string, number>>;
  readonly needsStaff: number;
  readonly failure?: { readonly code: string; readonly message: string };
}

export interface BulkAccepted {
  readonly jobId: string;
  readonly progress: BulkProgress;
  readonly encoding: string;
  readonly ignoredColumns: readonly string[];
  readonly invalid: readonly InvalidRow[];
  readonly links: { readonly progress: string; readonly resultsCsv: string };
}

export interface BulkStatus {
  readonly progress: BulkProgress;
  readonly rows: readonly BulkRow[];
}
