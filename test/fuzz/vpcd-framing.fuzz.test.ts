import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, MAX_FRAME_PAYLOAD } from '../../device/virtual-card/vpcd-framing';
import { assertSameBytes, concat, fuzzParameters, outcomeOf, Tally } from './arbitraries';

/**
 * vpcd framing (device/virtual-card/vpcd-framing.ts): 2-byte big-endian length + payload. TCP may
 * split or merge frames anywhere, so any chunking of a valid stream must give back the same
 * payloads; any bytes at all must never make the decoder throw, and what it returns plus what it
 * still holds is exactly what it was given.
 */

/** Cut points, as fractions of the stream, turned into chunks (empty chunks included). */
function chunk(stream: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const positions = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const position of positions) {
    chunks.push(stream.subarray(start, position));
    start = position;
  }
  chunks.push(stream.subarray(start));
  return chunks;
}

const payload = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1000, maxLength: 65_535 }) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_FRAME_PAYLOAD - 1, max: MAX_FRAME_PAYLOAD + 2 }).map((length) => new Uint8Array(length).fill(0x5a)) },
);

/** Byte streams that look like frames with lengths that may not match their bodies. */
const misframedStream = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 40 }), fc.uint8Array({ maxLength: 40 })), { maxLength: 6 })
  .map((frames) => concat(...frames.map(([high, low, body]) => concat(Uint8Array.of(high, low), body))));

describe('vpcd FrameDecoder', () => {
  it('any chunking of a valid frame stream gives back the same payloads, in order', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(fc.array(payload, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (payloads, cuts) => {
        const encodable = payloads.filter((candidate) => candidate.length <= MAX_FRAME_PAYLOAD);
        for (const candidate of payloads) {
          const frame = outcomeOf('encodeFrame', () => encodeFrame(candidate), (error) => error instanceof RangeError);
          expect(frame.ok).toBe(candidate.length <= MAX_FRAME_PAYLOAD);
          if (!frame.ok) tally.add('oversized-refused');
        }
        const stream = concat(...encodable.map(encodeFrame));
        const decoder = new FrameDecoder();
        const received: Uint8Array[] = [];
        for (const part of chunk(stream, cuts)) received.push(...decoder.push(Uint8Array.from(part)));
        expect(received.length).toBe(encodable.length);
        received.forEach((got, index) => assertSameBytes(got, encodable[index] ?? new Uint8Array(0), `payload ${index}`));
        expect(decoder.bufferedBytes).toBe(0);
        if (cuts.length > 0 && encodable.length > 0) tally.add('split');
      }),
      fuzzParameters(0x5c_0001, 1500),
    );
    expect(tally.get('split')).toBeGreaterThan(700);
    expect(tally.get('oversized-refused')).toBeGreaterThan(20);
  });

  it('any bytes in any chunks: never throws; payloads re-framed plus what is buffered equal the input', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(
        fc.oneof(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 10 }), fc.tuple(misframedStream, fc.array(fc.nat(), { maxLength: 8 })).map(([stream, cuts]) => chunk(stream, cuts))),
        (chunks) => {
        const decoder = new FrameDecoder();
        const received: Uint8Array[] = [];
        for (const part of chunks) {
          const payloads = outcomeOf('FrameDecoder.push', () => decoder.push(part), () => false);
          if (payloads.ok) received.push(...payloads.value);
        }
        const input = concat(...chunks);
        const consumed = concat(...received.map(encodeFrame));
        expect(consumed.length + decoder.bufferedBytes).toBe(input.length);
        assertSameBytes(consumed, input.subarray(0, consumed.length), 'consumed prefix');
        // What is left is never a whole frame.
        const rest = input.subarray(consumed.length);
        if (rest.length >= 2) expect(rest.length - 2).toBeLessThan(((rest[0] ?? 0) << 8) | (rest[1] ?? 0));
        tally.add(received.length > 0 ? 'decoded' : 'nothing');
        },
      ),
      fuzzParameters(0x5c_0002, 5000),
    );
    expect(tally.get('decoded')).toBeGreaterThan(500);
  });
});
