import { createHash, X509Certificate } from 'node:crypto';
import { signPresenceStatement } from '../../crypto/presence';
import type {
  CardConfirmationFacts,
  CardConfirmationOutcome,
  CardConfirmationRequest,
  CentralAnswerDocument,
  CentralFailure,
  CentralFailureCode,
  CentralSystem,
  ConsentAnswers,
  PresenceChallenge,
} from '../../flow/ports/central-system';
import { fromJsonForm } from '../json/json-form';
import { cardQualificationRequest, type CardQualificationRequest } from '../messages/card-qualification-messages';
import { qualificationResponse, type QualificationResponse } from '../messages/qualification-messages';
import { cardPresenceStatement } from '../presence/card-presence';
import { toJsonForm } from '../json/json-form';
import { CircuitBreaker } from './circuit-breaker';
import { TransportFailure, type HttpAnswer, type MutualTlsTransport } from './https-transport';

export const CENTRAL_PATHS = {
  auth: '/oqs-api-pro/MSA12020/ILI12020SV01/auth',
  challenge: '/oqs-api-pro/mock/card/challenge',
  cardSearch: '/oqs-api-pro/mock/card/search',
} as const;

const METHOD_CODE = { face: '1', pin: '2', visual: '3' } as const;

export interface CentralClientOptions {
  readonly medicalInstitutionCode: string;
  readonly transport: MutualTlsTransport;
  /** The facility's reader key (PKCS#8 DER) and certificate (PEM), for attestations of 顔認証 and 目視. */
  readonly readerKeyPkcs8: Uint8Array;
  readonly readerCertificatePem: string;
  readonly requestTimeoutMs?: number;
  /** Renew the token this long before it runs out. */
  readonly tokenMarginMs?: number;
  readonly now?: () => number;
  readonly breaker?: CircuitBreaker;
  /** Waits between retries of calls that cannot duplicate anything (token, challenge). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** The answer document the terminal gets back from `confirmByCard`: the parsed 個別照会 response. */
interface QualificationDocument extends CentralAnswerDocument {
  readonly response: QualificationResponse;
  readonly prescriptionIssueSelect?: '1' | '2';
}

/** The parsed response behind an answer, for the face file and the console. */
export function qualificationResponseOf(document: CentralAnswerDocument): QualificationResponse {
  const response = (document as QualificationDocument).response;
  if (response === undefined) throw new TypeError('not an answer of the central client');
  const select = (document as QualificationDocument).prescriptionIssueSelect;
  return select === undefined ? response : { ...response, MessageBody: { ...response.MessageBody, PrescriptionIssueSelect: select } };
}

class CallFailure extends Error {
  constructor(readonly failure: CentralFailure) {
    super(failure.detail);
  }
}

/**
 * The terminal's client of the central system (the CentralSystem port): mutual TLS, the token
 * renewed before it runs out, proof of presence, and a circuit that notices an outage. Nothing throws
 * out of it: every failure is a CentralFailure with a code and whether it means an outage.
 */
export class CentralClient implements CentralSystem {
  private token: { value: string; expiresAt: number } | undefined;
  private renewing: Promise<string> | undefined;
  private readonly breaker: CircuitBreaker;
  private readonly now: () => number;
  private readonly readerKeyId: string;

  constructor(private readonly options: CentralClientOptions) {
    this.now = options.now ?? Date.now;
    this.breaker = options.breaker ?? new CircuitBreaker({ failureThreshold: 3, openMs: 10_000, now: this.now });
    const spki = new X509Certificate(options.readerCertificatePem).publicKey.export({ format: 'der', type: 'spki' });
    this.readerKeyId = createHash('sha256').update(spki).digest('hex');
  }

  get circuitState() {
    return this.breaker.state;
  }

  async presenceChallenge(): Promise<PresenceChallenge | CentralFailure> {
    try {
      const json = await this.withRetry(() => this.call(CENTRAL_PATHS.challenge, {}, true));
      const record = json as { Challenge?: unknown; ExpiresAt?: unknown };
      if (typeof record.Challenge !== 'string' || typeof record.ExpiresAt !== 'string') throw malformed('challenge answer');
      return { challenge: new Uint8Array(Buffer.from(record.Challenge, 'base64')), expiresAt: new Date(record.ExpiresAt) };
    } catch (error) {
      return failureOf(error);
    }
  }

