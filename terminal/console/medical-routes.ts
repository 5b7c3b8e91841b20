import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { Clock } from '../../flow/ports/clock';
import type { OqsCentralSystem } from '../../oqs/client/oqs-central-system';
import type { SqliteReceptionStore } from '../../store/sqlite-reception-store';
import { refuse } from '../http/refusal';
import type { ConsoleStaff } from './console-routes';
import { drugPeriodOf } from './drug-period';
import { checkupHistoryViewOf, drugInfoViewOf, renderCheckupHistoryPdf, renderDrugInfoPdf, type ExportFont } from './export';
import { qualificationViewOfCardAnswer } from './inquiry';
import type { ReceptionAnswers } from './reception-answers';

export interface MedicalRoutesOptions {
  readonly answers: Pick<ReceptionAnswers, 'answerOf' | 'medicalKeysOf'>;
  readonly receptions: Pick<SqliteReceptionStore, 'findReception' | 'consentsOf'>;
  readonly central: Pick<OqsCentralSystem, 'drugInformation' | 'checkupInformation'>;
  readonly clock: Clock;
  /** Lets staff at the counter through (the 資格 view). */
  readonly counterGuard: preHandlerHookHandler;
  /** Lets 医療情報閲覧 through, no one else (the medical views). */
  readonly clinicianGuard: preHandlerHookHandler;
  readonly staffOf: (request: FastifyRequest) => ConsoleStaff;
  /** Audits a viewing; a viewing that cannot be audited is not shown. */
  readonly audit: (entry: { staffId: string; action: string; receptionId: string; kioskId: string }) => Promise<void>;
  /** The facility's name for the PDF header. */
  /** The facility's name as the PDFs show it, asked at each export (an administrator may change it). */
  readonly facilityName: () => string;
  /** The PDF font, loaded once when first asked. */
  readonly font: () => ExportFont;
}

type Category = 'pharmaceutical' | 'specificHealthCheckups';

/** The 薬剤情報 routes: the reception, and the months asked for (see drug-period). */
type DrugRoute = { Params: { id: string }; Querystring: { from?: unknown; to?: unknown } };

/**
 * The console's detail views of a kiosk reception:
 *
 * - GET /api/console/receptions/:id/qualification         the 資格 view (staff at the counter)
 * - GET /api/console/receptions/:id/drug-information      薬剤情報一覧 (医療情報閲覧 only) — `.pdf` for the PDF;
 *                                                           `?from=yyyyMM&to=yyyyMM` for other months than the
 *                                                           last three years (400 INVALID_PERIOD, see drug-period)
 * - GET /api/console/receptions/:id/checkups               特定健診 / 後期高齢者健診 経年 (医療情報閲覧 only) — `.pdf`
 *
 * The medical views are given only inside the patient's consent window for that category at this
 * facility, by the terminal's clock: 403 CONSENT_REQUIRED without an agreement, CONSENT_EXPIRED after
 * its 24 hours. Every viewing is audited first; one that cannot be audited is refused. Both views
 * answer with the same model as JSON (the console page draws it) and as the PDF.
 */
