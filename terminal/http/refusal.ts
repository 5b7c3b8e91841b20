import type { FastifyReply, FastifyRequest } from 'fastify';

/** The terminal's one shape for a refused request. */
export interface ErrorEnvelope {
  readonly error: { readonly code: string; readonly message: string };
}

/** Sets the status and returns the coded envelope for the route to send. */
export function refuse(reply: FastifyReply, status: number, code: string, message: string): ErrorEnvelope {
  reply.code(status);
  return { error: { code, message } };
}

/**
 * Whether a request comes from a page of this server's own origin. Browsers send Origin with every
 * WebSocket and POST, and WebSockets pass no CORS check: a page of another origin on this machine
 * must not drive a kiosk, the console or the demo. A request with no Origin is not from a browser page.
 */
export function fromOwnOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  return origin === undefined || origin === `http://${request.headers.host ?? ''}`;
}
