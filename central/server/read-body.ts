import type { IncomingMessage } from 'node:http';
import { CentralRefusal } from '../service/central-errors';

/**
 * Reads a request body up to `maxBytes`. A declared or streamed body beyond the limit is refused
 * with BODY_TOO_LARGE without buffering the rest; the caller closes that connection.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new CentralRefusal('BODY_TOO_LARGE', `limit ${maxBytes} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      request.off('data', onData);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        // Stop buffering; the rest of the body is discarded with the connection.
        request.pause();
        finish(() => reject(new CentralRefusal('BODY_TOO_LARGE', `limit ${maxBytes} bytes`)));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => finish(() => resolve(Buffer.concat(chunks, total))));
    request.once('error', () => finish(() => reject(new CentralRefusal('REQUEST_ABORTED'))));
    request.once('aborted', () => finish(() => reject(new CentralRefusal('REQUEST_ABORTED'))));
  });
}
