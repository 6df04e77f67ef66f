/**
 * The key image beside the number: the axial slice of the image with the largest ROI area, its
 * grey levels mapped to 0–255 the way a radiology viewer first shows a series, the ROI's outline
 * drawn in colour. Pure: returns RGBA pixels for a canvas (ImageData), so it runs in Vitest
 * without a DOM.
 *
 * Window (grey mapping), in this order:
 * 1. the series' own VOI window — Window Center / Width (0028,1050 / 0028,1051) with its VOI LUT
 *    Function (0028,1056), read by `seriesHeader.ts` — applied to the rescaled values exactly as
 *    DICOM PS3.3 C.11.2.1.2 says (LINEAR, LINEAR_EXACT, SIGMOID). Not used when it leaves the
 *    tumour neighbourhood (below) almost flat (≥ 90 % of its pixels at 0 or 255), nor when the
 *    caller passes none (no window in the header, or grey levels changed after reading, as the
 *    ultrasound standardisation does);
 * 2. otherwise a robust percentile window of the tumour neighbourhood: the 1st–99th percentile of
 *    the slice's pixels in the ROI's bounding box widened by its larger side on every side (the
 *    tumour and the tissue around it), linear in between.
 *
 * The former window (the ROI's own 1st–99th percentile, widened by half its width) put an
 * enhancing tumour's darkest voxels near black and everything around it (fat-suppressed tissue,
 * a few hundred units below the tumour) at 0: on the demo study 94 % of the slice was black.
 *
 * Outline: an ROI voxel with at least one 4-neighbour outside the ROI (or at the slice edge).
 */
import type { Mask, Volume } from '../geometry/volume.ts';

export interface KeyImage {
  width: number;
  height: number;
  /** slice index k (0-based) */
  slice: number;
  /** ROI voxels on that slice */
  area: number;
  /** RGBA, row-major, width × height × 4 */
  rgba: Uint8ClampedArray;
  /** physical pixel size (mm) along x and y, for the aspect ratio */
  spacing: [number, number];
  /** The window used: the values shown as black (`lower`) and white (`upper`), and where it came from. */
  window: { lower: number; upper: number; source: 'dicom' | 'percentile'; fn: VoiFunction };
  /** The tumour neighbourhood on the slice (inclusive pixel bounds x0, y0, x1, y1). */
  neighbourhood: [number, number, number, number];
}

export type VoiFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

/** A series' VOI window (DICOM Window Center / Width, on the rescaled values). */
export interface DisplayWindow {
  center: number;
  width: number;
  fn: VoiFunction;
}

export const OUTLINE_RGB: [number, number, number] = [255, 64, 64];

/** Fraction of the neighbourhood at 0 or 255 above which the series' window is not used. */
export const FLAT_LIMIT = 0.9;

/** The grey mapping x → 0…255 of a DICOM VOI window (PS3.3 C.11.2.1.2.1 / .2 / .3.2), unrounded. */
export function voiGrey(w: DisplayWindow): (x: number) => number {
  const { center: c, width } = w;
  if (w.fn === 'SIGMOID') return (x) => 255 / (1 + Math.exp((-4 * (x - c)) / width));
  if (w.fn === 'LINEAR_EXACT') return (x) => (x <= c - width / 2 ? 0 : x > c + width / 2 ? 255 : ((x - c) / width + 0.5) * 255);
  const ww = Math.max(width, 1);
  return (x) => (x <= c - 0.5 - (ww - 1) / 2 ? 0 : x > c - 0.5 + (ww - 1) / 2 ? 255 : ((x - (c - 0.5)) / (ww - 1) + 0.5) * 255);
}

/** The values a window maps to 0 and 255 (where its linear part starts and ends). */
function windowBounds(w: DisplayWindow): [number, number] {
  if (w.fn === 'LINEAR') { const ww = Math.max(w.width, 1); return [w.center - 0.5 - (ww - 1) / 2, w.center - 0.5 + (ww - 1) / 2]; }
  return [w.center - w.width / 2, w.center + w.width / 2];
}