  presenceDigest(challenge: Uint8Array, facts: CardConfirmationFacts): Uint8Array {
    return new Uint8Array(createHash('sha256').update(this.statement(challenge, facts)).digest());
  }

  async confirmByCard(request: CardConfirmationRequest): Promise<CardConfirmationOutcome> {
    try {
      const statement = this.statement(request.proof.challenge, request);
      const challenge = Buffer.from(request.proof.challenge).toString('base64');
      const proof =
        request.proof.kind === 'card-signature'
          ? { Challenge: challenge, CardSignature: Buffer.from(request.proof.signature).toString('base64') }
          : {
              Challenge: challenge,
              ReaderKeyId: this.readerKeyId,
              AttestationSignature: Buffer.from(signPresenceStatement(this.options.readerKeyPkcs8, statement)).toString('base64'),
            };
      const consents = consentElements(request.consents);
      const model: CardQualificationRequest = {
        MessageHeader: {
          MedicalInstitutionCode: this.options.medicalInstitutionCode,
          ReferenceClassification: '1',
          ArbitraryFileIdentifier: request.receptionId.slice(0, 100),
        },
        MessageBody: {
          CardAuthenticationInfo: { UserAuthCertificate: Buffer.from(request.certificateDer).toString('base64'), AuthenticationMethod: METHOD_CODE[request.method] },
          ...(consents === undefined ? {} : { ConsentInfo: consents }),
          PresenceProof: proof,
        },
      } as CardQualificationRequest;
      // Never retried: a card request that may have arrived must not be sent twice.
      const json = await this.call(CENTRAL_PATHS.cardSearch, toJsonForm(cardQualificationRequest, model), true);
      let response: QualificationResponse;
      try {
        response = fromJsonForm(qualificationResponse, json);
      } catch (error) {
        throw malformed(`card answer: ${(error as Error).message}`);
      }
      const body = response.MessageBody;
      const document: QualificationDocument = {
        kind: 'qualification-response',
        response,
        ...(request.prescriptionForm === undefined ? {} : { prescriptionIssueSelect: request.prescriptionForm === 'electronic' ? '1' : '2' }),
      };
      return {
        ok: true,
        receptionId: request.receptionId,
        processingResultStatus: body.ProcessingResultStatus ?? '',
        ...(body.ProcessingResultCode === undefined ? {} : { processingResultCode: body.ProcessingResultCode }),
        ...(body.QualificationValidity === undefined ? {} : { qualificationValidity: body.QualificationValidity }),
        people: (body.ResultList ?? []).map((result) => ({ birthDate: isoDate(result.Birthdate), sexCode: result.Sex1 })),
        document,
      };
    } catch (error) {
      return failureOf(error);
    }
  }

  private statement(challenge: Uint8Array, facts: CardConfirmationFacts): Uint8Array {
    return cardPresenceStatement({
      medicalInstitutionCode: this.options.medicalInstitutionCode,
      challenge,
      certificateDer: facts.certificateDer,
      authenticationMethod: METHOD_CODE[facts.method],
      consents: consentElements(facts.consents),
    });
  }

