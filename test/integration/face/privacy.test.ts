import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardFixtureDirectory, liveFrame } from '../../../bench/face/test-support';
import { Prng } from '../../../bench/face/synth/prng';
import { renderLiveSequence } from '../../../bench/face/synth/variants';
import { encodePng } from '../../../face/image/png-encode';
import { FaceModels } from '../../../face/model/face-models';
import { sourceFaces } from '../../../bench/face/test-support';

// Privacy: images and descriptors live only in memory. The whole verification (worker start, model
// loading, card photo, frames, decision) runs under Node's permission model with file-system writes
// forbidden: had anything tried to write an image, a descriptor or anything else, it would have failed.
// And what leaves the verifier holds decisions, scores and codes, nothing image- or descriptor-sized.

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'face-privacy-'));
  // The probe runs as plain JavaScript (tsx needs a child process, which the sandbox forbids).
  await writeFile(join(scratch, 'package.json'), '{"type":"module"}\n');
  await symlink(join(root, 'node_modules'), join(scratch, 'node_modules'));
  await build({
    entryPoints: { probe: join(root, 'test/integration/face/privacy-probe.ts'), 'worker-main': join(root, 'face/worker/worker-main.ts') },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: scratch,
    logLevel: 'warning',
  });
  const models = await FaceModels.load();
  const holder = (await sourceFaces(models, ['face02'])).get('face02')!;
  models.dispose();
  // The worker picks the challenge; the probe shows the sequence for whichever it picked.
  for (const challenge of ['blink', 'turn-left', 'turn-right'] as const) {
    const folder = join(scratch, 'frames', challenge);
    await mkdir(folder, { recursive: true });
    for (const [k, canvas] of renderLiveSequence(holder, challenge, Prng.of('privacy-test', challenge)).entries()) {
      await writeFile(join(folder, `${String(k).padStart(2, '0')}.png`), encodePng(liveFrame(canvas), 3));
    }
  }
}, 60_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Every string and array in a JSON value (to look for anything image- or descriptor-like). */
function leaves(value: unknown, found: { strings: string[]; arrays: unknown[][] } = { strings: [], arrays: [] }) {
  if (typeof value === 'string') found.strings.push(value);
  else if (Array.isArray(value)) {
    found.arrays.push(value);
    for (const item of value) leaves(item, found);
  } else if (value && typeof value === 'object') for (const item of Object.values(value)) leaves(item, found);
  return found;
}

describe('privacy of face verification', () => {
  it('verifies with file-system writes forbidden, and returns only decisions, scores and codes', async () => {
    const frames = join(scratch, 'frames');
    const before = await readdir(frames, { recursive: true });
    const { stdout } = await run(
      process.execPath,
      ['--experimental-permission', '--allow-fs-read=*', '--allow-worker', join(scratch, 'probe.js'), join(cardFixtureDirectory, 'face02-card.jp2'), frames],
      { cwd: scratch, timeout: 50_000 },
    );
    const output = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      writeDenied: boolean;
      result: { decision: string; distance: number; liveness: { passed: boolean } };
    };
    expect(output.writeDenied, 'the sandbox really forbids writing').toBe(true);
    expect(output.result.decision).toBe('match');
    expect(output.result.liveness.passed).toBe(true);
    expect(await readdir(frames, { recursive: true })).toEqual(before);
    expect(existsSync(join(frames, 'probe-write-check'))).toBe(false);

    const { strings, arrays } = leaves(output);
    expect(strings.length).toBeGreaterThan(0);
    expect(Math.max(...strings.map((s) => s.length)), 'no long (image-like) strings').toBeLessThan(64);
    expect(Math.max(0, ...arrays.map((a) => a.length)), 'no descriptor-sized arrays').toBeLessThan(16);
    expect(arrays.flat().every((item) => typeof item === 'string'), 'arrays hold reason codes only').toBe(true);
  });
});
