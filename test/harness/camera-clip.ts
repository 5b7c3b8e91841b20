import { spawn } from 'node:child_process';
import type { LivenessChallenge } from '../../flow/ports/face-verifier';
import { Prng } from '../../bench/face/synth/prng';
import type { SourceFace } from '../../bench/face/synth/source-faces';
import { canvasOf, toRgb, type Canvas } from '../../bench/face/synth/canvas';
import { renderLiveSequence } from '../../bench/face/synth/variants';

/** Frames a second of every clip; the kiosk samples at most this many, so no frame of a performance is skipped. */
export const CLIP_FRAME_RATE = 10;

/**
 * Writes canvases as a .y4m clip for Chromium's fake camera (`--use-file-for-fake-video-capture`).
 * Chromium reopens the file, from its first frame, every time the page turns the camera on.
 */
export function writeY4mClip(path: string, frames: readonly Canvas[], frameRate = CLIP_FRAME_RATE): Promise<void> {
  const first = frames[0];
  if (first === undefined) return Promise.reject(new Error('a clip needs at least one frame'));
  const { width, height } = first;
  const args = ['-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', String(frameRate), '-i', '-', '-pix_fmt', 'yuv420p', path];
  return new Promise((resolve, reject) => {
    const ffmpeg = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    ffmpeg.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    ffmpeg.on('error', (error) => reject(new Error(`ffmpeg could not start (is Debian's ffmpeg installed?): ${error.message}`)));
    ffmpeg.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg could not write ${path}: ${stderr}`))));
    for (const frame of frames) ffmpeg.stdin.write(Buffer.from(toRgb(frame).data));
    ffmpeg.stdin.end();
  });
}

/**
 * A person at the kiosk performing `challenge`: the live sequence from its first (frontal, eyes open)
 * frame, then the same performance again so a late first frame still finds one.
 */
export function challengeClipFrames(face: SourceFace, challenge: LivenessChallenge, seed: string): Canvas[] {
  const performance = renderLiveSequence(face, challenge, Prng.of(seed, challenge));
  return [...performance, ...performance];
}

/** An empty scene: a plain wall, nobody before the camera. */
export function emptySceneFrames(width: number, height: number, frames = 8): Canvas[] {
  return Array.from({ length: frames }, () => canvasOf(width, height, [196, 190, 178]));
}
