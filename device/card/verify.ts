import { selectFile, verify, verifyRetriesQuery } from './apdu';
import { CardError } from './card-error';
import { requireOk, unexpectedStatus } from './status';
import { transceive } from './transceive';
import type { PinVerifyOptions } from '../../flow/ports/card-session';
import type { CardTransport } from './transport';
import { isTriesLeft, SW, triesLeftOf } from '../mynumber/status-words';

/**
 * What the caller allows a VERIFY to risk. `allowLastTry` is off by default: with one try left the
 * driver sends no VERIFY and throws LAST_TRY_RESERVED, so the terminal can hand over to staff before
 * the key locks (reader-flow.md §3).
 */
export type VerifyOptions = PinVerifyOptions;

export interface KeyToVerify {
  /** Key EF inside the application already selected. */
  readonly keyFile: number;
  /** Tries a fresh key has; the card resets the counter to this on success. */
  readonly maxTries: number;
  /** What the key is, for messages: "利用者証明用暗証番号". Never the value. */
  readonly label: string;
}

/** PINs and 照合番号 are ASCII digits of a fixed count; checked before anything is sent. */
export function assertDigits(secret: string, count: number, label: string): void {
  if (secret.length !== count || !/^[0-9]+$/.test(secret)) throw new CardError('INVALID_INPUT', `${label} must be ${count} digits`);
}

/**
 * Tries left on a key, by VERIFY without data (uses no try; card.md §3). Selects the key EF first.
 * 0 means blocked. A key already verified answers 9000: its counter is at the maximum.
 */
export async function queryTriesLeft(transport: CardTransport, key: KeyToVerify): Promise<number> {
  const selectStep = `select ${key.label}`;
  requireOk(await transceive(transport, selectFile(key.keyFile), selectStep), selectStep);
  const step = `tries left on ${key.label}`;
  const response = await transceive(transport, verifyRetriesQuery(), step);
  if (isTriesLeft(response.sw)) return triesLeftOf(response.sw);
  if (response.sw === SW.authenticationMethodBlocked) return 0;
  if (response.sw === SW.ok) return key.maxTries;
  throw unexpectedStatus(step, response.sw);
}

/**
 * VERIFY of one key with the retry rules of reader-flow.md §3: read the counter first, send
 * nothing when the key is blocked or only the reserved last try is left, then VERIFY.
 * The secret must already be validated by the caller; it never appears in an error.
 */
export async function verifyKey(
  transport: CardTransport,
  key: KeyToVerify,
  secret: string,
  options: VerifyOptions = {},
): Promise<void> {
  const triesLeft = await queryTriesLeft(transport, key);
  if (triesLeft === 0) {
    throw new CardError('PIN_LOCKED', `${key.label} is blocked`, { triesLeft: 0 });
  }
  if (triesLeft === 1 && options.allowLastTry !== true) {
    throw new CardError('LAST_TRY_RESERVED', `${key.label} has one try left; not spent without the caller's consent`, {
      triesLeft: 1,
    });
  }
  const value = new TextEncoder().encode(secret);
  const step = `verify ${key.label}`;
  let sw: number;
  try {
    sw = (await transceive(transport, verify(value), step)).sw;
  } finally {
    value.fill(0);
  }
  if (sw === SW.ok) return;
  if (sw === SW.authenticationMethodBlocked || sw === SW.triesLeftBase) {
    throw new CardError('PIN_LOCKED', `${key.label} is now blocked`, { statusWord: sw, triesLeft: 0 });
  }
  if (isTriesLeft(sw)) {
    const left = triesLeftOf(sw);
    throw new CardError('WRONG_PIN', `wrong ${key.label}, ${left} tries left`, { statusWord: sw, triesLeft: left });
  }
  throw unexpectedStatus(step, sw);
}
