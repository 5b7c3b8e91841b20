import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCrl, buildOcspResponse, createCryptoEngine, isMockCaError, readTestPki } from '../mock-ca';
import { decodeRsaPrivateKeyPkcs8, decodeRsaPublicKeySpki, subjectPublicKeyBits } from '../mock-ca/rsa-key-der';
import type { TestPki } from '../mock-ca';
import { verifyCardFace } from './card-face';
import { validateUserAuthCertificate } from './chain';
import { CrlCache, checkCrl } from './crl';
import {
  parseBasicOcspResponse,
  parseCertificate,
  parseCrl,
  parseDigestInfo,
  parseOcspRequest,
  parseOcspResponse,
  parsePrivateKeyInfo,
  parseSubjectPublicKeyInfo,
} from './der';
import type { HttpFetch } from './http-fetch';
import { checkOcsp } from './ocsp';
import { PossessionChallenges, verifyProofOfPossession } from './proof-of-possession';
import { loadTrustStore } from './trust-store';
import type { TrustStore } from './trust-store';

// Property-based fuzzing of every DER reader in crypto/: arbitrary bytes, and real structures with
// bytes flipped, cut or inserted, must give a coded failure (or a value), never an uncaught exception
// or a hang. Bounded runs and a time limit keep the suite fast.
const SYNC_RUNS = { numRuns: 400, interruptAfterTimeLimit: 4_000 };
const ASYNC_RUNS = { numRuns: 120, interruptAfterTimeLimit: 6_000 };
const CHECK_TIME = new Date('2026-06-01T00:00:00+09:00');
const engine = createCryptoEngine();

let pki: TestPki;
let trustStore: TrustStore;
let samples: Record<string, Uint8Array>;

beforeAll(async () => {
  pki = await readTestPki('fixtures/pki');
  const loaded = await loadTrustStore('fixtures/pki/ca', engine);
  if (!loaded.ok) throw new Error(loaded.detail);
  trustStore = loaded.store;
  const ca = pki.caGenerations.userAuth[2];
  const holder = pki.holders['shiken-taro'];
  if (!ca || !holder) throw new Error('fixture PKI incomplete');
  samples = {
    certificate: holder.userAuth.certificate,
    crl: await buildCrl(ca, pki.revocations.filter((entry) => entry.certificate === 'user-auth'), new Date('2026-05-31T00:00:00Z'), new Date('2026-06-02T00:00:00Z'), engine),
    ocsp: await buildOcspResponse(
      { ca, answers: [{ serialNumberHex: holder.userAuth.serialNumberHex, status: { kind: 'good' }, thisUpdate: new Date('2026-05-31T00:00:00Z') }], producedAt: new Date('2026-05-31T00:00:00Z') },
      engine,
    ),
    spki: holder.userAuth.publicKeySpki,
    pkcs8: holder.userAuth.privateKeyPkcs8,
  };
});

/** A real structure with a few bytes replaced, a cut, or an insertion: reaches deeper than noise. */
function mutated(sample: () => Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      insert: fc.option(fc.record({ at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }), { nil: undefined }),
    })
    .map(({ edits, cut, insert }) => {
      let bytes = Uint8Array.from(sample());
      for (const { at, value } of edits) bytes[at % bytes.length] = value;
      if (insert) {
        const at = insert.at % (bytes.length + 1);
        bytes = Uint8Array.from([...bytes.subarray(0, at), ...insert.bytes, ...bytes.subarray(at)]);
      }
      return cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
    });
}

const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.uint8Array({ maxLength: 16 }).map((tail) => Uint8Array.from([0x30, 0x82, 0xff, 0xff, ...tail])));

function expectCoded(result: { ok: boolean; code?: string }): void {
  expect(typeof result.ok).toBe('boolean');
  if (!result.ok) expect(result.code).toMatch(/^[A-Z_]+$/);
}

const parsers = {
  parseCertificate,
  parseCrl,
  parseOcspResponse,
  parseBasicOcspResponse,
  parseOcspRequest,
  parseSubjectPublicKeyInfo,
  parsePrivateKeyInfo,
  parseDigestInfo,
} as const;

