import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoCamera } from './demo-camera';

const dirs: string[] = [];

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function cameraWithClips(scenes: readonly string[]): Promise<DemoCamera> {
  const dir = await mkdtemp(join(tmpdir(), 'oqs-demo-camera-'));
  dirs.push(dir);
  await mkdir(join(dir, 'clips'));
  // Each clip big enough that two copies overlap in time.
  for (const scene of scenes) await writeFile(join(dir, 'clips', `${scene}.y4m`), scene.repeat(256 * 1024));
  return DemoCamera.open(dir);
}

describe('the demo camera', () => {
  it('takes scene changes that overlap (two panel clicks at once) and plays the scene it says it shows', async () => {
    const camera = await cameraWithClips(['nobody', 'face01', 'face02']);
    for (let round = 0; round < 5; round++) {
      await expect(Promise.all([camera.show('face01'), camera.show('face02'), camera.show('nobody')])).resolves.toEqual([true, true, true]);
      const playing = await readFile(camera.clipFile, 'utf8');
      expect(playing).toBe(camera.showing.repeat(256 * 1024));
    }
  });

  it('refuses a scene it has no clip for, and a name that is not a scene', async () => {
    const camera = await cameraWithClips(['nobody']);
    expect(await camera.show('face09')).toBe(false);
    expect(await camera.show('../nobody')).toBe(false);
    expect(camera.showing).toBe('nobody');
  });
});
