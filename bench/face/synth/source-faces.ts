// The benchmark's base identities: the fixture face crops, with their landmarks found once so that
// occlusions, closed eyes and head turns can be placed on the face.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { detectFaces } from '../../../face/analysis/detect';
import type { Landmarks68 } from '../../../face/analysis/landmarks68';
import { centroid, eyeCentres, faceWidth, mouthCentre } from '../../../face/analysis/landmarks68';
import { boxFromLandmarks, locateLandmarks } from '../../../face/analysis/landmarker';
import { decodePng } from '../../../face/image/png-decode';
import type { RgbImage } from '../../../face/image/raster';
import { grayFromRgb, rgbFromGray } from '../../../face/image/raster';
import { cropResizeGray } from '../../../face/image/warp';
import type { FaceModels } from '../../../face/model/face-models';
import type { Point } from '../../../face/analysis/landmarks68';

export interface SourceFace {
  readonly id: string;
  readonly image: RgbImage;
  readonly landmarks: Landmarks68;
  /** Midpoint of the eyes and mouth: the point placed in the frame. */
  readonly anchor: Point;
  readonly faceWidth: number;
}

/** Reads fixtures/faces/faceNN.png (colour) and locates each face; fails if a fixture has no face. */
export async function loadSourceFaces(models: FaceModels, directory: string, limit?: number): Promise<SourceFace[]> {
  const files = (await readdir(directory)).filter((f) => /^face\d+\.png$/.test(f)).sort();
  const chosen = limit === undefined ? files : files.slice(0, limit);
  const faces: SourceFace[] = [];
  for (const file of chosen) {
    const decoded = decodePng(await readFile(join(directory, file)), file);
    if (decoded.kind !== 'rgb') throw new Error(`${file}: expected a colour fixture`);
    const image = decoded.image;
    const gray = grayFromRgb(image);
    // The fixtures are tight crops; pad them so the detector sees the whole head.
    const pad = 0.3;
    const padded = { x: -image.width * pad, y: -image.height * pad, width: image.width * (1 + 2 * pad), height: image.height * (1 + 2 * pad) };
    const scale = 320 / padded.width;
    const view = cropResizeGray(gray, padded, 320, Math.round(padded.height * scale));
    const found = await detectFaces(models, rgbFromGray(view), { detector: 'tiny', inputSize: 320, minScore: 0.3 });
    const best = found[0];
    if (!best) throw new Error(`${file}: no face found in the fixture`);
    const box = { x: padded.x + best.box.x / scale, y: padded.y + best.box.y / scale, width: best.box.width / scale, height: best.box.height / scale };
    let landmarks = await locateLandmarks(models, gray, box);
    landmarks = await locateLandmarks(models, gray, boxFromLandmarks(landmarks));
    const [a, b] = eyeCentres(landmarks);
    faces.push({
      id: file.replace(/\.png$/, ''),
      image,
      landmarks,
      anchor: centroid([a, b, mouthCentre(landmarks)]),
      faceWidth: faceWidth(landmarks),
    });
  }
  return faces;
}
