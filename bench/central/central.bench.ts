import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { startCentralStack, type CentralStack } from '../../central/central-stack';
import { readTestPki, toPem } from '../../crypto/test-pki';
import { CentralClient, type CentralReply } from '../../test/harness/central-client';
import { CENTRAL_TEST_TIME } from '../../test/harness/central-fixture';
import { makeTempDir, type TempDir } from '../../test/harness/temp-dir';
import type { LoadCommand, LoadReply, RunCommand, RunResult } from './load-protocol';

/**
 * Throughput and latency of the mock central system under closed-loop load: 16 keep-alive mutual-TLS
 * connections (BENCH_CONNECTIONS), each sending its next request when the previous answer arrives, for
 * a warm-up (BENCH_WARMUP_SECONDS) and then a measured window (BENCH_SECONDS) per scenario. Baseline in
 * the same run, on the same server and connections: GET /health. The load generator is a child process
 * (load-generator.ts) so that it does not share the server's event loop. The last line of output is one
 * JSON object. Aim: qualification by card at 2,000 req/s or more with p99 at most 20 ms.
 */
const FACILITY = '1399999999';
const CONNECTIONS = positiveIntegerFromEnv('BENCH_CONNECTIONS', 16);
const SECONDS = positiveNumberFromEnv('BENCH_SECONDS', 8);
const WARM_UP_SECONDS = positiveNumberFromEnv('BENCH_WARMUP_SECONDS', 2);
const TARGET = { cardRps: 2000, cardP99Ms: 20 };
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

