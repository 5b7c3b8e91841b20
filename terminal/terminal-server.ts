import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './config';
import { ensureFirstAdministrator, type FirstAdministrator } from './console/auth';
import { mountStaffConsole } from './console/mount-staff-console';
import { buildReceptionApi } from './http/reception-api';
import { serveStaticFiles } from './http/static-files';
import type { ReceptionTerminal } from './reception-terminal';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export interface TerminalServer {
  readonly app: FastifyInstance;
  /** `http://host:port` as it listens. */
  readonly baseUrl: string;
  /** On the first start only: the administrator made then, and its one-time password, to print once. */
  readonly firstAdministrator: FirstAdministrator;
  stop(): Promise<void>;
}

export interface TerminalServerOptions {
  /** Browser mode: the kiosk pages drive the kiosks over HTTP. Left out where the kiosks are Electron windows. */
  readonly serveKiosks: boolean;
  /** Routes of the demo, registered before the server listens. */
  readonly extraRoutes?: (app: FastifyInstance) => Promise<void>;
}

/**
 * The terminal's HTTP server: the built pages, the staff console behind its sign-in (and, in browser
 * mode, the kiosks' routes), on the host and port of `server`. The first start makes the first
 * administrator. The same in `npm start` and in the Electron app, where staff open the console in a
 * browser while the kiosks are windows of the app.
 */
export async function startTerminalServer(terminal: ReceptionTerminal, server: ServerConfig, options: TerminalServerOptions): Promise<TerminalServer> {
  // Plain HTTP is safe on this machine only: beyond it, passwords, card photos and medical data would
  // cross the network in clear, and the console's Secure cookies would not be kept anyway.
  if (!LOOPBACK_HOSTS.has(server.host)) {
    throw Object.assign(new Error(`the terminal serves plain HTTP on loopback only (127.0.0.1, ::1, localhost), not on ${server.host}; reach it from other machines through a TLS proxy`), {
      code: 'PLAIN_HTTP_OFF_LOOPBACK',
    });
  }
  const app = await buildReceptionApi({ ...(options.serveKiosks ? { kiosks: terminal.kiosks } : {}), staticFiles: serveStaticFiles(server.rendererDir) });
  const staffConsole = await mountStaffConsole(app, terminal);
  const stop = async (): Promise<void> => {
    staffConsole.stop();
    await app.close();
  };
  try {
    const firstAdministrator = await ensureFirstAdministrator({ accounts: terminal.consoleAccounts, clock: { now: () => new Date() } });
    await options.extraRoutes?.(app);
    await app.listen({ host: server.host, port: server.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : server.port;
    return { app, baseUrl: `http://${server.host}:${port}`, firstAdministrator, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
