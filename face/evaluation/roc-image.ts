import type { GrayImage } from '../image/raster';
import type { ErrorRates } from './metrics';

// The benchmark figure, as a grey raster ready for PNG: on the left the ROC curve (true accept rate
// against false accept rate, FAR on a log axis from 1e-4 to 1, where the operating point lives), on
// the right the genuine and impostor distance histograms with the threshold (the ROC of separable
// data is a corner; the histograms show the margin). A 5×7 pixel font labels it; no plotting library.

export interface DistanceHistogram {
  readonly binWidth: number;
  readonly genuine: readonly number[];
  readonly impostor: readonly number[];
}

const width = 920;
const height = 520;
const glyphs: Record<string, string> = {
  '0': '01110100011001110101110011000101110', '1': '00100011000010000100001000010001110', '2': '01110100010000100010001000100011111',
  '3': '11110000010000101110000010000111110', '4': '00010001100101010010111110001000010', '5': '11111100001111000001000011000101110',
  '6': '00110010001000011110100011000101110', '7': '11111000010001000100010000100001000', '8': '01110100011000101110100011000101110',
  '9': '01110100011000101111000010001001100', '.': '00000000000000000000000000110001100', '-': '00000000000000011111000000000000000',
  '=': '00000000001111100000111110000000000', '%': '11001110010001000100010001001110011', '(': '00010001000100001000010000010000010',
  ')': '01000001000001000010000100010001000', ' ': '00000000000000000000000000000000000', ':': '00000011000110000000011000110000000',
  A: '01110100011000111111100011000110001', B: '11110100011000111110100011000111110', C: '01110100011000010000100001000101110',
  D: '11110100011000110001100011000111110', E: '11111100001000011110100001000011111', F: '11111100001000011110100001000010000',
  G: '01110100011000010111100011000101111', H: '10001100011000111111100011000110001', I: '01110001000010000100001000010001110',
  K: '10001100101010011000101001001010001', L: '10000100001000010000100001000011111', M: '10001110111010110001100011000110001',
  N: '10001110011010110011100011000110001', O: '01110100011000110001100011000101110', P: '11110100011000111110100001000010000',
  R: '11110100011000111110101001001010001', S: '01111100001000001110000010000111110', T: '11111001000010000100001000010000100',
  U: '10001100011000110001100011000101110', V: '10001100011000110001100010101000100', W: '10001100011000110101101011101110001',
  Y: '10001100010101000100001000010000100',
};

export function drawBenchmarkFigure(points: readonly ErrorRates[], operating: ErrorRates, histogram: DistanceHistogram, title: string): GrayImage {
  const image = { width, height, data: new Uint8Array(width * height).fill(255) };
  text(image, title, 60, 8);
  drawRoc(image, points, operating, { x: 60, y: 40, w: 400, h: 420 });
  drawHistogram(image, histogram, operating.threshold, { x: 540, y: 40, w: 360, h: 420 });
  return image;
}

function drawRoc(image: GrayImage, points: readonly ErrorRates[], operating: ErrorRates, box: Box): void {
  const minLog = -4;
  const toX = (far: number) => box.x + ((Math.max(minLog, Math.log10(Math.max(far, 1e-9))) - minLog) / -minLog) * box.w;
  const toY = (tar: number) => box.y + (1 - tar) * box.h;
  for (let d = minLog; d <= 0; d++) line(image, toX(10 ** d), box.y, toX(10 ** d), box.y + box.h, 215);
  for (let t = 0; t <= 10; t++) line(image, box.x, toY(t / 10), box.x + box.w, toY(t / 10), 215);
  frame(image, box);
  for (let d = minLog; d <= 0; d++) text(image, d === 0 ? '1' : `1E${d}`, toX(10 ** d) - 10, box.y + box.h + 8);
  for (let t = 0; t <= 10; t += 2) text(image, (t / 10).toFixed(1), box.x - 26, toY(t / 10) - 3);
  text(image, 'FAR (LOG)', box.x + box.w / 2 - 24, box.y + box.h + 24);
  text(image, 'TAR', box.x - 26, box.y - 16);
  const sorted = [...points].sort((a, b) => a.threshold - b.threshold);
  let previous: { x: number; y: number } | null = null;
  for (const p of sorted) {
    const current = { x: toX(p.far), y: toY(1 - p.frr) };
    if (previous) {
      line(image, previous.x, previous.y, current.x, previous.y, 0, 2);
      line(image, current.x, previous.y, current.x, current.y, 0, 2);
    }
    previous = current;
  }
  const ox = toX(operating.far);
  const oy = toY(1 - operating.frr);
  frame(image, { x: ox - 6, y: oy - 6, w: 12, h: 12 }, 2);
  text(image, `THRESHOLD ${operating.threshold.toFixed(2)}: FAR ${(100 * operating.far).toFixed(2)}% FRR ${(100 * operating.frr).toFixed(2)}%`, box.x + 20, box.y + 30);
}

