import { createHmac } from 'node:crypto';
import { MockCaError } from './errors';

/**
 * Deterministic random bytes for the mock CA: the same seed and label always give the same stream,
 * and different labels give independent streams, so adding a card holder never changes another
 * holder's key. This is NOT a DRBG for real secrets; the seed is public by design.
 *
 * Construction: HMAC-SHA256 in counter mode (the shape of NIST SP 800-108 §4.1), keyed with the seed:
 *   block(i) = HMAC-SHA256(key = UTF-8(seed), "jpki-emu/test-pki/v1" ‖ 00 ‖ UTF-8(label) ‖ 00 ‖ uint32be(i))
 * and the stream is block(0) ‖ block(1) ‖ …
 */
export interface DeterministicRandom {
  /** What this stream is for, e.g. `user-auth-key/shiken-taro`; shown in error messages. */
  readonly label: string;
  /** The next `length` bytes of the stream. */
  nextBytes(length: number): Uint8Array;
}

// Frozen: the folder's earlier name is part of every derived byte; changing it changes every key.
const DOMAIN = 'jpki-emu/test-pki/v1';
const MAX_BLOCKS = 2 ** 32;

export function drbg(seed: string, label: string): DeterministicRandom {
  if (seed.length === 0) throw new MockCaError('INVALID_INPUT', 'the mock-CA seed must not be empty');
  const key = Buffer.from(seed, 'utf8');
  const prefix = Buffer.concat([Buffer.from(DOMAIN, 'utf8'), Buffer.of(0), Buffer.from(label, 'utf8'), Buffer.of(0)]);
  let counter = 0;
  // Bytes of the current block not handed out yet.
  let pending: Uint8Array = new Uint8Array(0);

  const nextBlock = (): Uint8Array => {
    if (counter >= MAX_BLOCKS) throw new MockCaError('KEY_GENERATION_FAILED', `random stream ${label} is exhausted`);
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    counter += 1;
    return new Uint8Array(createHmac('sha256', key).update(prefix).update(counterBytes).digest());
  };

  return {
    label,
    nextBytes(length: number): Uint8Array {
      if (!Number.isInteger(length) || length < 0) throw new RangeError(`cannot take ${length} random bytes`);
      const out = new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        if (pending.length === 0) pending = nextBlock();
        const take = Math.min(pending.length, length - filled);
        out.set(pending.subarray(0, take), filled);
        pending = pending.subarray(take);
        filled += take;
      }
      return out;
    },
  };
}

/** A uniformly distributed integer in [0, bound), by rejection so no value is favoured. */
export function nextIntBelow(random: DeterministicRandom, bound: number): number {
  if (!Number.isInteger(bound) || bound < 1 || bound > 256) throw new RangeError(`bound ${bound} is not in 1..256`);
  const limit = 256 - (256 % bound);
  for (;;) {
    const [byte = 0] = random.nextBytes(1);
    if (byte < limit) return byte % bound;
  }
}
