import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCardFace } from '../../device/card/card-face';
import { readUserAuthCertificate } from '../../device/card/jpki';
import { EXTENDED_RESPONSE_LENGTH, SHORT_RESPONSE_LENGTH } from '../../device/card/pcsc-transport';
import { ReaderMonitor } from '../../device/card/reader-monitor';
import { parseCardProfileJson } from '../../device/virtual-card/card-profile-json';
import { InMemoryCounterStore } from '../../device/virtual-card/counter-store';
import { VirtualCard } from '../../device/virtual-card/virtual-card';
import { VirtualCardSlot } from '../../device/virtual-card/virtual-card-slot';
import { ensurePcscd } from '../../test/harness/pcscd';
import { EventLog } from '../../test/harness/reader-event-log';
import { RawPcsc } from './raw-pcsc';
import { TimingTransport } from './timing-transport';

/**
 * bench:card — reads 試験 太郎's 利用者証明用電子証明書 and card face (photo) through the real pcscd and
 * vpcd, chunked (short Le) and extended Le, RUNS times each; the baseline, measured in the same run,
 * is raw pcsclite sending the identical APDU sequence. Last line: one JSON object.
 */
const RUNS = 20;
const READER = 'Virtual PCD 00 00';
const PERSON = 'shiken-taro';
const COLLATION_NUMBER_B = '55021720352285'; // 昭和55年2月17日, 2035, 2285 (card.md §8.6)

const root = fileURLToPath(new URL('../..', import.meta.url));

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const pcscd = await ensurePcscd();
  const monitor = new ReaderMonitor();
  const log = new EventLog(monitor);
  const readerAdded = log.next('reader.added', READER);
  monitor.start();
  await readerAdded;

  const profile = parseCardProfileJson(JSON.parse(readFileSync(join(root, 'fixtures/cards', `${PERSON}.json`), 'utf8')));
  const slot = new VirtualCardSlot<VirtualCard>(0);
  const inserted = log.next('card.inserted', READER);
  await slot.insert(new VirtualCard({ profile, counters: new InMemoryCounterStore() }));
  await inserted;

  const results: Record<string, unknown> = {};
  for (const [mode, maxResponseLength] of [
    ['chunked', SHORT_RESPONSE_LENGTH],
    ['extended', EXTENDED_RESPONSE_LENGTH],
  ] as const) {
    const totals: number[] = [];
    const transportShares: number[] = [];
    let apdus = 0;
    let bytesRead = 0;
    let commands: Uint8Array[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const transport = new TimingTransport(await monitor.connect(READER, { maxResponseLength }));
      const started = performance.now();
      const certificate = await readUserAuthCertificate(transport);
      const face = await readCardFace(transport, COLLATION_NUMBER_B);
      const total = performance.now() - started;
      await transport.close();
      totals.push(total);
      transportShares.push(transport.transportMs / total);
      apdus = transport.apdus;
      bytesRead = certificate.length + face.raw.length;
      commands = transport.commands;
    }
    // The baseline: pcsclite alone (its own context; the monitor holds no connection now), same commands, same card.
    const raw = await RawPcsc.open(READER);
    const rawTotals: number[] = [];
    for (let run = 0; run < RUNS; run += 1) rawTotals.push(await raw.replay(commands));
    raw.close();

    const p50 = percentile(totals, 0.5);
    const rawP50 = percentile(rawTotals, 0.5);
    const transportShare = percentile(transportShares, 0.5);
    results[mode] = {
      apdus,
      bytesRead,
      p50Ms: round(p50),
      p95Ms: round(percentile(totals, 0.95)),
      perApduMs: round(p50 / apdus),
      ourCodeShare: round(1 - transportShare, 4),
      rawPcscP50Ms: round(rawP50),
      ratioToRawPcsc: round(p50 / rawP50, 3),
    };
    process.stdout.write(`${mode}: ${JSON.stringify(results[mode])}\n`);
  }

  await slot.remove();
  await monitor.close();
  await pcscd.stop();
  const chunked = results.chunked as { apdus: number; p50Ms: number };
  const extended = results.extended as { apdus: number; p50Ms: number };
  process.stdout.write(
    `${JSON.stringify({ bench: 'card', runs: RUNS, read: 'user-auth certificate + card face', ...results, extendedSpeedup: round(chunked.p50Ms / extended.p50Ms, 2) })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:card failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