describe('crypto/verify DER readers under fuzzing', () => {
  it.each(Object.entries(parsers))('%s: arbitrary bytes give a value or a coded failure', (_, parse) => {
    fc.assert(fc.property(anyBytes, (bytes) => expectCoded(parse(bytes))), SYNC_RUNS);
  });

  it.each([
    ['parseCertificate', 'certificate'],
    ['parseCrl', 'crl'],
    ['parseOcspResponse', 'ocsp'],
    ['parseSubjectPublicKeyInfo', 'spki'],
    ['parsePrivateKeyInfo', 'pkcs8'],
  ] as const)('%s: mutated %s gives a value or a coded failure', (name, sample) => {
    fc.assert(fc.property(mutated(() => samples[sample] ?? new Uint8Array()), (bytes) => expectCoded(parsers[name](bytes))), SYNC_RUNS);
  });

  it('chain validation of mutated certificates always ends in a result', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(() => samples.certificate ?? new Uint8Array()), async (bytes) => {
        expectCoded(await validateUserAuthCertificate(bytes, { trustStore, engine, checkTime: CHECK_TIME }));
      }),
      ASYNC_RUNS,
    );
  });

  const servedBy = (body: Uint8Array): HttpFetch => async () => ({ ok: true, status: 200, contentType: undefined, body });
  const anchor = () => trustStore.generations('user-auth').find((candidate) => candidate.generation === '2023-07-16');

  it('CRL checking of arbitrary and mutated answers always ends in a coded status', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyBytes, mutated(() => samples.crl ?? new Uint8Array())), async (body) => {
        const found = anchor();
        if (!found) throw new Error('no anchor');
        const status = await checkCrl({
          url: 'http://127.0.0.1/crl',
          anchor: found,
          serialNumberHex: '01',
          checkTime: CHECK_TIME,
          fetch: servedBy(body),
          engine,
          cache: new CrlCache(),
          timeoutMs: 1000,
          clockSkewSeconds: 300,
        });
        expect(['good', 'revoked', 'invalid', 'unavailable']).toContain(status.outcome);
      }),
      ASYNC_RUNS,
    );
  });

  it('OCSP checking of arbitrary and mutated answers always ends in a coded status', async () => {
    const leaf = parseCertificate(samples.certificate ?? new Uint8Array());
    if (!leaf.ok) throw new Error('sample certificate does not parse');
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyBytes, mutated(() => samples.ocsp ?? new Uint8Array())), async (body) => {
        const found = anchor();
        if (!found) throw new Error('no anchor');
        const status = await checkOcsp({
          url: 'http://127.0.0.1/ocsp',
          leaf: leaf.value,
          anchor: found,
          checkTime: CHECK_TIME,
          fetch: servedBy(body),
          engine,
          random: () => new Uint8Array(32),
          timeoutMs: 1000,
          freshnessSeconds: 86_400,
          clockSkewSeconds: 300,
          requireNonce: false,
        });
        expect(['good', 'revoked', 'unknown', 'invalid', 'unavailable']).toContain(status.outcome);
        if (status.outcome === 'invalid') expect(status.failure.code).toMatch(/^(OCSP|CERT|DER)_[A-Z_]+$/);
      }),
      ASYNC_RUNS,
    );
  });
});

describe('crypto/mock-ca key readers under fuzzing', () => {
  const readers = { decodeRsaPrivateKeyPkcs8, decodeRsaPublicKeySpki, subjectPublicKeyBits } as const;
  it.each(Object.entries(readers))('%s: arbitrary and mutated bytes give a value or a coded MockCaError', (name, read) => {
    const sample = name === 'decodeRsaPrivateKeyPkcs8' ? 'pkcs8' : 'spki';
    fc.assert(
      fc.property(fc.oneof(anyBytes, mutated(() => samples[sample] ?? new Uint8Array())), (bytes) => {
        try {
          read(bytes);
        } catch (error) {
          expect(isMockCaError(error, 'MALFORMED_DER')).toBe(true);
        }
      }),
      SYNC_RUNS,
    );
  });
});

describe('signature checks under fuzzing', () => {
  it('card face and proof of possession give a coded result for arbitrary keys and signatures', () => {
    const keyBytes = fc.oneof(fc.uint8Array({ maxLength: 400 }), mutated(() => samples.spki ?? new Uint8Array()));
    fc.assert(
      fc.property(keyBytes, fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 64 }), (key, signature, part) => {
        expectCoded(verifyCardFace({ cardFacePublicKeySpki: key, signedParts: { birthDateSexKey: part, nameAddressImages: part, facePhoto: part }, signature }));
        const challenges = new PossessionChallenges({ ttlMs: 1000 });
        const challenge = challenges.issue(CHECK_TIME);
        expectCoded(verifyProofOfPossession({ challenges, challenge, signature, publicKeySpki: key, now: CHECK_TIME }));
      }),
      SYNC_RUNS,
    );
  });
});
