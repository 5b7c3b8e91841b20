import { createServer, type Server } from 'node:http';

export interface PageServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves fixed pages on loopback (a secure context for getUserMedia) until closed. */
export function servePages(pages: Record<string, string>): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    const body = pages[request.url ?? ''];
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address !== 'object') return reject(new Error('server has no address'));
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
