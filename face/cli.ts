// The face verifier's command line (npm run face -- …). Prints exactly one JSON object on stdout;
// diagnostics go to stderr. Exit code 0 on success (whatever the decision), 2 on usage errors, 1 on
// any other failure (with {"error":{"code","message"}} as the JSON object).
//
//   face compare <card-photo.jp2> <live-image>... [--challenge blink|turn-left|turn-right] [--interval-ms 100]
//       Verifies the live image(s), in order as one sequence, against the card photo.
//   face bench --dataset <dir> [--roc <file.png>]
//       Runs the benchmark on a dataset folder (layout: face/evaluation/dataset-layout.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LiveFrame, LivenessChallenge } from '../flow/ports/face-verifier';
import { FaceEngine } from './engine';
import { FaceError } from './errors';
import { readDataset } from './evaluation/dataset-layout';
import { evaluateDataset } from './evaluation/evaluate-dataset';
import { drawBenchmarkFigure } from './evaluation/roc-image';
import { decodeImageFile } from './image/decode-image-file';
import { encodePng } from './image/png-encode';

const usage = `usage:
  face compare <card-photo> <live-image>... [--challenge blink|turn-left|turn-right] [--interval-ms 100]
  face bench --dataset <dir> [--roc <file.png>]`;

interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Map<string, string>;
}

function parse(args: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      flags.set(arg.slice(2), value);
      i++;
    } else positional.push(arg);
  }
  return { positional, flags };
}

class UsageError extends Error {}

/** The files of a compare, read before any model is loaded so that a bad path fails fast. */
export interface CompareInput {
  readonly card: Uint8Array;
  readonly live: ReadonlyArray<{ readonly file: string; readonly bytes: Uint8Array }>;
}

export async function readCompareInput(cardFile: string, liveFiles: readonly string[]): Promise<CompareInput> {
  const live = [];
  for (const file of liveFiles) live.push({ file, bytes: await readInput(file) });
  return { card: await readInput(cardFile), live };
}

export async function compare(engine: FaceEngine, input: CompareInput, challenge: LivenessChallenge, intervalMs: number): Promise<Record<string, unknown>> {
  const card = await engine.readCard({ bytes: input.card });
  const frames: LiveFrame[] = input.live.map(({ file, bytes }, k) => {
    const decoded = decodeImageFile(bytes, file, engine.decoder);
    return { ...decoded.image, format: decoded.kind, capturedAtMs: k * intervalMs };
  });
  const analyses = [];
  for (const frame of frames) analyses.push(await engine.analyseFrame(frame));
  const perFrame = analyses.map((a, k) => ({ file: input.live[k]!.file, quality: a.quality }));
  if (!card) {
    for (const analysis of analyses) analysis.forget();
    return { decision: 'no-match', reason: 'no face found in the card photo', cardFaceFound: false, distance: null, threshold: engine.threshold, frames: perFrame };
  }
  const outcome = await engine.decide(analyses, card, challenge);
  for (const analysis of analyses) analysis.forget();
  card.descriptor.fill(0);
  return {
    decision: outcome.decision,
    distance: outcome.distance,
    threshold: engine.threshold,
    cardFaceFound: true,
    framesUsable: outcome.framesUsable,
    quality: outcome.quality,
    instruction: outcome.instruction,
    liveness: outcome.liveness,
    frames: perFrame,
  };
}

async function bench(engine: FaceEngine, dataset: string, rocFile: string | undefined): Promise<Record<string, unknown>> {
  const report = await evaluateDataset(engine, dataset, { log: (line) => process.stderr.write(`${line}\n`) });
  const { roc, ...rest } = report;
  if (rocFile) await writeFile(rocFile, encodePng(drawBenchmarkFigure(roc, report.headline, report.histogram, 'FACE VERIFICATION BENCHMARK'), 1));
  return { ...rest, ...(rocFile ? { rocImage: resolve(rocFile) } : {}) };
}

export async function main(argv: readonly string[]): Promise<number> {
  let engine: FaceEngine | null = null;
  try {
    const [command, ...rest] = argv;
    const { positional, flags } = parse(rest);
    if (command === 'compare') {
      if (positional.length < 2) throw new UsageError('compare needs a card photo and at least one live image');
      const challenge = (flags.get('challenge') ?? 'blink') as LivenessChallenge;
      if (!['blink', 'turn-left', 'turn-right'].includes(challenge)) throw new UsageError(`unknown challenge ${challenge}`);
      const interval = Number(flags.get('interval-ms') ?? 100);
      if (!(interval > 0)) throw new UsageError('--interval-ms must be a positive number');
      const input = await readCompareInput(positional[0]!, positional.slice(1));
      engine = await FaceEngine.start({ chooseChallenge: () => challenge });
      print(await compare(engine, input, challenge, interval));
      return 0;
    }
    if (command === 'bench') {
      const dataset = flags.get('dataset');
      if (!dataset) throw new UsageError('bench needs --dataset <dir>');
      await readDataset(dataset); // a folder that is not a dataset fails before the models load
      engine = await FaceEngine.start();
      print(await bench(engine, dataset, flags.get('roc')));
      return 0;
    }
    throw new UsageError(command ? `unknown command ${command}` : 'no command');
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${usage}\n`);
      print({ error: { code: 'usage', message: error.message } });
      return 2;
    }
    const code = error instanceof FaceError ? error.code : 'unexpected';
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`face: ${message}\n`);
    print({ error: { code, message } });
    return 1;
  } finally {
    await engine?.close();
  }
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new FaceError('image-decode-failed', `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
