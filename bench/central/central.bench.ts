import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { readFacilityPki, readTestPki, toPem, type FacilityPki, type TestPki } from '../../crypto/mock-ca';
import { cardPresenceStatement } from '../../oqs';
import { fetchCardChallenge } from '../../test/harness/card-presence';
import { CentralClient, type CentralReply } from '../../test/harness/central-client';
import { makeTempDir, type TempDir } from '../../test/harness/temp-dir';
import type { LoadCommand, LoadReply, RunCommand, RunResult } from './load-protocol';

/**
 * Throughput and latency of the mock central system under closed-loop load: 16 keep-alive mutual-TLS
 * connections (BENCH_CONNECTIONS), each sending its next request when the previous answer arrives, for
 * a warm-up (BENCH_WARMUP_SECONDS) and then a measured window (BENCH_SECONDS) per scenario. The server
 * is `central serve` as its own process group, once with one process and once with one per core
 * (BENCH_WORKERS); baseline in the same run, on the same server and connections: GET /health. Card
 * requests carry their proof of presence: each a fresh single-use challenge attested by the reader key,
 * made before the scenario (BENCH_CARD_PROOFS of them). Server CPU is read from /proc for every server
 * process. The load generator is a child process (load-generator.ts). The last line of output is one
 * JSON object. Aim: ≥ 3,000 card lookups/s (and 個別照会) at p99 < 20 ms, ≥ 0.3× the trivial route.
 */
const FACILITY = '1399999999';
const CONNECTIONS = positiveIntegerFromEnv('BENCH_CONNECTIONS', 16);
const SECONDS = positiveNumberFromEnv('BENCH_SECONDS', 8);
const WARM_UP_SECONDS = positiveNumberFromEnv('BENCH_WARMUP_SECONDS', 2);
const TARGET = { rps: 3000, p99Ms: 20, ratioToBaseline: 0.3 };
/** Single-use proven card requests made for the card scenario; a run that uses them all sends refused ones. */
const CARD_PROOFS = positiveIntegerFromEnv('BENCH_CARD_PROOFS', 36_000);
const MULTI_WORKERS = positiveIntegerFromEnv('BENCH_WORKERS', Math.max(2, availableParallelism()));
const CARD_CONSENT = { PharmaceuticalInfoConsFlg: '1' };
/**
 * Fixture holders whose certificate verifies and whose qualification is valid on the test date. Not
 * kato-daisuke (certificate revoked) nor yamamoto-megumi (certificate expired in 2022).
 */
const CARD_HOLDERS = ['shiken-taro', 'yakushi-taro', 'morita-kenji', 'sankino-taro', 'sankino-hanako', 'iryohi-taro', 'matsumoto-kazuko', 'ishikawa-masao'];

const PATHS = {
  auth: '/oqs-api-pro/MSA12020/ILI12020SV01/auth',
  health: '/health',
  search: '/oqs-api-pro/MSA01030/ILI01030SV01/search',
  cardSearch: '/oqs-api-pro/mock/card/search',
};
const JSON_TYPE = 'application/json;charset=UTF-8';

const INSURANCE_KEYS_BODY = {
  XmlMsg: {
    MessageHeader: { MedicalInstitutionCode: FACILITY, QualificationConfirmationDate: '20261121' },
    MessageBody: {
      QualificationConfirmSearchInfo: { InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '5678', InsuredBranchNumber: '00', Birthdate: '19800217' },
    },
  },
};

function cardBody(userAuthCertificateBase64: string, proof: Record<string, string>) {
  return {
    XmlMsg: {
      MessageHeader: { MedicalInstitutionCode: FACILITY, ReferenceClassification: '1' },
      MessageBody: { CardAuthenticationInfo: { UserAuthCertificate: userAuthCertificateBase64, AuthenticationMethod: '1' }, ConsentInfo: CARD_CONSENT, PresenceProof: proof },
    },
  };
}

function positiveNumberFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(text)}`);
  return value;
}

function positiveIntegerFromEnv(name: string, fallback: number): number {
  const value = positiveNumberFromEnv(name, fallback);
  if (!Number.isInteger(value)) throw new Error(`${name} must be a whole number, got ${value}`);
  return value;
}

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** One complete HTTP/1.1 request as the load generator writes it. */
function rawRequest(method: 'GET' | 'POST', path: string, hostPort: string, headers: Record<string, string>, body?: string): Uint8Array {
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body, 'utf8');
  const lines = [`${method} ${path} HTTP/1.1`, `host: ${hostPort}`, 'connection: keep-alive', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  if (body !== undefined) lines.push(`content-length: ${payload.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/** The first answer of each kind must be the right one: a benchmark of error answers is worthless. */
function checkQualification(what: string, reply: CentralReply): void {
  const header = reply.json?.XmlMsg?.MessageHeader;
  const body = reply.json?.XmlMsg?.MessageBody;
  if (reply.status !== 200 || header?.SegmentOfResult !== '1' || body?.QualificationValidity !== '1') {
    throw new Error(
      `${what}: expected status 200, SegmentOfResult '1' and QualificationValidity '1'; got status ${reply.status}, ` +
        `SegmentOfResult ${JSON.stringify(header?.SegmentOfResult)}, QualificationValidity ${JSON.stringify(body?.QualificationValidity)}, ` +
        `ProcessingResult ${JSON.stringify({ status: body?.ProcessingResultStatus, code: body?.ProcessingResultCode ?? header?.ErrorCode })}`,
    );
  }
}

/** The load generator as a child process, one command at a time. */
class LoadGenerator {
  private constructor(private readonly child: ChildProcess) {}

  static start(): LoadGenerator {
    // `--import tsx` so the child runs the TypeScript source like this process does.
    const child = fork(new URL('./load-generator.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: 'inherit' });
    return new LoadGenerator(child);
  }

  /** Sends a command and waits for the one reply it produces (none for 'close'). */
  request(command: LoadCommand, timeoutMs: number): Promise<LoadReply> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      const onMessage = (message: LoadReply) => {
        cleanup();
        if (message.type === 'failed') reject(new Error(`load generator: ${message.message}`));
        else resolve(message);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`load generator exited (${code})`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`load generator did not answer '${command.type}' within ${timeoutMs} ms`));
      }, timeoutMs);
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(command);
    });
  }

  async run(command: RunCommand): Promise<RunResult> {
    // The generator bounds itself (warm-up + window + drain); the extra margin is for IPC and start-up.
    const reply = await this.request(command, command.warmUpMs + command.measureMs + 30_000);
    if (reply.type !== 'result') throw new Error(`load generator answered ${reply.type} to run`);
    return reply;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ type: 'close' } satisfies LoadCommand);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

interface ScenarioStats {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** The server processes' CPU (user + system, all processes of the server) per answer in the window. */
  serverCpuUsPerRequest: number;
}

function statsOf(result: RunResult, serverCpu: NodeJS.CpuUsage): ScenarioStats {
  const sorted = result.latenciesMs.slice().sort();
  return {
    requests: result.completed,
    rps: round(result.completed / (result.measuredMs / 1000), 1),
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
    errors: result.errors,
    serverCpuUsPerRequest: round((serverCpu.user + serverCpu.system) / Math.max(1, result.completed), 1),
  };
}

/** CPU time (µs) and peak RSS (bytes) of a set of processes, read from /proc (Linux). */
async function processUsage(pids: ReadonlyArray<number>): Promise<{ cpuUs: number; peakRssBytes: number }> {
  let cpuUs = 0;
  let peakRssBytes = 0;
  for (const pid of pids) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of the line, in clock ticks (100 a second on Linux).
      cpuUs += (Number(fields[11]) + Number(fields[12])) * 10_000;
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      peakRssBytes += Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // A process that is gone adds nothing.
    }
  }
  return { cpuUs, peakRssBytes };
}

interface ServedCentral {
  child: ChildProcess;
  url: string;
  pids: number[];
  facilityPkiDir: string;
  stop(): Promise<void>;
}

