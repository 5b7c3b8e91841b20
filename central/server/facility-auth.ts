import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { medicalInstitutionCodeOf } from '../../crypto/mock-ca';
import type { Facility, FacilityRepository } from '../store';
import { CentralRefusal } from '../service/central-errors';

export interface AuthenticatedFacility {
  facility: Facility;
  certificateSha256: string;
}

/** What the TLS layer says about a connection's client certificate, before any facility is looked up. */
export interface PeerCertificate {
  der: Uint8Array;
  sha256: string;
}

/** The verified client certificate of a connection, or the refusal that explains why there is none. */
export function verifiedPeerOf(socket: TLSSocket): PeerCertificate {
  const peer = socket.getPeerCertificate(false);
  const hasCertificate = peer !== null && typeof peer === 'object' && Buffer.isBuffer(peer.raw);
  if (!hasCertificate) throw new CentralRefusal('CLIENT_CERTIFICATE_REQUIRED');
  if (!socket.authorized) {
    const reason = String(socket.authorizationError ?? '');
    throw new CentralRefusal(reason === 'CERT_REVOKED' ? 'CLIENT_CERTIFICATE_REVOKED' : 'CLIENT_CERTIFICATE_UNKNOWN', reason || undefined);
  }
  return { der: peer.raw, sha256: createHash('sha256').update(peer.raw).digest('hex') };
}

/**
 * Mutual TLS → facility: the certificate chained to the facility CA and is not on its CRL (checked by
 * the TLS layer), names a 医療機関コード in its subject, and is the very certificate registered for that
 * code. Results are kept per connection, so keep-alive requests skip the lookup.
 */
export class FacilityAuthenticator {
  private readonly byConnection = new WeakMap<TLSSocket, AuthenticatedFacility>();

  constructor(private readonly facilities: FacilityRepository) {}

  authenticate(socket: TLSSocket): AuthenticatedFacility {
    const known = this.byConnection.get(socket);
    if (known !== undefined) return known;
    const peer = verifiedPeerOf(socket);
    const code = medicalInstitutionCodeOf(peer.der);
    const facility = code === undefined ? undefined : this.facilities.findByCode(code);
    if (facility === undefined || facility.clientCertificateSha256 !== peer.sha256) {
      throw new CentralRefusal('CLIENT_CERTIFICATE_UNKNOWN', 'not registered for a facility');
    }
    const authenticated = { facility, certificateSha256: peer.sha256 };
    this.byConnection.set(socket, authenticated);
    return authenticated;
  }

  /**
   * The code a refused connection claimed, for the audit: only from a certificate our facility CA
   * issued (verified, or verified and then found revoked), never from a stranger's.
   */
  claimedCode(socket: TLSSocket): string | undefined {
    const peer = socket.getPeerCertificate(false);
    if (peer === null || typeof peer !== 'object' || !Buffer.isBuffer(peer.raw)) return undefined;
    if (!socket.authorized && String(socket.authorizationError ?? '') !== 'CERT_REVOKED') return undefined;
    return medicalInstitutionCodeOf(peer.raw);
  }
}
