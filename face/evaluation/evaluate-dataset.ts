import { readFile } from 'node:fs/promises';
import type { CardFace } from '../analysis/card-face';
import { descriptorDistance } from '../analysis/describe';
import type { FaceQualityCode, LiveFrame, LivenessChallenge } from '../../flow/ports/face-verifier';
import type { FaceEngine } from '../engine';
import type { FrameAnalysis } from '../frame-analysis';
import { decodeImageFile } from '../image/decode-image-file';
import type { Dataset } from './dataset-layout';
import { datasetPath, readDataset } from './dataset-layout';
import type { ErrorRates } from './metrics';
import type { DistanceHistogram } from './roc-image';
import { equalErrorRate, percentile, ratesAt, rocPoints, zeroFarThreshold } from './metrics';

/** Calibration margin below the smallest impostor distance (see match-policy). */
export const calibrationMargin = 0.03;
/** The variant reported as its own row and left out of the headline rates: masks are handled by a gate. */
export const maskVariant = 'mask';

const challenges: readonly LivenessChallenge[] = ['blink', 'turn-left', 'turn-right'];

export interface VariantRow {
  readonly frames: number;
  readonly facesFound: number;
  readonly genuineMedian: number | null;
  readonly genuineMax: number | null;
  readonly falseRejects: number;
  /** Frames the quality gates would send back with an instruction, by code. */
  readonly gated: Partial<Record<FaceQualityCode, number>>;
}

export interface EvaluationReport {
  readonly dataset: { identities: number; frames: number; genuinePairs: number; impostorPairs: number; sequences: number };
  readonly cards: { found: number; missed: string[]; methods: Record<string, number> };
  readonly threshold: number;
  /** Headline: every variant except masks; a missed detection counts as a rejection. */
  readonly headline: ErrorRates & { eer: number; eerThreshold: number; smallestImpostorDistance: number | null; genuineMedian: number | null };
  /** All variants including masks, at the same threshold. */
  readonly allVariants: ErrorRates;
  /** Among frames that pass every quality gate (what the decision actually compares). */
  readonly afterGates: ErrorRates & { genuinePairs: number };
  /** What this dataset's own calibration rule would choose, and two-fold cross-validation of that rule. */
  readonly calibration: { zeroFarThreshold: number; crossValidation: Array<{ calibratedOn: string; threshold: number; far: number; frr: number }> };
  readonly mask: { frames: number; facesFound: number; caughtByGate: number; genuineMedian: number | null; frrIfCompared: number };
  readonly perVariant: Record<string, VariantRow>;
  readonly liveGenuine: {
    sequences: number;
    accepted: number;
    byChallenge: Record<string, { sequences: number; accepted: number }>;
    failures: Record<string, number>;
    rejectedSequences: Array<{ id: string; reason: string }>;
    wrongChallengeRejected: number;
    wrongChallengeTotal: number;
  };
  readonly attacks: Record<string, { sequences: number; trials: number; rejected: number; rate: number; matchedButLivenessFailed: number }>;
  readonly inProcessLatencyMs: { p50: number | null; p95: number | null; samples: number };
  readonly roc: ErrorRates[];
  /** Headline distances in bins (missed detections are not binned; they count in the rates). */
  readonly histogram: DistanceHistogram;
}

export interface EvaluateOptions {
  readonly log?: (line: string) => void;
}

/**
 * Runs the benchmark on a dataset folder (layout: dataset-layout.ts) with an in-process engine.
 * Descriptors stay in this function's memory; the report holds distances and counts only.
 */