/** `central serve` as its own process group, the way a facility would run it. */
async function serveCentral(dataDir: string, workers: number): Promise<ServedCentral> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'central/cli/central.ts', 'serve', '--data', dataDir, '--port', '0', '--workers', String(workers)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const [line] = (await Promise.race([once(createInterface({ input: child.stdout! }), 'line'), once(child, 'exit').then(() => [undefined])])) as [string | undefined];
    if (line === undefined) throw new Error('central serve exited before it answered');
    const started = JSON.parse(line) as { ok: boolean; url: string; serverPids: number[]; facilityPki: string };
    if (!started.ok) throw new Error(`central serve: ${line}`);
    return { child, url: started.url, pids: [...new Set([child.pid!, ...started.serverPids])], facilityPkiDir: started.facilityPki, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Single-use proven card requests: one fresh challenge each, attested by the facility's reader key. */
async function provenCardRequests(client: CentralClient, pki: TestPki, facilityPki: FacilityPki, hostPort: string, token: string, count: number): Promise<Uint8Array[]> {
  const reader = facilityPki.facilities.find((candidate) => candidate.medicalInstitutionCode === FACILITY)!.readerKey;
  const readerKey = createPrivateKey({ key: Buffer.from(reader.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
  const readerKeyId = createHash('sha256').update(reader.publicKeySpki).digest('hex');
  const requests: Uint8Array[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const holder = pki.holders[CARD_HOLDERS[index % CARD_HOLDERS.length]!]!;
      const challenge = await fetchCardChallenge(client);
      const statement = cardPresenceStatement({ medicalInstitutionCode: FACILITY, challenge, certificateDer: holder.userAuth.certificate, authenticationMethod: '1', consents: CARD_CONSENT });
      const body = cardBody(Buffer.from(holder.userAuth.certificate).toString('base64'), {
        Challenge: Buffer.from(challenge).toString('base64'),
        ReaderKeyId: readerKeyId,
        AttestationSignature: sign('sha256', statement, readerKey).toString('base64'),
      });
      requests[index] = rawRequest('POST', PATHS.cardSearch, hostPort, { authorization: token, 'content-type': JSON_TYPE }, JSON.stringify(body));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return requests;
}

type ScenarioKey = 'baseline' | 'insuranceKeys' | 'card';

/** The three scenarios against one `central serve --workers N`, with its CPU per answer and peak RSS. */
async function measureServer(dir: string, workers: number, pki: TestPki): Promise<Record<ScenarioKey, ScenarioStats> & { workers: number; peakRssMb: number }> {
  const served = await serveCentral(join(dir, `workers-${workers}`), workers);
  let client: CentralClient | undefined;
  let generator: LoadGenerator | undefined;
  try {
    const facilityPki = await readFacilityPki(served.facilityPkiDir);
    const facility = facilityPki.facilities.find((candidate) => candidate.medicalInstitutionCode === FACILITY);
    if (facility === undefined) throw new Error(`no client certificate for facility ${FACILITY} in the facility PKI`);
    const caPem = toPem(facilityPki.ca.certificate, 'CERTIFICATE');
    client = new CentralClient({ baseUrl: served.url, caPem, client: facility });
    const login = await client.login();
    if (login.status !== 200 || typeof client.token !== 'string') throw new Error(`auth: expected 200 and an idToken, got ${login.status} ${login.body.toString('utf8').slice(0, 200)}`);
    const token = client.token;
    const hostPort = new URL(served.url).host;

    const health = await client.send('GET', PATHS.health);
    if (health.status !== 200 || health.json?.status !== 'ok') throw new Error(`health: expected 200 {"status":"ok"}, got ${health.status}`);
    checkQualification('個別照会', await client.postJson(PATHS.search, INSURANCE_KEYS_BODY));
    // First sight of each certificate: chain + live OCSP; later ones hit each server process's cache.
    const warm = await provenCardRequests(client, pki, facilityPki, hostPort, token, CARD_HOLDERS.length * workers * 2);
    for (const request of warm) {
      const text = Buffer.from(request).toString('utf8');
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      checkQualification('card search', await client.send('POST', PATHS.cardSearch, { body, contentType: JSON_TYPE }));
    }

    generator = LoadGenerator.start();
    await generator.request(
      { type: 'connect', host: new URL(served.url).hostname, port: Number(new URL(served.url).port), caPem, certPem: toPem(facility.certificate, 'CERTIFICATE'), keyPem: toPem(facility.privateKeyPkcs8, 'PRIVATE KEY'), connections: CONNECTIONS },
      30_000,
    );
    const results: Partial<Record<ScenarioKey, ScenarioStats>> = {};
    const scenarios: Array<{ key: ScenarioKey; requests: () => Promise<Uint8Array[]>; expectInBody: string }> = [
      { key: 'baseline', requests: async () => [rawRequest('GET', PATHS.health, hostPort, {})], expectInBody: '"status":"ok"' },
      {
        key: 'insuranceKeys',
        requests: async () => [rawRequest('POST', PATHS.search, hostPort, { authorization: token, 'content-type': JSON_TYPE }, JSON.stringify(INSURANCE_KEYS_BODY))],
        expectInBody: '"QualificationValidity":"1"',
      },
      {
        key: 'card',
        requests: async () => {
          const preparing = performance.now();
          const proven = await provenCardRequests(client!, pki, facilityPki, hostPort, token, CARD_PROOFS);
          process.stdout.write(`workers=${workers} card: ${proven.length} single-use proven requests made in ${Math.round(performance.now() - preparing)} ms\n`);
          return proven;
        },
        expectInBody: '"QualificationValidity":"1"',
      },
    ];
    for (const scenario of scenarios) {
      const requests = await scenario.requests();
      // Server CPU over exactly the measured window: read at its start and at its end.
      const afterMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
      const atStart = afterMs(WARM_UP_SECONDS * 1000).then(() => processUsage(served.pids));
      const atEnd = afterMs((WARM_UP_SECONDS + SECONDS) * 1000).then(() => processUsage(served.pids));
      const result = await generator.run({ type: 'run', name: scenario.key, requests, warmUpMs: WARM_UP_SECONDS * 1000, measureMs: SECONDS * 1000, expectInBody: scenario.expectInBody });
      const over = (await atEnd).cpuUs - (await atStart).cpuUs;
      const stats = statsOf(result, { user: over, system: 0 });
      results[scenario.key] = stats;
      const extra = result.errors > 0 ? ` errorKinds=${JSON.stringify(result.errorKinds)}` : '';
      process.stdout.write(
        `workers=${workers} ${scenario.key}: ${JSON.stringify(stats)} reconnects=${result.reconnects}${extra}; CPU over the window: servers ${round(over / 1000 / result.measuredMs, 2)} cores, load generator ${round((result.cpu.userMs + result.cpu.systemMs) / result.measuredMs, 2)} cores\n`,
      );
    }
    const { baseline, insuranceKeys, card } = results;
    if (baseline === undefined || insuranceKeys === undefined || card === undefined) throw new Error('a scenario did not run');
    const peakRssMb = round((await processUsage(served.pids)).peakRssBytes / 1024 / 1024, 1);
    return { workers, baseline, insuranceKeys, card, peakRssMb };
  } finally {
    await generator?.stop();
    client?.close();
    await served.stop();
  }
}

async function main(): Promise<void> {
  const dir: TempDir = await makeTempDir('oqs-bench-central-');
  try {
    const pki = await readTestPki('fixtures/pki');
    process.stdout.write(`load generator: ${CONNECTIONS} keep-alive mutual-TLS connections, warm-up ${WARM_UP_SECONDS} s + ${SECONDS} s measured per scenario\n`);
    const runs = [];
    for (const workers of [1, MULTI_WORKERS]) runs.push(await measureServer(dir.path, workers, pki));
    const summary = (run: Awaited<ReturnType<typeof measureServer>>) => {
      const withRatio = (stats: ScenarioStats) => ({ ...stats, ratioToBaseline: round(stats.rps / run.baseline.rps, 3) });
      return { workers: run.workers, peakRssMb: run.peakRssMb, baseline: run.baseline, insuranceKeys: withRatio(run.insuranceKeys), card: withRatio(run.card) };
    };
    const [single, multi] = runs.map(summary);
    if (single === undefined || multi === undefined) throw new Error('a run is missing');
    const met = (scenario: ScenarioStats & { ratioToBaseline: number }) =>
      scenario.errors === 0 && scenario.rps >= TARGET.rps && scenario.p99Ms < TARGET.p99Ms && scenario.ratioToBaseline >= TARGET.ratioToBaseline;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'central',
        connections: CONNECTIONS,
        seconds: SECONDS,
        warmUpSeconds: WARM_UP_SECONDS,
        cardRequest: 'proven (fresh challenge + reader attestation), consent registered',
        single,
        multi,
        speedup: { card: round(multi.card.rps / single.card.rps, 2), insuranceKeys: round(multi.insuranceKeys.rps / single.insuranceKeys.rps, 2) },
        target: { ...TARGET, cardMet: met(multi.card), insuranceKeysMet: met(multi.insuranceKeys) },
      })}\n`,
    );
  } finally {
    await dir.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:central failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
