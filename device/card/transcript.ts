import { CardError, isCardError, isCardErrorCode } from './card-error';
import type { CardErrorCode } from './card-error';
import { fromHex, toHex } from '../../kernel/bytes';
import type { CardTransport } from './transport';

/**
 * APDU transcripts: record what a driver operation sent and got, replay it later without a card.
 * PINs and 照合番号 are never stored: the data field of every VERIFY and CHANGE REFERENCE DATA is
 * masked (`**` per byte) before it is written down, and replay compares the masked forms.
 */
export interface TranscriptEntry {
  /** What the driver was doing, when it said ("read 利用者証明用電子証明書"). */
  readonly step?: string;
  /** Terminal → card, hex, secrets masked. */
  readonly command: string;
  /** Card → terminal, hex (data ‖ SW1 SW2); absent when the exchange failed. */
  readonly response?: string;
  /** The coded failure instead of a response (the card was pulled, the reader went away…). */
  readonly error?: CardErrorCode;
}

export interface Transcript {
  readonly maxResponseLength: number;
  readonly entries: readonly TranscriptEntry[];
}

const INS_VERIFY = 0x20;
const INS_CHANGE_REFERENCE_DATA = 0x24;
/** 共通AP / 住基AP change their PIN with the proprietary `80 32` (card.md §3). */
const CLA_PROPRIETARY = 0x80;
const INS_PROPRIETARY_CHANGE_PIN = 0x32;

function carriesSecret(apdu: Uint8Array): boolean {
  const ins = apdu[1];
  return ins === INS_VERIFY || ins === INS_CHANGE_REFERENCE_DATA || (apdu[0] === CLA_PROPRIETARY && ins === INS_PROPRIETARY_CHANGE_PIN);
}

/**
 * A command as hex with any secret masked: the header and length fields stay, each data byte of
 * a VERIFY / CHANGE REFERENCE DATA becomes `**`. A command whose lengths do not parse has
 * everything after the header masked.
 */
export function redactCommand(apdu: Uint8Array): string {
  if (apdu.length <= 5 || !carriesSecret(apdu)) return toHex(apdu);
  const header = toHex(apdu.subarray(0, 4));
  const mask = (count: number) => '**'.repeat(count);
  const first = apdu[4] ?? 0;
  if (first !== 0) {
    // Short Lc, optionally followed by one Le byte.
    if (apdu.length === 5 + first) return `${header}${toHex(apdu.subarray(4, 5))}${mask(first)}`;
    if (apdu.length === 6 + first) return `${header}${toHex(apdu.subarray(4, 5))}${mask(first)}${toHex(apdu.subarray(5 + first))}`;
  } else if (apdu.length > 7) {
    const lc = ((apdu[5] ?? 0) << 8) | (apdu[6] ?? 0);
    if (apdu.length === 7 + lc) return `${header}${toHex(apdu.subarray(4, 7))}${mask(lc)}`;
    if (apdu.length === 9 + lc) return `${header}${toHex(apdu.subarray(4, 7))}${mask(lc)}${toHex(apdu.subarray(7 + lc))}`;
  }
  return `${header}${mask(apdu.length - 4)}`;
}

/** Wraps any transport and writes down every exchange. */
export class RecordingTransport implements CardTransport {
  private readonly recorded: TranscriptEntry[] = [];

  constructor(private readonly inner: CardTransport) {}

  get maxResponseLength(): number {
    return this.inner.maxResponseLength;
  }

  /** A copy of what was recorded so far. */
  get transcript(): Transcript {
    return { maxResponseLength: this.inner.maxResponseLength, entries: [...this.recorded] };
  }

