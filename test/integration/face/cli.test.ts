import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../../../bench/face/build-dataset';
import { cardFixtureDirectory, liveFrame, sourceFaces } from '../../../bench/face/test-support';
import { Prng } from '../../../bench/face/synth/prng';
import { renderLiveSequence } from '../../../bench/face/synth/variants';
import { encodePng } from '../../../face/image/png-encode';
import { FaceModels } from '../../../face/model/face-models';

// The `face` command: compare prints one JSON object, bench runs on a dataset folder in the documented
// layout (here a two-person dataset built on the spot), and failures are coded JSON too.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
let scratch: string;
let frames: string[];
let dataset: string;

async function face(args: string[]): Promise<{ code: number; json: Record<string, unknown>; lines: number }> {
  const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(tsx, [join(root, 'face/cli.ts'), ...args], { cwd: root, timeout: 55_000, maxBuffer: 2 ** 24 }, (error, stdout) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout });
    });
  });
  const lines = result.stdout.trim().split('\n');
  return { code: result.code, json: JSON.parse(lines.at(-1)!) as Record<string, unknown>, lines: lines.length };
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'face-cli-'));
  const models = await FaceModels.load();
  try {
    const holder = (await sourceFaces(models, ['face02'])).get('face02')!;
    frames = [];
    await mkdir(join(scratch, 'live'));
    for (const [k, canvas] of renderLiveSequence(holder, 'turn-right', Prng.of('cli-test')).entries()) {
      const file = join(scratch, 'live', `${k}.png`);
      await writeFile(file, encodePng(liveFrame(canvas), 3));
      frames.push(file);
    }
    dataset = join(scratch, 'dataset');
    await buildDataset(models, { out: dataset, identities: 2, include: { frames: true, sequences: false } });
  } finally {
    models.dispose();
  }
}, 60_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('face CLI', () => {
  it('compare: the holder turning right matches, as one JSON object on stdout', async () => {
    const { code, json, lines } = await face(['compare', join(cardFixtureDirectory, 'face02-card.jp2'), ...frames, '--challenge', 'turn-right']);
    expect(code).toBe(0);
    expect(lines).toBe(1);
    expect(json).toMatchObject({ decision: 'match', cardFaceFound: true, liveness: { challenge: 'turn-right', passed: true } });
    expect(json['distance']).toBeLessThan(json['threshold'] as number);
    expect((json['frames'] as unknown[]).length).toBe(frames.length);
  });

  it('bench: runs on a dataset folder and reports rates and pairs', async () => {
    const { code, json } = await face(['bench', '--dataset', dataset, '--roc', join(scratch, 'roc.png')]);
    expect(code).toBe(0);
    expect(json['dataset']).toMatchObject({ identities: 2, frames: 24, genuinePairs: 22, impostorPairs: 22 });
    expect(json['cards']).toMatchObject({ found: 2 });
    expect((json['headline'] as { far: number }).far).toBe(0);
    expect(json['rocImage']).toBe(join(scratch, 'roc.png'));
  });

  it('reports failures as coded JSON: a missing file, a bad dataset, a usage error', async () => {
    const missing = await face(['compare', join(scratch, 'nope.jp2'), frames[0]!]);
    expect(missing.code).toBe(1);
    expect(missing.json).toMatchObject({ error: { code: 'image-decode-failed' } });
    const bad = await face(['bench', '--dataset', join(scratch, 'live')]);
    expect(bad.code).toBe(1);
    expect(bad.json).toMatchObject({ error: { code: 'dataset-invalid' } });
    const usage = await face(['frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.json).toMatchObject({ error: { code: 'usage' } });
  });
});
