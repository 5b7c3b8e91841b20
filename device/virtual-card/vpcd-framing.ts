/**
 * vpcd's wire format: every message in both directions is a 2-byte big-endian length followed by
 * that many payload bytes. TCP may split or merge messages, so the decoder reassembles them.
 */
export const MAX_FRAME_PAYLOAD = 0xffff;

export function encodeFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_FRAME_PAYLOAD) {
    throw new RangeError(`vpcd frame payload of ${payload.length} bytes exceeds ${MAX_FRAME_PAYLOAD}`);
  }
  const frame = new Uint8Array(2 + payload.length);
  frame[0] = payload.length >> 8;
  frame[1] = payload.length & 0xff;
  frame.set(payload, 2);
  return frame;
}

export class FrameDecoder {
  private pending = new Uint8Array(0);

  /** Adds bytes read from the socket and returns every payload now complete, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    const buffer = new Uint8Array(this.pending.length + chunk.length);
    buffer.set(this.pending, 0);
    buffer.set(chunk, this.pending.length);
    const payloads: Uint8Array[] = [];
    let offset = 0;
    while (buffer.length - offset >= 2) {
      const length = ((buffer[offset] ?? 0) << 8) | (buffer[offset + 1] ?? 0);
      if (buffer.length - offset - 2 < length) break;
      payloads.push(buffer.slice(offset + 2, offset + 2 + length));
      offset += 2 + length;
    }
    this.pending = buffer.slice(offset);
    return payloads;
  }

  /** Bytes received that do not yet form a whole frame. */
  get bufferedBytes(): number {
    return this.pending.length;
  }
}
