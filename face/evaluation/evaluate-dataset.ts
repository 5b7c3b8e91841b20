import { readFile } from 'node:fs/promises';
import type { CardFace } from '../analysis/card-face';
import { descriptorDistance } from '../analysis/describe';
import type { FaceQualityCode, LiveFrame, LivenessChallenge } from '../../flow/ports/face-verifier';
import type { FaceEngine } from '../engine';
import type { FrameAnalysis } from '../frame-analysis';
import { decodeImageFile } from '../image/decode-image-file';
import { assessLiveness } from '../liveness/check-liveness';
import type { FaceObservation } from '../liveness/observation';
import type { Dataset } from './dataset-layout';
import { datasetPath, readDataset } from './dataset-layout';
import type { ErrorRates, HeldOutCalibration, ScoredPair } from './metrics';
import type { DistanceHistogram } from './roc-image';
import { calibrateHeldOut, equalErrorRate, percentile, ratesAt, rocPoints, zeroFarThreshold } from './metrics';

/** The calibration rule's smallest margin below the smallest impostor distance (see match-policy). */
export const calibrationMargin = 0.03;
/**
 * How far above the threshold the nearest impostor must stay on data the threshold was not fitted
 * to (leave-one-source-photo-out); the rule's margin grows until every fold keeps this much.
 */
export const requiredHeldOutMargin = 0.03;
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

export interface AttackRow {
  sequences: number;
  trials: number;
  rejected: number;
  rate: number;
  matchedButLivenessFailed: number;
  /** Per challenge asked: trials and rejections. */
  byChallenge: Record<string, { trials: number; rejected: number }>;
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
  /**
   * What the plain rule (smallest impostor − 0.03) would choose on all of this data, and the held-out
   * calibration: the rule's margin grown until, with each source photo left out in turn, the nearest
   * held-out impostor stays `requiredHeldOutMargin` above the threshold chosen without it.
   */
  readonly calibration: { zeroFarThreshold: number; heldOut: HeldOutCalibration; atHeldOutThreshold: ErrorRates };
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
  readonly attacks: Record<string, AttackRow>;
  /**
   * Each challenge's own flatness check on its own (blink: the eyes changed and nothing around them;
   * turns: the nose left the face's plane towards the turned side), as if the measure that sees the
   * challenge performed had been fooled: for blink, every attack sequence is re-checked with a
   * one-frame dip of the eye measure put in its middle. Live people performing the challenge must pass.
   */
  readonly flatnessChecks: Record<LivenessChallenge, { attackSequences: number; attacksRefused: number; liveSequences: number; livePassed: number }>;
  /** Quality gates on the single frames, per decoding ("stored" and any redecodings); flips are counted between the redecodings. */
  readonly gates: { readonly byDecoding: Record<string, GateRefusals>; readonly flips: { frames: number; byCode: Partial<Record<FaceQualityCode, number>>; framesWithAnyFlip: number } | null };
  readonly inProcessLatencyMs: { p50: number | null; p95: number | null; samples: number };
  readonly roc: ErrorRates[];
  /** Headline distances in bins (missed detections are not binned; they count in the rates). */
  readonly histogram: DistanceHistogram;
}

export interface EvaluateOptions {
  readonly log?: (line: string) => void;
  /**
   * Other decodings of every single frame (e.g. the frame after JPEG coding, read by two different
   * decoders): each is analysed too, so that the gates' false refusals and their verdict flips between
   * decodings can be counted. The frames as stored are always the decoding named "stored".
   */
  readonly redecode?: ReadonlyArray<{ readonly name: string; readonly apply: (frame: LiveFrame) => LiveFrame }>;
}

