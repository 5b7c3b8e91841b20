import { performance } from 'node:perf_hooks';
import * as pkijs from 'pkijs';
import { startJlisResponder } from '../../central/jlis';
import { createCryptoEngine, issueBenchmarkCertificates, readTestPki } from '../../crypto/mock-ca';
import { CardCertificateVerifier, loadTrustStore } from '../../crypto/verify';

/**
 * Per-card verification time of a 利用者証明用 certificate over 1,000 distinct certificates: chain +
 * revocation from a warm CRL cache, and chain + a live OCSP round trip to the local J-LIS-like
 * responder (127.0.0.1). Baseline in the same run: pkijs Certificate.verify of the signature alone.
 * The last line of output is one JSON object. Aim: warm-cache p95 under 5 ms.
 */
const CARDS = 1000;
const WARM_UP = 50;
const CHECK_TIME = new Date('2026-06-01T00:00:00+09:00');
const TARGET_WARM_P95_MS = 5;

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

async function timeEach(items: Uint8Array[], run: (item: Uint8Array) => Promise<boolean>): Promise<{ p50Ms: number; p95Ms: number }> {
  for (const item of items.slice(0, WARM_UP)) if (!(await run(item))) throw new Error('warm-up verification failed');
  const times: number[] = [];
  for (const item of items) {
    const start = performance.now();
    const ok = await run(item);
    times.push(performance.now() - start);
    if (!ok) throw new Error('a benchmark certificate did not verify');
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round(percentile(times, 0.5)), p95Ms: round(percentile(times, 0.95)) };
}

async function main(): Promise<void> {
  const engine = createCryptoEngine();
  const pki = await readTestPki('fixtures/pki');
  const loaded = await loadTrustStore('fixtures/pki/ca', engine);
  if (!loaded.ok) throw new Error(`trust store: ${loaded.detail}`);
  const trustStore = loaded.store;

  const issuing = performance.now();
  const issued = await issueBenchmarkCertificates(pki, CARDS, engine);
  process.stdout.write(`issued ${CARDS} certificates over 8 subject keys in ${Math.round(performance.now() - issuing)} ms\n`);
  const certificates = issued.map((certificate) => certificate.certificate);

  const responder = await startJlisResponder({
    pki,
    engine,
    now: () => CHECK_TIME,
    extraIssued: issued.map((certificate) => ({ kind: 'user-auth' as const, generation: '2023-07-16', serialNumberHex: certificate.serialNumberHex })),
  });
  try {
    const responders = { ocspUrl: responder.ocspUrl, crlUrlByGeneration: responder.userAuthCrlUrls() };

    const anchor = trustStore.generations('user-auth').find((candidate) => candidate.generation === '2023-07-16');
    if (!anchor) throw new Error('no 2023-07-16 anchor');
    const baseline = await timeEach(certificates, async (der) => pkijs.Certificate.fromBER(der).verify(anchor.certificate, engine));
    process.stdout.write(`baseline (signature only): ${JSON.stringify(baseline)}\n`);

    const warmVerifier = new CardCertificateVerifier(trustStore, engine, { responders, policy: { methods: ['crl'] } });
    const warmCache = await timeEach(certificates, async (der) => {
      const result = await warmVerifier.verify(der, CHECK_TIME);
      return result.ok && (result.revocationSource === 'cache' || result.revocationSource === 'crl');
    });
    process.stdout.write(`warm cache (chain + CRL from cache): ${JSON.stringify(warmCache)}\n`);

    const ocspVerifier = new CardCertificateVerifier(trustStore, engine, { responders, policy: { methods: ['ocsp'] } });
    const liveOcsp = await timeEach(certificates, async (der) => {
      const result = await ocspVerifier.verify(der, CHECK_TIME);
      return result.ok && result.revocationSource === 'ocsp';
    });
    process.stdout.write(`live OCSP (chain + OCSP round trip): ${JSON.stringify(liveOcsp)}\n`);

    process.stdout.write(
      `${JSON.stringify({
        bench: 'crypto',
        cards: CARDS,
        checkTime: CHECK_TIME.toISOString(),
        warmCache,
        liveOcsp,
        baselineSignatureOnly: baseline,
        warmCacheP50RatioToBaseline: round(warmCache.p50Ms / baseline.p50Ms, 2),
        liveOcspP50RatioToBaseline: round(liveOcsp.p50Ms / baseline.p50Ms, 2),
        targetWarmCacheP95Ms: TARGET_WARM_P95_MS,
        meetsTarget: warmCache.p95Ms < TARGET_WARM_P95_MS,
      })}\n`,
    );
  } finally {
    await responder.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:crypto failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
