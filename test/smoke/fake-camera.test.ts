import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness/chromium';
import { makeY4m } from '../harness/media';
import { servePages, type PageServer } from '../harness/page-server';
import { makeTempDir, type TempDir } from '../harness/temp-dir';

// The page opens the camera, waits for real decoded frames, and reports their size and mean colour.
const CAMERA_PAGE = `<!doctype html><meta charset="utf-8"><title>camera</title>
<video id="camera" muted playsinline></video>
<script>
window.readFrames = async (wanted) => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  const video = document.getElementById('camera');
  video.srcObject = stream;
  await video.play();
  let frames = 0;
  await new Promise((done) => {
    const onFrame = () => { frames += 1; if (frames >= wanted) done(); else video.requestVideoFrameCallback(onFrame); };
    video.requestVideoFrameCallback(onFrame);
  });
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d');
  context.drawImage(video, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const mean = [0, 0, 0];
  for (let i = 0; i < pixels.length; i += 4) { mean[0] += pixels[i]; mean[1] += pixels[i + 1]; mean[2] += pixels[i + 2]; }
  const count = pixels.length / 4;
  stream.getTracks().forEach((track) => track.stop());
  return { frames, width: canvas.width, height: canvas.height, mean: mean.map((sum) => sum / count) };
};
</script>`;

const WIDTH = 320;
const HEIGHT = 240;

let temp: TempDir;
let server: PageServer;
let browser: Browser;

beforeAll(async () => {
  temp = await makeTempDir();
  const clip = join(temp.path, 'camera.y4m');
  // Pure red: nothing but this file can give the page red frames of exactly this size.
  await makeY4m(clip, { width: WIDTH, height: HEIGHT, frames: 30, colour: 'red' });
  server = await servePages({ '/camera.html': CAMERA_PAGE });
  browser = await launchChromium({ fakeCamera: clip });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await temp?.remove();
});

describe('Chromium with the fake camera', () => {
  it('yields getUserMedia frames from the .y4m file made by ffmpeg', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/camera.html`);
    // The callback runs in the page, where the script above defined readFrames.
    const result = await page.evaluate(() => (globalThis as unknown as CameraPage).readFrames(5));
    expect(result.frames).toBeGreaterThanOrEqual(5);
    expect([result.width, result.height]).toEqual([WIDTH, HEIGHT]);
    const [red, green, blue] = result.mean;
    expect(red).toBeGreaterThan(200);
    expect(green).toBeLessThan(60);
    expect(blue).toBeLessThan(60);
    await page.close();
  });
});

interface CameraPage {
  readFrames(wanted: number): Promise<FrameReport>;
}

interface FrameReport {
  frames: number;
  width: number;
  height: number;
  mean: [number, number, number];
}
