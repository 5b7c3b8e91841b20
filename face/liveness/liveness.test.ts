import { describe, expect, it } from 'vitest';
import type { Point } from '../analysis/landmarks68';
import { centroid, eyeCentres, faceWidth, yaw } from '../analysis/landmarks68';
import { checkChallenge } from './active-challenge';
import { checkLiveness } from './check-liveness';
import { fitHomography, project, residual } from './homography';
import type { FaceObservation } from './observation';
import { checkPassive } from './passive';

// A 68-point face in 3-D (face widths; x right, y down, z towards the camera), to make landmark
// sequences of a turning head and of a tilted flat picture without any image.
function face3d(): Array<{ x: number; y: number; z: number }> {
  const points: Array<{ x: number; y: number; z: number }> = [];
  for (let i = 0; i <= 16; i++) {
    const a = (Math.PI * i) / 16;
    points.push({ x: -0.5 * Math.cos(a), y: 0.62 * Math.sin(a) - 0.05, z: 0.05 + 0.25 * Math.sin(a) });
  }
  for (const side of [-1, 1]) {
    const brow = [0.4, 0.32, 0.24, 0.16, 0.08].map((x) => ({ x: side * x, y: -0.25 - 0.03 * Math.sin((x / 0.4) * Math.PI), z: 0.35 }));
    points.push(...(side === -1 ? brow : brow.reverse()));
  }
  for (let i = 0; i < 4; i++) points.push({ x: 0, y: -0.15 + 0.1 * i, z: 0.4 + 0.05 * i });
  for (let i = 0; i < 5; i++) points.push({ x: -0.1 + 0.05 * i, y: 0.2, z: 0.42 + (i === 2 ? 0.03 : 0) });
  for (const cx of [-0.2, 0.2]) {
    for (const [dx, dy] of [[-0.09, 0], [-0.03, -0.03], [0.03, -0.03], [0.09, 0], [0.03, 0.03], [-0.03, 0.03]] as const) points.push({ x: cx + dx, y: -0.08 + dy, z: 0.33 });
  }
  for (let i = 0; i < 12; i++) {
    const a = Math.PI + (2 * Math.PI * i) / 12;
    points.push({ x: 0.18 * Math.cos(a), y: 0.35 + 0.06 * Math.sin(a), z: 0.38 });
  }
  for (let i = 0; i < 8; i++) {
    const a = Math.PI + (2 * Math.PI * i) / 8;
    points.push({ x: 0.12 * Math.cos(a), y: 0.35 + 0.02 * Math.sin(a), z: 0.38 });
  }
  return points;
}

/** Pinhole projection of the face (or of a flat picture of it, `flat`) turned by `yawDeg` about its vertical axis. */
function project3d(yawDeg: number, options: { flat?: boolean; shift?: Point; jitter?: number; seed?: number } = {}): Point[] {
  const t = (yawDeg * Math.PI) / 180;
  let seed = options.seed ?? 1;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed / 2147483648 - 0.5) * 2 * (options.jitter ?? 0);
  };
  return face3d().map((p) => {
    const z = options.flat ? 0 : p.z;
    const x = p.x * Math.cos(t) + z * Math.sin(t);
    const depth = 8 - (-p.x * Math.sin(t) + z * Math.cos(t));
    const scale = (160 * 8) / depth;
    return { x: 320 + (options.shift?.x ?? 0) + x * scale + noise(), y: 240 + (options.shift?.y ?? 0) + p.y * scale + noise() };
  });
}

function observation(landmarks: Point[], k: number, eyeOpenness = 0.6): FaceObservation {
  return { capturedAtMs: k * 100, landmarks, faceWidth: faceWidth(landmarks), centre: centroid(eyeCentres(landmarks)), yaw: yaw(landmarks), eyeOpenness };
}

const turnAngles = [0, 0, 4, 9, 14, 19, 22, 24];

describe('homography fit', () => {
  it('recovers a projective map exactly and leaves a residual for a 3-D turn', () => {
    const flat = project3d(0, { flat: true });
    const tilted = project3d(25, { flat: true });
    const h = fitHomography(flat, tilted);
    expect(h).not.toBeNull();
    expect(residual(h!, flat, tilted)).toBeLessThan(1e-6);
    const p = project(h!, flat[30]!);
    expect(Math.hypot(p.x - tilted[30]!.x, p.y - tilted[30]!.y)).toBeLessThan(1e-6);
    const turned = project3d(25);
    const h3 = fitHomography(project3d(0), turned)!;
    expect(residual(h3, project3d(0), turned)).toBeGreaterThan(1);
  });
});

