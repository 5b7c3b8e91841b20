import * as tf from '@tensorflow/tfjs';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { FaceError } from '../errors';
import type { TensorBackend } from './backend';
import { startTensorBackend } from './backend';
import type { ModelName } from './model-files';
import { defaultModelDirectory, readModelFiles } from './model-files';

export interface FaceModelOptions {
  /** Folder holding the face-api model files; defaults to the installed package's `model/`. */
  readonly modelDirectory?: string;
  /** Try tfjs-node first (default true); tests turn it off to pin the backend. */
  readonly allowNativeBackend?: boolean;
}

/**
 * The networks, loaded once per engine (never face-api's global `nets`): a fast detector for live
 * frames, the SSD detector as a second opinion for hard card photos, 68-point landmarks and the
 * 128-d descriptor (dlib ResNet port).
 */
export class FaceModels {
  private constructor(
    readonly backend: TensorBackend,
    readonly tinyDetector: faceapi.TinyFaceDetector,
    readonly ssdDetector: faceapi.SsdMobilenetv1,
    readonly landmarkNet: faceapi.FaceLandmark68Net,
    readonly recognitionNet: faceapi.FaceRecognitionNet,
  ) {}

  static async load(options: FaceModelOptions = {}): Promise<FaceModels> {
    const directory = options.modelDirectory ?? defaultModelDirectory();
    // Read and check every file before starting tfjs, so a broken install fails fast with its code.
    const files = {
      tiny: await readModelFiles(directory, 'tiny_face_detector_model'),
      ssd: await readModelFiles(directory, 'ssd_mobilenetv1_model'),
      landmarks: await readModelFiles(directory, 'face_landmark_68_model'),
      recognition: await readModelFiles(directory, 'face_recognition_model'),
    };
    const backend = await startTensorBackend({ allowNative: options.allowNativeBackend ?? true });
    const tiny = new faceapi.TinyFaceDetector();
    const ssd = new faceapi.SsdMobilenetv1();
    const landmarks = new faceapi.FaceLandmark68Net();
    const recognition = new faceapi.FaceRecognitionNet();
    loadNet(tiny, 'tiny_face_detector_model', files.tiny);
    loadNet(ssd, 'ssd_mobilenetv1_model', files.ssd);
    loadNet(landmarks, 'face_landmark_68_model', files.landmarks);
    loadNet(recognition, 'face_recognition_model', files.recognition);
    return new FaceModels(backend, tiny, ssd, landmarks, recognition);
  }

  dispose(): void {
    for (const net of [this.tinyDetector, this.ssdDetector, this.landmarkNet, this.recognitionNet]) {
      if (net.isLoaded) net.dispose();
    }
  }
}

function loadNet(
  net: { loadFromWeightMap(map: faceapi.tf.NamedTensorMap): void },
  name: ModelName,
  files: Awaited<ReturnType<typeof readModelFiles>>,
): void {
  try {
    const specs = files.manifest.flatMap((group) => group.weights) as tf.io.WeightsManifestEntry[];
    // face-api declares its own copy of the tfjs types; at run time both are the one tfjs instance.
    net.loadFromWeightMap(tf.io.decodeWeights(files.weights, specs) as unknown as faceapi.tf.NamedTensorMap);
  } catch (error) {
    throw new FaceError('model-corrupt', `${name} could not be loaded into its network`, { cause: error });
  }
}
