export interface CardSession {
  readCertificate(): Promise<Uint8Array>;
}
export const CARD_SESSION_VERSION = 1;
