// npm run bench:face — the face verification benchmark.
//
// Builds (or reuses) the synthetic dataset, evaluates it with the in-process engine (FAR/FRR/EER,
// per-variant rows, masks, still-image attacks, live challenge sequences), measures one verification
// (cached card template + one live frame) through the worker the terminal uses, draws the ROC curve,
// and prints a summary on stderr and one JSON object as the last line on stdout.
//
//   npm run bench:face [-- --dataset <dir>] [--out <dir>] [--identities N] [--seed N] [--rebuild]
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LiveFrame } from '../../flow/ports/face-verifier';
import { FaceEngine } from '../../face/engine';
import type { EvaluationReport } from '../../face/evaluation/evaluate-dataset';
import { evaluateDataset } from '../../face/evaluation/evaluate-dataset';
import { datasetPath, readDataset } from '../../face/evaluation/dataset-layout';
import { percentile } from '../../face/evaluation/metrics';
import { drawBenchmarkFigure } from '../../face/evaluation/roc-image';
import { decodeImageFile } from '../../face/image/decode-image-file';
import { Jpeg2000Decoder } from '../../face/image/jpeg2000';
import { encodePng } from '../../face/image/png-encode';
import { FaceModels } from '../../face/model/face-models';
import { FaceWorkerVerifier } from '../../face/worker/face-worker-client';
import { buildDataset, defaultFacesDirectory, defaultSeed } from './build-dataset';
import type { CardDetectionRow } from './card-detection';
import { cardDetectionReport } from './card-detection';
import { datasetCacheDirectory, isBuilt } from './dataset-cache';
import type { QualityGateReport } from './quality-gates';
import { qualityGateReport } from './quality-gates';
import { loadSourceFaces } from './synth/source-faces';

