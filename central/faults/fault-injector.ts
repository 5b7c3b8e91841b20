import { describeFaultConfigIssues, faultConfigSchema, type FaultConfig } from './fault-config';
import { FaultConfigError } from './fault-config-error';
import { SeededRandom } from './seeded-random';

export type FaultDecision =
  | { kind: 'pass'; delayMs: number }
  | { kind: 'error'; delayMs: number }
  | { kind: 'timeout' }
  | { kind: 'outage' };

export type FaultKind = FaultDecision['kind'];

export interface FaultStats {
  decided: number;
  byKind: Record<FaultKind, number>;
}

interface Window {
  readonly from: number;
  readonly to: number;
}

const PASS_NOW: FaultDecision = Object.freeze({ kind: 'pass', delayMs: 0 });

/**
 * Decides, request by request, which fault (if any) the mock injects. Decisions are a pure function of
 * the configuration, the order of `decide` calls and their arguments.
 *
 * Order of checks and draws for one `decide(operation, now)`, fixed so a seed replays exactly:
 *   1. No configuration, or `routes` set and the operation not in it: pass with 0 ms. No draw.
 *   2. `now` inside an outage window (from ≤ now < to): outage. No draw.
 *   3. Draw u₁ (kind) then u₂ (latency) — always both, whatever the outcome, so changing one rate
 *      never shifts the rest of the stream:
 *        u₁ < timeoutRate                     → timeout
 *        u₁ < timeoutRate + errorRate         → error, after the delay
 *        otherwise                            → pass, after the delay
 *      delay = min + ⌊u₂ · (max − min + 1)⌋ ms, or 0 without `latencyMs`.
 * So the share of errors is errorRate and of timeouts timeoutRate, each of all drawn requests.
 */
export class FaultInjector {
  private config: FaultConfig | undefined;
  private windows: readonly Window[] = [];
  private routes: ReadonlySet<string> | undefined;
  private random: SeededRandom | undefined;
  private counts: FaultStats = emptyStats();

  constructor(config?: FaultConfig) {
    this.configure(config);
  }

  /** Replaces the configuration (undefined: no faults) and restarts the seeded stream and the counts. */
  configure(config: FaultConfig | undefined): void {
    if (config === undefined) {
      this.config = undefined;
      this.windows = [];
      this.routes = undefined;
      this.random = undefined;
    } else {
      const result = faultConfigSchema.safeParse(config);
      if (!result.success) {
        const problems = describeFaultConfigIssues(result.error);
        throw new FaultConfigError('FAULT_CONFIG_INVALID', `fault configuration is invalid: ${problems.join('; ')}`, problems);
      }
      // A private deep copy: a caller mutating its object later must not change replayed decisions.
      const copy = structuredClone(result.data);
      this.config = copy;
      this.windows = (copy.outageWindows ?? []).map((window) => ({ from: Date.parse(window.from), to: Date.parse(window.to) }));
      this.routes = copy.routes === undefined ? undefined : new Set(copy.routes);
      this.random = new SeededRandom(copy.seed);
    }
    this.counts = emptyStats();
  }

  /** A copy of the configuration in force. */
  current(): FaultConfig | undefined {
    return this.config === undefined ? undefined : structuredClone(this.config);
  }

  decide(operation: string, now: Date): FaultDecision {
    const decision = this.decideUncounted(operation, now);
    this.counts.decided += 1;
    this.counts.byKind[decision.kind] += 1;
    return decision;
  }

  stats(): FaultStats {
    return { decided: this.counts.decided, byKind: { ...this.counts.byKind } };
  }

  private decideUncounted(operation: string, now: Date): FaultDecision {
    const config = this.config;
    const random = this.random;
    if (config === undefined || random === undefined) return { ...PASS_NOW };
    if (this.routes !== undefined && !this.routes.has(operation)) return { ...PASS_NOW };
    const time = now.getTime();
    if (Number.isNaN(time)) throw new RangeError('decide() needs a valid Date');
    if (this.windows.some((window) => window.from <= time && time < window.to)) return { kind: 'outage' };

    const kindDraw = random.nextUnit();
    const latencyDraw = random.nextUnit();
    const latency = config.latencyMs;
    const delayMs = latency === undefined ? 0 : latency.min + Math.floor(latencyDraw * (latency.max - latency.min + 1));
    const timeoutRate = config.timeoutRate ?? 0;
    const errorRate = config.errorRate ?? 0;
    if (kindDraw < timeoutRate) return { kind: 'timeout' };
    if (kindDraw < timeoutRate + errorRate) return { kind: 'error', delayMs };
    return { kind: 'pass', delayMs };
  }
}

function emptyStats(): FaultStats {
  return { decided: 0, byKind: { pass: 0, error: 0, timeout: 0, outage: 0 } };
}
