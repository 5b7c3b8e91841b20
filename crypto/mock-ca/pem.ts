/** PEM (RFC 7468) text of DER bytes, for people and tools that want it (openssl, browsers). */
export type PemLabel = 'CERTIFICATE' | 'PRIVATE KEY' | 'PUBLIC KEY' | 'X509 CRL';

export function toPem(der: Uint8Array, label: PemLabel): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
