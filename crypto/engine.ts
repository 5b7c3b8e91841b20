import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

/**
 * The one pkijs crypto engine factory. A process builds one engine and passes it to whatever signs or
 * verifies with pkijs (the verifier, the mock CA, the central mock). Never installed
 * globally (pkijs.setEngine): two callers with two engines must not see each other.
 */
export type PkiCryptoEngine = pkijs.CryptoEngine;

/** Node's WebCrypto (the same object as globalThis.crypto), typed from node:crypto: no DOM lib here. */
export function createCryptoEngine(): PkiCryptoEngine {
  return new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto });
}

export type WebCryptoKey = webcrypto.CryptoKey;
