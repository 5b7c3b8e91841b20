import type { CentralFailure } from '../../flow/ports/central-system';
import type { TokenPolicy } from './central-client-config';
import type { TransportAnswer } from './central-transport';
import { centralFailure, isTokenRefusal } from './failure-mapping';
import { sendResiliently, type RepeatRule, type ResilientSenderDeps } from './resilient-sender';
import { TokenKeeper, type IssuedToken } from './token-keeper';

export const AUTH_PATH = '/oqs-api-pro/MSA12020/ILI12020SV01/auth';
const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

export interface CentralConnectionDeps extends ResilientSenderDeps {
  readonly now: () => Date;
  readonly requestTimeoutMs: number;
  readonly tokenPolicy: TokenPolicy;
}

export interface PostOptions {
  readonly rule: RepeatRule;
  readonly signal?: AbortSignal;
}

export type PostOutcome = { readonly ok: true; readonly answer: TransportAnswer } | CentralFailure;

/**
 * The facility's authorised line to the central system: JSON bodies with the token in `authorization`
 * (§8: the idToken, bare). A request refused for its token (expired, unknown) is sent once more with a
 * new one: the central system refuses a token before it looks at the request.
 */
export class CentralConnection {
  private readonly tokens: TokenKeeper;

  constructor(private readonly deps: CentralConnectionDeps) {
    this.tokens = new TokenKeeper(() => this.issueToken(), deps.now, deps.tokenPolicy);
  }

  async postJson(path: string, value: unknown, options: PostOptions): Promise<PostOutcome> {
    const body = new TextEncoder().encode(JSON.stringify(value));
    for (let tokenAttempt = 0; ; tokenAttempt += 1) {
      const token = await this.tokens.current();
      if (typeof token !== 'string') return token;
      const outcome = await this.send(path, body, { authorization: token }, options);
      if (outcome.ok || !isTokenRefusal(outcome) || tokenAttempt >= 1) return outcome;
      this.tokens.discard(token);
    }
  }

  private send(path: string, body: Uint8Array, headers: Record<string, string>, options: PostOptions): Promise<PostOutcome> {
    return sendResiliently(
      this.deps,
      {
        method: 'POST',
        path,
        headers: { 'content-type': JSON_CONTENT_TYPE, accept: 'application/json', ...headers },
        body,
        timeoutMs: this.deps.requestTimeoutMs,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
      options.rule,
    );
  }

  /** The auth endpoint: mutual TLS alone proves the facility; the answer's `result.idToken` is the token. */
  private async issueToken(): Promise<IssuedToken | CentralFailure> {
    const outcome = await this.send(AUTH_PATH, new TextEncoder().encode('{}'), {}, { rule: 'repeatable' });
    if (!outcome.ok) return outcome;
    const result = (jsonOf(outcome.answer) as { result?: { idToken?: unknown; expiresAt?: unknown } } | undefined)?.result;
    const expiresAt = typeof result?.expiresAt === 'string' ? new Date(result.expiresAt) : undefined;
    if (typeof result?.idToken !== 'string' || result.idToken === '' || expiresAt === undefined || Number.isNaN(expiresAt.getTime())) {
      return centralFailure('CENTRAL_MALFORMED_ANSWER', false, 'auth answer without result.idToken and result.expiresAt');
    }
    return { idToken: result.idToken, expiresAt };
  }
}

/** The body as JSON, or undefined when it is not JSON. */
export function jsonOf(answer: TransportAnswer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(answer.body));
  } catch {
    return undefined;
  }
}