export interface KeyImageOptions {
  /** The series' VOI window (from the key slice's header); null / absent: percentile window. */
  window?: DisplayWindow | null;
}

export function keyImage(image: Volume, mask: Mask, label = 1, opts: KeyImageOptions = {}): KeyImage {
  const [nx, ny, nz] = image.size;
  if (mask.size[0] !== nx || mask.size[1] !== ny || mask.size[2] !== nz) throw new Error(`key image: the mask (${mask.size.join('×')}) is not on the image grid (${image.size.join('×')})`);
  const plane = nx * ny;
  let best = -1;
  let bestArea = 0;
  for (let k = 0; k < nz; k++) {
    let a = 0;
    for (let i = k * plane; i < (k + 1) * plane; i++) if (mask.data[i] === label) a++;
    if (a > bestArea) { bestArea = a; best = k; }
  }
  if (best < 0) throw new Error('key image: the ROI is empty');
  const off = best * plane;

  // tumour neighbourhood: the ROI's bounding box on the slice, widened by its larger side
  let bx0 = nx, by0 = ny, bx1 = -1, by1 = -1;
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    if (mask.data[off + y * nx + x] !== label) continue;
    if (x < bx0) bx0 = x;
    if (x > bx1) bx1 = x;
    if (y < by0) by0 = y;
    if (y > by1) by1 = y;
  }
  const grow = Math.max(bx1 - bx0 + 1, by1 - by0 + 1);
  const nb: [number, number, number, number] = [Math.max(0, bx0 - grow), Math.max(0, by0 - grow), Math.min(nx - 1, bx1 + grow), Math.min(ny - 1, by1 + grow)];
  const around: number[] = [];
  for (let y = nb[1]; y <= nb[3]; y++) for (let x = nb[0]; x <= nb[2]; x++) around.push(Number(image.data[off + y * nx + x]));

  let grey: (x: number) => number;
  let window: KeyImage['window'] | null = null;
  const w = opts.window;
  if (w && Number.isFinite(w.center) && Number.isFinite(w.width) && w.width > 0) {
    const g = voiGrey(w);
    let flat = 0;
    for (const v of around) { const q = Math.round(g(v)); if (q <= 0 || q >= 255) flat++; }
    if (flat < FLAT_LIMIT * around.length) {
      const [lower, upper] = windowBounds(w);
      grey = g;
      window = { lower, upper, source: 'dicom', fn: w.fn };
    }
  }
  if (!window) {
    around.sort((a, b) => a - b);
    const q = (f: number) => around[Math.min(around.length - 1, Math.floor(f * (around.length - 1)))]!;
    const lower = q(0.01);
    const upper = Math.max(q(0.99), lower + 1e-6);
    grey = (x) => (x <= lower ? 0 : x >= upper ? 255 : (255 * (x - lower)) / (upper - lower));
    window = { lower, upper, source: 'percentile', fn: 'LINEAR' };
  }

  const rgba = new Uint8ClampedArray(plane * 4);
  const isRoi = (x: number, y: number) => x >= 0 && y >= 0 && x < nx && y < ny && mask.data[off + y * nx + x] === label;
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const i = y * nx + x;
      const g = Math.round(grey!(Number(image.data[off + i])));
      const edge = isRoi(x, y) && (!isRoi(x - 1, y) || !isRoi(x + 1, y) || !isRoi(x, y - 1) || !isRoi(x, y + 1));
      rgba[4 * i] = edge ? OUTLINE_RGB[0] : g;
      rgba[4 * i + 1] = edge ? OUTLINE_RGB[1] : g;
      rgba[4 * i + 2] = edge ? OUTLINE_RGB[2] : g;
      rgba[4 * i + 3] = 255;
    }
  }
  return { width: nx, height: ny, slice: best, area: bestArea, rgba, spacing: [image.spacing[0], image.spacing[1]], window, neighbourhood: nb };
}
