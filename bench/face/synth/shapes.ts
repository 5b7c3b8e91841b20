// Soft-edged coverage functions (0–1 per pixel) for painting synthetic occlusions.
import type { Point } from '../../../face/analysis/landmarks68';

function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

function insidePolygon(p: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Polygon with an anti-aliased edge `feather` pixels wide. */
export function polygonCoverage(polygon: readonly Point[], feather = 1.5): (x: number, y: number) => number {
  return (x, y) => {
    const p = { x, y };
    let edge = Infinity;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) edge = Math.min(edge, segmentDistance(p, polygon[j]!, polygon[i]!));
    const signed = insidePolygon(p, polygon) ? edge : -edge;
    return Math.max(0, Math.min(1, 0.5 + signed / feather));
  };
}

/** Filled ellipse with a soft edge. */
export function ellipseCoverage(centre: Point, rx: number, ry: number, feather = 1.5): (x: number, y: number) => number {
  return (x, y) => {
    const r = Math.hypot((x - centre.x) / rx, (y - centre.y) / ry);
    const edge = (1 - r) * Math.min(rx, ry);
    return Math.max(0, Math.min(1, 0.5 + edge / feather));
  };
}

/** Elliptical ring (a spectacle rim) of the given stroke width. */
export function ringCoverage(centre: Point, rx: number, ry: number, stroke: number): (x: number, y: number) => number {
  return (x, y) => {
    const r = Math.hypot((x - centre.x) / rx, (y - centre.y) / ry);
    const distanceToRing = Math.abs(r - 1) * Math.min(rx, ry);
    return Math.max(0, Math.min(1, 0.5 + (stroke / 2 - distanceToRing)));
  };
}

/** A thick line segment. */
export function lineCoverage(a: Point, b: Point, stroke: number): (x: number, y: number) => number {
  return (x, y) => Math.max(0, Math.min(1, 0.5 + (stroke / 2 - segmentDistance({ x, y }, a, b))));
}

export function union(...parts: Array<(x: number, y: number) => number>): (x: number, y: number) => number {
  return (x, y) => {
    let value = 0;
    for (const part of parts) value = Math.max(value, part(x, y));
    return value;
  };
}