function cardBody(userAuthCertificateBase64: string) {
  return {
    XmlMsg: {
      MessageHeader: { MedicalInstitutionCode: FACILITY, ReferenceClassification: '1' },
      MessageBody: { CardAuthenticationInfo: { UserAuthCertificate: userAuthCertificateBase64, AuthenticationMethod: '1' } },
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
  /** This process's CPU (server, event loop and helper threads; user + system) per answer in the window. */
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

/**
 * Runs one scenario and measures this process's CPU over the same measured window (by timers: close
 * enough over seconds), so a result says whether the server or the generator ran out of CPU.
 */
async function runMeasured(generator: LoadGenerator, command: RunCommand): Promise<{ result: RunResult; serverCpu: NodeJS.CpuUsage }> {
  let start: NodeJS.CpuUsage | undefined;
  let over: NodeJS.CpuUsage | undefined;
  const timers = [
    setTimeout(() => {
      start = process.cpuUsage();
    }, command.warmUpMs),
    setTimeout(() => {
      over = process.cpuUsage(start);
    }, command.warmUpMs + command.measureMs),
  ];
  try {
    const result = await generator.run(command);
    return { result, serverCpu: over ?? process.cpuUsage(start) };
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  const dir: TempDir = await makeTempDir('oqs-bench-central-');
  let stack: CentralStack | undefined;
  let client: CentralClient | undefined;
  let generator: LoadGenerator | undefined;
  try {
    const starting = performance.now();
    // The fixture clock: inside every fixture card's validity whatever the real date, so runs compare.
    stack = await startCentralStack({ dataDir: dir.path, now: () => CENTRAL_TEST_TIME });
    process.stdout.write(`central stack up at ${stack.server.url} in ${Math.round(performance.now() - starting)} ms (${stack.seed.rows.persons} persons seeded)\n`);

    const facility = stack.facilityPki.facilities.find((candidate) => candidate.medicalInstitutionCode === FACILITY);
    if (facility === undefined) throw new Error(`no client certificate for facility ${FACILITY} in the facility PKI`);
    const caPem = toPem(stack.facilityPki.ca.certificate, 'CERTIFICATE');
    client = new CentralClient({ baseUrl: stack.server.url, caPem, client: facility });

    const login = await client.login();
    if (login.status !== 200 || typeof client.token !== 'string') throw new Error(`auth: expected 200 and an idToken, got ${login.status} ${login.body.toString('utf8').slice(0, 200)}`);
    const token = client.token;

    const health = await client.send('GET', PATHS.health);
    if (health.status !== 200 || health.json?.status !== 'ok') throw new Error(`health: expected 200 {"status":"ok"}, got ${health.status}`);
    checkQualification('個別照会', await client.postJson(PATHS.search, INSURANCE_KEYS_BODY));

    const pki = await readTestPki('fixtures/pki');
    const cardBodies: string[] = [];
    const coldMs: number[] = [];
    for (const holderId of CARD_HOLDERS) {
      const holder = pki.holders[holderId];
      if (holder === undefined) throw new Error(`no holder ${holderId} in fixtures/pki`);
      const body = JSON.stringify(cardBody(Buffer.from(holder.userAuth.certificate).toString('base64')));
      const sent = performance.now();
      // First sight of each certificate: chain + live OCSP to the J-LIS responder; later ones hit the server's cache.
      checkQualification(`card search for ${holderId}`, await client.send('POST', PATHS.cardSearch, { body, contentType: JSON_TYPE }));
      coldMs.push(performance.now() - sent);
      cardBodies.push(body);
    }
    process.stdout.write(
      `first answers correct (health, 個別照会, card × ${CARD_HOLDERS.length}); card first-sight latency ms: ${coldMs.map((ms) => round(ms, 1)).join(', ')}\n`,
    );

    const hostPort = new URL(stack.server.url).host;
    const authorized = { authorization: token };
    const scenarios: Array<{ key: 'baseline' | 'insuranceKeys' | 'card'; label: string; requests: Uint8Array[]; expectInBody?: string }> = [
      { key: 'baseline', label: `GET ${PATHS.health}`, requests: [rawRequest('GET', PATHS.health, hostPort, {})], expectInBody: '"status":"ok"' },
      {
        key: 'insuranceKeys',
        label: `POST ${PATHS.search} (個別照会)`,
        requests: [rawRequest('POST', PATHS.search, hostPort, { ...authorized, 'content-type': JSON_TYPE }, JSON.stringify(INSURANCE_KEYS_BODY))],
        expectInBody: '"QualificationValidity":"1"',
      },
      {
        key: 'card',
        label: `POST ${PATHS.cardSearch} (${cardBodies.length} cards in rotation)`,
        requests: cardBodies.map((body) => rawRequest('POST', PATHS.cardSearch, hostPort, { ...authorized, 'content-type': JSON_TYPE }, body)),
        expectInBody: '"QualificationValidity":"1"',
      },
    ];

    generator = LoadGenerator.start();
    await generator.request(
      {
        type: 'connect',
        host: new URL(stack.server.url).hostname,
        port: stack.server.port,
        caPem,
        certPem: toPem(facility.certificate, 'CERTIFICATE'),
        keyPem: toPem(facility.privateKeyPkcs8, 'PRIVATE KEY'),
        connections: CONNECTIONS,
      },
      30_000,
    );
    process.stdout.write(`load generator: ${CONNECTIONS} keep-alive mutual-TLS connections, warm-up ${WARM_UP_SECONDS} s + ${SECONDS} s measured per scenario\n`);

    const results: Partial<Record<'baseline' | 'insuranceKeys' | 'card', ScenarioStats>> = {};
    for (const scenario of scenarios) {
      process.stdout.write(`${scenario.key}: ${scenario.label} ...\n`);
      const { result, serverCpu } = await runMeasured(generator, {
        type: 'run',
        name: scenario.key,
        requests: scenario.requests,
        warmUpMs: WARM_UP_SECONDS * 1000,
        measureMs: SECONDS * 1000,
        ...(scenario.expectInBody === undefined ? {} : { expectInBody: scenario.expectInBody }),
      });
      const stats = statsOf(result, serverCpu);
      results[scenario.key] = stats;
      const cpuShare = (userMs: number, systemMs: number) =>
        `${round((userMs + systemMs) / result.measuredMs, 2)} cores (user ${round(userMs / result.measuredMs, 2)}, sys ${round(systemMs / result.measuredMs, 2)})`;
      const extra = result.errors > 0 ? ` errorKinds=${JSON.stringify(result.errorKinds)}` : '';
      process.stdout.write(`${scenario.key}: ${JSON.stringify(stats)} reconnects=${result.reconnects}${extra}\n`);
      process.stdout.write(
        `${scenario.key}: CPU over the window: server process ${cpuShare(serverCpu.user / 1000, serverCpu.system / 1000)}, load generator ${cpuShare(result.cpu.userMs, result.cpu.systemMs)}\n`,
      );
    }

    const { baseline, insuranceKeys, card } = results;
    if (baseline === undefined || insuranceKeys === undefined || card === undefined) throw new Error('a scenario did not run');
    const withRatio = (stats: ScenarioStats) => ({ ...stats, ratioToBaseline: round(stats.rps / baseline.rps, 3) });
    process.stdout.write(
      `${JSON.stringify({
        bench: 'central',
        connections: CONNECTIONS,
        seconds: SECONDS,
        warmUpSeconds: WARM_UP_SECONDS,
        baseline,
        insuranceKeys: withRatio(insuranceKeys),
        card: withRatio(card),
        target: { ...TARGET, met: card.errors === 0 && card.rps >= TARGET.cardRps && card.p99Ms <= TARGET.cardP99Ms },
      })}\n`,
    );
  } finally {
    await generator?.stop();
    client?.close();
    await stack?.stop();
    await dir.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:central failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
