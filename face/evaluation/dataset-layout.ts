// The benchmark dataset layout: any folder with a dataset.json of this shape can be benchmarked with
// `face bench --dataset <dir>`. Paths are relative to the folder. Frames may be PNG, PGM/PPM or JPEG
// 2000; card photos are JPEG 2000 (greyscale, as read from the card).
//
//   <dir>/dataset.json
//   <dir>/<identity>/card.jp2                 the card photo of each identity
//   <dir>/<identity>/frames/<variant>.png     single camera frames of that identity (genuine probes)
//   <dir>/<identity>/sequences/<name>/NN.png  frame sequences (live people and attacks)
//
// Every frame of identity A compared with the card of identity A is a genuine pair; with any other
// card, an impostor pair. A sequence is presented to one card (`presentedTo`); a genuine sequence
// shows that card's holder performing `performs`, an attack sequence shows `attack`.
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { LivenessChallenge } from '../../flow/ports/face-verifier';
import { FaceError } from '../errors';

export const datasetFormat = 'oqs-face-bench/1';

export interface DatasetFrame {
  readonly file: string;
  /** What was done to the frame (e.g. "frontal", "mask"); results are reported per variant. */
  readonly variant: string;
  /** The documented parameters the frame was made with (free-form, for the record). */
  readonly parameters?: Record<string, unknown>;
}

export interface DatasetIdentity {
  readonly id: string;
  /**
   * Which photograph the identity's images were made from (optional). Identities cut from one
   * group photo share lighting, camera and processing; the held-out calibration leaves out whole
   * source photos, not only identities.
   */
  readonly source?: string;
  readonly card: string;
  readonly frames: readonly DatasetFrame[];
}

export interface DatasetSequence {
  readonly id: string;
  /** The identity whose card the sequence is verified against. */
  readonly presentedTo: string;
  /** For a live sequence: the challenge the person performs; null for attacks. */
  readonly performs: LivenessChallenge | null;
  /** For an attack: its kind (e.g. "card-still"); null for a live person. */
  readonly attack: string | null;
  readonly frameIntervalMs: number;
  readonly frames: readonly string[];
}

export interface Dataset {
  readonly format: typeof datasetFormat;
  readonly description?: string;
  readonly seed?: number;
  readonly identities: readonly DatasetIdentity[];
  readonly sequences: readonly DatasetSequence[];
}

const challenges: readonly LivenessChallenge[] = ['blink', 'turn-left', 'turn-right'];

/** Reads and checks <dir>/dataset.json; every path must stay inside the folder. */
export async function readDataset(directory: string): Promise<Dataset> {
  let text: string;
  try {
    text = await readFile(join(directory, 'dataset.json'), 'utf8');
  } catch (error) {
    throw new FaceError('dataset-invalid', `${directory} has no readable dataset.json`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FaceError('dataset-invalid', `${directory}/dataset.json is not JSON`, { cause: error });
  }
  return checkDataset(value);
}

/** Resolves a dataset-relative path, refusing absolute paths and `..` escapes. */
export function datasetPath(directory: string, relative: string): string {
  const clean = normalize(relative);
  if (clean.startsWith('..') || clean.startsWith(sep) || clean.includes(`${sep}..${sep}`)) {
    throw new FaceError('dataset-invalid', `path ${relative} leaves the dataset folder`);
  }
  return join(directory, clean);
}

function checkDataset(value: unknown): Dataset {
  const fail = (why: string): never => {
    throw new FaceError('dataset-invalid', `dataset.json: ${why}`);
  };
  if (!isObject(value)) return fail('not an object');
  if (value['format'] !== datasetFormat) fail(`format must be "${datasetFormat}"`);
  const identities = value['identities'];
  const sequences = value['sequences'] ?? [];
  if (!Array.isArray(identities) || identities.length < 2) return fail('needs at least two identities');
  if (!Array.isArray(sequences)) return fail('sequences must be a list');
  const ids = new Set<string>();
  for (const identity of identities) {
    if (!isObject(identity) || typeof identity['id'] !== 'string' || typeof identity['card'] !== 'string') fail('an identity needs id and card');
    const id = (identity as { id: string }).id;
    if (ids.has(id)) fail(`identity ${id} is listed twice`);
    ids.add(id);
    const source = (identity as { source?: unknown }).source;
    if (source !== undefined && typeof source !== 'string') fail(`identity ${id}: source must be a string`);
    const frames = (identity as { frames?: unknown }).frames;
    if (!Array.isArray(frames)) fail(`identity ${id}: frames must be a list`);
    for (const frame of frames as unknown[]) {
      if (!isObject(frame) || typeof frame['file'] !== 'string' || typeof frame['variant'] !== 'string') fail(`identity ${id}: a frame needs file and variant`);
    }
  }
  for (const sequence of sequences) {
    if (!isObject(sequence) || typeof sequence['id'] !== 'string') return fail('a sequence needs an id');
    const id = sequence['id'];
    if (typeof sequence['presentedTo'] !== 'string' || !ids.has(sequence['presentedTo'])) fail(`sequence ${id}: presentedTo must name an identity`);
    const performs = sequence['performs'];
    const attack = sequence['attack'];
    if (performs !== null && !challenges.includes(performs as LivenessChallenge)) fail(`sequence ${id}: performs must be ${challenges.join(', ')} or null`);
    if (attack !== null && typeof attack !== 'string') fail(`sequence ${id}: attack must be a string or null`);
    if ((performs === null) === (attack === null)) fail(`sequence ${id}: exactly one of performs and attack must be set`);
    if (typeof sequence['frameIntervalMs'] !== 'number' || !(sequence['frameIntervalMs'] > 0)) fail(`sequence ${id}: frameIntervalMs must be positive`);
    const frames = sequence['frames'];
    if (!Array.isArray(frames) || frames.length < 2 || frames.some((f) => typeof f !== 'string')) fail(`sequence ${id}: frames must list at least two files`);
  }
  return value as unknown as Dataset;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
