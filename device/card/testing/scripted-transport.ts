import { CardError } from '../card-error';
import { fromHex, toHex } from '../../../kernel/bytes';
import type { CardTransport } from '../transport';

/**
 * A strict fake card for unit tests: the exact command APDUs it expects, in order, each with the
 * answer to give (or a coded failure, to act out a pulled card). It compares raw bytes — VERIFY
 * values included, unlike a replayed transcript — and any other command fails with
 * TRANSCRIPT_MISMATCH. `assertComplete()` fails when an expected command never came.
 * Hex may contain spaces.
 */
export type ScriptStep = readonly [command: string, answer: string | CardError];
export type Script = ReadonlyArray<ScriptStep>;

export const SHORT_MAX_RESPONSE = 258;
export const EXTENDED_MAX_RESPONSE = 65538;

export class ScriptedTransport implements CardTransport {
  /** Every command received, as hex, in order. */
  readonly sent: string[] = [];
  /** The step names the driver gave, in order. */
  readonly steps: Array<string | undefined> = [];
  closed = false;
  private position = 0;

  constructor(
    private readonly script: Script,
    readonly maxResponseLength: number = SHORT_MAX_RESPONSE,
  ) {}

  get remaining(): number {
    return this.script.length - this.position;
  }

  async exchange(commandApdu: Uint8Array, step?: string): Promise<Uint8Array> {
    const command = toHex(commandApdu);
    this.sent.push(command);
    this.steps.push(step);
    const expected = this.script[this.position];
    const expectedCommand = expected?.[0].replace(/\s+/g, '').toUpperCase();
    if (!expected || expectedCommand !== command) {
      throw new CardError('TRANSCRIPT_MISMATCH', `command ${this.position}: got ${command}, expected ${expectedCommand ?? 'nothing'}`);
    }
    this.position += 1;
    const answer = expected[1];
    if (answer instanceof CardError) throw answer;
    return fromHex(answer);
  }

  assertComplete(): void {
    if (this.remaining > 0) {
      throw new CardError('TRANSCRIPT_MISMATCH', `${this.remaining} expected command(s) never came, next ${this.script[this.position]?.[0]}`);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
