import { request } from 'node:http';

/**
 * How the verifier reaches CRL and OCSP servers: one injected function, so tests and the terminal
 * can route, record or stub it without patching a global. The default speaks plain HTTP (CRLs and
 * OCSP are signed; RFC 5280 §4.2.1.13 and RFC 6960 use http) with a hard timeout and a size cap.
 */
export interface HttpFetchRequest {
  url: string;
  method: 'GET' | 'POST';
  body?: Uint8Array;
  contentType?: string;
  timeoutMs: number;
}

export type HttpFetchResult =
  | { ok: true; status: number; contentType: string | undefined; body: Uint8Array }
  | { ok: false; reason: 'timeout' | 'network' | 'too-large' | 'bad-url' };

export type HttpFetch = (request: HttpFetchRequest) => Promise<HttpFetchResult>;

export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export function createNodeHttpFetch(options: { maxResponseBytes?: number } = {}): HttpFetch {
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  return (fetchRequest) =>
    new Promise<HttpFetchResult>((resolve) => {
      let url: URL;
      try {
        url = new URL(fetchRequest.url);
      } catch {
        resolve({ ok: false, reason: 'bad-url' });
        return;
      }
      if (url.protocol !== 'http:') {
        resolve({ ok: false, reason: 'bad-url' });
        return;
      }
      let settled = false;
      const settle = (result: HttpFetchResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const outgoing = request(
        url,
        {
          method: fetchRequest.method,
          agent: false,
          headers: {
            ...(fetchRequest.contentType ? { 'content-type': fetchRequest.contentType } : {}),
            ...(fetchRequest.body ? { 'content-length': String(fetchRequest.body.length) } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let received = 0;
          response.on('data', (chunk: Buffer) => {
            received += chunk.length;
            if (received > maxBytes) {
              settle({ ok: false, reason: 'too-large' });
              outgoing.destroy();
              return;
            }
            chunks.push(chunk);
          });
          response.on('end', () =>
            settle({ ok: true, status: response.statusCode ?? 0, contentType: response.headers['content-type'], body: new Uint8Array(Buffer.concat(chunks)) }),
          );
          response.on('error', () => settle({ ok: false, reason: 'network' }));
          response.on('aborted', () => settle({ ok: false, reason: 'network' }));
        },
      );
      const timer = setTimeout(() => {
        settle({ ok: false, reason: 'timeout' });
        outgoing.destroy();
      }, fetchRequest.timeoutMs);
      outgoing.on('error', () => settle({ ok: false, reason: 'network' }));
      outgoing.end(fetchRequest.body ? Buffer.from(fetchRequest.body) : undefined);
    });
}
