import { FRAME_HEADER_BYTES } from '../../flow/contract/kiosk-bridge';

/** The layout's format byte for RGBA pixels (see `flow/contract/kiosk-bridge.ts`). */
const RGBA = 2;

/** One canvas frame as the bridge's binary frame message: the 13-byte header, then the RGBA pixels. */
export function encodeFrame(image: { readonly width: number; readonly height: number; readonly data: Uint8ClampedArray }, capturedAtMs: number): ArrayBuffer {
  const message = new ArrayBuffer(FRAME_HEADER_BYTES + image.data.length);
  const header = new DataView(message, 0, FRAME_HEADER_BYTES);
  header.setUint16(0, image.width);
  header.setUint16(2, image.height);
  header.setUint8(4, RGBA);
  header.setFloat64(5, capturedAtMs);
  new Uint8Array(message, FRAME_HEADER_BYTES).set(image.data);
  return message;
}
