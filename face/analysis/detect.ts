import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import type { Rect } from '../image/measure';
import type { RgbImage } from '../image/raster';
import type { FaceModels } from '../model/face-models';

export interface Detection {
  readonly box: Rect;
  readonly score: number;
}

export interface DetectorOptions {
  readonly detector: 'tiny' | 'ssd';
  /** Tiny detector input size (multiple of 32); larger finds smaller faces, slower. */
  readonly inputSize?: number;
  readonly minScore: number;
  readonly maxResults?: number;
}

/** Face boxes in image pixels, best first. */
export async function detectFaces(models: FaceModels, image: RgbImage, options: DetectorOptions): Promise<Detection[]> {
  const input = faceapi.tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
  try {
    const found =
      options.detector === 'tiny'
        ? await models.tinyDetector.locateFaces(
            input,
            new faceapi.TinyFaceDetectorOptions({ inputSize: options.inputSize ?? 320, scoreThreshold: options.minScore }),
          )
        : await models.ssdDetector.locateFaces(
            input,
            new faceapi.SsdMobilenetv1Options({ minConfidence: options.minScore, maxResults: options.maxResults ?? 10 }),
          );
    return found
      .map((d) => ({ box: { x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height }, score: d.score }))
      .sort((a, b) => b.score - a.score);
  } finally {
    input.dispose();
  }
}
