// Shared by the face unit and integration tests: the committed card photos, the fixture identities
// with their landmarks, and synthetic camera frames turned into LiveFrames. (Tests may import bench/;
// product code never does.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CardPhoto, LiveFrame } from '../../flow/ports/face-verifier';
import type { FaceModels } from '../../face/model/face-models';
import { defaultFacesDirectory } from './build-dataset';
import type { Canvas } from './synth/canvas';
import { toRgb } from './synth/canvas';
import type { SourceFace } from './synth/source-faces';
import { loadSourceFaces } from './synth/source-faces';

export const cardFixtureDirectory = fileURLToPath(new URL('../../fixtures/face-bench', import.meta.url));

/** The committed card photo (greyscale JPEG 2000) of face01, face02 or face18. */
export function cardPhotoOf(identity: 'face01' | 'face02' | 'face18'): CardPhoto {
  return { bytes: new Uint8Array(readFileSync(`${cardFixtureDirectory}/${identity}-card.jp2`)) };
}

/** Fixture identities with landmarks, by id. */
export async function sourceFaces(models: FaceModels, ids: readonly string[]): Promise<Map<string, SourceFace>> {
  const all = await loadSourceFaces(models, defaultFacesDirectory, Math.max(...ids.map((id) => Number(id.slice(4)))));
  return new Map(all.filter((s) => ids.includes(s.id)).map((s) => [s.id, s]));
}

export function liveFrame(canvas: Canvas, capturedAtMs = 0): LiveFrame {
  return { ...toRgb(canvas), format: 'rgb', capturedAtMs };
}

export function sequence(canvases: readonly Canvas[], intervalMs = 100): LiveFrame[] {
  return canvases.map((c, k) => liveFrame(c, k * intervalMs));
}
