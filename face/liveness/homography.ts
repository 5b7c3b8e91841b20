import type { Point } from '../analysis/landmarks68';

/** 3×3 projective transform, row-major, h[8] = 1. */
export type Homography = readonly number[];

/**
 * Least-squares homography mapping `from[i]` to `to[i]` (normalised DLT with h33 = 1). Needs at least
 * four points in general position; returns null when the system is singular.
 */
export function fitHomography(from: readonly Point[], to: readonly Point[]): Homography | null {
  if (from.length !== to.length || from.length < 4) return null;
  const nf = normaliser(from);
  const nt = normaliser(to);
  const a = from.map((p) => nf.apply(p));
  const b = to.map((p) => nt.apply(p));
  // Normal equations AᵀA h = Aᵀc for the 8 unknowns.
  const ata = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
  const atc = new Array<number>(8).fill(0);
  const addRow = (row: number[], c: number) => {
    for (let i = 0; i < 8; i++) {
      atc[i]! += row[i]! * c;
      for (let j = 0; j < 8; j++) ata[i]![j]! += row[i]! * row[j]!;
    }
  };
  for (let i = 0; i < a.length; i++) {
    const { x, y } = a[i]!;
    const { x: u, y: v } = b[i]!;
    addRow([x, y, 1, 0, 0, 0, -u * x, -u * y], u);
    addRow([0, 0, 0, x, y, 1, -v * x, -v * y], v);
  }
  const h = solve(ata, atc);
  if (!h) return null;
  const normalised = [...h, 1];
  // Undo the normalisations: H = Tt⁻¹ · Hn · Tf.
  return multiply(multiply(nt.inverse, normalised), nf.matrix);
}

export function project(h: Homography, p: Point): Point {
  const w = h[6]! * p.x + h[7]! * p.y + h[8]!;
  return { x: (h[0]! * p.x + h[1]! * p.y + h[2]!) / w, y: (h[3]! * p.x + h[4]! * p.y + h[5]!) / w };
}

/** Root-mean-square distance between projected `from` points and `to`. */
export function residual(h: Homography, from: readonly Point[], to: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < from.length; i++) {
    const p = project(h, from[i]!);
    sum += (p.x - to[i]!.x) ** 2 + (p.y - to[i]!.y) ** 2;
  }
  return Math.sqrt(sum / from.length);
}

/** Hartley normalisation: centroid to the origin, mean distance √2. */
function normaliser(points: readonly Point[]) {
  let cx = 0;
  let cy = 0;
  for (const p of points) {
    cx += p.x;
    cy += p.y;
  }
  cx /= points.length;
  cy /= points.length;
  let spread = 0;
  for (const p of points) spread += Math.hypot(p.x - cx, p.y - cy);
  const s = spread > 0 ? (Math.SQRT2 * points.length) / spread : 1;
  return {
    apply: (p: Point): Point => ({ x: (p.x - cx) * s, y: (p.y - cy) * s }),
    matrix: [s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1],
    inverse: [1 / s, 0, cx, 0, 1 / s, cy, 0, 0, 1],
  };
}

function multiply(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[r * 3 + c]! += a[r * 3 + k]! * b[k * 3 + c]!;
  const scale = out[8]!;
  return scale === 0 ? out : out.map((v) => v / scale);
}

/** Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], vector: number[]): number[] | null {
  const n = vector.length;
  const m = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
