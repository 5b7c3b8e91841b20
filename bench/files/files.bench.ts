import { watch } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadPersons } from '../../central/seed/load-persons';
import { qualificationResponse } from '../../oqs';
import { createOqsCentralSystem, type OqsCentralSystem } from '../../oqs/client';
import { startCentralProcess } from '../../terminal/demo/central-process';
import { ReceiptFolderService } from '../../terminal/receipt-folders/receipt-folder-service';
import { receiptFolderSettingsOf } from '../../terminal/receipt-folders/settings';
import { encoded, requestText } from '../../test/harness/receipt-folders';
import { makeTempDir } from '../../test/harness/temp-dir';

/**
 * The レセコン folder interface under load, through the real central mock (`central serve`, its own
 * process, mutual TLS on loopback) and the terminal's central client:
 *
 * - burst: BENCH_BURST_FILES (1,000) 個別照会 requests, each written beside Req and moved in, all at
 *   once; the time from the first move until every response is in Res (the folder service on its
 *   default settings);
 * - steady: BENCH_STEADY_FILES (100) requests at BENCH_STEADY_RATE (10) files/s, each written and
 *   moved in at its tick; per file, the time from the move until its response appears in Res (seen by
 *   a watcher of Res, as a レセコン would), p50 and p95;
 * - floor: the same BENCH_BURST_FILES lookups through the same central client without folders, as
 *   many at once as the client has connections (BENCH_CONCURRENCY, 8; the folders' client has as
 *   many), in the same run. Both paths are warmed with BENCH_WARM_UP (300) first; then floor and burst
 *   take turns BENCH_ROUNDS (3) times, and the medians are reported.
 *
 * The last line of output is one JSON object. Aim: ≥ 300 files/s in the burst, steady p95 < 50 ms,
 * and the burst at most 1.5× the floor's time.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const FACILITY = '1399999999';
const BURST_FILES = positiveIntegerFromEnv('BENCH_BURST_FILES', 1000);
const STEADY_FILES = positiveIntegerFromEnv('BENCH_STEADY_FILES', 100);
const STEADY_RATE = positiveIntegerFromEnv('BENCH_STEADY_RATE', 10);
const CONCURRENCY = positiveIntegerFromEnv('BENCH_CONCURRENCY', 8);
const ROUNDS = positiveIntegerFromEnv('BENCH_ROUNDS', 3);
/** Lookups, and then files, sent before anything is measured. */
const WARM_UP = positiveIntegerFromEnv('BENCH_WARM_UP', 300);
const TARGET = { burstFilesPerSecond: 300, steadyP95Ms: 50, maxRatioToFloor: 1.5 };
/** People whose 個別照会 answers QualificationValidity 1 on the judging date. */
const PEOPLE_IDS = ['shiken-taro', 'yakushi-taro', 'matsumoto-kazuko', 'shimizu-takuya', 'sankino-taro', 'yoshida-takashi', 'iryohi-taro'];
const JUDGED_ON = '20261121';

