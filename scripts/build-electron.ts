// Bundles the Electron shell into dist/electron/, where electron-builder packs it from:
//   main.js         the main process (ESM: package.json has "type": "module"), with terminal/ in it
//   worker-main.js  the face worker thread, beside main.js where face/worker/face-worker-client.ts looks for it
//   preload.js      the sandboxed preload (CommonJS: a sandboxed preload is a plain script with require)
// npm packages stay outside the bundle (electron-builder ships the production dependencies, native
// modules unpacked from the archive); only `electron` is provided by the runtime itself.
//
// Usage: tsx scripts/build-electron.ts [--out DIR]
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface ElectronBuild {
  readonly outDir: string;
  /** The inputs of each output file, relative to the project root. */
  readonly inputs: Readonly<Record<string, readonly string[]>>;
}

const shared: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  logLevel: 'warning',
  legalComments: 'none',
  sourcemap: false,
  metafile: true,
  // A kiosk is not debugged in the field; names stay readable for crash reports.
  minify: false,
};

export async function buildElectron(outDir = join(root, 'dist', 'electron')): Promise<ElectronBuild> {
  await rm(outDir, { recursive: true, force: true });
  const [main, preload] = await Promise.all([
    build({
      ...shared,
      entryPoints: { main: 'electron/main/main.ts', 'worker-main': 'face/worker/worker-main.ts' },
      outdir: outDir,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
      external: ['electron'],
    }),
    build({
      ...shared,
      entryPoints: { preload: 'electron/preload/preload.ts' },
      outdir: outDir,
      platform: 'browser',
      format: 'cjs',
      target: 'es2022',
      external: ['electron'],
    }),
  ]);
  return { outDir, inputs: { ...inputsOf(main.metafile, outDir), ...inputsOf(preload.metafile, outDir) } };
}

function inputsOf(metafile: Metafile | undefined, outDir: string): Record<string, string[]> {
  const inputs: Record<string, string[]> = {};
  for (const [output, { inputs: used }] of Object.entries(metafile?.outputs ?? {})) {
    inputs[relative(outDir, join(root, output))] = Object.keys(used).sort();
  }
  return inputs;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex === -1 ? undefined : process.argv[outIndex + 1];
  const built = await buildElectron(outDir === undefined ? undefined : resolve(outDir));
  for (const [file, used] of Object.entries(built.inputs)) process.stdout.write(`${join(built.outDir, file)}: ${used.length} source files\n`);
}
