/** The J-LIS-like CRL/OCSP responder for tests and the benchmark (see responder.ts). */
export { startJlisResponder } from './responder';
export type { JlisResponder, JlisResponderOptions } from './responder';
export { DEFAULT_JLIS_BEHAVIOUR } from './behaviour';
export type { JlisBehaviour, JlisFailureMode } from './behaviour';
export { RevocationRegistry } from './revocation-registry';
export type { IssuedSerial } from './revocation-registry';
