// Makes the demo's fake camera clips (demo only): for every fixture face a person of the demo has, a
// clip of that face blinking (the demo terminal asks for a blink), plus an empty scene. Written to
// data/demo/clips/ once; later starts find them there and take no time.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFaces } from '../bench/face/test-support';
import { FaceModels } from '../face/model/face-models';
import { challengeClipFrames, emptySceneFrames, writeY4mClip } from '../test/harness/camera-clip';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A key of what the clips are made from: the renderer's sources and this script. Clips of another key are made again. */
function clipsKey(): string {
  const hash = createHash('sha256');
  const synth = join(root, 'bench', 'face', 'synth');
  for (const name of readdirSync(synth).filter((file) => file.endsWith('.ts')).sort()) hash.update(readFileSync(join(synth, name)));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(readFileSync(join(root, 'test', 'harness', 'camera-clip.ts')));
  return hash.digest('hex');
}

async function main(): Promise<void> {
  const clipsDir = join(root, 'data', 'demo', 'clips');
  const keyFile = join(clipsDir, 'made-from.key');
  const key = clipsKey();
  if (existsSync(clipsDir) && (!existsSync(keyFile) || readFileSync(keyFile, 'utf8') !== key)) await rm(clipsDir, { recursive: true, force: true });
  await mkdir(clipsDir, { recursive: true });
  const personsDir = join(root, 'fixtures', 'persons');
  const photos = new Set<string>();
  for (const file of readdirSync(personsDir).filter((name) => name.endsWith('.json'))) {
    const photo = (JSON.parse(readFileSync(join(personsDir, file), 'utf8')) as { photo?: string }).photo;
    if (photo !== undefined && /^face[0-9]{2}$/.test(photo)) photos.add(photo);
  }
  const missing = [...photos].filter((photo) => !existsSync(join(clipsDir, `${photo}.y4m`))).sort();
  if (missing.length > 0) {
    process.stdout.write(`模擬カメラの映像を作っています / making the fake camera clips (${missing.length})…\n`);
    const models = await FaceModels.load();
    try {
      const faces = await sourceFaces(models, missing);
      for (const photo of missing) {
        const face = faces.get(photo);
        if (face === undefined) continue;
        await writeY4mClip(join(clipsDir, `${photo}.y4m`), challengeClipFrames(face, 'blink', `demo-${photo}`));
      }
    } finally {
      models.dispose();
    }
  }
  await writeFile(keyFile, key);
  const nobody = join(clipsDir, 'nobody.y4m');
  if (!existsSync(nobody)) {
    const sample = readdirSync(clipsDir).find((name) => /^face[0-9]{2}\.y4m$/.test(name));
    const [width, height] = sample === undefined ? [320, 240] : y4mSize(join(clipsDir, sample));
    await writeY4mClip(nobody, emptySceneFrames(width, height));
  }
}

/** Width and height from a .y4m file's header line. */
function y4mSize(path: string): [number, number] {
  const header = readFileSync(path).subarray(0, 128).toString('latin1').split('\n')[0] ?? '';
  const width = Number(/ W([0-9]+)/.exec(header)?.[1] ?? 320);
  const height = Number(/ H([0-9]+)/.exec(header)?.[1] ?? 240);
  return [width, height];
}

main().catch((error: unknown) => {
  // The demo runs without clips (the camera then shows Chromium's test pattern): say so, do not stop.
  process.stderr.write(`模擬カメラの映像を作れませんでした / the fake camera clips could not be made: ${error instanceof Error ? error.message : String(error)}\n`);
});
