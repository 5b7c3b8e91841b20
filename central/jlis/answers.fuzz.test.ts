import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCryptoEngine, readTestPki } from '../../crypto/mock-ca';
import type { TestPki } from '../../crypto/mock-ca';
import { parseOcspResponse } from '../../crypto/verify';
import { ocspAnswer } from './answers';
import type { AnswerSettings } from './answers';
import { RevocationRegistry } from './revocation-registry';

// The responder's only parser is the OCSP request reader: arbitrary bytes must give an OCSP answer
// (malformedRequest or unauthorized), never an exception.
const NOW = new Date('2026-06-01T00:00:00+09:00');
const engine = createCryptoEngine();
let pki: TestPki;
let settings: AnswerSettings;

beforeAll(async () => {
  pki = await readTestPki('fixtures/pki');
  settings = { pki, registry: new RevocationRegistry(pki), engine, crlValidityHours: 24, ocspValidityHours: 24, delegatedSigners: new Map() };
});

describe('J-LIS responder under fuzzed OCSP requests', () => {
  it('answers arbitrary bytes with a parseable OCSPResponse', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 512 }), fc.uint8Array({ maxLength: 64 }).map((tail) => Uint8Array.from([0x30, 0x81, 0x80, 0x30, 0x7e, ...tail]))),
        async (bytes) => {
          const answer = await ocspAnswer(settings, bytes, NOW, 'none');
          const parsed = parseOcspResponse(answer);
          expect(parsed.ok).toBe(true);
        },
      ),
      { numRuns: 200, interruptAfterTimeLimit: 4_000 },
    );
  });
});
