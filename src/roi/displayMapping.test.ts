import { describe, expect, it } from 'vitest';
import type { Mask } from '../geometry/volume.ts';
import { displayRule, mapForDisplay, planDisplay, sameGrid, sliceVoxels, type DisplayTarget } from './displayMapping.ts';
import type { Geometry } from './mapping.ts';
import { mapInBackground } from '../viewer/roiMapClient.ts';

/**
 * Source: 20×20×10 voxels of 1×1×2 mm at the origin, identity orientation; the ROI is the box
 * i 5…12, j 6…13, k 3…6. A voxel index is the nearest centre, so the box covers the patient
 * coordinates x ∈ [4.5, 12.5), y ∈ [5.5, 13.5), z ∈ [5, 13) (z = 2k). The expected voxels below
 * are worked out from those intervals and each target's own geometry, not from mapMask.
 */
const BOX = { x: [4.5, 12.5], y: [5.5, 13.5], z: [5, 13] } as const;
const inside = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v < hi;

function source(): Mask {
  const size: [number, number, number] = [20, 20, 10];
  const data = new Uint8Array(size[0] * size[1] * size[2]);
  for (let k = 3; k <= 6; k++) for (let j = 6; j <= 13; j++) for (let i = 5; i <= 12; i++) data[i + 20 * (j + 20 * k)] = 1;
  return { data, size, spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], frameOfReferenceUID: '1.2.3.4' };
}

/** Target A, coarser (DWI-like): 2×2×4 mm voxels, origin (0.3, 0.3, 0.7), axes as the source. */
const coarse: Geometry = { size: [10, 10, 5], spacing: [2, 2, 4], origin: [0.3, 0.3, 0.7], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], frameOfReferenceUID: '1.2.3.4' };

/**
 * Target B, finer and turned 90° in the axial plane: the column index runs along +y (0.8 mm), the
 * row index along −x (0.8 mm), slices along +z (1.5 mm); first voxel centre at (19.3, 0.2, 0.4).
 */
const turned: Geometry = { size: [24, 26, 9], spacing: [0.8, 0.8, 1.5], origin: [19.3, 0.2, 0.4], direction: [0, -1, 0, 1, 0, 0, 0, 0, 1], frameOfReferenceUID: '1.2.3.4' };

/** Majority rule on target A: 3 samples per axis at the voxel centre ± a third of the voxel; the box is separable, so inside-count = cx·cy·cz. */
function expectedCoarse(): Set<string> {
  const out = new Set<string>();
  const offs = [-1 / 3, 0, 1 / 3];
  for (let k = 0; k < 5; k++) for (let j = 0; j < 10; j++) for (let i = 0; i < 10; i++) {
    const cx = offs.filter((o) => inside(0.3 + 2 * (i + o), BOX.x)).length;
    const cy = offs.filter((o) => inside(0.3 + 2 * (j + o), BOX.y)).length;
    const cz = offs.filter((o) => inside(0.7 + 4 * (k + o), BOX.z)).length;
    if (2 * cx * cy * cz >= 27) out.add(`${i},${j},${k}`);
  }
  return out;
}

/** Nearest rule on target B: the voxel centre (19.3 − 0.8·j, 0.2 + 0.8·i, 0.4 + 1.5·k) inside the box. */
function expectedTurned(): Set<string> {
  const out = new Set<string>();
  for (let k = 0; k < 9; k++) for (let j = 0; j < 26; j++) for (let i = 0; i < 24; i++) {
    if (inside(19.3 - 0.8 * j, BOX.x) && inside(0.2 + 0.8 * i, BOX.y) && inside(0.4 + 1.5 * k, BOX.z)) out.add(`${i},${j},${k}`);
  }
  return out;
}

function voxelsOf(m: Mask): Set<string> {
  const [nx, ny] = m.size;
  const out = new Set<string>();
  m.data.forEach((v, n) => { if (v) out.add(`${n % nx},${Math.floor(n / nx) % ny},${Math.floor(n / (nx * ny))}`); });
  return out;
}

