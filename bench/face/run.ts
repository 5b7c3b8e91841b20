// npm run bench:face — the face verification benchmark.
//
// Builds (or reuses) the synthetic dataset, evaluates it with the in-process engine (FAR/FRR/EER,
// per-variant rows, masks, the held-out calibration, the gates' false refusals with every frame also
// read through two JPEG decoders, still-image and moved-print attacks, live challenge sequences),
// measures what a patient waits for through the worker the terminal uses (the card photo read, then
// one whole verification over the captured frames), draws the ROC curve, and prints a summary on
// stderr and one JSON object as the last line on stdout.
//
//   npm run bench:face [-- --dataset <dir>] [--out <dir>] [--identities N] [--seed N] [--rebuild] [--no-jpeg]
//
// A reduced run for a busy machine: --identities 6 (6 identities from 4 source photos; ~1/3 of the time).
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
import { jpegRoundTrip } from './synth/jpeg-like';
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

/**
 * What the patient waits for, through the worker: the card photo read (JPEG 2000 decoding, the card
 * face cascade and its descriptor: openSession) and then one whole verification of a live sequence
 * (every captured frame analysed, liveness, best-of-k matching: verify). One session per live sequence.
 */
async function patientLatency(directory: string): Promise<{ card: Percentiles; verify: Percentiles; total: Percentiles; frames: number; samples: number; workerRssMb: number }> {
  const dataset = await readDataset(directory);
  const decoder = await Jpeg2000Decoder.create();
  const verifier = await FaceWorkerVerifier.start();
  const card: number[] = [];
  const verify: number[] = [];
  const total: number[] = [];
  let frameCount = 0;
  let rss = 0;
  try {
    for (const sequence of dataset.sequences.filter((s) => s.performs)) {
      const identity = dataset.identities.find((i) => i.id === sequence.presentedTo)!;
      const bytes = await readFile(datasetPath(directory, identity.card));
      const frames: LiveFrame[] = [];
      for (const [k, file] of sequence.frames.entries()) {
        const decoded = decodeImageFile(await readFile(datasetPath(directory, file)), file, decoder);
        frames.push({ ...decoded.image, format: decoded.kind, capturedAtMs: k * sequence.frameIntervalMs });
      }
      frameCount = frames.length;
      const started = performance.now();
      const session = await verifier.openSession({ bytes });
      const read = performance.now();
      await verifier.verify(session.sessionId, frames);
      const done = performance.now();
      await verifier.closeSession(session.sessionId);
      card.push(read - started);
      verify.push(done - read);
      total.push(done - started);
      rss = Math.max(rss, (await verifier.usage()).rssBytes);
    }
  } finally {
    await verifier.close();
  }
  return { card: percentiles(card), verify: percentiles(verify), total: percentiles(total), frames: frameCount, samples: total.length, workerRssMb: Math.round(rss / 2 ** 20) };
}

interface Percentiles {
  readonly p50: number | null;
  readonly p95: number | null;
}

function percentiles(values: readonly number[]): Percentiles {
  return { p50: round(percentile(values, 0.5), 0), p95: round(percentile(values, 0.95), 0) };
}