describe('passive checks', () => {
  it('calls a picture that never moves static', () => {
    const frames = Array.from({ length: 8 }, (_, k) => observation(project3d(0, { jitter: 0.2, seed: k + 1 }), k));
    const result = checkPassive(frames);
    expect(result.isStatic).toBe(true);
    expect(checkLiveness('blink', frames).failures).toContain('static-image');
  });

  it('calls a flat picture tilted to fake a head turn planar (no nose parallax), and a turning head not', () => {
    const tilts = [0, 0, 5, 10, 15, 20, 25, 30];
    const picture = tilts.map((a, k) => observation(project3d(a, { flat: true, jitter: 0.3, seed: k + 7 }), k));
    const head = tilts.map((a, k) => observation(project3d(a, { jitter: 0.3, seed: k + 7 }), k));
    const flat = checkPassive(picture);
    const live = checkPassive(head);
    expect(flat.deformation!).toBeGreaterThan(0.02);
    expect(flat.noseParallax!).toBeLessThan(0.01);
    expect(flat.isPlanar).toBe(true);
    expect(live.noseParallax!).toBeGreaterThan(0.05);
    expect(live.isPlanar).toBe(false);
    expect(live.isStatic).toBe(false);
    expect(checkLiveness('turn-left', picture).passed).toBe(false);
    expect(checkLiveness('turn-left', head).passed).toBe(true);
  });

  it('does not judge a face that only slides across the frame (a head and a photo look the same)', () => {
    const sliding = Array.from({ length: 8 }, (_, k) => observation(project3d(0, { shift: { x: 20 * k, y: 3 * k }, jitter: 0.3, seed: k + 3 }), k));
    const result = checkPassive(sliding);
    expect(result.motion!).toBeGreaterThan(0.3);
    expect(result.isPlanar).toBe(false);
    expect(result.trackBroken).toBe(false);
  });

  it('notices a different face swapped in mid-sequence', () => {
    const frames = Array.from({ length: 8 }, (_, k) => observation(project3d(0, { shift: { x: k === 5 ? 200 : 0, y: 0 }, jitter: 0.5, seed: k }), k));
    expect(checkPassive(frames).trackBroken).toBe(true);
    expect(checkLiveness('blink', frames).failures).toContain('identity-changed');
  });
});

describe('active challenges', () => {
  const still = (openness: number[]) => openness.map((o, k) => observation(project3d(0, { jitter: 0.6, seed: k + 11 }), k, o));

  it('sees a blink as open, closed, open again', () => {
    const blink = checkChallenge('blink', still([0.6, 0.62, 0.6, 0.3, 0.12, 0.35, 0.6, 0.61]));
    expect(blink.performed).toBe(true);
    expect(blink.eyeClosureRatio!).toBeLessThan(0.3);
    expect(checkChallenge('blink', still([0.6, 0.61, 0.6, 0.59, 0.6, 0.62, 0.6, 0.61])).performed).toBe(false);
    // Eyes that close and stay closed are not a blink.
    expect(checkChallenge('blink', still([0.6, 0.6, 0.3, 0.1, 0.1, 0.1, 0.1, 0.1])).performed).toBe(false);
  });

  it('sees a turn only in the asked direction, and not in a jittering still', () => {
    const left = turnAngles.map((a, k) => observation(project3d(a), k));
    const right = turnAngles.map((a, k) => observation(project3d(-a), k));
    expect(checkChallenge('turn-left', left).performed).toBe(true);
    expect(checkChallenge('turn-right', left).performed).toBe(false);
    expect(checkChallenge('turn-right', right).performed).toBe(true);
    expect(checkChallenge('turn-left', right).performed).toBe(false);
    const jitter = [0, 6, -5, 7, -6, 8, 9, -7].map((a, k) => observation(project3d(a), k));
    expect(checkChallenge('turn-left', jitter).performed).toBe(false);
  });

  it('passes a live turning head on every check, and needs enough frames', () => {
    const head = turnAngles.map((a, k) => observation(project3d(a, { jitter: 0.3, seed: k + 5 }), k));
    const report = checkLiveness('turn-left', head);
    expect(report.failures).toEqual([]);
    expect(report.passed).toBe(true);
    expect(checkLiveness('turn-left', head.slice(0, 3)).failures).toEqual(['too-few-frames']);
  });
});
