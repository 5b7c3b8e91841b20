// Card-photo face detection, plain face-api against the cascade the verifier uses, on the dataset's
// card photos and on the same photos re-coded harder (~2.5 KB): the numbers behind card-face.ts.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCardFace } from '../../face/analysis/card-face';
import { detectFaces } from '../../face/analysis/detect';
import { datasetPath, readDataset } from '../../face/evaluation/dataset-layout';
import type { Jpeg2000Decoder } from '../../face/image/jpeg2000';
import { rgbFromGray } from '../../face/image/raster';
import type { FaceModels } from '../../face/model/face-models';
import { writeJpeg2000 } from './build-dataset';

export interface CardDetectionRow {
  readonly cards: number;
  readonly meanKb: number;
  /** face-api as documented: SSD MobileNet v1, minConfidence 0.5, on the photo as it is. */
  readonly plainSsd: number;
  readonly cascade: number;
}

export async function cardDetectionReport(models: FaceModels, decoder: Jpeg2000Decoder, directory: string): Promise<Record<string, CardDetectionRow>> {
  const dataset = await readDataset(directory);
  const scratch = await mkdtemp(join(tmpdir(), 'face-card-detection-'));
  const rows: Record<string, { cards: number; bytes: number; plainSsd: number; cascade: number }> = {};
  const count = async (set: string, bytes: Uint8Array) => {
    const row = (rows[set] ??= { cards: 0, bytes: 0, plainSsd: 0, cascade: 0 });
    const image = decoder.decode(bytes);
    row.cards++;
    row.bytes += bytes.length;
    if ((await detectFaces(models, rgbFromGray(image), { detector: 'ssd', minScore: 0.5 })).length > 0) row.plainSsd++;
    const face = await findCardFace(models, image);
    if (face) {
      row.cascade++;
      face.descriptor.fill(0);
    }
    return image;
  };
  try {
    for (const identity of dataset.identities) {
      const image = await count('dataset cards', await readFile(datasetPath(directory, identity.card)));
      const harder = join(scratch, `${identity.id}.jp2`);
      await writeJpeg2000(image, harder, 30);
      await count('re-coded at 30:1', await readFile(harder));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return Object.fromEntries(
    Object.entries(rows).map(([set, r]) => [set, { cards: r.cards, meanKb: Number((r.bytes / r.cards / 1024).toFixed(1)), plainSsd: r.plainSsd, cascade: r.cascade }]),
  );
}
