import type { LiveFrame } from '../../flow/ports/face-verifier';

/**
 * A camera frame as the kiosk sends it over the WebSocket, one binary message: width (uint16 BE),
 * height (uint16 BE), format (uint8: 0 gray, 1 rgb, 2 rgba), capture time in ms (float64 BE), then the
 * pixels. The flow's event parser checks sizes; this only reads the header.
 */
export const FRAME_HEADER_BYTES = 13;
const FORMATS = ['gray', 'rgb', 'rgba'] as const;

export function frameOfMessage(message: Buffer): LiveFrame | string {
  if (message.length < FRAME_HEADER_BYTES) return 'frame header missing';
  const format = FORMATS[message.readUInt8(4)];
  if (format === undefined) return 'frame format';
  return {
    width: message.readUInt16BE(0),
    height: message.readUInt16BE(2),
    format,
    capturedAtMs: message.readDoubleBE(5),
    data: new Uint8Array(message.buffer, message.byteOffset + FRAME_HEADER_BYTES, message.length - FRAME_HEADER_BYTES),
  };
}
