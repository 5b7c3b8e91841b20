import { createServer, type Server } from 'node:http';
import type { ServerConfig } from '../config';
import { serveStaticFiles } from './static-files';

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The terminal's HTTP server: for now the kiosk's static files (browser mode). */
export function startTerminalServer(config: ServerConfig): Promise<RunningServer> {
  const serveKiosk = serveStaticFiles(config.kioskDir);
  const server: Server = createServer((request, response) => {
    serveKiosk(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      const address = server.address();
      if (!address || typeof address !== 'object') return reject(new Error('the terminal server has no address'));
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${host}:${address.port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
