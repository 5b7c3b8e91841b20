// Builds the face benchmark dataset (layout: face/evaluation/dataset-layout.ts) from the fixture
// photos: per identity a greyscale JPEG 2000 card photo, single camera frames in 12 variants,
// live sequences for each challenge and still-image attack sequences. Seeded: the same seed gives the
// same dataset byte for byte (given the same ffmpeg/opj_compress builds).
//
//   tsx bench/face/build-dataset.ts --out <dir> [--seed N] [--identities N] [--faces fixtures/faces]
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LivenessChallenge } from '../../flow/ports/face-verifier';
import type { Dataset, DatasetFrame, DatasetIdentity, DatasetSequence } from '../../face/evaluation/dataset-layout';
import { datasetFormat } from '../../face/evaluation/dataset-layout';
import { encodePng } from '../../face/image/png-encode';
import type { GrayImage } from '../../face/image/raster';
import type { FaceModels } from '../../face/model/face-models';
import type { Canvas } from './synth/canvas';
import { toRgb } from './synth/canvas';
import { Prng } from './synth/prng';
import { baseLiveSpec, cardSpec, renderCardPhoto, renderLive } from './synth/render';
import { loadSourceFaces } from './synth/source-faces';
import { attackKinds, frameIntervalMs, frameVariants, renderAttackSequence, renderLiveSequence } from './synth/variants';

const run = promisify(execFile);
export const defaultSeed = 20250601;
export const defaultFacesDirectory = fileURLToPath(new URL('../../fixtures/faces', import.meta.url));

export interface BuildOptions {
  readonly out: string;
  readonly seed?: number;
  /** Use only the first N fixture identities (tests use a handful). */
  readonly identities?: number;
  readonly facesDirectory?: string;
  /** Which parts to write (default all). */
  readonly include?: { frames?: boolean; sequences?: boolean };
  readonly log?: (line: string) => void;
}

/** Writes a grey image as JPEG 2000 with opj_compress at the given compression ratio. */
export async function writeJpeg2000(image: GrayImage, path: string, ratio: number): Promise<void> {
  const pgm = `${path}.tmp.pgm`;
  await writeFile(pgm, Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1'), image.data]));
  try {
    await run('opj_compress', ['-i', pgm, '-o', path, '-r', String(ratio)]);
  } finally {
    await rm(pgm, { force: true });
  }
}

async function writeFrame(canvas: Canvas, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, encodePng(toRgb(canvas), 3));
}

/**
 * Which photograph each fixture identity was cut from (fixtures/faces/sources.json): identities from
 * one group photo share its camera, light and processing, so the held-out calibration leaves out
 * whole source photos. Identities without a record count as their own source.
 */
export async function sourcePhotos(facesDirectory: string): Promise<Map<string, string>> {
  let records: unknown;
  try {
    records = JSON.parse(await readFile(join(facesDirectory, 'sources.json'), 'utf8'));
  } catch {
    return new Map();
  }
  const map = new Map<string, string>();
  if (!Array.isArray(records)) return map;
  for (const record of records as Array<{ id?: unknown; source?: { path?: unknown } }>) {
    if (typeof record.id === 'string' && typeof record.source?.path === 'string') map.set(record.id, basename(record.source.path));
  }
  return map;
}

export async function buildDataset(models: FaceModels, options: BuildOptions): Promise<Dataset> {
  const seed = options.seed ?? defaultSeed;
  const log = options.log ?? (() => undefined);
  const include = { frames: true, sequences: true, ...options.include };
  const sources = await loadSourceFaces(models, options.facesDirectory ?? defaultFacesDirectory, options.identities);
  const photos = await sourcePhotos(options.facesDirectory ?? defaultFacesDirectory);
  await mkdir(options.out, { recursive: true });
  const identities: DatasetIdentity[] = [];
  const sequences: DatasetSequence[] = [];
  const cards = new Map<string, GrayImage>();
  for (const source of sources) {
    const spec = cardSpec(Prng.of(seed, source.id, 'card'));
    const card = renderCardPhoto(source, spec);
    cards.set(source.id, card);
    const cardFile = `${source.id}/card.jp2`;
    await mkdir(join(options.out, source.id), { recursive: true });
    await writeJpeg2000(card, join(options.out, cardFile), spec.compressionRatio);
    const frames: DatasetFrame[] = [];
    if (include.frames) {
      for (const [variant, change] of Object.entries(frameVariants)) {
        const prng = Prng.of(seed, source.id, 'frame', variant);
        const live = change(baseLiveSpec(prng), prng);
        const file = `${source.id}/frames/${variant}.png`;
        await writeFrame(renderLive(source, live, prng), join(options.out, file));
        frames.push({ file, variant, parameters: { ...live } });
      }
    }
    identities.push({ id: source.id, source: photos.get(source.id) ?? source.id, card: cardFile, frames });
    log(`${source.id}: card (${spec.compressionRatio}:1) and ${frames.length} frames`);
  }
  if (include.sequences) {
    for (const [index, source] of sources.entries()) {
      for (const challenge of ['blink', 'turn-left', 'turn-right'] as LivenessChallenge[]) {
        const prng = Prng.of(seed, source.id, 'live', challenge);
        sequences.push(await writeSequence(options.out, source.id, `live-${challenge}`, renderLiveSequence(source, challenge, prng), challenge, null));
      }
      const other = sources[(index + 1 + Prng.of(seed, source.id, 'other').int(0, sources.length - 2)) % sources.length]!;
      for (const kind of attackKinds) {
        const prng = Prng.of(seed, source.id, 'attack', kind);
        const frames = renderAttackSequence(kind, source, cards.get(source.id)!, other, prng);
        sequences.push(await writeSequence(options.out, source.id, `attack-${kind}`, frames, null, kind));
      }
      log(`${source.id}: 3 live and ${attackKinds.length} attack sequences`);
    }
  }
  const dataset: Dataset = {
    format: datasetFormat,
    description:
      'Synthetic face benchmark built by bench/face/build-dataset.ts from fixtures/faces (one photo per identity): ' +
      'greyscale JPEG 2000 card photos, colour 640×480 camera frames in seeded variants, live challenge sequences and still-image attacks.',
    seed,
    identities,
    sequences,
  };
  await writeFile(join(options.out, 'dataset.json'), `${JSON.stringify(dataset, null, 1)}\n`);
  return dataset;

  async function writeSequence(
    out: string,
    id: string,
    name: string,
    frames: Canvas[],
    performs: LivenessChallenge | null,
    attack: string | null,
  ): Promise<DatasetSequence> {
    const files: string[] = [];
    for (const [k, frame] of frames.entries()) {
      const file = `${id}/sequences/${name}/${String(k).padStart(2, '0')}.png`;
      await writeFrame(frame, join(out, file));
      files.push(file);
    }
    return { id: `${id}-${name}`, presentedTo: id, performs, attack, frameIntervalMs, frames: files };
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = value('--out');
  if (!out) {
    process.stderr.write('usage: tsx bench/face/build-dataset.ts --out <dir> [--seed N] [--identities N]\n');
    process.exitCode = 2;
    return;
  }
  const { FaceModels } = await import('../../face/model/face-models');
  const models = await FaceModels.load();
  const identities = value('--identities');
  await buildDataset(models, {
    out: resolve(out),
    seed: Number(value('--seed') ?? defaultSeed),
    ...(identities ? { identities: Number(identities) } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  models.dispose();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
