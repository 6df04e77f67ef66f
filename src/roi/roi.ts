/**
 * An ROI is a label mask on the grid of the series it was drawn on (the Mask contract), plus who
 * drew it and when. The mask is the single truth: a freehand contour, the brush and the eraser all
 * edit it slice by slice through the one rasterisation rule (rasterize.ts), and every edit is a
 * reversible SliceEdit (history.ts) — the same voxels are shown, exported and measured.
 */
import type { Mask, Vec3, Volume } from '../geometry/volume.ts';
import { rasterizePolygon, type Point2 } from './rasterize.ts';
import { squaredDistanceToSeeds } from './edt.ts';

export type RoiLabel = 'tumour' | 'reference';
export const ROI_LABELS: readonly RoiLabel[] = ['tumour', 'reference'];
/** Label value written into masks and DICOM SEG segment numbers. */
export const LABEL_VALUE: Record<RoiLabel, number> = { tumour: 1, reference: 2 };

export interface Roi {
  id: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  /** The volume group of the series (e.g. DCE phase key) the ROI was drawn on. */
  groupKey: string;
  label: RoiLabel;
  /** "reader 1" / "reader 2" (set once per session). */
  reader: string;
  createdAt: string;
  modifiedAt: string;
  /** 0/1 mask in the geometry of the drawn series group. */
  mask: Mask;
}

/**
 * One reversible change to one slice: the bytes before and after — the whole slice, or, when
 * `index` is given, only the pixels at those indices of the slice (the compact form the undo
 * history keeps, history.ts).
 */
export interface SliceEdit {
  roiId: string;
  slice: number;
  before: Uint8Array;
  after: Uint8Array;
  index?: Uint32Array;
}

export type EditMode = 'add' | 'erase';

function sliceView(mask: Mask, k: number): Uint8Array {
  const n = mask.size[0] * mask.size[1];
  if (!Number.isInteger(k) || k < 0 || k >= mask.size[2]) throw new Error(`slice ${k} is outside the series (0…${mask.size[2] - 1})`);
  return mask.data.subarray(k * n, (k + 1) * n);
}

/** Applies `after` to slice k and returns the reversible edit, or null when nothing changed. */
function commitSlice(roi: Roi, k: number, after: Uint8Array): SliceEdit | null {
  const view = sliceView(roi.mask, k);
  let changed = false;
  for (let i = 0; i < view.length; i++) if (view[i] !== after[i]) { changed = true; break; }
  if (!changed) return null;
  const before = view.slice();
  view.set(after);
  roi.modifiedAt = new Date().toISOString();
  return { roiId: roi.id, slice: k, before, after: after.slice() };
}

/** Adds (or erases) the inside of a closed contour, in pixel-index coordinates of slice k. */
export function applyPolygon(roi: Roi, k: number, polygon: readonly Point2[], mode: EditMode = 'add'): SliceEdit | null {
  const [nx, ny] = roi.mask.size;
  const stamp = new Uint8Array(nx * ny);
  rasterizePolygon(polygon, nx, ny, stamp);
  const after = sliceView(roi.mask, k).slice();
  for (let i = 0; i < after.length; i++) if (stamp[i]) after[i] = mode === 'add' ? 1 : 0;
  return commitSlice(roi, k, after);
}

/** A round brush (or eraser) of radius `radiusMm` centred at pixel (cx, cy) of slice k: pixel centres within the circle. */
export function applyBrush(roi: Roi, k: number, cx: number, cy: number, radiusMm: number, mode: EditMode = 'add'): SliceEdit | null {
  const [nx, ny] = roi.mask.size;
  const [sx, sy] = roi.mask.spacing;
  const after = sliceView(roi.mask, k).slice();
  const rx = radiusMm / sx;
  const ry = radiusMm / sy;
  for (let y = Math.max(0, Math.ceil(cy - ry)); y <= Math.min(ny - 1, Math.floor(cy + ry)); y++) {
    for (let x = Math.max(0, Math.ceil(cx - rx)); x <= Math.min(nx - 1, Math.floor(cx + rx)); x++) {
      if (((x - cx) * sx) ** 2 + ((y - cy) * sy) ** 2 <= radiusMm * radiusMm) after[x + nx * y] = mode === 'add' ? 1 : 0;
    }
  }
  return commitSlice(roi, k, after);
}

/** Clears slice k. */
export function clearSlice(roi: Roi, k: number): SliceEdit | null {
  return commitSlice(roi, k, new Uint8Array(roi.mask.size[0] * roi.mask.size[1]));
}

