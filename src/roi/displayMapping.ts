/**
 * Showing the study's ROIs on a series other than the one they were drawn on (DWI / ADC after a
 * tumour drawn on DCE phase 1): which ROIs can be shown, and the mask to show, through patient
 * coordinates with `mapMask` — the same rule feature extraction uses (src/features/extractRoi.ts:
 * 'majority' when a target voxel is more than 1.5× the source voxel, else 'nearest'), so the
 * overlay shows the voxels that would be measured there.
 *
 * Nothing here changes an ROI: the mapped mask is a new array on the target grid, for display only.
 */
import type { Mask } from '../geometry/volume.ts';
import { mapMask, type Geometry, type MappedMask } from './mapping.ts';
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
