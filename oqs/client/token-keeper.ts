import type { CentralFailure } from '../../flow/ports/central-system';
import type { TokenPolicy } from './central-client-config';

export interface IssuedToken {
  readonly idToken: string;
  /** As the central system said; checked against the client's clock before it is trusted. */
  readonly expiresAt: Date;
}

export type IssueToken = () => Promise<IssuedToken | CentralFailure>;

/**
 * Holds the facility's token for the search endpoints: renews it `renewBeforeMs` before it expires,
 * or at once when a 401 said it is no good, with one renewal in flight at a time however many requests
 * wait for it. An expiry that is already past (or too far ahead) by our clock is clock skew: the token
 * is then kept for `maxLifetimeMs` at most, and a TOKEN_EXPIRED refusal renews it.
 */
export class TokenKeeper {
  private held: { token: string; renewAt: number } | undefined;
  private renewal: Promise<string | CentralFailure> | undefined;

  constructor(
    private readonly issue: IssueToken,
    private readonly now: () => Date,
    private readonly policy: TokenPolicy,
  ) {}

  /** A token good for now, or why none could be had. */
  current(): Promise<string | CentralFailure> {
    const held = this.held;
    if (held !== undefined && this.now().getTime() < held.renewAt) return Promise.resolve(held.token);
    return this.renew();
  }

  /** The central system refused `token`: the next request gets a new one (unless it was renewed already). */
  discard(token: string): void {
    if (this.held?.token === token) this.held = undefined;
  }

  private renew(): Promise<string | CentralFailure> {
    this.renewal ??= this.issue()
      .then((issued) => {
        if ('ok' in issued) return issued;
        this.held = { token: issued.idToken, renewAt: this.renewAtFor(issued.expiresAt) };
        return issued.idToken;
      })
      .finally(() => {
        this.renewal = undefined;
      });
    return this.renewal;
  }

  private renewAtFor(expiresAt: Date): number {
    const receivedAt = this.now().getTime();
    const announced = expiresAt.getTime() - receivedAt;
    const lifetime = Number.isFinite(announced) && announced > 0 ? Math.min(announced, this.policy.maxLifetimeMs) : this.policy.maxLifetimeMs;
    // Renew early, but never sooner than half the lifetime: a short token is not renewed on every call.
    return receivedAt + Math.max(lifetime - this.policy.renewBeforeMs, lifetime / 2);
  }
}
