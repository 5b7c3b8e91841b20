import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { CentralRefusal } from '../service/central-errors';
import type { ConnectedFacility } from '../service/service-context';
import type { FacilityAuthenticator } from './facility-auth';
import type { RouteAuth } from './route';
import type { TokenIssuer } from './token-issuer';

export interface RequestAuthentication {
  facilities: FacilityAuthenticator;
  tokens: TokenIssuer;
  adminToken: string;
}

/**
 * Who is asking, as the route demands it: a facility (mutual TLS, and the auth endpoint's token where
 * required), the person (no facility certificate at all), or the administrator. Throws the coded
 * refusal; returns the facility for facility routes.
 */
export function authenticateRequest(
  auth: RouteAuth,
  headers: IncomingHttpHeaders,
  socket: TLSSocket,
  at: Date,
  with_: RequestAuthentication,
): ConnectedFacility | undefined {
  switch (auth) {
    case 'none':
      return undefined;
    case 'admin': {
      const presented = Buffer.from(String(headers['authorization'] ?? '').replace(/^Bearer\s+/i, ''));
      const expected = Buffer.from(with_.adminToken);
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) throw new CentralRefusal('ADMIN_TOKEN_INVALID');
      return undefined;
    }
    case 'person':
      // やりとり履歴 is the person's: a connection that shows a facility certificate is turned away.
      if (socket.getPeerCertificate(false)?.raw !== undefined) throw new CentralRefusal('FACILITY_CERTIFICATE_NOT_ALLOWED');
      return undefined;
    case 'client-certificate':
    case 'token': {
      const { facility, certificateSha256 } = with_.facilities.authenticate(socket);
      if (auth === 'token') with_.tokens.check(headers['authorization'], certificateSha256, at);
      return { facilityId: facility.facilityId, medicalInstitutionCode: facility.medicalInstitutionCode, certificateSha256 };
    }
  }
}