export async function evaluateDataset(engine: FaceEngine, directory: string, options: EvaluateOptions = {}): Promise<EvaluationReport> {
  const log = options.log ?? (() => undefined);
  const dataset = await readDataset(directory);
  const cards = new Map<string, CardFace | null>();
  const methods: Record<string, number> = {};
  for (const identity of dataset.identities) {
    const face = await engine.readCard({ bytes: await readFile(datasetPath(directory, identity.card)) });
    cards.set(identity.id, face);
    if (face) methods[face.method] = (methods[face.method] ?? 0) + 1;
  }
  log(`cards: ${[...cards.values()].filter(Boolean).length}/${cards.size} faces found`);

  interface FrameRecord { identity: string; variant: string; quality: readonly FaceQualityCode[]; descriptor: Float32Array | null }
  const frames: FrameRecord[] = [];
  const latencies: number[] = [];
  for (const identity of dataset.identities) {
    const card = cards.get(identity.id) ?? null;
    for (const entry of identity.frames) {
      const frame = await loadFrame(engine, directory, entry.file, 0);
      const started = performance.now();
      const analysis = await engine.analyseFrame(frame);
      // Copied out: the analysis wipes its own copy when forgotten.
      const descriptor = analysis.describe ? Float32Array.from(await analysis.describe()) : null;
      if (card && descriptor) descriptorDistance(descriptor, card.descriptor);
      latencies.push(performance.now() - started);
      analysis.forget();
      frames.push({ identity: identity.id, variant: entry.variant, quality: analysis.quality, descriptor });
    }
    log(`${identity.id}: ${identity.frames.length} frames analysed`);
  }

  const distance = (f: FrameRecord, cardId: string) => {
    const card = cards.get(cardId);
    return card && f.descriptor ? descriptorDistance(f.descriptor, card.descriptor) : Infinity;
  };
  const pairs = (selected: readonly FrameRecord[], cardIds: readonly string[] = [...cards.keys()]) => {
    const genuine: number[] = [];
    const impostor: number[] = [];
    for (const f of selected) for (const id of cardIds) (id === f.identity ? genuine : impostor).push(distance(f, id));
    return { genuine, impostor };
  };
  const threshold = engine.threshold;
  const headlineFrames = frames.filter((f) => f.variant !== maskVariant);
  const headline = pairs(headlineFrames);
  const all = pairs(frames);
  const gated = pairs(frames.filter((f) => f.quality.length === 0));
  const eer = equalErrorRate(headline.genuine, headline.impostor);
  const smallestImpostor = Math.min(...all.impostor.filter(Number.isFinite));

  const perVariant: Record<string, VariantRow> = {};
  for (const variant of [...new Set(frames.map((f) => f.variant))]) {
    const selected = frames.filter((f) => f.variant === variant);
    const genuine = selected.map((f) => distance(f, f.identity));
    const gatedCounts: Partial<Record<FaceQualityCode, number>> = {};
    for (const f of selected) for (const code of f.quality) gatedCounts[code] = (gatedCounts[code] ?? 0) + 1;
    perVariant[variant] = {
      frames: selected.length,
      facesFound: selected.filter((f) => f.descriptor).length,
      genuineMedian: round(percentile(genuine, 0.5)),
      genuineMax: round(percentile(genuine, 1)),
      falseRejects: genuine.filter((d) => !(d <= threshold)).length,
      gated: gatedCounts,
    };
  }
  const maskFrames = frames.filter((f) => f.variant === maskVariant);
  const maskGenuine = maskFrames.map((f) => distance(f, f.identity));

  // Two-fold cross-validation of the calibration rule: calibrate on half of the identities (their
  // cards and frames), measure on the other half.
  const ids = [...cards.keys()];
  const folds = [ids.filter((_, i) => i % 2 === 0), ids.filter((_, i) => i % 2 === 1)];
  const crossValidation = folds.map((calibrateOn, k) => {
    const testOn = folds[1 - k]!;
    const calibration = pairs(headlineFrames.filter((f) => calibrateOn.includes(f.identity)), calibrateOn);
    const t = zeroFarThreshold(calibration.impostor, calibrationMargin);
    const test = pairs(headlineFrames.filter((f) => testOn.includes(f.identity)), testOn);
    const rates = ratesAt(test.genuine, test.impostor, t);
    return { calibratedOn: k === 0 ? 'even identities' : 'odd identities', threshold: t, far: rates.far, frr: rates.frr };
  });

  const sequenceResults = await evaluateSequences(engine, directory, dataset, cards, log);
  for (const f of frames) f.descriptor?.fill(0);
  for (const card of cards.values()) card?.descriptor.fill(0);

  return {
    dataset: {
      identities: dataset.identities.length,
      frames: frames.length,
      genuinePairs: headline.genuine.length,
      impostorPairs: headline.impostor.length,
      sequences: dataset.sequences.length,
    },
    cards: { found: [...cards.values()].filter(Boolean).length, missed: [...cards].filter(([, c]) => !c).map(([id]) => id), methods },
    threshold,
    headline: {
      ...ratesAt(headline.genuine, headline.impostor, threshold),
      eer: eer.eer,
      eerThreshold: eer.threshold,
      smallestImpostorDistance: Number.isFinite(smallestImpostor) ? round(smallestImpostor) : null,
      genuineMedian: round(percentile(headline.genuine, 0.5)),
    },
    allVariants: ratesAt(all.genuine, all.impostor, threshold),
    afterGates: { ...ratesAt(gated.genuine, gated.impostor, threshold), genuinePairs: gated.genuine.length },
    calibration: { zeroFarThreshold: zeroFarThreshold(headline.impostor, calibrationMargin), crossValidation },
    mask: {
      frames: maskFrames.length,
      facesFound: maskFrames.filter((f) => f.descriptor).length,
      caughtByGate: maskFrames.filter((f) => f.quality.includes('face-covered')).length,
      genuineMedian: round(percentile(maskGenuine, 0.5)),
      frrIfCompared: maskGenuine.length === 0 ? 0 : maskGenuine.filter((d) => !(d <= threshold)).length / maskGenuine.length,
    },
    perVariant,
    ...sequenceResults,
    inProcessLatencyMs: { p50: round(percentile(latencies, 0.5), 1), p95: round(percentile(latencies, 0.95), 1), samples: latencies.length },
    roc: rocPoints(headline.genuine, headline.impostor),
    histogram: { binWidth: histogramBin, genuine: binned(headline.genuine), impostor: binned(headline.impostor) },
  };
}

