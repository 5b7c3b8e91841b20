import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, MAX_FRAME_PAYLOAD } from './vpcd-framing';

describe('vpcd framing', () => {
  it('prefixes the payload with its big-endian length', () => {
    expect([...encodeFrame(Uint8Array.of(0x90, 0x00))]).toEqual([0x00, 0x02, 0x90, 0x00]);
    expect([...encodeFrame(new Uint8Array(0x0123)).subarray(0, 2)]).toEqual([0x01, 0x23]);
  });

  it('refuses a payload longer than the 2-byte length allows', () => {
    expect(() => encodeFrame(new Uint8Array(MAX_FRAME_PAYLOAD + 1))).toThrow(RangeError);
  });

  it('reassembles a frame split across reads, byte by byte', () => {
    const decoder = new FrameDecoder();
    const frame = encodeFrame(Uint8Array.of(0x00, 0xa4, 0x04, 0x0c));
    const payloads = [...frame].flatMap((byte) => decoder.push(Uint8Array.of(byte)));
    expect(payloads.map((payload) => [...payload])).toEqual([[0x00, 0xa4, 0x04, 0x0c]]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('splits several frames arriving in one read and keeps a trailing partial one', () => {
    const decoder = new FrameDecoder();
    const first = encodeFrame(Uint8Array.of(0x04));
    const second = encodeFrame(Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x00));
    const third = encodeFrame(Uint8Array.of(0x01, 0x02, 0x03));
    const chunk = new Uint8Array([...first, ...second, ...third.subarray(0, 3)]);
    expect(decoder.push(chunk).map((payload) => [...payload])).toEqual([[0x04], [0x00, 0xb0, 0x00, 0x00, 0x00]]);
    expect(decoder.bufferedBytes).toBe(3);
    expect(decoder.push(third.subarray(3)).map((payload) => [...payload])).toEqual([[0x01, 0x02, 0x03]]);
  });
});
