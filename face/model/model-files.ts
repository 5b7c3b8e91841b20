import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FaceError } from '../errors';

/** The face-api networks this verifier uses, by the base name of their files. */
export type ModelName = 'tiny_face_detector_model' | 'ssd_mobilenetv1_model' | 'face_landmark_68_model' | 'face_recognition_model';

/**
 * SHA-256 of the model files shipped in @vladmandic/face-api 1.7.15 (its `model/` folder). A file with
 * other bytes is refused at start-up: truncated or altered weights would not crash, they would quietly
 * give wrong distances, which for an identity check is worse.
 */
export const expectedModelDigests: Readonly<Record<ModelName, { manifest: string; weights: string }>> = {
  tiny_face_detector_model: {
    manifest: '5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5',
    weights: 'b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871',
  },
  ssd_mobilenetv1_model: {
    manifest: '888f744dffbc84f5f060d1f8427d9742341943a2dfaaf9205d10029b7e7a2955',
    weights: '2835640602d53718aa6ae9a42896327eaa21beefed056c218d32ca7d79e1e2f8',
  },
  face_landmark_68_model: {
    manifest: 'ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9',
    weights: '4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b',
  },
  face_recognition_model: {
    manifest: 'cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b',
    weights: 'b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589',
  },
};

/** A weight manifest as tfjs writes it: groups of weight specs stored in the listed binary files. */
export interface WeightsManifestGroup {
  readonly paths: readonly string[];
  readonly weights: readonly { name: string; shape: number[]; dtype: string; quantization?: unknown }[];
}

export interface ModelFiles {
  readonly manifest: WeightsManifestGroup[];
  /** All weight files of the manifest, concatenated in manifest order. */
  readonly weights: ArrayBuffer;
}

/** The `model/` folder of the installed @vladmandic/face-api package. */
export function defaultModelDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}

/** Reads one model's manifest and weights, checking them against the expected digests. */
export async function readModelFiles(directory: string, name: ModelName): Promise<ModelFiles> {
  const expected = expectedModelDigests[name];
  const manifestPath = join(directory, `${name}-weights_manifest.json`);
  const manifestBytes = await readModelFile(manifestPath);
  checkDigest(manifestPath, manifestBytes, expected.manifest);
  let manifest: WeightsManifestGroup[];
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as WeightsManifestGroup[];
  } catch (error) {
    throw new FaceError('model-corrupt', `${manifestPath} is not valid JSON`, { cause: error });
  }
  const parts: Buffer[] = [];
  for (const group of manifest) {
    for (const path of group.paths) {
      const weightsPath = join(directory, path);
      parts.push(await readModelFile(weightsPath));
    }
  }
  const weights = Buffer.concat(parts);
  checkDigest(`${name} weights`, weights, expected.weights);
  return { manifest, weights: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer };
}

async function readModelFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FaceError('model-missing', `model file ${path} does not exist`, { cause: error });
    throw new FaceError('model-missing', `model file ${path} cannot be read (${code ?? 'error'})`, { cause: error });
  }
}

function checkDigest(what: string, bytes: Buffer, expected: string): void {
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) {
    throw new FaceError(
      'model-corrupt',
      `${what} has sha256 ${actual}, expected ${expected} (the @vladmandic/face-api 1.7.15 model files)`,
    );
  }
}
