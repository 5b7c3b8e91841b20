import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { CentralFailure } from '../../../flow/ports/central-system';
import type { Clock } from '../../../flow/ports/clock';
import type { BulkPollPolicy } from '../../../oqs/client';
import { DEFAULT_CSV_LIMITS, importAppointmentCsv, type InvalidAppointmentRow } from './appointment-csv';
import type { BulkInquiryJob, BulkJobProgress } from './bulk-inquiry-job';
import { BulkInquiryJobs, DEFAULT_BULK_JOB_LIMITS, type BulkJobLimits } from './bulk-inquiry-jobs';
import { facilityDateOf, facilityTomorrowOf } from './facility-day';
import { checkInsuranceKeys, compactDateOf } from './insurance-key-checks';
import type { InquiryAudit } from './inquiry-audit';
import { searchInfoOf, type InquiryCentral } from './inquiry-central';
import { qualificationViewOfResponse } from './qualification-view';
import { resultsCsv, type ResultsCsvEncoding } from './results-csv';
import type { BulkInquiryAccepted, BulkInquiryStatus, IndividualInquiryAnswer } from '../../../flow/contract/inquiry-views';

export interface InquirySettings {
  /** The uploaded CSV: bytes and data rows (more is refused whole, 413). */
  readonly csv: { readonly maxBytes: number; readonly maxRows: number };
  readonly jobs: BulkJobLimits;
  /** 一括照会 polling for these jobs; the client's own policy where absent. */
  readonly poll?: Partial<BulkPollPolicy>;
}

export const DEFAULT_INQUIRY_SETTINGS: InquirySettings = { csv: DEFAULT_CSV_LIMITS, jobs: DEFAULT_BULK_JOB_LIMITS };

export interface InquiryRouteOptions {
  readonly central: InquiryCentral;
  /**
   * Lets a staff member with a role allowed to 照会 through, or answers the refusal itself (the
   * coded envelope, e.g. 403 ROLE_FORBIDDEN). Runs before every route of this plugin.
   */
  readonly guard: preHandlerHookHandler;
  readonly audit: InquiryAudit;
  readonly clock: Clock;
  /** The staff account the guard let through. Default: `request.staff.id` (a string), as the guard leaves it. */
  readonly staffOf?: (request: FastifyRequest) => string | undefined;
  readonly settings?: Partial<InquirySettings>;
  /** Every change of every 一括照会 job, e.g. for a WebSocket that pushes progress to the page. */
  readonly onProgress?: (progress: BulkJobProgress) => void;
}

const BASE = '/api/console/inquiries';
const JSON_BODY_LIMIT = 8 * 1024;
const CSV_CONTENT_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream'];

const STATUS_OF_CENTRAL_FAILURE: Readonly<Record<CentralFailure['code'], number>> = {
  CENTRAL_UNAVAILABLE: 503,
  CENTRAL_TIMEOUT: 504,
  CENTRAL_REFUSED: 502,
  CENTRAL_MALFORMED_ANSWER: 502,
  CENTRAL_AUTH_FAILED: 502,
};

const CENTRAL_FAILURE_MESSAGES: Readonly<Record<CentralFailure['code'], string>> = {
  CENTRAL_UNAVAILABLE: 'オンライン資格確認等システムにつながりません。時間をおいて再照会してください',
  CENTRAL_TIMEOUT: 'オンライン資格確認等システムから時間内に回答がありません',
  CENTRAL_REFUSED: 'オンライン資格確認等システムが照会を受け付けませんでした',
  CENTRAL_MALFORMED_ANSWER: 'オンライン資格確認等システムの回答を読めませんでした',
  CENTRAL_AUTH_FAILED: '医療機関の証明書または認証が拒否されました。管理者に連絡してください',
};

const CSV_FILE_STATUS: Readonly<Record<string, number>> = { CSV_TOO_LARGE: 413, CSV_TOO_MANY_ROWS: 413 };

/**
 * The staff console's 照会, as a fastify plugin:
 *
 * - POST /api/console/inquiries/individual             個別照会 (JSON keys) → the 資格 view
 * - POST /api/console/inquiries/bulk?date=yyyyMMdd     一括照会: the appointments CSV as the body
 *                                                      (text/csv) → 202 job id, refused rows
 * - GET  /api/console/inquiries/bulk/:id               progress; every row's outcome once done
 * - GET  /api/console/inquiries/bulk/:id/results.csv   ?encoding=utf-8|shift_jis
 *
 * Every failure is `{ error: { code, message } }`. Who asked about whom is audited before anything
 * is sent or shown; when the audit cannot be written nothing is sent or shown.
 */
