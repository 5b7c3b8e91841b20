import type { RandomSource } from './backoff';
import type { BreakerPolicy } from './central-client-config';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Milliseconds since some epoch; the client's injected clock. */
export type MonotonicNow = () => number;

/**
 * Stops asking a central system that is down: after `failureThreshold` consecutive outage failures the
 * circuit opens and requests fail at once; after `openMs` (plus jitter) one trial request is let
 * through (half-open); its success closes the circuit, its failure opens it again. Refusals (4xx) are
 * answers and count as success: the system is up.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil = 0;
  private trialInFlight = false;
  private opened = false;

  constructor(
    private readonly policy: BreakerPolicy,
    private readonly now: MonotonicNow,
    private readonly random: RandomSource,
  ) {}

  get state(): BreakerState {
    if (!this.opened) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Whether a request may go now; in half-open, only one (the trial) until it reports. */
  tryAcquire(): boolean {
    switch (this.state) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half-open':
        if (this.trialInFlight) return false;
        this.trialInFlight = true;
        return true;
    }
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.opened = false;
    this.trialInFlight = false;
  }

  recordOutage(): void {
    this.consecutiveFailures += 1;
    const wasTrial = this.trialInFlight;
    this.trialInFlight = false;
    if (wasTrial || this.consecutiveFailures >= this.policy.failureThreshold) this.open();
  }

  /** A request that ended without telling anything about the system (the caller aborted it). */
  recordNothing(): void {
    this.trialInFlight = false;
  }

  private open(): void {
    this.opened = true;
    const jitter = this.policy.openMs * this.policy.openJitter * Math.min(Math.max(this.random(), 0), 1);
    this.openUntil = this.now() + this.policy.openMs + jitter;
  }
}