const log = (line: string) => process.stderr.write(`${line}\n`);

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function prepareDataset(args: readonly string[]): Promise<string> {
  const given = flag(args, 'dataset');
  if (given) return resolve(given);
  const seed = Number(flag(args, 'seed') ?? defaultSeed);
  const identities = flag(args, 'identities') ? Number(flag(args, 'identities')) : undefined;
  const directory = await datasetCacheDirectory(defaultFacesDirectory, seed, identities);
  if (isBuilt(directory) && !args.includes('--rebuild')) {
    log(`dataset: reusing ${directory}`);
    return directory;
  }
  await rm(directory, { recursive: true, force: true });
  log(`dataset: building ${directory} (seed ${seed}; a few minutes on 2 cores)`);
  const started = performance.now();
  const models = await FaceModels.load();
  try {
    await buildDataset(models, { out: directory, seed, ...(identities ? { identities } : {}), log: (line) => log(`  ${line}`) });
  } finally {
    models.dispose();
  }
  log(`dataset: built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return directory;
}

/** One verification through the worker: a session per card (template cached), one frame per call. */
async function workerLatency(directory: string): Promise<{ p50: number | null; p95: number | null; samples: number; workerRssMb: number }> {
  const dataset = await readDataset(directory);
  const decoder = await Jpeg2000Decoder.create();
  const verifier = await FaceWorkerVerifier.start();
  const latencies: number[] = [];
  let rss = 0;
  try {
    for (const identity of dataset.identities) {
      const session = await verifier.openSession({ bytes: await readFile(datasetPath(directory, identity.card)) });
      for (const entry of identity.frames) {
        const decoded = decodeImageFile(await readFile(datasetPath(directory, entry.file)), entry.file, decoder);
        const frame: LiveFrame = { ...decoded.image, format: decoded.kind, capturedAtMs: 0 };
        const started = performance.now();
        await verifier.verify(session.sessionId, [frame]);
        latencies.push(performance.now() - started);
      }
      await verifier.closeSession(session.sessionId);
      rss = Math.max(rss, (await verifier.usage()).rssBytes);
    }
  } finally {
    await verifier.close();
  }
  return { p50: round(percentile(latencies, 0.5)), p95: round(percentile(latencies, 0.95)), samples: latencies.length, workerRssMb: Math.round(rss / 2 ** 20) };
}

function summary(report: EvaluationReport): string[] {
  const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
  const h = report.headline;
  return [
    `cards: face found in ${report.cards.found}/${report.dataset.identities} (${JSON.stringify(report.cards.methods)})`,
    `threshold ${report.threshold}: FAR ${pct(h.far)} (${h.falseAccepts}/${report.dataset.impostorPairs}), FRR ${pct(h.frr)} (${h.falseRejects}/${report.dataset.genuinePairs}), EER ${pct(h.eer)} at ${h.eerThreshold.toFixed(3)}`,
    `smallest impostor distance ${h.smallestImpostorDistance}, genuine median ${h.genuineMedian}`,
    `after quality gates: FAR ${pct(report.afterGates.far)}, FRR ${pct(report.afterGates.frr)} over ${report.afterGates.genuinePairs} genuine frames`,
    `all variants incl. masks: FAR ${pct(report.allVariants.far)}, FRR ${pct(report.allVariants.frr)}`,
    `masks: ${report.mask.caughtByGate}/${report.mask.frames} asked to uncover by the gate; faces found ${report.mask.facesFound}; genuine median ${report.mask.genuineMedian}; FRR if compared ${pct(report.mask.frrIfCompared)}`,
    ...Object.entries(report.perVariant).map(([v, r]) => `  ${v.padEnd(11)} found ${r.facesFound}/${r.frames} median ${r.genuineMedian} max ${r.genuineMax} rejects ${r.falseRejects} gated ${JSON.stringify(r.gated)}`),
    `calibration rule on this data: ${report.calibration.zeroFarThreshold}; cross-validation ${JSON.stringify(report.calibration.crossValidation)}`,
    `live sequences accepted ${report.liveGenuine.accepted}/${report.liveGenuine.sequences} ${JSON.stringify(report.liveGenuine.byChallenge)} failures ${JSON.stringify(report.liveGenuine.failures)}; wrong challenge rejected ${report.liveGenuine.wrongChallengeRejected}/${report.liveGenuine.wrongChallengeTotal}`,
    ...Object.entries(report.attacks).map(([kind, a]) => `  attack ${kind.padEnd(13)} rejected ${a.rejected}/${a.trials} (${pct(a.rate)}); matched but liveness failed ${a.matchedButLivenessFailed}`),
  ];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const started = performance.now();
  const directory = await prepareDataset(args);
  const out = resolve(flag(args, 'out') ?? join(tmpdir(), 'oqs-face-bench-results'));
  await mkdir(out, { recursive: true });

  // Latency first, while the worker is the only engine in the process, so its memory is its own.
  log('latency through the worker …');
  const latency = await workerLatency(directory);

  log('evaluating (in-process engine) …');
  const engine = await FaceEngine.start();
  let report: EvaluationReport;
  let gates: QualityGateReport;
  let cardDetection: Record<string, CardDetectionRow>;
  try {
    report = await evaluateDataset(engine, directory, { log: (line) => (line.endsWith('frames analysed') || line.startsWith('cards') ? log(`  ${line}`) : undefined) });
    log('quality gates on made-for-purpose frames …');
    const models = await FaceModels.load();
    try {
      const sources = await loadSourceFaces(models, defaultFacesDirectory, flag(args, 'identities') ? Number(flag(args, 'identities')) : undefined);
      gates = await qualityGateReport(engine, sources);
      log('card-photo detection, plain face-api against the cascade …');
      cardDetection = await cardDetectionReport(models, engine.decoder, directory);
    } finally {
      models.dispose();
    }
  } finally {
    await engine.close();
  }
  const rocImage = join(out, 'roc.png');
  await writeFile(rocImage, encodePng(drawBenchmarkFigure(report.roc, report.headline, report.histogram, 'FACE VERIFICATION BENCHMARK'), 1));
  const { roc, ...withoutRoc } = report;
  await writeFile(join(out, 'report.json'), `${JSON.stringify({ ...withoutRoc, qualityGates: gates, cardDetection, latency, rocPoints: roc.length }, null, 1)}\n`);

  for (const line of summary(report)) log(line);
  for (const [set, row] of Object.entries(cardDetection)) log(`  card photos, ${set} (${row.meanKb} KB): plain SSD@0.5 ${row.plainSsd}/${row.cards}, cascade ${row.cascade}/${row.cards}`);
  for (const [code, row] of Object.entries(gates.triggered)) log(`  gate ${code.padEnd(15)} fired on its image ${row.fired}/${row.of}${row.missedFor.length ? ` (missed: ${row.missedFor.join(' ')})` : ''}`);
  log(`  clean frames flagged ${gates.cleanFrames.flagged}/${gates.cleanFrames.of} ${JSON.stringify(gates.cleanFrames.flags)}`);
  log(`latency (worker, cached card, 1 frame): p50 ${latency.p50} ms, p95 ${latency.p95} ms over ${latency.samples}`);

  const attacks = Object.fromEntries(Object.entries(report.attacks).map(([kind, a]) => [kind, { rejected: a.rejected, trials: a.trials, rate: round(a.rate, 4) }]));
  const peakRssMb = Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20);
  const result = {
    bench: 'face',
    dataset: { ...report.dataset, directory },
    cardFacesFound: report.cards.found,
    cardDetection,
    threshold: report.threshold,
    far: round(report.headline.far, 5),
    frr: round(report.headline.frr, 5),
    eer: round(report.headline.eer, 5),
    eerThreshold: round(report.headline.eerThreshold, 3),
    falseAccepts: report.headline.falseAccepts,
    falseRejects: report.headline.falseRejects,
    smallestImpostorDistance: report.headline.smallestImpostorDistance,
    genuineMedian: report.headline.genuineMedian,
    afterGates: { far: round(report.afterGates.far, 5), frr: round(report.afterGates.frr, 5), genuinePairs: report.afterGates.genuinePairs },
    mask: report.mask,
    crossValidation: report.calibration.crossValidation,
    attacks,
    liveGenuine: {
      accepted: report.liveGenuine.accepted,
      sequences: report.liveGenuine.sequences,
      failures: report.liveGenuine.failures,
      wrongChallengeRejected: report.liveGenuine.wrongChallengeRejected,
      wrongChallengeTotal: report.liveGenuine.wrongChallengeTotal,
    },
    qualityGates: Object.fromEntries(Object.entries(gates.triggered).map(([code, row]) => [code, `${row.fired}/${row.of}`])),
    cleanFramesFlagged: `${gates.cleanFrames.flagged}/${gates.cleanFrames.of}`,
    latencyMs: { p50: latency.p50, p95: latency.p95, samples: latency.samples, path: 'worker' },
    peakRssMb,
    workerPhaseRssMb: latency.workerRssMb,
    rocImage,
    report: join(out, 'report.json'),
    durationS: Math.round((performance.now() - started) / 1000),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function round(value: number | null, digits = 1): number | null {
  return value === null ? null : Number(value.toFixed(digits));
}

await main();
