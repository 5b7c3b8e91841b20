import { setTimeout as delay } from 'node:timers/promises';

/**
 * Faults a test injects into one card; they act inside the card, so they reach the host the same way
 * through vpcd and through the in-process transport.
 *
 * - latency: every command waits for a hook the test resolves (preferred: deterministic), or for a
 *   timer (the only timer in the emulator, for demos and soak runs);
 * - pull: the next command arrives and the card disappears before answering (vpcd: the connection
 *   drops; in-process: the pending exchange rejects with CARD_REMOVED);
 * - technical problem: the next N commands answer 6F00 without executing.
 */
export type LatencyHook = (commandApdu: Uint8Array) => Promise<void>;

export type InjectedFault = 'pull' | 'technicalProblem';

export class CardFaults {
  private latency: LatencyHook | undefined;
  private pullPending = false;
  private technicalProblemsLeft = 0;

  /** Every command waits `milliseconds` before it executes. */
  delayEachCommandBy(milliseconds: number): void {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) throw new RangeError(`latency must be ≥ 0 ms, got ${milliseconds}`);
    this.latency = milliseconds === 0 ? undefined : async () => {
      await delay(milliseconds);
    };
  }

  /** Every command waits until the promise `hook` returns for it settles. */
  delayEachCommandUntil(hook: LatencyHook): void {
    this.latency = hook;
  }

  clearLatency(): void {
    this.latency = undefined;
  }

  /** The next command is received and never answered: the card is pulled. */
  pullOnNextCommand(): void {
    this.pullPending = true;
  }

  /** The next `count` commands answer 6F00 and change nothing. */
  answerTechnicalProblem(count: number): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number, got ${count}`);
    this.technicalProblemsLeft = count;
  }

  clear(): void {
    this.latency = undefined;
    this.pullPending = false;
    this.technicalProblemsLeft = 0;
  }

  /** The card calls this once per command: which fault, if any, the command meets. */
  takeFault(): InjectedFault | undefined {
    if (this.pullPending) {
      this.pullPending = false;
      return 'pull';
    }
    if (this.technicalProblemsLeft > 0) {
      this.technicalProblemsLeft -= 1;
      return 'technicalProblem';
    }
    return undefined;
  }

  /** The card awaits this before executing a command. */
  async wait(commandApdu: Uint8Array): Promise<void> {
    if (this.latency) await this.latency(commandApdu);
  }
}
