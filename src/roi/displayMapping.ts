/**
 * Showing the study's ROIs on a series other than the one they were drawn on (DWI / ADC after a
 * tumour drawn on DCE phase 1): which ROIs can be shown, and the mask to show, through patient
 * coordinates with `mapMask` — the same rule feature extraction uses (src/features/extractRoi.ts:
 * 'majority' when a target voxel is more than 1.5× the source voxel, else 'nearest'), so the
 * overlay shows the voxels that would be measured there.
 *
 * Nothing here changes an ROI: the mapped mask is a new array on the target grid, for display only.
 */
import { indexToPoint, pointToIndex, type Mask, type Vec3 } from '../geometry/volume.ts';
import { mapMask, type Geometry, type MappedMask } from './mapping.ts';
import { indexToCanvasAffine } from './overlay.ts';
import type { Roi } from './roi.ts';

export type MapRule = 'nearest' | 'majority';

/** Where the ROIs are looked at: one volume group of one series. */
export interface DisplayTarget {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  groupKey: string;
  geometry: Geometry;
}

/**
 * What to do with one ROI on the displayed target:
 * - `native`: drawn on this target (or on another group of the same series with the same grid),
 *   shown and edited by the ROI layer itself;
 * - `map`: another grid in the same frame of reference, shown read-only after `mapForDisplay`;
 * - `otherFrame` / `noFrame`: not shown (different FrameOfReferenceUID, or one of them has none);
 * - `skip`: another study, or an empty mask.
 */
export type DisplayPlan = 'native' | 'map' | 'otherFrame' | 'noFrame' | 'skip';

const voxelVolume = (g: Pick<Geometry, 'spacing'>) => Math.abs(g.spacing[0] * g.spacing[1] * g.spacing[2]);

/** Same voxel grid: size, spacing, origin and orientation (1e-4 mm / cosine), as the ROI store compares. */
export function sameGrid(a: Geometry, b: Geometry): boolean {
  const close = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((v, i) => Math.abs(v - y[i]) < 1e-4);
  return close(a.size, b.size) && close(a.spacing, b.spacing) && close(a.origin, b.origin) && close(a.direction, b.direction);
}

/** The rule for carrying a mask onto `target`: majority of 27 samples for a coarser target (voxel > 1.5× the source's), else nearest. */
export function displayRule(source: Pick<Geometry, 'spacing'>, target: Pick<Geometry, 'spacing'>): MapRule {
  return voxelVolume(target) > 1.5 * voxelVolume(source) ? 'majority' : 'nearest';
}

function hasVoxels(mask: Mask): boolean {
  const d = mask.data;
  for (let i = 0; i < d.length; i++) if (d[i]) return true;
  return false;
}

export function planDisplay(roi: Pick<Roi, 'studyInstanceUID' | 'seriesInstanceUID' | 'groupKey' | 'mask'>, target: DisplayTarget): DisplayPlan {
  if (roi.studyInstanceUID !== target.studyInstanceUID) return 'skip';
  if (roi.seriesInstanceUID === target.seriesInstanceUID && (roi.groupKey === target.groupKey || sameGrid(roi.mask, target.geometry))) return 'native';
  if (!hasVoxels(roi.mask)) return 'skip';
  const a = roi.mask.frameOfReferenceUID, b = target.geometry.frameOfReferenceUID;
  if (!a || !b) return 'noFrame';
  if (a !== b) return 'otherFrame';
  return 'map';
}

export interface DisplayMapped extends MappedMask {
  rule: MapRule;
  /** ROI voxels on the target grid (all slices). */
  targetVoxels: number;
}

/** The ROI's mask carried onto the target grid for display (a new mask; the source is only read). */
export function mapForDisplay(source: Mask, target: Geometry, rule: MapRule = displayRule(source, target)): DisplayMapped {
  const mapped = mapMask(source, target, rule);
  let targetVoxels = 0;
  for (const v of mapped.mask.data) if (v) targetVoxels++;
  return { ...mapped, rule, targetVoxels };
}

/** Voxels of slice k of a mask (what the overlay paints on that slice). */
export function sliceVoxels(mask: Pick<Mask, 'data' | 'size'>, k: number): number {
  const [nx, ny, nz] = mask.size;
  if (k < 0 || k >= nz) return 0;
  let n = 0;
  const off = k * nx * ny;
  for (let i = 0; i < nx * ny; i++) if (mask.data[off + i]) n++;
  return n;
}

/**
 * A view plane in patient coordinates (LPS, mm): a point on it, its unit normal and, optionally,
 * the view's up direction (the in-plane texel axes follow it when the plane is oblique to the grid).
 */