/** Every frame also after JPEG coding at quality 85, read by two decoders that differ as real ones do. */
const jpegDecodings = (['replicate', 'smooth'] as const).map((kind) => ({
  name: `jpeg85-${kind}`,
  apply: (frame: LiveFrame): LiveFrame => {
    if (frame.format !== 'rgb') return frame;
    return { ...jpegRoundTrip(frame, 85, kind), format: 'rgb', capturedAtMs: frame.capturedAtMs };
  },
}));

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
    `plain calibration rule on all of this data: ${report.calibration.zeroFarThreshold}`,
    `held-out calibration (leave one source photo out): rule margin ${report.calibration.heldOut.ruleMargin} → threshold ${report.calibration.heldOut.threshold}; smallest held-out margin ${report.calibration.heldOut.heldOutMargin} (required ${report.calibration.heldOut.requiredHeldOutMargin}); at it FAR ${pct(report.calibration.atHeldOutThreshold.far)}, FRR ${pct(report.calibration.atHeldOutThreshold.frr)}`,
    ...report.calibration.heldOut.folds.map((f) => `  without ${f.heldOut.padEnd(26)} (${f.identities} ids): threshold ${f.threshold}, nearest held-out impostor ${f.smallestHeldOutImpostor?.toFixed(3)}, margin ${f.margin}, held-out FRR ${pct(f.heldOutFrr)}`),
    ...Object.entries(report.gates.byDecoding).map(([d, g]) => `gates (${d}): matching rejects ${g.matchRejects}/${g.genuineFrames} genuine frames; gates refuse frames that matched: ${JSON.stringify(g.falseRefusals)}; masks caught ${g.masksCaught}/${g.masksWithFace}`),
    ...Object.entries(report.gates.byDecoding).flatMap(([d, g]) => Object.entries(g.refusedFrames).map(([code, list]) => `  ${d} ${code}: ${list.join(' ')}`)),
    `gate verdict flips between JPEG decoders: ${report.gates.flips ? `${report.gates.flips.framesWithAnyFlip}/${report.gates.flips.frames} frames ${JSON.stringify(report.gates.flips.byCode)}` : 'not measured'}`,
    `own flatness check of each challenge on its own: ${JSON.stringify(report.flatnessChecks)}`,
    `live sequences accepted ${report.liveGenuine.accepted}/${report.liveGenuine.sequences} ${JSON.stringify(report.liveGenuine.byChallenge)} failures ${JSON.stringify(report.liveGenuine.failures)}; wrong challenge rejected ${report.liveGenuine.wrongChallengeRejected}/${report.liveGenuine.wrongChallengeTotal}`,
    ...Object.entries(report.attacks).map(([kind, a]) => `  attack ${kind.padEnd(22)} rejected ${a.rejected}/${a.trials} (${pct(a.rate)}) ${JSON.stringify(a.byChallenge)}; matched but liveness failed ${a.matchedButLivenessFailed}`),
  ];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const started = performance.now();
  const directory = await prepareDataset(args);
  const out = resolve(flag(args, 'out') ?? join(tmpdir(), 'oqs-face-bench-results'));
  await mkdir(out, { recursive: true });

  // Latency first, while the worker is the only engine in the process, so its memory is its own.
  log('latency as the patient feels it (card photo read + one whole verification), through the worker …');
  const latency = await patientLatency(directory);

  log('evaluating (in-process engine) …');
  const engine = await FaceEngine.start();
  let report: EvaluationReport;
  let gates: QualityGateReport;
  let cardDetection: Record<string, CardDetectionRow>;
  try {
    report = await evaluateDataset(engine, directory, {
      log: (line) => (line.endsWith('frames analysed') || line.startsWith('cards') ? log(`  ${line}`) : undefined),
      ...(args.includes('--no-jpeg') ? {} : { redecode: jpegDecodings }),
    });
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
  log(
    `latency as the patient feels it (worker, ${latency.samples} live sequences of ${latency.frames} frames): card photo read p50 ${latency.card.p50} / p95 ${latency.card.p95} ms, ` +
      `verification p50 ${latency.verify.p50} / p95 ${latency.verify.p95} ms, together p50 ${latency.total.p50} / p95 ${latency.total.p95} ms`,
  );

  const attacks = Object.fromEntries(
    Object.entries(report.attacks).map(([kind, a]) => [kind, { rejected: a.rejected, trials: a.trials, rate: round(a.rate, 4), byChallenge: Object.fromEntries(Object.entries(a.byChallenge).map(([c, r]) => [c, `${r.rejected}/${r.trials}`])) }]),
  );
  const held = report.calibration.heldOut;
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
    heldOutCalibration: {
      ruleMargin: held.ruleMargin,
      threshold: held.threshold,
      heldOutMargin: held.heldOutMargin,
      required: held.requiredHeldOutMargin,
      folds: held.folds.map((f) => ({ heldOut: f.heldOut, threshold: f.threshold, nearestImpostor: round(f.smallestHeldOutImpostor, 3), margin: f.margin })),
      farAtThreshold: round(report.calibration.atHeldOutThreshold.far, 5),
      frrAtThreshold: round(report.calibration.atHeldOutThreshold.frr, 5),
    },
    gateFalseRefusals: Object.fromEntries(Object.entries(report.gates.byDecoding).map(([d, g]) => [d, { matchRejects: g.matchRejects, genuineFrames: g.genuineFrames, gates: g.falseRefusals, masksCaught: `${g.masksCaught}/${g.masksWithFace}` }])),
    gateFlipsBetweenDecoders: report.gates.flips,
    attacks,
    flatnessChecks: report.flatnessChecks,
    liveGenuine: {
      accepted: report.liveGenuine.accepted,
      sequences: report.liveGenuine.sequences,
      failures: report.liveGenuine.failures,
      wrongChallengeRejected: report.liveGenuine.wrongChallengeRejected,
      wrongChallengeTotal: report.liveGenuine.wrongChallengeTotal,
    },
    qualityGates: Object.fromEntries(Object.entries(gates.triggered).map(([code, row]) => [code, `${row.fired}/${row.of}`])),
    cleanFramesFlagged: `${gates.cleanFrames.flagged}/${gates.cleanFrames.of}`,
    patientLatencyMs: { cardRead: latency.card, verification: latency.verify, total: latency.total, framesPerVerification: latency.frames, samples: latency.samples, path: 'worker' },
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
