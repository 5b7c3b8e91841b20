import { describe, expect, it } from 'vitest';
import type { EyeBand } from '../analysis/eye-band';
import { eyeBandColumns, eyeBandGeometry, eyeBandRows } from '../analysis/eye-band';
import type { Point } from '../analysis/landmarks68';
import { centroid, eyeCentres, faceWidth, yaw } from '../analysis/landmarks68';
import { challengeThresholds, checkChallenge } from './active-challenge';
import { assessLiveness, checkLiveness } from './check-liveness';
import { eyeChange } from './eye-change';
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

function observation(landmarks: Point[], k: number, eyeOpenness = 0.6, eyeBand: EyeBand | null = null): FaceObservation {
  return { capturedAtMs: k * 100, landmarks, faceWidth: faceWidth(landmarks), centre: centroid(eyeCentres(landmarks)), yaw: yaw(landmarks), eyeOpenness, eyeBand };
}

/**
 * An eye band drawn from shapes (the layout of face/analysis/eye-band.ts, in eye distances): skin,
 * brows, each eye a pale almond with a dark iris, lids that come down by `closure` (0 open, 1 shut,
 * a lash line at the lid's edge), seen `shift` samples off (landmark jitter, a moved picture), with
 * noise and a brightness change.
 */
function drawBand(options: { closure?: number; shift?: Point; seed?: number; noise?: number; gain?: number } = {}): EyeBand {
  const { halfWidth, top } = eyeBandGeometry;
  const step = (2 * halfWidth) / eyeBandColumns;
  let seed = options.seed ?? 1;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed / 2147483648 - 0.5) * 2 * (options.noise ?? 2);
  };
  const closure = options.closure ?? 0;
  const values = new Float32Array(eyeBandColumns * eyeBandRows);
  const shade = (u: number, v: number): number => {
    const eu = Math.abs(u) - 0.5;
    const almond = (eu / 0.2) ** 2 + (v / 0.08) ** 2;
    if (almond < 1) {
      const lid = -0.08 + 0.16 * closure;
      if (v < lid) return 150; // lid skin
      if (Math.abs(v - lid) < 0.02 && closure > 0.3) return 40; // lashes
      return Math.hypot(eu, v) < 0.07 ? 45 : 215; // iris, white
    }
    if (Math.abs(v + 0.28 + 0.9 * eu * eu) < 0.045 && Math.abs(eu) < 0.22) return 80; // brow
    return 170 + 10 * v;
  };
  // Each sample averages a 4 × 4 grid inside its cell, as a camera pixel would.
  for (let r = 0; r < eyeBandRows; r++) {
    for (let c = 0; c < eyeBandColumns; c++) {
      let sum = 0;
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          const u = -halfWidth + step * (c + (i + 0.5) / 4 + (options.shift?.x ?? 0));
          const v = top + step * (r + (j + 0.5) / 4 + (options.shift?.y ?? 0));
          sum += shade(u, v);
        }
      }
      values[r * eyeBandColumns + c] = (options.gain ?? 1) * (sum / 16) + noise();
    }
  }
  return { columns: eyeBandColumns, rows: eyeBandRows, values };
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

describe('the blink\'s own check: the eyes change, nothing around them', () => {
  const jitter = (k: number) => ({ x: [0, 0.6, -0.9, 1.4, -0.4, 0.8, -1.3, 0.3][k]!, y: [0, -0.5, 0.7, 0.2, -1.1, 0.9, 0.4, -0.7][k]! });

  it('sees closed lids, and not a picture moved about or relit', () => {
    const open = drawBand({ seed: 3 });
    const shut = eyeChange(open, drawBand({ closure: 1, shift: { x: 0.7, y: -0.4 }, seed: 4 }));
    expect(shut.eyes).toBeGreaterThan(challengeThresholds.minEyeChange);
    expect(shut.eyes).toBeGreaterThan(challengeThresholds.minEyeChangeOverRest * shut.rest);
    for (let k = 1; k < 8; k++) {
      const moved = eyeChange(open, drawBand({ shift: jitter(k), seed: 10 + k, gain: 0.9 + 0.03 * k }));
      expect(moved.eyes, `shift ${JSON.stringify(jitter(k))}`).toBeLessThan(challengeThresholds.minEyeChange * 0.6);
    }
  });

  it('passes a blink only when the eye bands show it, whatever the eye measure says', () => {
    const openness = [0.6, 0.62, 0.6, 0.3, 0.12, 0.35, 0.6, 0.61];
    const closure = [0, 0, 0, 0.55, 1, 0.5, 0, 0];
    const head = (bands: (k: number) => EyeBand) => openness.map((o, k) => observation(project3d(0, { shift: { x: 2 * k, y: k }, jitter: 0.3, seed: k + 21 }), k, o, bands(k)));
    const live = assessLiveness('blink', head((k) => drawBand({ closure: closure[k]!, shift: jitter(k), seed: k + 1 })));
    expect(live.report.failures).toEqual([]);
    expect(live.notFlat).toBe(true);
    // A moved picture whose eye measure dips for one frame (what a resampled print can do): the
    // bands show the same eyes throughout.
    const picture = assessLiveness('blink', head((k) => drawBand({ shift: jitter(k), seed: k + 1 })));
    expect(picture.active!.performed).toBe(true);
    expect(picture.notFlat).toBe(false);
    expect(picture.report.failures).toEqual(['planar-motion']);
    expect(picture.report.passed).toBe(false);
    // Without eye bands (a face too small to sample) a blink cannot be shown.
    expect(checkLiveness('blink', head(() => null as unknown as EyeBand)).passed).toBe(false);
  });
});

describe('the turn\'s own check: the nose leaves the plane towards the turned side', () => {
  it('passes a turning head, in the asked direction only, and not a tilted picture', () => {
    const head = turnAngles.map((a, k) => observation(project3d(a, { jitter: 0.3, seed: k + 5 }), k));
    const turned = assessLiveness('turn-left', head);
    expect(turned.passive!.endParallax!).toBeGreaterThan(0.03);
    expect(turned.notFlat).toBe(true);
    const right = assessLiveness('turn-right', turnAngles.map((a, k) => observation(project3d(-a, { jitter: 0.3, seed: k + 5 }), k)));
    expect(right.passive!.endParallax!).toBeLessThan(-0.03);
    expect(right.report.passed).toBe(true);
    // A flat picture tilted the same way: whatever its landmarks make of the turn, the nose stays in its plane.
    const tilted = turnAngles.map((a, k) => observation(project3d(a, { flat: true, shift: { x: 3 * k, y: 0 }, jitter: 0.3, seed: k + 5 }), k));
    const flat = assessLiveness('turn-left', tilted);
    expect(Math.abs(flat.passive!.endParallax!)).toBeLessThan(0.01);
    expect(flat.notFlat).toBe(false);
    expect(flat.report.passed).toBe(false);
    const wrongWay = assessLiveness('turn-right', head);
    expect(wrongWay.report.passed).toBe(false);
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
