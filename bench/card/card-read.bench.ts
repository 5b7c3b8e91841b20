import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { readCardFace } from '../../device/card/card-face';
import { readUserAuthCertificate } from '../../device/card/jpki';
import { EXTENDED_RESPONSE_LENGTH, SHORT_RESPONSE_LENGTH } from '../../device/card/pcsc-transport';
import { ReaderMonitor } from '../../device/card/reader-monitor';
import { ensurePcscd } from '../../test/harness/pcscd';
import { EventLog } from '../../test/harness/reader-event-log';
import { CardProcess } from './card-process';
import { PCSC_SETTLE_MS, RawPcsc } from './raw-pcsc';
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

/** Longest wait for one clean-up step; a step that takes longer is reported and skipped. */
const CLEANUP_LIMIT_MS = 20_000;
/** How long the process may stay after main() has settled before it reports what keeps it alive. */
const EXIT_GRACE_MS = 20_000;

type Cleanup = { what: string; run: () => Promise<unknown> };

async function main(): Promise<void> {
  // Everything opened is registered here at once and released in reverse order, whatever happens.
  const cleanups: Cleanup[] = [];
  try {
    await bench(cleanups);
  } finally {
    const problems: string[] = [];
    for (const cleanup of cleanups.reverse()) {
      try {
        await withinLimit(cleanup.run(), CLEANUP_LIMIT_MS, cleanup.what);
      } catch (error) {
        problems.push(`${cleanup.what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (problems.length > 0) process.stderr.write(`bench:card clean-up: ${problems.join('; ')}\n`);
  }
}

async function bench(cleanups: Cleanup[]): Promise<void> {
  const pcscd = await ensurePcscd();
  cleanups.push({ what: 'stop pcscd', run: () => pcscd.stop() });
  const monitor = new ReaderMonitor();
  // Closes the monitor's transports, readers and PC/SC context, once the card's removal has been
  // reported and the readers are quiet (pcsclite's native close races a status change: raw-pcsc.ts).
  cleanups.push({
    what: 'close the reader monitor',
    run: async () => {
      await delay(PCSC_SETTLE_MS);
      await monitor.close();
    },
  });
  const log = new EventLog(monitor);
  const readerAdded = log.next('reader.added', READER);
  monitor.start();
  await readerAdded;

  // The card runs in a process of its own (card-process.ts says why); stopping it ends its vpcd link.
  const card = await CardProcess.start(root, join(root, 'fixtures/cards'));
  cleanups.push({ what: 'stop the virtual card process', run: () => card.stop() });
  const inserted = log.next('card.inserted', READER);
  // Should the insertion fail, this wait's own failure comes later: it is not the one to report.
  inserted.catch(() => undefined);
  await card.insert(PERSON);
  cleanups.push({ what: 'remove the virtual card', run: () => removeCard(card, log) });
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
      try {
        const started = performance.now();
        const certificate = await readUserAuthCertificate(transport);
        const face = await readCardFace(transport, COLLATION_NUMBER_B);
        const total = performance.now() - started;
        totals.push(total);
        transportShares.push(transport.transportMs / total);
        apdus = transport.apdus;
        bytesRead = certificate.length + face.raw.length;
        commands = transport.commands;
      } finally {
        await transport.close();
      }
    }
    // The baseline: pcsclite alone (its own context; the monitor holds no connection now), same commands, same card.
    const raw = await RawPcsc.open(READER);
    const rawTotals: number[] = [];
    try {
      for (let run = 0; run < RUNS; run += 1) rawTotals.push(await raw.replay(commands));
    } finally {
      await raw.close();
    }

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

  const chunked = results.chunked as { apdus: number; p50Ms: number };
  const extended = results.extended as { apdus: number; p50Ms: number };
  process.stdout.write(
    `${JSON.stringify({ bench: 'card', runs: RUNS, read: 'user-auth certificate + card face', ...results, extendedSpeedup: round(chunked.p50Ms / extended.p50Ms, 2) })}\n`,
  );
}

async function removeCard(card: CardProcess, log: EventLog): Promise<void> {
  const removed = log.next('card.removed', READER);
  removed.catch(() => undefined);
  await card.remove();
  await removed;
}

/** `promise`, or a rejection after `limitMs`; the timer never outlives the race. */
async function withinLimit<T>(promise: Promise<T>, limitMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${limitMs} ms`)), limitMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

main().then(
  () => undefined,
  (error: unknown) => {
    process.stderr.write(`bench:card failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
).finally(() => {
  // Everything is released by now and the process ends by itself. Should a handle still be open, say
  // which instead of hanging (the timer itself does not keep the process alive).
  setTimeout(() => {
    process.stderr.write(`bench:card did not end by itself; still open: ${process.getActiveResourcesInfo().join(', ')}\n`);
    process.exit(2);
  }, EXIT_GRACE_MS).unref();
});