  async exchange(commandApdu: Uint8Array, step?: string): Promise<Uint8Array> {
    // Masked now, before the caller wipes the buffer or the card answers.
    const command = redactCommand(commandApdu);
    const named = step === undefined ? {} : { step };
    try {
      const response = await this.inner.exchange(commandApdu, step);
      this.recorded.push({ ...named, command, response: toHex(response) });
      return response;
    } catch (error) {
      this.recorded.push({ ...named, command, error: isCardError(error) ? error.code : 'TRANSPORT_FAILED' });
      throw error;
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * Answers from a transcript, in order. The first command that differs from the one recorded next
 * (masked forms compared, so any VERIFY value of the recorded length matches) throws
 * TRANSCRIPT_MISMATCH, and so does every exchange after it: a replay never goes off script.
 */
export class ReplayTransport implements CardTransport {
  readonly maxResponseLength: number;
  private readonly entries: readonly TranscriptEntry[];
  private position = 0;
  private failure: CardError | undefined;
  private closed = false;

  constructor(transcript: Transcript) {
    this.maxResponseLength = transcript.maxResponseLength;
    this.entries = transcript.entries;
  }

  /** Entries not yet replayed. */
  get remaining(): number {
    return this.entries.length - this.position;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Throws TRANSCRIPT_MISMATCH unless every recorded exchange was replayed. */
  assertComplete(): void {
    if (this.failure) throw this.failure;
    if (this.remaining > 0) {
      const next = this.entries[this.position];
      throw new CardError('TRANSCRIPT_MISMATCH', `transcript has ${this.remaining} exchange(s) left, next ${describe(next)}`);
    }
  }

  async exchange(commandApdu: Uint8Array, step?: string): Promise<Uint8Array> {
    if (this.failure) throw this.failure;
    const command = redactCommand(commandApdu);
    const index = this.position;
    const expected = this.entries[index];
    if (!expected || expected.command.toUpperCase() !== command) {
      this.failure = new CardError(
        'TRANSCRIPT_MISMATCH',
        `exchange ${index}${step ? ` (${step})` : ''}: sent ${command}, transcript has ${expected ? describe(expected) : 'nothing more'}`,
      );
      throw this.failure;
    }
    this.position += 1;
    if (expected.error !== undefined) throw new CardError(expected.error, `replayed failure of exchange ${index}`);
    return fromHex(expected.response ?? '');
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function describe(entry: TranscriptEntry | undefined): string {
  if (!entry) return 'nothing';
  return `${entry.command}${entry.step ? ` (${entry.step})` : ''}`;
}

/**
 * Text form for files and reviews: `# step`, `> command`, `< response` or `! ERROR_CODE`, with
 * the transport's maxResponseLength on the first line.
 */
export function formatTranscript(transcript: Transcript): string {
  const lines = [`maxResponseLength ${transcript.maxResponseLength}`];
  for (const entry of transcript.entries) {
    if (entry.step !== undefined) lines.push(`# ${entry.step}`);
    lines.push(`> ${entry.command}`);
    lines.push(entry.error !== undefined ? `! ${entry.error}` : `< ${entry.response ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export function parseTranscript(text: string): Transcript {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  const header = /^maxResponseLength (\d+)$/.exec(lines[0] ?? '');
  if (!header) throw new CardError('INVALID_INPUT', 'transcript must start with "maxResponseLength N"');
  const entries: TranscriptEntry[] = [];
  let step: string | undefined;
  let command: string | undefined;
  for (const [index, line] of lines.slice(1).entries()) {
    const body = line.slice(2).trim();
    const bad = () => new CardError('INVALID_INPUT', `transcript line ${index + 2} is out of order: ${line.slice(0, 40)}`);
    if (line.startsWith('#')) {
      if (command !== undefined) throw bad();
      step = line.slice(1).trim();
    } else if (line.startsWith('>')) {
      if (command !== undefined || !/^(?:[0-9A-Fa-f]{2}|\*\*)+$/.test(body)) throw bad();
      command = body.toUpperCase();
    } else if (line.startsWith('<') || line.startsWith('!')) {
      if (command === undefined) throw bad();
      const named = step === undefined ? {} : { step };
      if (line.startsWith('<')) {
        if (!/^(?:[0-9A-Fa-f]{2})*$/.test(body)) throw bad();
        entries.push({ ...named, command, response: body.toUpperCase() });
      } else {
        if (!isCardErrorCode(body)) throw bad();
        entries.push({ ...named, command, error: body });
      }
      step = undefined;
      command = undefined;
    } else {
      throw bad();
    }
  }
  if (command !== undefined) throw new CardError('INVALID_INPUT', 'transcript ends with a command and no answer');
  return { maxResponseLength: Number(header[1]), entries };
}