export interface ViewPlane { point: Vec3; normal: Vec3; up?: Vec3 }

/**
 * A mask's cross-section on a view plane, as a small texel image to place on screen: texel (u, v)
 * is centred at `origin + u·stepU + v·stepV` (patient mm). `kind`:
 * - `slice`: the plane is one of the grid's own slices across `axis` (its normal within 1e-3 of that
 *   axis, as cornerstone decides when it snaps a volume view to slices): `index` is the slice the
 *   plane passes through (nearest voxel centre), the texels are exactly its voxels, u and v being
 *   the grid's two other axes in increasing order (x, y for an axial grid seen axially; y, z for
 *   a sagittal view of it; x, z for a coronal one);
 * - `resampled`: an oblique plane; texels every min(spacing) mm on the plane, each the label of the
 *   voxel that contains its centre (nearest voxel centre), over the ROI's bounding box only.
 */
export interface MaskSection {
  kind: 'slice' | 'resampled';
  axis?: 0 | 1 | 2;
  index?: number;
  width: number;
  height: number;
  /** width × height labels, u fastest. */
  data: Uint8Array;
  origin: Vec3;
  stepU: Vec3;
  stepV: Vec3;
}

const dot = (a: readonly number[], b: readonly number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: readonly number[], b: readonly number[]): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: readonly number[]): Vec3 => { const n = Math.hypot(a[0], a[1], a[2]); return [a[0] / n, a[1] / n, a[2] / n]; };
const axisOf = (g: Pick<Geometry, 'direction'>, a: number): Vec3 => [g.direction[a], g.direction[3 + a], g.direction[6 + a]];

/** Index bounding box of the mask's labelled voxels, or null when it has none. */
function labelBox(mask: Pick<Mask, 'data' | 'size'>): { lo: Vec3; hi: Vec3 } | null {
  const [nx, ny] = mask.size;
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  const d = mask.data;
  for (let n = 0; n < d.length; n++) {
    if (!d[n]) continue;
    const i = n % nx, j = Math.floor(n / nx) % ny, k = Math.floor(n / (nx * ny));
    if (i < lo[0]) lo[0] = i; if (i > hi[0]) hi[0] = i;
    if (j < lo[1]) lo[1] = j; if (j > hi[1]) hi[1] = j;
    if (k < lo[2]) lo[2] = k; if (k > hi[2]) hi[2] = k;
  }
  return lo[0] === Infinity ? null : { lo, hi };
}

/**
 * The cross-section of `mask` on `plane` (see MaskSection); null when the plane is a grid slice
 * outside the grid. An oblique plane that misses the ROI gives an empty (0 × 0) section.
 */