async function evaluateSequences(
  engine: FaceEngine,
  directory: string,
  dataset: Dataset,
  cards: ReadonlyMap<string, CardFace | null>,
  log: (line: string) => void,
): Promise<Pick<EvaluationReport, 'liveGenuine' | 'attacks'>> {
  const liveGenuine: EvaluationReport['liveGenuine'] = { sequences: 0, accepted: 0, byChallenge: {}, failures: {}, rejectedSequences: [], wrongChallengeRejected: 0, wrongChallengeTotal: 0 };
  const attacks: EvaluationReport['attacks'] = {};
  for (const sequence of dataset.sequences) {
    const card = cards.get(sequence.presentedTo) ?? null;
    const analyses: FrameAnalysis[] = [];
    for (const [k, file] of sequence.frames.entries()) {
      analyses.push(await engine.analyseFrame(await loadFrame(engine, directory, file, k * sequence.frameIntervalMs)));
    }
    const decisionFor = async (challenge: LivenessChallenge) => (card ? engine.decide(analyses, card, challenge) : null);
    if (sequence.performs) {
      const outcome = await decisionFor(sequence.performs);
      const accepted = outcome?.decision === 'match';
      liveGenuine.sequences++;
      if (accepted) liveGenuine.accepted++;
      const row = (liveGenuine.byChallenge[sequence.performs] ??= { sequences: 0, accepted: 0 });
      row.sequences++;
      if (accepted) row.accepted++;
      if (!accepted) {
        const reason = !outcome ? 'card-face-missing' : outcome.decision === 'no-usable-frame' ? `no-usable-frame:${outcome.instruction}` : outcome.decision === 'liveness-failed' ? `liveness:${outcome.liveness.failures.join('+')}` : 'no-match';
        liveGenuine.failures[reason] = (liveGenuine.failures[reason] ?? 0) + 1;
        liveGenuine.rejectedSequences.push({ id: sequence.id, reason });
      }
      for (const other of challenges.filter((c) => c !== sequence.performs)) {
        liveGenuine.wrongChallengeTotal++;
        if ((await decisionFor(other))?.decision !== 'match') liveGenuine.wrongChallengeRejected++;
      }
    } else {
      const kind = sequence.attack ?? 'unknown';
      const row = (attacks[kind] ??= { sequences: 0, trials: 0, rejected: 0, rate: 0, matchedButLivenessFailed: 0 });
      row.sequences++;
      for (const challenge of challenges) {
        const outcome = await decisionFor(challenge);
        row.trials++;
        if (outcome?.decision !== 'match') row.rejected++;
        if (outcome?.decision === 'liveness-failed') row.matchedButLivenessFailed++;
      }
      row.rate = row.rejected / row.trials;
    }
    for (const analysis of analyses) analysis.forget();
    log(`${sequence.id}: done`);
  }
  return { liveGenuine, attacks };
}

async function loadFrame(engine: FaceEngine, directory: string, file: string, capturedAtMs: number): Promise<LiveFrame> {
  const decoded = decodeImageFile(await readFile(datasetPath(directory, file)), file, engine.decoder);
  return { ...decoded.image, format: decoded.kind, capturedAtMs };
}

const histogramBin = 0.02;
const histogramBins = 60; // 0 to 1.2

function binned(distances: readonly number[]): number[] {
  const counts = new Array<number>(histogramBins).fill(0);
  for (const d of distances) if (Number.isFinite(d)) counts[Math.min(histogramBins - 1, Math.floor(d / histogramBin))]!++;
  return counts;
}

function round(value: number | null, digits = 3): number | null {
  return value === null ? null : Number(value.toFixed(digits));
}
