// A head turn that is not a flat picture turning: the face is modelled as a smooth ellipsoidal
// depth map with a nose ridge, and each point moves sideways (yaw) or vertically (pitch) in proportion
// to its depth. The nose therefore moves more than the cheeks and jaw (parallax), which a tilted photo
// cannot do. It is an approximation for synthetic sequences, not a renderer.
import type { Landmarks68, Point } from '../../../face/analysis/landmarks68';
import { at, faceWidth } from '../../../face/analysis/landmarks68';
import type { Canvas } from './canvas';
import { warpCanvas } from './canvas';

export interface HeadModel {
  readonly depth: (x: number, y: number) => number;
  /** Where depth is non-zero (pixels outside do not move). */
  readonly bounds: { x0: number; y0: number; x1: number; y1: number };
}

export function headModel(landmarks: Landmarks68): HeadModel {
  const width = faceWidth(landmarks);
  const browY = (at(landmarks, 19).y + at(landmarks, 24).y) / 2;
  const chin = at(landmarks, 8);
  const cx = (at(landmarks, 0).x + at(landmarks, 16).x) / 2;
  const cy = (browY + chin.y) / 2 - (chin.y - browY) * 0.1;
  const ax = width * 0.62;
  const ay = (chin.y - browY) * 0.85;
  const zMax = width * 0.42;
  const tip = at(landmarks, 30);
  const bridge = at(landmarks, 27);
  const noseHeight = width * 0.16;
  const sx = width * 0.09;
  const noseLength = Math.max(1, tip.y - bridge.y);
  return {
    bounds: { x0: cx - ax, y0: Math.min(cy - ay, bridge.y), x1: cx + ax, y1: cy + ay },
    depth: (x, y) => {
      const r2 = ((x - cx) / ax) ** 2 + ((y - cy) / ay) ** 2;
      const head = r2 < 1 ? zMax * (1 - r2) ** 1.5 : 0;
      // Nose ridge: highest at the tip, fading up the bridge and quickly below the tip.
      const along = (y - bridge.y) / noseLength;
      const ridge = along < -0.1 || along > 1.35 ? 0 : Math.min(1, Math.max(0, along + 0.1)) * (along > 1 ? Math.max(0, 1 - (along - 1) / 0.35) : 1);
      const nose = noseHeight * ridge * Math.exp(-((x - tip.x) ** 2) / (2 * sx * sx));
      return head + nose;
    },
  };
}

/** Where a point of the frontal image lands after turning by (yaw, pitch) radians. */
export function movePoint(model: HeadModel, p: Point, yawRad: number, pitchRad: number): Point {
  const z = model.depth(p.x, p.y);
  return { x: p.x + z * Math.sin(yawRad), y: p.y + z * Math.sin(pitchRad) };
}

/**
 * Turns the head: positive yaw moves the nose to the image's right (the subject turns to their own
 * left); positive pitch moves it down.
 */
export function turnHead(canvas: Canvas, model: HeadModel, yawRad: number, pitchRad: number): Canvas {
  if (yawRad === 0 && pitchRad === 0) return canvas;
  const sy = Math.sin(yawRad);
  const sp = Math.sin(pitchRad);
  // Points move by at most the largest depth, so pixels further than that from the head stay put.
  const reach = Math.abs(sy) + Math.abs(sp);
  const margin = (model.bounds.x1 - model.bounds.x0) * 0.7 * reach + 2;
  const { x0, y0, x1, y1 } = model.bounds;
  return warpCanvas(canvas, canvas.width, canvas.height, (x, y) => {
    if (x < x0 - margin || x > x1 + margin || y < y0 - margin || y > y1 + margin) return null;
    // Invert p' = p + z(p)·(sin yaw, sin pitch) by fixed-point iteration from p = p'.
    let px = x;
    let py = y;
    for (let k = 0; k < 6; k++) {
      const z = model.depth(px, py);
      px = x - z * sy;
      py = y - z * sp;
    }
    return { x: px, y: py, alpha: 1 };
  }, canvas);
}
