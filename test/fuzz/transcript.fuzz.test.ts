import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardError } from '../../device/card/card-error';
import { toHex } from '../../kernel/bytes';
import { formatTranscript, parseTranscript, redactCommand, ReplayTransport } from '../../device/card/transcript';
import type { Transcript, TranscriptEntry } from '../../device/card/transcript';
import { asyncOutcomeOf, CARD_ERROR_CODES, fuzzParameters, isCardErrorWithCode, outcomeOf, Tally } from './arbitraries';

/**
 * device/card/transcript.ts: parseTranscript over any text gives a Transcript or CardError
 * INVALID_INPUT; formatTranscript → parseTranscript is the identity on what the recorder writes;
 * replaying a parsed transcript with any command answers bytes or a CardError.
 */

const isInvalidInput = isCardErrorWithCode('INVALID_INPUT');

const hexBytes = (maxLength: number) => fc.uint8Array({ maxLength }).map(toHex);
/** Steps as the driver names them: one line, no surrounding blanks. */
const step = fc.string({ maxLength: 30 }).map((text) => text.replace(/[\r\n]/g, ' ').trim());

const entry: fc.Arbitrary<TranscriptEntry> = fc
  .record({
    step: fc.option(step, { nil: undefined }),
    command: fc.oneof(
      fc.uint8Array({ minLength: 4, maxLength: 40 }).map((apdu) => redactCommand(apdu)),
      fc.uint8Array({ minLength: 5, maxLength: 20 }).map((data) => redactCommand(Uint8Array.of(0x00, 0x20, 0x00, 0x80, data.length, ...data))),
    ),
    answer: fc.oneof(hexBytes(40).map((response) => ({ response })), fc.constantFrom(...CARD_ERROR_CODES).map((error) => ({ error }))),
  })
  .map(({ step: name, command, answer }) => ({ ...(name === undefined ? {} : { step: name }), command, ...answer }));

const transcript: fc.Arbitrary<Transcript> = fc.record({ maxResponseLength: fc.integer({ min: 0, max: 65538 }), entries: fc.array(entry, { maxLength: 8 }) });

/** Lines a transcript file may hold, and near misses, to reach each branch of the line parser. */
const transcriptLine = fc.oneof(
  fc.string({ maxLength: 20 }),
  step.map((text) => `# ${text}`),
  hexBytes(12).map((hex) => `> ${hex}`),
  fc.constantFrom('> 00200080**', '> **', '>', '> 0', '< ', '<', '< 9000', '< 9', '! CARD_REMOVED', '! card_removed', '!', '#', ' ', 'maxResponseLength 258'),
  hexBytes(12).map((hex) => `< ${hex}`),
  fc.constantFrom(...CARD_ERROR_CODES).map((code) => `! ${code}`),
);

const transcriptText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .tuple(fc.oneof(fc.constant('maxResponseLength 65536'), fc.string({ maxLength: 25 })), fc.array(transcriptLine, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\n\n'))
    .map(([header, lines, newline]) => [header, ...lines].join(newline)),
  transcript.map(formatTranscript),
);

describe('APDU transcripts (device/card/transcript.ts)', () => {
  it('formatTranscript → parseTranscript gives the transcript back', () => {
    fc.assert(
      fc.property(transcript, (original) => {
        expect(parseTranscript(formatTranscript(original))).toEqual(original);
      }),
      fuzzParameters(0x7c_0001, 3000),
    );
  });

  it('any text: a Transcript whose entries are well-formed, or INVALID_INPUT', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(transcriptText, (text) => {
        const result = outcomeOf('parseTranscript', () => parseTranscript(text), isInvalidInput);
        if (!result.ok) {
          tally.add('refused');
          return;
        }
        tally.add(result.value.entries.length > 0 ? 'ok-with-entries' : 'ok-empty');
        expect(Number.isInteger(result.value.maxResponseLength) || result.value.maxResponseLength > Number.MAX_SAFE_INTEGER).toBe(true);
        for (const parsed of result.value.entries) {
          expect(parsed.command).toMatch(/^(?:[0-9A-F]{2}|\*\*)+$/);
          expect((parsed.response === undefined) !== (parsed.error === undefined)).toBe(true);
          if (parsed.response !== undefined) expect(parsed.response).toMatch(/^(?:[0-9A-F]{2})*$/);
          if (parsed.error !== undefined) expect(parsed.error).toMatch(/^[A-Z_]+$/);
        }
        // What parses formats back to text that parses to the same transcript.
        expect(parseTranscript(formatTranscript(result.value))).toEqual(result.value);
      }),
      fuzzParameters(0x7c_0002, 8000),
    );
    expect(tally.get('ok-with-entries'), tally.toString()).toBeGreaterThan(1000);
    expect(tally.get('refused'), tally.toString()).toBeGreaterThan(1000);
  });

  it('replaying a parsed transcript with any commands answers bytes or throws a CardError', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(transcript, fc.array(fc.oneof({ weight: 1, arbitrary: fc.uint8Array({ maxLength: 20 }) }, { weight: 8, arbitrary: fc.nat() }), { maxLength: 10 }), async (original, sends) => {
        const replay = new ReplayTransport(parseTranscript(formatTranscript(original)));
        for (const send of sends) {
          // A number replays the next recorded command (secrets filled in), else the bytes are sent.
          const next = original.entries[original.entries.length - replay.remaining];
          const apdu =
            typeof send === 'number'
              ? next
                ? Uint8Array.from(next.command.match(/../g) ?? [], (pair) => (pair === '**' ? send & 0xff : Number.parseInt(pair, 16)))
                : new Uint8Array(0)
              : send;
          const answer = await asyncOutcomeOf('ReplayTransport.exchange', () => replay.exchange(apdu), (error) => error instanceof CardError);
          tally.add(answer.ok ? 'answered' : (answer.error as CardError).code);
        }
        outcomeOf('assertComplete', () => replay.assertComplete(), (error) => error instanceof CardError);
      }),
      fuzzParameters(0x7c_0003, 2000),
    );
    expect(tally.get('answered'), tally.toString()).toBeGreaterThan(1000);
    expect(tally.get('TRANSCRIPT_MISMATCH'), tally.toString()).toBeGreaterThan(1000);
  });
});