function writeEdit(roi: Roi, e: SliceEdit, values: Uint8Array): void {
  const view = sliceView(roi.mask, e.slice);
  const index = e.index;
  if (index) for (let i = 0; i < index.length; i++) view[index[i]] = values[i];
  else view.set(values);
  roi.modifiedAt = new Date().toISOString();
}

export function undoEdit(roi: Roi, e: SliceEdit): void {
  writeEdit(roi, e, e.before);
}

export function redoEdit(roi: Roi, e: SliceEdit): void {
  writeEdit(roi, e, e.after);
}

/** Slices that hold at least one ROI pixel. */
export function drawnSlices(mask: Mask): number[] {
  const n = mask.size[0] * mask.size[1];
  const out: number[] = [];
  for (let k = 0; k < mask.size[2]; k++) {
    const s = mask.data.subarray(k * n, (k + 1) * n);
    if (s.some((v) => v !== 0)) out.push(k);
  }
  return out;
}

/** Signed distance (mm) in one slice: negative inside, positive outside. */
function signedDistance(slice: Uint8Array, nx: number, ny: number, spacing: Vec3): Float64Array {
  const size: Vec3 = [nx, ny, 1];
  const outside = slice.map((v) => (v ? 0 : 1));
  const toInside = squaredDistanceToSeeds(slice, size, spacing);
  const toOutside = squaredDistanceToSeeds(outside, size, spacing);
  const d = new Float64Array(nx * ny);
  for (let i = 0; i < d.length; i++) d[i] = slice[i] ? -Math.sqrt(toOutside[i]) : Math.sqrt(toInside[i]);
  return d;
}

/**
 * Shape-based interpolation (Raya & Udupa 1990; Herman et al. 1992) of the empty slices between
 * drawn ones: the signed distance maps of the two nearest drawn slices are blended linearly along z
 * and the zero level set becomes the new contour. Only slices that are empty and lie between two
 * drawn slices change. Returns the edits (for undo).
 */
export function interpolateBetweenDrawn(roi: Roi): SliceEdit[] {
  const [nx, ny] = roi.mask.size;
  const drawn = drawnSlices(roi.mask);
  const edits: SliceEdit[] = [];
  for (let a = 0; a + 1 < drawn.length; a++) {
    const k0 = drawn[a];
    const k1 = drawn[a + 1];
    if (k1 - k0 < 2) continue;
    const d0 = signedDistance(sliceView(roi.mask, k0), nx, ny, roi.mask.spacing);
    const d1 = signedDistance(sliceView(roi.mask, k1), nx, ny, roi.mask.spacing);
    for (let k = k0 + 1; k < k1; k++) {
      const t = (k - k0) / (k1 - k0);
      const after = new Uint8Array(nx * ny);
      for (let i = 0; i < after.length; i++) after[i] = (1 - t) * d0[i] + t * d1[i] <= 0 ? 1 : 0;
      const e = commitSlice(roi, k, after);
      if (e) edits.push(e);
    }
  }
  return edits;
}

export interface RoiStats {
  voxels: number;
  slices: number;
  /** Area on the current slice in mm² (2-D view) — the caller passes the slice. */
  areaMm2?: number;
  volumeCm3: number;
  mean?: number;
  sd?: number;
  min?: number;
  max?: number;
}

/**
 * Size of the ROI and statistics of the image under it. Volume = voxel count × voxel volume
 * (the voxel rule, as PyRadiomics' VoxelVolume). SD uses n − 1.
 */
export function roiStats(mask: Mask, image?: Pick<Volume, 'data' | 'size'>, slice?: number): RoiStats {
  const [sx, sy, sz] = mask.spacing;
  let voxels = 0;
  let sum = 0, sum2 = 0, min = Infinity, max = -Infinity;
  if (image && image.data.length !== mask.data.length) throw new Error('the image and the ROI are not on the same grid');
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    voxels++;
    if (image) {
      const v = image.data[i];
      sum += v; sum2 += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const out: RoiStats = { voxels, slices: drawnSlices(mask).length, volumeCm3: (voxels * sx * sy * sz) / 1000 };
  if (slice !== undefined) {
    const s = sliceView(mask, slice);
    let n = 0;
    for (const v of s) if (v) n++;
    out.areaMm2 = n * sx * sy;
  }
  if (image && voxels > 0) {
    out.mean = sum / voxels;
    out.sd = voxels > 1 ? Math.sqrt(Math.max(0, (sum2 - (sum * sum) / voxels) / (voxels - 1))) : 0;
    out.min = min;
    out.max = max;
  }
  return out;
}
