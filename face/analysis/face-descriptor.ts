import type { GrayImage } from '../image/raster';
import type { FaceModels } from '../model/face-models';
import { alignedChip, describeChip } from './describe';
import type { Landmarks68 } from './landmarks68';

/**
 * The descriptor of a face in a grey image, computed the same way for the card photo and for live
 * frames: level the eyes, crop the dlib-style chip, describe it and its mirror image. (Contrast
 * stretching or equalising the chip was measured and did not help.)
 */
export async function faceDescriptor(models: FaceModels, image: GrayImage, landmarks: Landmarks68): Promise<Float32Array> {
  return describeChip(models, alignedChip(image, landmarks));
}