/** Per gate: how often it refused a genuine frame that matching would have accepted. */
export interface GateRefusals {
  /** Genuine frames (no masks) analysed in this decoding, and how many matching itself would reject. */
  readonly genuineFrames: number;
  readonly matchRejects: number;
  /** Per code: genuine frames (no masks) that matched within the threshold and that the gate refused. */
  readonly falseRefusals: Partial<Record<FaceQualityCode, number>>;
  /** Which identities and variants those were, per code. */
  readonly refusedFrames: Partial<Record<FaceQualityCode, string[]>>;
  /** Mask frames the face-covered gate caught, of the mask frames with a face. */
  readonly masksCaught: number;
  readonly masksWithFace: number;
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
  interface RedecodedRecord { identity: string; variant: string; decoding: string; quality: readonly FaceQualityCode[]; distance: number }
  const frames: FrameRecord[] = [];
  const redecoded: RedecodedRecord[] = [];
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
      for (const { name, apply } of options.redecode ?? []) {
        const other = await engine.analyseFrame(apply(frame));
        const d = other.describe && card ? descriptorDistance(await other.describe(), card.descriptor) : Infinity;
        other.forget();
        redecoded.push({ identity: identity.id, variant: entry.variant, decoding: name, quality: other.quality, distance: d });
      }
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

  const stored: RedecodedRecord[] = frames.map((f) => ({ identity: f.identity, variant: f.variant, decoding: 'stored', quality: f.quality, distance: distance(f, f.identity) }));
  const decodings = ['stored', ...(options.redecode ?? []).map((r) => r.name)];
  const byDecoding: Record<string, GateRefusals> = {};
  for (const decoding of decodings) byDecoding[decoding] = gateRefusals([...stored, ...redecoded].filter((r) => r.decoding === decoding), threshold);
  let flips: EvaluationReport['gates']['flips'] = null;
  if (redecoded.length > 0) {
    const byCode: Partial<Record<FaceQualityCode, number>> = {};
    let framesWithAnyFlip = 0;
    for (const f of stored) {
      // Between the redecodings only: the same JPEG file read by different decoders.
      const versions = redecoded.filter((r) => r.identity === f.identity && r.variant === f.variant);
      const codes = new Set(versions.flatMap((v) => v.quality));
      let flipped = false;
      for (const code of codes) {
        if (!versions.every((v) => v.quality.includes(code))) {
          byCode[code] = (byCode[code] ?? 0) + 1;
          flipped = true;
        }
      }
      if (flipped) framesWithAnyFlip++;
    }
    flips = { frames: stored.length, byCode, framesWithAnyFlip };
  }