const say = (line: string) => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const temp = await makeTempDir('bench-files-');
  const central = await startCentralProcess(root, join(temp.path, 'central'));
  let client: OqsCentralSystem | undefined;
  let service: ReceiptFolderService | undefined;
  try {
    const facility = central.started.facilities.find((entry) => entry.medicalInstitutionCode === FACILITY);
    if (facility === undefined) throw new Error(`the central mock has no facility ${FACILITY}`);
    const [ca, certificate, key] = await Promise.all([readFile(central.started.caCertificate, 'utf8'), readFile(facility.certificate, 'utf8'), readFile(facility.privateKey, 'utf8')]);
    const created = createOqsCentralSystem({ baseUrl: central.started.url, medicalInstitutionCode: FACILITY, tls: { ca, clientCertificate: certificate, clientKey: key }, maxSockets: CONCURRENCY });
    if (!created.ok) throw new Error(created.detail);
    client = created.central;

    const persons = loadPersons(join(root, 'fixtures/persons'));
    const people = PEOPLE_IDS.map((id) => persons.find((person) => person.id === id)!);
    const searchOf = (index: number) => {
      const who = people[index % people.length]!;
      const insurance = who.insurance[0]!;
      return {
        InsurerNumber: insurance.InsurerNumber,
        ...(insurance.InsuredCardSymbol === undefined ? {} : { InsuredCardSymbol: insurance.InsuredCardSymbol }),
        InsuredIdentificationNumber: insurance.InsuredIdentificationNumber,
        ...(insurance.InsuredBranchNumber === undefined ? {} : { InsuredBranchNumber: insurance.InsuredBranchNumber }),
        Birthdate: who.birthDate.replace(/-/g, ''),
      };
    };
    const requestOf = (index: number, id: string) => {
      const encoding = index % 2 === 0 ? 'Shift_JIS' : 'UTF-8';
      return encoded(requestText.qualification(encoding, FACILITY, people[index % people.length]!, id, JUDGED_ON), encoding);
    };

    // Warm-up of the lookups: the token, TLS sessions, the central mock's statements, the client's code.
    await pool(WARM_UP, CONCURRENCY, async (index) => checked(await client!.qualificationByInsuranceKeys(searchOf(index), { qualificationConfirmationDate: JUDGED_ON })));

    const oqs = join(temp.path, 'oqs');
    const staging = join(oqs, 'staging');
    await mkdir(staging, { recursive: true });
    const settings = receiptFolderSettingsOf({ root: oqs });
    service = await ReceiptFolderService.start({ settings, central: client, medicalInstitutionCode: FACILITY, clock: { now: () => new Date() }, log: () => undefined });
    let answered = 0;
    let errors = 0;
    const answeredWaiters: Array<{ count: number; resolve: () => void }> = [];
    service.subscribe((event) => {
      if (event.type !== 'answered') return;
      answered += 1;
      if (event.errorCode !== undefined) errors += 1;
      for (const waiter of answeredWaiters.filter((candidate) => candidate.count <= answered)) {
        answeredWaiters.splice(answeredWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
    const answeredReach = (count: number) => (answered >= count ? Promise.resolve() : new Promise<void>((resolve) => answeredWaiters.push({ count, resolve })));
    const seen = watchResponses(settings.resFolder);

    // Warm-up of the folders, as many files as lookups above: the same code paths, warm on both sides.
    const warmNames = Array.from({ length: WARM_UP }, (_, index) => `OQSsiquc01req_w${String(index).padStart(5, '0')}.xml`);
    await Promise.all(warmNames.map((name, index) => writeFile(join(staging, name), requestOf(index, `W${index}`))));
    await Promise.all(warmNames.map((name) => rename(join(staging, name), join(settings.reqFolder, name))));
    await seen.all(warmNames.map(responseNameOf));
    await answeredReach(WARM_UP);

    // Floor and burst take turns, ROUNDS times each: this machine's disk and neighbours vary from second
    // to second, and the medians of alternating runs compare like with like.
    const floorRuns: Array<{ seconds: number; cpu: { user: number; system: number } }> = [];
    const burstRuns: Array<{ seconds: number; cpu: { user: number; system: number } }> = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Floor: the lookups alone, as many at once as the client has connections.
      const floorCpu = process.cpuUsage();
      const floorStart = performance.now();
      await pool(BURST_FILES, CONCURRENCY, async (index) => checked(await client!.qualificationByInsuranceKeys(searchOf(index), { arbitraryFileIdentifier: `F${round}-${index}`, qualificationConfirmationDate: JUDGED_ON })));
      floorRuns.push({ seconds: (performance.now() - floorStart) / 1000, cpu: cpuMs(process.cpuUsage(floorCpu)) });

      // Burst: everything written beside Req first, then moved in at once.
      const names = Array.from({ length: BURST_FILES }, (_, index) => `OQSsiquc01req_b${round}-${String(index).padStart(5, '0')}.xml`);
      await Promise.all(names.map((name, index) => writeFile(join(staging, name), requestOf(index, `B${round}-${index}`))));
      const before = answered;
      const burstCpu = process.cpuUsage();
      const burstStart = performance.now();
      await Promise.all(names.map((name) => rename(join(staging, name), join(settings.reqFolder, name))));
      await seen.all(names.map(responseNameOf));
      burstRuns.push({ seconds: (performance.now() - burstStart) / 1000, cpu: cpuMs(process.cpuUsage(burstCpu)) });
      await answeredReach(before + BURST_FILES);
      await verify(settings.resFolder, names, (index) => `B${round}-${index}`);
      const floor = floorRuns.at(-1)!;
      const burst = burstRuns.at(-1)!;
      say(
        `round ${round + 1}: floor ${BURST_FILES} lookups in ${floor.seconds.toFixed(3)} s (CPU ${floor.cpu.user} ms user, ${floor.cpu.system} ms system); ` +
          `burst ${BURST_FILES} files in ${burst.seconds.toFixed(3)} s (CPU ${burst.cpu.user} ms user, ${burst.cpu.system} ms system)`,
      );
    }
    const floorSeconds = median(floorRuns.map((run) => run.seconds));
    const burstSeconds = median(burstRuns.map((run) => run.seconds));
    say(`floor: median ${floorSeconds.toFixed(3)} s for ${BURST_FILES} lookups (${(BURST_FILES / floorSeconds).toFixed(0)}/s, ${CONCURRENCY} at once)`);
    say(`burst: median ${burstSeconds.toFixed(3)} s for ${BURST_FILES} files (${(BURST_FILES / burstSeconds).toFixed(0)} files/s)`);

    // Steady: one file every 1/rate s, each written and moved in at its tick.
    const steadyNames = Array.from({ length: STEADY_FILES }, (_, index) => `OQSsiquc01req_s${String(index).padStart(5, '0')}.xml`);
    const latencies: number[] = [];
    const before = answered;
    const steadyStart = performance.now() + 200;
    await Promise.all(
      steadyNames.map(async (name, index) => {
        await delayUntil(steadyStart + (index * 1000) / STEADY_RATE);
        await writeFile(join(staging, name), requestOf(index, `S${index}`));
        const dropped = performance.now();
        await rename(join(staging, name), join(settings.reqFolder, name));
        const appeared = await seen.one(responseNameOf(name));
        latencies.push(appeared - dropped);
      }),
    );
    await answeredReach(before + STEADY_FILES);
    await verify(settings.resFolder, steadyNames, (index) => `S${index}`);
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 0.5);
    const p95 = percentile(latencies, 0.95);
    say(`steady: ${STEADY_FILES} requests at ${STEADY_RATE} files/s, drop → response p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
    seen.close();
    const expected = WARM_UP + ROUNDS * BURST_FILES + STEADY_FILES;
    if (answered !== expected || errors !== 0) throw new Error(`expected ${expected} answers without errors, got ${answered} (${errors} errors)`);

    const burstFilesPerSecond = BURST_FILES / burstSeconds;
    const ratio = burstSeconds / floorSeconds;
    const result = {
      bench: 'files',
      burst: { files: BURST_FILES, seconds: round(burstSeconds), filesPerSecond: round(burstFilesPerSecond, 1), runs: burstRuns.map((run) => round(run.seconds)) },
      steady: { files: STEADY_FILES, filesPerSecond: STEADY_RATE, p50Ms: round(p50, 1), p95Ms: round(p95, 1), maxMs: round(latencies.at(-1)!, 1) },
      floor: { lookups: BURST_FILES, seconds: round(floorSeconds), lookupsPerSecond: round(BURST_FILES / floorSeconds, 1), runs: floorRuns.map((run) => round(run.seconds)) },
      ratio: round(ratio, 2),
      centralConnections: CONCURRENCY,
      folderConcurrency: settings.concurrency,
      settleMs: settings.settleMs,
      cpus: availableParallelism(),
      target: TARGET,
      met: burstFilesPerSecond >= TARGET.burstFilesPerSecond && p95 < TARGET.steadyP95Ms && ratio <= TARGET.maxRatioToFloor,
    };
    say(JSON.stringify(result));
  } finally {
    await service?.stop();
    client?.close();
    await central.stop();
    await temp.remove();
  }
}

function cpuMs(usage: NodeJS.CpuUsage): { user: number; system: number } {
  return { user: Math.round(usage.user / 1000), system: Math.round(usage.system / 1000) };
}

function responseNameOf(requestName: string): string {
  return requestName.replace('req_', 'res_');
}

/** When each response appeared in Res, seen the way a レセコン watching the folder sees it. */
function watchResponses(folder: string) {
  const appeared = new Map<string, number>();
  const waiting = new Map<string, Array<(at: number) => void>>();
  const watcher = watch(folder, (_event, name) => {
    if (typeof name !== 'string' || name.startsWith('.') || appeared.has(name)) return;
    const at = performance.now();
    appeared.set(name, at);
    for (const resolve of waiting.get(name) ?? []) resolve(at);
    waiting.delete(name);
  });
  const one = (name: string): Promise<number> => {
    const at = appeared.get(name);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve) => waiting.set(name, [...(waiting.get(name) ?? []), resolve]));
  };
  return { one, all: (names: readonly string[]) => Promise.all(names.map(one)), close: () => watcher.close() };
}

/** Every response is there, and is the answer to its own request. */
async function verify(folder: string, names: readonly string[], idOf: (index: number) => string): Promise<void> {
  const present = new Set(await readdir(folder));
  for (const [index, name] of names.entries()) {
    const responseName = responseNameOf(name);
    if (!present.has(responseName)) throw new Error(`no response ${responseName}`);
    if (index % 50 !== 0) continue;
    const model = qualificationResponse.parse(await readFile(join(folder, responseName)));
    if (model.MessageHeader.ArbitraryFileIdentifier !== idOf(index) || model.MessageBody.QualificationValidity !== '1') throw new Error(`${responseName} is not the answer to its request`);
  }
}

function checked(outcome: { ok: boolean; code?: string; detail?: string; response?: { MessageBody: { QualificationValidity?: string } } }): void {
  if (!outcome.ok) throw new Error(`lookup failed: ${outcome.code} ${outcome.detail}`);
  if (outcome.response?.MessageBody.QualificationValidity !== '1') throw new Error(`lookup did not find a valid qualification: ${JSON.stringify(outcome.response?.MessageBody).slice(0, 300)}`);
}

async function pool(count: number, width: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await work(index);
      }
    }),
  );
}

function delayUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

function positiveIntegerFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got ${JSON.stringify(text)}`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:files failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
