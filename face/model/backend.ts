import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { FaceError } from '../errors';

export type TensorBackend = 'tensorflow' | 'wasm';

// A variable, so that TypeScript and the dependency checker do not require the optional package.
const tfjsNodePackage = '@tensorflow/tfjs-node';

/**
 * Starts the fastest backend available: tfjs-node (native TensorFlow) when it is installed, else the
 * wasm backend (SIMD). The pure-JS CPU backend is ~30× slower and is refused rather than used quietly.
 */
export async function startTensorBackend(options: { allowNative?: boolean } = {}): Promise<TensorBackend> {
  if (options.allowNative ?? true) {
    try {
      await import(tfjsNodePackage);
      if (await tf.setBackend('tensorflow')) {
        await tf.ready();
        return 'tensorflow';
      }
    } catch {
      // Not installed (its install needs a download this platform does not allow): use wasm.
    }
  }
  try {
    const require = createRequire(import.meta.url);
    // setWasmPaths wants the folder with the .wasm files, as a path with a trailing slash.
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
    const started = await tf.setBackend('wasm');
    await tf.ready();
    if (started && tf.getBackend() === 'wasm') return 'wasm';
  } catch (error) {
    throw new FaceError('backend-unavailable', 'the tfjs wasm backend failed to start', { cause: error });
  }
  throw new FaceError('backend-unavailable', `the tfjs wasm backend did not start (active backend: ${tf.getBackend()}); the CPU backend is not used`);
}