export async function registerInquiryRoutes(app: FastifyInstance, options: InquiryRouteOptions): Promise<void> {
  await app.register(async (scope) => inquiryPlugin(scope, options));
}

async function inquiryPlugin(scope: FastifyInstance, options: InquiryRouteOptions): Promise<void> {
  const settings: InquirySettings = { ...DEFAULT_INQUIRY_SETTINGS, ...options.settings };
  const jobs = new BulkInquiryJobs(settings.jobs, options.clock);
  const viewedBy = new Map<string, Set<string>>();
  const staffOf = options.staffOf ?? defaultStaffOf;
  scope.addHook('onClose', async () => jobs.close());
  scope.addHook('preHandler', options.guard);

  // The CSV arrives as the raw body; the plugin reads its bytes (encoding is detected, not declared).
  scope.removeContentTypeParser('text/plain');
  scope.addContentTypeParser(CSV_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: settings.csv.maxBytes }, (_request, body, done) => done(null, body));
  scope.setErrorHandler((error: { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode;
    if (status === 413) return reply.code(413).send(envelope(request.url.startsWith(`${BASE}/bulk`) ? 'CSV_TOO_LARGE' : 'BODY_TOO_LARGE', `ファイルが大きすぎます（上限 ${settings.csv.maxBytes} バイト）`));
    if (status === 415) return reply.code(415).send(envelope('UNSUPPORTED_MEDIA_TYPE', 'CSV は text/csv、照会は application/json で送ってください'));
    if (status !== undefined && status >= 400 && status < 500) return reply.code(400).send(envelope('INPUT_MALFORMED', '要求の形式が正しくありません'));
    return reply.code(500).send(envelope('INTERNAL', '内部エラーが起きました'));
  });

  /** The staff member, or a refusal: a guard that lets someone through unnamed is a fault, never audited as nobody. */
  const staffOrRefuse = (request: FastifyRequest, reply: FastifyReply): string | undefined => {
    const staff = staffOf(request);
    if (staff === undefined || staff === '') {
      void reply.code(401).send(envelope('STAFF_LOGIN_REQUIRED', '職員のログインが必要です'));
      return undefined;
    }
    return staff;
  };

  const audited = async (reply: FastifyReply, entries: Parameters<InquiryAudit['record']>[0]): Promise<boolean> => {
    try {
      await options.audit.record(entries);
      return true;
    } catch {
      void reply.code(503).send(envelope('AUDIT_UNAVAILABLE', '操作の記録を書けないため照会できません。管理者に連絡してください'));
      return false;
    }
  };

  scope.post<{ Body: unknown }>(`${BASE}/individual`, { bodyLimit: JSON_BODY_LIMIT }, async (request, reply) => {
    const staffId = staffOrRefuse(request, reply);
    if (staffId === undefined) return reply;
    const body = request.body;
    if (Buffer.isBuffer(body)) return refuse(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', '照会は application/json で送ってください');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse(reply, 400, 'INPUT_MALFORMED', '照会の内容を JSON のオブジェクトで送ってください');
    const fields = body as Record<string, unknown>;
    const textFields = ['insurerNumber', 'symbol', 'number', 'branchNumber', 'birthDate', 'qualificationConfirmationDate'] as const;
    if (textFields.some((name) => fields[name] !== undefined && typeof fields[name] !== 'string') || (fields['limitApplicationConsent'] !== undefined && typeof fields['limitApplicationConsent'] !== 'boolean')) {
      return refuse(reply, 400, 'INPUT_MALFORMED', '項目は文字列で、limitApplicationConsent は true/false で送ってください');
    }
    const now = options.clock.now();
    const today = facilityDateOf(now);
    const checked = checkInsuranceKeys(fields, { today });
    if (!checked.ok) {
      reply.code(400);
      return { error: { code: 'INPUT_INVALID', message: '入力内容を確認してください', problems: checked.problems } };
    }
    let confirmationDate = today;
    if (fields['qualificationConfirmationDate'] !== undefined) {
      const date = compactDateOf(String(fields['qualificationConfirmationDate']).trim());
      if (date.kind !== 'date') return refuse(reply, 400, 'DATE_INVALID', '資格確認日は西暦の年月日で指定してください');
      confirmationDate = date.value;
    }
    const inquiryId = `Q${randomBytes(8).toString('hex').toUpperCase()}`;
    const subject = options.audit.subjectOf(checked.keys);
    if (!(await audited(reply, [{ at: now, staffId, action: 'INQUIRY_INDIVIDUAL', detail: { subject, inquiry: inquiryId } }]))) return reply;
    const limitApplicationConsent = fields['limitApplicationConsent'] === true;
    const outcome = await options.central.qualificationByInsuranceKeys(searchInfoOf(checked.keys, { limitApplicationConsent }), {
      arbitraryFileIdentifier: inquiryId,
      qualificationConfirmationDate: confirmationDate,
    });
    if (!outcome.ok) {
      reply.code(STATUS_OF_CENTRAL_FAILURE[outcome.code] ?? 502);
      return { error: { code: outcome.code, message: CENTRAL_FAILURE_MESSAGES[outcome.code] ?? '照会に失敗しました', ...(outcome.centralCode === undefined ? {} : { centralCode: outcome.centralCode }) } };
    }
    // The client checked the answer is ours (facility, identifier); the view judges the rest (§3.2).
    const view = qualificationViewOfResponse(outcome.response, { medicalInstitutionCode: outcome.response.MessageHeader.MedicalInstitutionCode, arbitraryFileIdentifier: inquiryId });
    const answer: IndividualInquiryAnswer & { readonly asked: typeof checked.keys } = { inquiryId, qualificationConfirmationDate: confirmationDate, asked: checked.keys, limitApplicationConsent, view };
    return answer;
  });

  scope.post<{ Body: unknown; Querystring: Record<string, string | undefined> }>(`${BASE}/bulk`, async (request, reply) => {
    const staffId = staffOrRefuse(request, reply);
    if (staffId === undefined) return reply;
    if (!Buffer.isBuffer(request.body)) return refuse(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'CSV を本文（text/csv）として送ってください');
    const now = options.clock.now();
    const today = facilityDateOf(now);
    let confirmationDate = facilityTomorrowOf(now);
    if (request.query.date !== undefined) {
      const date = compactDateOf(request.query.date.trim());
      if (date.kind !== 'date') return refuse(reply, 400, 'DATE_INVALID', '照会する日（date）は西暦の年月日で指定してください');
      if (date.value < today) return refuse(reply, 400, 'DATE_IN_PAST', '照会する日が過去です');
      confirmationDate = date.value;
    }
    const consent = request.query.limitApplicationConsent;
    if (consent !== undefined && consent !== '0' && consent !== '1') return refuse(reply, 400, 'INPUT_MALFORMED', 'limitApplicationConsent は 0 か 1 です');

    const imported = importAppointmentCsv(request.body, { appointmentDate: confirmationDate, today, maxBytes: settings.csv.maxBytes, maxRows: settings.csv.maxRows });
    if (!imported.ok) return refuse(reply, CSV_FILE_STATUS[imported.code] ?? 400, imported.code, imported.message);
    // A refused row as the page shows it: its row number, what staff wrote beside the keys, the reasons.
    const invalid: readonly InvalidAppointmentRow[] = imported.invalid;
    if (imported.valid.length === 0) {
      reply.code(422);
      return { error: { code: 'CSV_NO_VALID_ROWS', message: '送れる行がありません。各行の理由を確認してください' }, invalid };
    }
    const created = jobs.create(
      { confirmationDate, valid: imported.valid, invalid: imported.invalid, ...(consent === undefined ? {} : { limitApplicationConsent: consent === '1' }) },
      { central: options.central, ...(settings.poll === undefined ? {} : { poll: settings.poll }) },
    );
    if (!created.ok) return refuse(reply, 429, created.code, '実行中の一括照会が終わってから送ってください');
    const { job } = created;
    const entries = [
      { at: now, staffId, action: 'INQUIRY_BULK_SUBMITTED' as const, detail: { job: job.jobId, valid: imported.valid.length, invalid: imported.invalid.length } },
      ...imported.valid.map((row) => ({ at: now, staffId, action: 'INQUIRY_BULK_ROW_SENT' as const, detail: { job: job.jobId, row: row.rowNumber, subject: options.audit.subjectOf(row.keys) } })),
    ];
    if (!(await audited(reply, entries))) {
      job.cancel();
      return reply;
    }
    if (options.onProgress !== undefined) job.subscribe(options.onProgress);
    void job.start();
    reply.code(202);
    return {
      jobId: job.jobId,
      progress: job.progress(),
      encoding: imported.encoding,
      ignoredColumns: imported.ignoredColumns,
      invalid,
      links: { progress: `${BASE}/bulk/${job.jobId}`, resultsCsv: `${BASE}/bulk/${job.jobId}/results.csv` },
    } satisfies BulkInquiryAccepted;
  });

  const jobOrRefuse = (id: string, reply: FastifyReply): BulkInquiryJob | undefined => {
    const job = /^[0-9A-F]{32}$/.test(id) ? jobs.get(id) : undefined;
    if (job === undefined) void reply.code(404).send(envelope('BULK_JOB_NOT_FOUND', 'この一括照会はありません（保存期間が過ぎた可能性があります）'));
    return job;
  };

  scope.get<{ Params: { id: string } }>(`${BASE}/bulk/:id`, async (request, reply) => {
    const staffId = staffOrRefuse(request, reply);
    if (staffId === undefined) return reply;
    const job = jobOrRefuse(request.params.id, reply);
    if (job === undefined) return reply;
    const progress = job.progress();
    if (!job.finished) {
      // While it runs: the progress and the refused rows (what staff uploaded), nothing from the central system.
      return { progress, rows: job.results().filter((row) => row.outcome.status === 'not-sent') } satisfies BulkInquiryStatus;
    }
    const viewers = viewedBy.get(job.jobId) ?? new Set<string>();
    if (!viewers.has(staffId)) {
      if (!(await audited(reply, [{ at: options.clock.now(), staffId, action: 'INQUIRY_BULK_VIEWED', detail: { job: job.jobId } }]))) return reply;
      viewers.add(staffId);
      viewedBy.set(job.jobId, viewers);
    }
    return { progress, rows: job.results() } satisfies BulkInquiryStatus;
  });

  scope.get<{ Params: { id: string }; Querystring: { encoding?: string } }>(`${BASE}/bulk/:id/results.csv`, async (request, reply) => {
    const staffId = staffOrRefuse(request, reply);
    if (staffId === undefined) return reply;
    const encoding = encodingOf(request.query.encoding);
    if (encoding === undefined) return refuse(reply, 400, 'ENCODING_INVALID', 'encoding は utf-8 か shift_jis です');
    const job = jobOrRefuse(request.params.id, reply);
    if (job === undefined) return reply;
    if (!job.finished) return refuse(reply, 409, 'BULK_NOT_FINISHED', '一括照会がまだ終わっていません');
    if (!(await audited(reply, [{ at: options.clock.now(), staffId, action: 'INQUIRY_BULK_EXPORTED', detail: { job: job.jobId, encoding: encoding === 'shift_jis' ? 'SHIFT_JIS' : 'UTF_8' } }]))) return reply;
    const csv = resultsCsv(job.results(), encoding);
    const progress = job.progress();
    return reply
      .header('content-type', csv.contentType)
      .header('content-disposition', `attachment; filename="inquiry-${progress.confirmationDate}-${job.jobId.slice(0, 8)}.csv"`)
      .header('cache-control', 'no-store')
      .header('x-substituted-characters', String(csv.substitutedCharacters))
      .send(Buffer.from(csv.bytes));
  });
}

function encodingOf(value: string | undefined): ResultsCsvEncoding | undefined {
  const normalised = (value ?? 'utf-8').toLowerCase().replace(/[-_]/g, '');
  if (normalised === 'utf8' || normalised === 'utf8bom') return 'utf-8-bom';
  if (normalised === 'shiftjis' || normalised === 'sjis') return 'shift_jis';
  return undefined;
}

function defaultStaffOf(request: FastifyRequest): string | undefined {
  const staff = (request as FastifyRequest & { staff?: { id?: unknown } }).staff;
  return typeof staff?.id === 'string' ? staff.id : undefined;
}

function envelope(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

function refuse(reply: FastifyReply, status: number, code: string, message: string): { error: { code: string; message: string } } {
  reply.code(status);
  return envelope(code, message);
}