export function maskSection(mask: Mask, plane: ViewPlane, alignTol = 1e-3): MaskSection | null {
  const n = unit(plane.normal);
  const dots = [0, 1, 2].map((a) => Math.abs(dot(axisOf(mask, a), n)));
  const axis = (dots[0] >= dots[1] && dots[0] >= dots[2] ? 0 : dots[1] >= dots[2] ? 1 : 2) as 0 | 1 | 2;
  const rel: Vec3 = [plane.point[0] - mask.origin[0], plane.point[1] - mask.origin[1], plane.point[2] - mask.origin[2]];
  if (Math.abs(dots[axis] - 1) < alignTol) {
    const index = Math.round(dot(axisOf(mask, axis), rel) / mask.spacing[axis]) + 0; // + 0: never −0
    if (!(index >= 0 && index < mask.size[axis])) return null;
    const [ua, va] = [0, 1, 2].filter((a) => a !== axis) as [number, number];
    const width = mask.size[ua], height = mask.size[va];
    const stride = [1, mask.size[0], mask.size[0] * mask.size[1]];
    const data = new Uint8Array(width * height);
    const base = index * stride[axis];
    for (let v = 0; v < height; v++) for (let u = 0; u < width; u++) data[u + width * v] = mask.data[base + u * stride[ua] + v * stride[va]];
    const ijk = (a: number, b: number, c: number) => { const x = [0, 0, 0]; x[axis] = a; x[ua] = b; x[va] = c; return indexToPoint(mask, x[0], x[1], x[2]); };
    const origin = ijk(index, 0, 0);
    const sub = (p: Vec3): Vec3 => [p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]];
    return { kind: 'slice', axis, index, width, height, data, origin, stepU: sub(ijk(index, 1, 0)), stepV: sub(ijk(index, 0, 1)) };
  }
  // oblique: in-plane axes from the view's up (or the grid axis closest to the plane), texels every min(spacing)
  const empty = (): MaskSection => ({ kind: 'resampled', width: 0, height: 0, data: new Uint8Array(0), origin: [...plane.point], stepU: [0, 0, 0], stepV: [0, 0, 0] });
  const box = labelBox(mask);
  if (!box) return empty();
  let upGuess: readonly number[] = plane.up ?? axisOf(mask, [0, 1, 2].reduce((b, a) => (dots[a] < dots[b] ? a : b), 0));
  if (Math.abs(dot(unit(upGuess), n)) > 0.999) upGuess = axisOf(mask, [0, 1, 2].reduce((b, a) => (dots[a] < dots[b] ? a : b), 0));
  const up0 = unit(upGuess);
  const vAxis = unit(up0.map((c, i) => c - dot(up0, n) * n[i]));
  const uAxis = cross(vAxis, n);
  // texel lattice anchored at the grid origin's projection on the plane: panning or scrolling the view does not shift it
  const h = Math.min(...mask.spacing);
  const dist = dot(rel, n);
  const anchor: Vec3 = [mask.origin[0] + dist * n[0], mask.origin[1] + dist * n[1], mask.origin[2] + dist * n[2]];
  let side = 0, uMin = Infinity, uMax = -Infinity, vMin = Infinity, vMax = -Infinity;
  for (const ci of [box.lo[0] - 0.5, box.hi[0] + 0.5]) for (const cj of [box.lo[1] - 0.5, box.hi[1] + 0.5]) for (const ck of [box.lo[2] - 0.5, box.hi[2] + 0.5]) {
    const p = indexToPoint(mask, ci, cj, ck);
    const d: Vec3 = [p[0] - anchor[0], p[1] - anchor[1], p[2] - anchor[2]];
    const s = dot(d, n);
    side |= s > 0 ? 1 : s < 0 ? 2 : 3;
    const pu = dot(d, uAxis), pv = dot(d, vAxis);
    uMin = Math.min(uMin, pu); uMax = Math.max(uMax, pu); vMin = Math.min(vMin, pv); vMax = Math.max(vMax, pv);
  }
  if (side !== 3) return empty(); // the ROI's box lies on one side of the plane
  const u0 = Math.ceil(uMin / h), u1 = Math.floor(uMax / h), v0 = Math.ceil(vMin / h), v1 = Math.floor(vMax / h);
  const width = Math.max(0, u1 - u0 + 1), height = Math.max(0, v1 - v0 + 1);
  const data = new Uint8Array(width * height);
  const stepU: Vec3 = [uAxis[0] * h, uAxis[1] * h, uAxis[2] * h];
  const stepV: Vec3 = [vAxis[0] * h, vAxis[1] * h, vAxis[2] * h];
  const origin: Vec3 = [0, 1, 2].map((c) => anchor[c] + u0 * stepU[c] + v0 * stepV[c]) as Vec3;
  const [nx, ny, nz] = mask.size;
  for (let v = 0; v < height; v++) for (let u = 0; u < width; u++) {
    const q: Vec3 = [origin[0] + u * stepU[0] + v * stepV[0], origin[1] + u * stepU[1] + v * stepV[1], origin[2] + u * stepU[2] + v * stepV[2]];
    const c = pointToIndex(mask, q);
    const i = Math.round(c[0]), j = Math.round(c[1]), k = Math.round(c[2]);
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) continue;
    data[u + width * v] = mask.data[i + nx * (j + ny * k)];
  }
  return { kind: 'resampled', width, height, data, origin, stepU, stepV };
}

/** Labelled texels of a section. */
export function sectionVoxels(s: Pick<MaskSection, 'data'>): number {
  let n = 0;
  for (const v of s.data) if (v) n++;
  return n;
}

/**
 * Where a section's texels land on screen: the 2-D affine (canvas `setTransform` order, as
 * `indexToCanvasAffine`) taking texel (u, v) to the canvas point of its centre, from the view's own
 * world → canvas projection of the texel centres (0,0), (1,0) and (0,1). Exact for the parallel
 * (orthographic) projection of the reformat views, where world → canvas is affine on the plane.
 */
export function sectionAffine(s: Pick<MaskSection, 'origin' | 'stepU' | 'stepV'>, worldToCanvas: (p: Vec3) => readonly [number, number] | readonly number[]): [number, number, number, number, number, number] {
  const at = (u: number, v: number): [number, number] => {
    const c = worldToCanvas([0, 1, 2].map((a) => s.origin[a] + u * s.stepU[a] + v * s.stepV[a]) as Vec3);
    return [c[0]!, c[1]!];
  };
  return indexToCanvasAffine(at(0, 0), at(1, 0), at(0, 1));
}
