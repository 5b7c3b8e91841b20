// Where the benchmark dataset is built: a folder under the system temp dir named by a digest of
// everything that determines its content (builder sources, fixture photos, seed, size), so a rerun
// reuses it and any change rebuilds it.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const builderFiles = ['build-dataset.ts', ...['canvas', 'head-pose', 'occlusions', 'prng', 'render', 'scene', 'shapes', 'source-faces', 'variants'].map((f) => `synth/${f}.ts`)];

export async function datasetCacheDirectory(facesDirectory: string, seed: number, identities: number | undefined): Promise<string> {
  const hash = createHash('sha256');
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const file of builderFiles) hash.update(file).update(await readFile(join(here, file)));
  for (const file of (await readdir(facesDirectory)).filter((f) => f.endsWith('.png') || f === 'sources.json').sort()) hash.update(file).update(await readFile(join(facesDirectory, file)));
  hash.update(`seed=${seed};identities=${identities ?? 'all'}`);
  return join(tmpdir(), `oqs-face-bench-${hash.digest('hex').slice(0, 16)}`);
}

export function isBuilt(directory: string): boolean {
  return existsSync(join(directory, 'dataset.json'));
}