const target = (g: Geometry, series = 'dwi'): DisplayTarget => ({ studyInstanceUID: 'study', seriesInstanceUID: series, groupKey: 'g', geometry: g });
const roiOn = (mask: Mask, series = 'dce', groupKey = 'phase1') => ({ studyInstanceUID: 'study', seriesInstanceUID: series, groupKey, mask });

describe('mapping an ROI for display on another grid', () => {
  it('picks the majority rule for a coarser target and nearest otherwise', () => {
    expect(displayRule(source(), coarse)).toBe('majority');
    expect(displayRule(source(), turned)).toBe('nearest');
  });

  it('target A (coarser): the voxels the majority rule gives, worked out from the box and the grid', () => {
    const src = source();
    const before = src.data.slice();
    const m = mapForDisplay(src, coarse);
    const expected = expectedCoarse();
    expect(expected.size).toBeGreaterThan(0);
    expect(voxelsOf(m.mask)).toEqual(expected);
    expect(m.rule).toBe('majority');
    expect(m.targetVoxels).toBe(expected.size);
    expect(m.mask.size).toEqual(coarse.size);
    // partial-volume voxels decide: the nearest rule would give another set here
    expect(voxelsOf(mapForDisplay(src, coarse, 'nearest').mask)).not.toEqual(expected);
    // per slice, what the overlay paints
    for (let k = 0; k < 5; k++) expect(sliceVoxels(m.mask, k)).toBe([...expected].filter((s) => s.endsWith(`,${k}`)).length);
    expect(src.data).toEqual(before); // the ROI itself is only read
  });

  it('target B (finer, turned 90°): the voxels whose centres fall in the box', () => {
    const m = mapForDisplay(source(), turned);
    const expected = expectedTurned();
    expect(expected.size).toBeGreaterThan(0);
    expect(m.rule).toBe('nearest');
    expect(voxelsOf(m.mask)).toEqual(expected);
    expect(m.warnings).toEqual([]);
  });

  it('the background path (worker, or the page thread without workers) gives the same mask and leaves the ROI intact', async () => {
    const src = source();
    const before = src.data.slice();
    const r = await mapInBackground(src, coarse, 'majority');
    expect(voxelsOf(r.mask)).toEqual(expectedCoarse());
    expect(r.targetVoxels).toBe(expectedCoarse().size);
    expect(src.data.byteLength).toBe(before.byteLength); // not transferred away
    expect(src.data).toEqual(before);
  });

  it('plans: native on its own grid, mapped in the same frame of reference, a notice otherwise', () => {
    const src = source();
    const srcGrid: Geometry = { size: [...src.size], spacing: [...src.spacing], origin: [...src.origin], direction: [...src.direction], frameOfReferenceUID: src.frameOfReferenceUID };
    expect(sameGrid(src, srcGrid)).toBe(true);
    expect(planDisplay(roiOn(src), target(srcGrid, 'dce'))).toBe('native');
    // another phase of the same series with the same grid: shown by the ROI layer itself
    expect(planDisplay(roiOn(src, 'dce', 'phase3'), target(srcGrid, 'dce'))).toBe('native');
    expect(planDisplay(roiOn(src), target(coarse))).toBe('map');
    expect(planDisplay(roiOn(src), target({ ...coarse, frameOfReferenceUID: '9.9' }))).toBe('otherFrame');
    expect(planDisplay(roiOn(src), target({ ...coarse, frameOfReferenceUID: undefined }))).toBe('noFrame');
    expect(planDisplay({ ...roiOn(src), studyInstanceUID: 'other' }, target(coarse))).toBe('skip');
    expect(planDisplay(roiOn({ ...src, data: new Uint8Array(src.data.length) }), target(coarse))).toBe('skip');
    // mapMask itself refuses other frames, so nothing could be shown there by mistake
    expect(() => mapForDisplay(src, { ...coarse, frameOfReferenceUID: '9.9' })).toThrow(/frames of reference/);
  });
});
