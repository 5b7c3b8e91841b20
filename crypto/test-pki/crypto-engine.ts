import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

/**
 * The one pkijs crypto engine a process builds and passes to whatever signs or verifies with pkijs.
 * Never installed globally (pkijs.setEngine): two callers with two engines must not see each other.
 */
export type PkiCryptoEngine = pkijs.CryptoEngine;

/** Node's WebCrypto (the same object as globalThis.crypto), typed from node:crypto: no DOM lib here. */
export function createWebCryptoEngine(): PkiCryptoEngine {
  return new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto });
}

export type WebCryptoKey = webcrypto.CryptoKey;
