import { createHash } from 'node:crypto';

/**
 * A seeded stream of uniform numbers: xoshiro128** (Blackman and Vigna), its 128-bit state taken from
 * SHA-256 of the seed text. Small, fast and identical on every platform, so a fault seed replays the
 * same decisions anywhere; not for anything secret.
 */
export class SeededRandom {
  private readonly state: Uint32Array;

  constructor(seed: string) {
    const digest = createHash('sha256').update(`oqs-central-faults\0${seed}`, 'utf8').digest();
    this.state = new Uint32Array(4);
    for (let index = 0; index < 4; index += 1) this.state[index] = digest.readUInt32LE(index * 4);
    // xoshiro never leaves the all-zero state; SHA-256 will not give it, but guard anyway.
    if (this.state.every((word) => word === 0)) this.state[0] = 0x9e3779b9;
  }

  /** A stream from a raw state, for checking the generator against the published reference outputs. */
  static fromState(words: readonly [number, number, number, number]): SeededRandom {
    if (words.every((word) => word >>> 0 === 0)) throw new RangeError('xoshiro128** needs a non-zero state');
    const random = new SeededRandom('');
    words.forEach((word, index) => (random.state[index] = word >>> 0));
    return random;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const s0 = s[0] ?? 0;
    const s1 = s[1] ?? 0;
    const s2 = s[2] ?? 0;
    const s3 = s[3] ?? 0;
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    const n2 = (s2 ^ s0) >>> 0;
    const n3 = (s3 ^ s1) >>> 0;
    s[1] = (s1 ^ n2) >>> 0;
    s[0] = (s0 ^ n3) >>> 0;
    s[2] = (n2 ^ t) >>> 0;
    s[3] = rotl(n3, 11);
    return result;
  }

  /** Uniform in [0, 1), with 32 bits of resolution: plenty for rates and millisecond delays. */
  nextUnit(): number {
    return this.nextUint32() / 2 ** 32;
  }
}

function rotl(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}
