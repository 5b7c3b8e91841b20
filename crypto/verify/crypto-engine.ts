import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

/** The verifier's pkijs engine on Node's WebCrypto: build once, pass in; never pkijs.setEngine. */
export function createVerifierCryptoEngine(): pkijs.CryptoEngine {
  return new pkijs.CryptoEngine({ name: 'node-webcrypto-verifier', crypto: webcrypto });
}