  /** One call through the circuit; a 401 renews the token once. */
  private async call(path: string, body: unknown, withToken: boolean, renewed = false): Promise<unknown> {
    if (!this.breaker.allow()) throw new CallFailure(failure('CENTRAL_UNAVAILABLE', true, 'circuit open after repeated failures'));
    const headers: Record<string, string> = withToken ? { authorization: await this.validToken() } : {};
    let answer: HttpAnswer;
    try {
      answer = await this.options.transport.postJson(path, body, headers, this.options.requestTimeoutMs ?? 10_000);
    } catch (error) {
      this.breaker.failed();
      throw error;
    }
    if (answer.status === 401 && withToken && !renewed) {
      this.breaker.succeeded();
      this.token = undefined;
      return this.call(path, body, withToken, true);
    }
    const json = parseJson(answer.body);
    if (answer.status >= 500 || answer.status === 408 || answer.status === 429) {
      this.breaker.failed();
      throw new CallFailure(failure('CENTRAL_UNAVAILABLE', true, `HTTP ${answer.status}`, errorCodeOf(json)));
    }
    this.breaker.succeeded();
    if (answer.status === 401 || (answer.status === 403 && path === CENTRAL_PATHS.auth)) {
      throw new CallFailure(failure('CENTRAL_AUTH_FAILED', false, `HTTP ${answer.status}`, errorCodeOf(json)));
    }
    if (answer.status !== 200) throw new CallFailure(failure('CENTRAL_REFUSED', false, `HTTP ${answer.status}`, errorCodeOf(json)));
    if (json === undefined) throw malformed('not JSON');
    return json;
  }

  private async validToken(): Promise<string> {
    const margin = this.options.tokenMarginMs ?? 60_000;
    if (this.token !== undefined && this.token.expiresAt - margin > this.now()) return this.token.value;
    // One renewal at a time: concurrent callers wait for the same one.
    this.renewing ??= this.withRetry(async () => {
      const json = (await this.call(CENTRAL_PATHS.auth, {}, false)) as { result?: { idToken?: unknown; expiresAt?: unknown } };
      const idToken = json.result?.idToken;
      const expiresAt = typeof json.result?.expiresAt === 'string' ? Date.parse(json.result.expiresAt) : NaN;
      if (typeof idToken !== 'string' || Number.isNaN(expiresAt)) throw malformed('token answer');
      this.token = { value: idToken, expiresAt };
      return idToken;
    }).finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  /** Retries with backoff and jitter, only for calls that cannot duplicate anything and only on outages. */
  private async withRetry<T>(call: () => Promise<T>): Promise<T> {
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const random = this.options.random ?? Math.random;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const coded = failureOf(error);
        if (attempt >= 3 || !coded.outage || this.breaker.state !== 'closed') throw error;
        await sleep(Math.round(100 * 2 ** (attempt - 1) * (0.5 + random())));
      }
    }
  }
}

function consentElements(consents: ConsentAnswers): CardQualificationRequest['MessageBody']['ConsentInfo'] {
  const flag = (value: boolean | undefined) => (value === undefined ? undefined : value ? '1' : '0');
  const entries = {
    PharmaceuticalInfoConsFlg: flag(consents.pharmaceutical),
    SpecificHealthCheckupsInfoConsFlg: flag(consents.specificHealthCheckups),
    DiagnosisInfoConsFlg: flag(consents.diagnosis),
    OperationInfoConsFlg: flag(consents.operation),
  };
  const present = Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
  return Object.keys(present).length === 0 ? undefined : present;
}

function isoDate(yyyymmdd: string): string {
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorCodeOf(json: unknown): string | undefined {
  const code = (json as { XmlMsg?: { MessageHeader?: { ErrorCode?: unknown } } } | undefined)?.XmlMsg?.MessageHeader?.ErrorCode;
  return typeof code === 'string' ? code : undefined;
}

function failure(code: CentralFailureCode, outage: boolean, detail: string, centralCode?: string): CentralFailure {
  return { ok: false, code, outage, detail, ...(centralCode === undefined ? {} : { centralCode }) };
}

function malformed(detail: string): CallFailure {
  return new CallFailure(failure('CENTRAL_MALFORMED_ANSWER', false, detail));
}

function failureOf(error: unknown): CentralFailure {
  if (error instanceof CallFailure) return error.failure;
  if (error instanceof TransportFailure) {
    return error.kind === 'timeout'
      ? failure('CENTRAL_TIMEOUT', true, error.message)
      : error.kind === 'too-large'
        ? failure('CENTRAL_MALFORMED_ANSWER', false, error.message)
        : failure('CENTRAL_UNAVAILABLE', true, error.message);
  }
  return failure('CENTRAL_MALFORMED_ANSWER', false, error instanceof Error ? error.message : String(error));
}