  // Held-out calibration: leave out one source photo at a time (identities cut from the same group
  // photo share its light and camera, so leaving out an identity alone would flatter the rule).
  const sourceOf = new Map(dataset.identities.map((i) => [i.id, i.source ?? i.id] as const));
  const scored: ScoredPair[] = [];
  for (const f of headlineFrames) for (const id of cards.keys()) scored.push({ probe: f.identity, card: id, distance: distance(f, id) });
  const heldOut = calibrateHeldOut(scored, (id) => sourceOf.get(id) ?? id, requiredHeldOutMargin, calibrationMargin);

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
    calibration: { zeroFarThreshold: zeroFarThreshold(headline.impostor, calibrationMargin), heldOut, atHeldOutThreshold: ratesAt(headline.genuine, headline.impostor, heldOut.threshold) },
    mask: {
      frames: maskFrames.length,
      facesFound: maskFrames.filter((f) => f.descriptor).length,
      caughtByGate: maskFrames.filter((f) => f.quality.includes('face-covered')).length,
      genuineMedian: round(percentile(maskGenuine, 0.5)),
      frrIfCompared: maskGenuine.length === 0 ? 0 : maskGenuine.filter((d) => !(d <= threshold)).length / maskGenuine.length,
    },
    perVariant,
    gates: { byDecoding, flips },
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
): Promise<Pick<EvaluationReport, 'liveGenuine' | 'attacks' | 'flatnessChecks'>> {
  const liveGenuine: EvaluationReport['liveGenuine'] = { sequences: 0, accepted: 0, byChallenge: {}, failures: {}, rejectedSequences: [], wrongChallengeRejected: 0, wrongChallengeTotal: 0 };
  const attacks: EvaluationReport['attacks'] = {};
  const flatnessChecks = Object.fromEntries(challenges.map((c) => [c, { attackSequences: 0, attacksRefused: 0, liveSequences: 0, livePassed: 0 }])) as EvaluationReport['flatnessChecks'];
  for (const sequence of dataset.sequences) {
    const card = cards.get(sequence.presentedTo) ?? null;
    const analyses: FrameAnalysis[] = [];
    for (const [k, file] of sequence.frames.entries()) {
      analyses.push(await engine.analyseFrame(await loadFrame(engine, directory, file, k * sequence.frameIntervalMs)));
    }
    const decisionFor = async (challenge: LivenessChallenge) => (card ? engine.decide(analyses, card, challenge) : null);
    const observations = analyses.flatMap((a) => (a.observation ? [a.observation] : []));
    if (sequence.performs) {
      const row = flatnessChecks[sequence.performs];
      row.liveSequences++;
      if (assessLiveness(sequence.performs, observations).notFlat) row.livePassed++;
    } else {
      for (const challenge of challenges) {
        const row = flatnessChecks[challenge];
        row.attackSequences++;
        if (!assessLiveness(challenge, challenge === 'blink' ? withForcedBlink(observations) : observations).notFlat) row.attacksRefused++;
      }
    }
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
      const row = (attacks[kind] ??= { sequences: 0, trials: 0, rejected: 0, rate: 0, matchedButLivenessFailed: 0, byChallenge: {} });
      row.sequences++;
      for (const challenge of challenges) {
        const outcome = await decisionFor(challenge);
        const byChallenge = (row.byChallenge[challenge] ??= { trials: 0, rejected: 0 });
        row.trials++;
        byChallenge.trials++;
        if (outcome?.decision !== 'match') {
          row.rejected++;
          byChallenge.rejected++;
        }
        if (outcome?.decision === 'liveness-failed') row.matchedButLivenessFailed++;
      }
      row.rate = row.rejected / row.trials;
    }
    for (const analysis of analyses) analysis.forget();
    log(`${sequence.id}: done`);
  }
  return { liveGenuine, attacks, flatnessChecks };
}

/**
 * The same observations with the eye measure fooled: open everywhere, and one frame in the middle
 * (and half of its neighbours) closed, as a resampled print can make it look for a frame.
 */
function withForcedBlink(observations: readonly FaceObservation[]): FaceObservation[] {
  const middle = Math.floor(observations.length / 2);
  const open = Math.max(...observations.map((o) => o.eyeOpenness), 0.3);
  return observations.map((o, k) => ({ ...o, eyeOpenness: k === middle ? 0.2 * open : Math.abs(k - middle) === 1 ? 0.7 * open : open }));
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

function gateRefusals(records: ReadonlyArray<{ identity: string; variant: string; quality: readonly FaceQualityCode[]; distance: number }>, threshold: number): GateRefusals {
  const genuine = records.filter((r) => r.variant !== maskVariant);
  const falseRefusals: Partial<Record<FaceQualityCode, number>> = {};
  const refusedFrames: Partial<Record<FaceQualityCode, string[]>> = {};
  for (const r of genuine) {
    if (!(r.distance <= threshold)) continue;
    for (const code of r.quality) {
      falseRefusals[code] = (falseRefusals[code] ?? 0) + 1;
      (refusedFrames[code] ??= []).push(`${r.identity}/${r.variant}`);
    }
  }
  const masks = records.filter((r) => r.variant === maskVariant && !r.quality.includes('no-face'));
  return {
    genuineFrames: genuine.length,
    matchRejects: genuine.filter((r) => !(r.distance <= threshold)).length,
    falseRefusals,
    refusedFrames,
    masksCaught: masks.filter((r) => r.quality.includes('face-covered')).length,
    masksWithFace: masks.length,
  };
}