function drawHistogram(image: GrayImage, histogram: DistanceHistogram, threshold: number, box: Box): void {
  const bins = Math.max(histogram.genuine.length, histogram.impostor.length);
  const maxDistance = bins * histogram.binWidth;
  const share = (counts: readonly number[]) => {
    const total = counts.reduce((a, b) => a + b, 0) || 1;
    return counts.map((c) => c / total);
  };
  const genuine = share(histogram.genuine);
  const impostor = share(histogram.impostor);
  const top = Math.max(...genuine, ...impostor, 1e-9);
  const toX = (d: number) => box.x + (d / maxDistance) * box.w;
  const toY = (s: number) => box.y + box.h - (s / top) * box.h;
  for (let k = 0; k < bins; k++) {
    const x0 = toX(k * histogram.binWidth);
    const x1 = toX((k + 1) * histogram.binWidth) - 1;
    fill(image, x0, toY(impostor[k] ?? 0), x1, box.y + box.h, 190);
  }
  for (let k = 0; k < bins; k++) {
    const x0 = toX(k * histogram.binWidth);
    const x1 = toX((k + 1) * histogram.binWidth) - 1;
    fill(image, x0 + 1, toY(genuine[k] ?? 0), x1 - 1, box.y + box.h, 60);
  }
  frame(image, box);
  for (let d = 0; d <= maxDistance + 1e-9; d += 0.2) text(image, d.toFixed(1), toX(d) - 8, box.y + box.h + 8);
  text(image, 'DESCRIPTOR DISTANCE', box.x + box.w / 2 - 56, box.y + box.h + 24);
  for (let y = box.y; y < box.y + box.h; y += 6) line(image, toX(threshold), y, toX(threshold), y + 3, 0, 2);
  fill(image, box.x + 12, box.y + 12, box.x + 24, box.y + 20, 60);
  text(image, 'GENUINE', box.x + 30, box.y + 13);
  fill(image, box.x + 12, box.y + 28, box.x + 24, box.y + 36, 190);
  text(image, 'IMPOSTOR', box.x + 30, box.y + 29);
  text(image, 'THRESHOLD', toX(threshold) + 4, box.y + 50);
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

function frame(image: GrayImage, box: Box, widthPx = 1): void {
  line(image, box.x, box.y, box.x + box.w, box.y, 0, widthPx);
  line(image, box.x + box.w, box.y, box.x + box.w, box.y + box.h, 0, widthPx);
  line(image, box.x, box.y + box.h, box.x + box.w, box.y + box.h, 0, widthPx);
  line(image, box.x, box.y, box.x, box.y + box.h, 0, widthPx);
}

function fill(image: GrayImage, x0: number, y0: number, x1: number, y1: number, value: number): void {
  for (let y = Math.round(y0); y <= Math.round(y1); y++) for (let x = Math.round(x0); x <= Math.round(x1); x++) setPixel(image, x, y, value);
}

function line(image: GrayImage, x0: number, y0: number, x1: number, y1: number, value: number, widthPx = 1): void {
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
  for (let s = 0; s <= steps; s++) {
    const x = x0 + ((x1 - x0) * s) / steps;
    const y = y0 + ((y1 - y0) * s) / steps;
    for (let dx = 0; dx < widthPx; dx++) for (let dy = 0; dy < widthPx; dy++) setPixel(image, Math.round(x) + dx, Math.round(y) + dy, value);
  }
}

function text(image: GrayImage, value: string, x: number, y: number): void {
  let cursor = Math.round(x);
  for (const char of value.toUpperCase()) {
    const glyph = glyphs[char] ?? glyphs[' ']!;
    for (let i = 0; i < 35; i++) if (glyph[i] === '1') setPixel(image, cursor + (i % 5), Math.round(y) + Math.floor(i / 5), 0);
    cursor += 6;
  }
}

function setPixel(image: GrayImage, x: number, y: number, value: number): void {
  if (x >= 0 && y >= 0 && x < image.width && y < image.height) image.data[y * image.width + x] = value;
}
