import { FRAME_FORMATS, FRAME_HEADER_BYTES } from '../../flow/contract/kiosk-bridge';
import type { LiveFrame } from '../../flow/ports/face-verifier';

/**
 * A camera frame as the kiosk sends it (WebSocket binary message or Electron IPC), in the layout of
 * `flow/contract/kiosk-bridge.ts`. The flow's event parser checks sizes; this only reads the header.
 */

export function frameOfMessage(message: Buffer): LiveFrame | string {
  if (message.length < FRAME_HEADER_BYTES) return 'frame header missing';
  const format = FRAME_FORMATS[message.readUInt8(4)];
  if (format === undefined) return 'frame format';
  return {
    width: message.readUInt16BE(0),
    height: message.readUInt16BE(2),
    format,
    capturedAtMs: message.readDoubleBE(5),
    data: new Uint8Array(message.buffer, message.byteOffset + FRAME_HEADER_BYTES, message.length - FRAME_HEADER_BYTES),
  };
}