export async function registerMedicalRoutes(app: FastifyInstance, options: MedicalRoutesOptions): Promise<void> {
  const receptionOf = (id: string) => (/^[A-Za-z0-9_.-]{1,64}$/.test(id) ? options.receptions.findReception(id) : undefined);

  const audited = async (request: FastifyRequest, reply: FastifyReply, action: string, receptionId: string, kioskId: string): Promise<boolean> => {
    try {
      await options.audit({ staffId: options.staffOf(request).id, action, receptionId, kioskId });
      return true;
    } catch {
      void reply.send(refuse(reply, 503, 'AUDIT_UNAVAILABLE', 'the viewing could not be audited, so it is not shown'));
      return false;
    }
  };

  app.get<{ Params: { id: string } }>('/api/console/receptions/:id/qualification', { preHandler: options.counterGuard }, async (request, reply) => {
    const reception = receptionOf(request.params.id);
    if (reception === undefined) return refuse(reply, 404, 'RECEPTION_NOT_FOUND', 'no such reception');
    const answer = options.answers.answerOf(reception.receptionId);
    if (answer === undefined) return refuse(reply, 410, 'ANSWER_NOT_KEPT', 'the answer is no longer in the terminal: use 個別照会');
    if (!(await audited(request, reply, 'QUALIFICATION_VIEWED', reception.receptionId, reception.kioskId))) return reply;
    return qualificationViewOfCardAnswer(answer);
  });

  /** The consent window check, then the patient's keys; a refusal is sent and undefined returned. */
  const medicalKeysFor = (reply: FastifyReply, receptionId: string, category: Category) => {
    const refused = (status: number, code: string, message: string): undefined => void reply.send(refuse(reply, status, code, message));
    const reception = receptionOf(receptionId);
    if (reception === undefined) return refused(404, 'RECEPTION_NOT_FOUND', 'no such reception');
    const consent = options.receptions.consentsOf(reception.receptionId).find((entry) => entry.category === category);
    if (consent === undefined || !consent.agreed) return refused(403, 'CONSENT_REQUIRED', 'the patient did not agree to this view at this facility');
    if (options.clock.now().getTime() >= Date.parse(consent.expiresAt)) return refused(403, 'CONSENT_EXPIRED', 'the 24 hours of the consent are over');
    const keys = options.answers.medicalKeysOf(reception.receptionId);
    if (keys === undefined) return refused(410, 'ANSWER_NOT_KEPT', 'the patient’s keys are no longer in the terminal');
    return { reception, keys };
  };

  const centralRefusal = (reply: FastifyReply, failure: { code: string; centralCode?: string }) =>
    refuse(reply, failure.code === 'CENTRAL_REFUSED' ? 502 : 503, failure.code, failure.centralCode ?? 'the central system did not give the data');

  const drugInformation = (pdf: boolean) => async (request: FastifyRequest<DrugRoute>, reply: FastifyReply) => {
    const now = options.clock.now();
    const asked = drugPeriodOf(now, request.query);
    if (!asked.ok) return refuse(reply, 400, 'INVALID_PERIOD', asked.message);
    const found = medicalKeysFor(reply, request.params.id, 'pharmaceutical');
    if (found === undefined) return reply;
    if (!(await audited(request, reply, pdf ? 'DRUG_INFORMATION_EXPORTED' : 'DRUG_INFORMATION_VIEWED', found.reception.receptionId, found.reception.kioskId))) return reply;
    const period = asked.period;
    const answer = await options.central.drugInformation(found.keys, { StartDate: period.from, EndDate: period.to, FileCategory: '2', PrDiInfClassification: '1' });
    if (!answer.ok) return centralRefusal(reply, answer);
    const view = drugInfoViewOf(answer.response, { period });
    if (!pdf) return view;
    const rendered = await renderDrugInfoPdf(options.font(), { view, facility: options.facilityName(), createdAt: now });
    return reply.type('application/pdf').header('content-disposition', 'attachment; filename="drug-information.pdf"').send(Buffer.from(rendered.bytes));
  };

  const checkups = (pdf: boolean) => async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const found = medicalKeysFor(reply, request.params.id, 'specificHealthCheckups');
    if (found === undefined) return reply;
    if (!(await audited(request, reply, pdf ? 'CHECKUPS_EXPORTED' : 'CHECKUPS_VIEWED', found.reception.receptionId, found.reception.kioskId))) return reply;
    const answer = await options.central.checkupInformation(found.keys, { FileCategory: '2', PrDiInfClassification: '1' });
    if (!answer.ok) return centralRefusal(reply, answer);
    // 後期高齢者医療 insurers' numbers start with 39: their patients' 健診 is the 後期高齢者健診.
    const kind = found.keys.InsurerNumber.trim().startsWith('39') ? 'late-elderly' : 'specific';
    const view = checkupHistoryViewOf(answer.response, { kind });
    if (!pdf) return view;
    const bytes = await renderCheckupHistoryPdf(options.font(), { view, facility: options.facilityName(), createdAt: options.clock.now() });
    return reply.type('application/pdf').header('content-disposition', 'attachment; filename="checkups.pdf"').send(Buffer.from(bytes));
  };

  app.get<DrugRoute>('/api/console/receptions/:id/drug-information', { preHandler: options.clinicianGuard }, drugInformation(false));
  app.get<DrugRoute>('/api/console/receptions/:id/drug-information.pdf', { preHandler: options.clinicianGuard }, drugInformation(true));
  app.get<{ Params: { id: string } }>('/api/console/receptions/:id/checkups', { preHandler: options.clinicianGuard }, checkups(false));
  app.get<{ Params: { id: string } }>('/api/console/receptions/:id/checkups.pdf', { preHandler: options.clinicianGuard }, checkups(true));
}
