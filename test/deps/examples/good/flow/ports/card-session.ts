export interface CardSession {
  readCertificate(): Promise<Uint8Array>;
}
