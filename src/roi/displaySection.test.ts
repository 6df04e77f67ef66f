import { describe, expect, it } from 'vitest';
import type { Mask, Vec3 } from '../geometry/volume.ts';
import { seededUniform } from '../stats/random.ts';
import { mapForDisplay, maskSection, sectionAffine, sectionVoxels, type MaskSection, type ViewPlane } from './displayMapping.ts';
import type { Geometry } from './mapping.ts';

/**
 * The cross-sections the sagittal and coronal views paint (maskSection), checked against plain
 * per-voxel computations written here: every voxel's centre is put in patient coordinates with
 * origin + Σ index·spacing·axis (the DICOM rule, the direction's columns being the axes), and a
 * voxel is on a grid-aligned view plane when its centre is less than half a voxel from it; on an
 * oblique plane a texel's label is that of the voxel whose box (centre ± half the spacing along each
 * axis) contains the texel's centre, found by trying every voxel.
 */

const SAGITTAL: Omit<ViewPlane, 'point'> = { normal: [1, 0, 0], up: [0, 0, 1] };
const CORONAL: Omit<ViewPlane, 'point'> = { normal: [0, 1, 0], up: [0, 0, 1] };
const AXIAL: Omit<ViewPlane, 'point'> = { normal: [0, 0, -1], up: [0, -1, 0] };

/** Plain voxel centre: origin + i·sx·X + j·sy·Y + k·sz·Z (X, Y, Z = the direction's columns). */
function centre(g: Pick<Geometry, 'origin' | 'spacing' | 'direction'>, i: number, j: number, k: number): Vec3 {
  const d = g.direction, s = g.spacing, o = g.origin;
  const p: Vec3 = [o[0], o[1], o[2]];
  for (let r = 0; r < 3; r++) p[r] += d[3 * r] * i * s[0] + d[3 * r + 1] * j * s[1] + d[3 * r + 2] * k * s[2];
  return p;
}

const key = (p: readonly number[]) => p.map((v) => (Math.round(v * 1e6) / 1e6 + 0).toFixed(6)).join(',');

/** Labelled voxels whose centre lies within half a voxel (along the plane's normal) of the plane, by world position. */
function expectedOnPlane(m: Mask, plane: ViewPlane, halfThickness: number): Map<string, number> {
  const out = new Map<string, number>();
  const [nx, ny, nz] = m.size;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const v = m.data[i + nx * (j + ny * k)];
    if (!v) continue;
    const p = centre(m, i, j, k);
    const d = (p[0] - plane.point[0]) * plane.normal[0] + (p[1] - plane.point[1]) * plane.normal[1] + (p[2] - plane.point[2]) * plane.normal[2];
    if (Math.abs(d) < halfThickness) out.set(key(p), v);
  }
  return out;
}

const texelCentre = (s: MaskSection, u: number, v: number): Vec3 => [0, 1, 2].map((c) => s.origin[c] + u * s.stepU[c] + v * s.stepV[c]) as Vec3;

function labelledTexels(s: MaskSection): Map<string, number> {
  const out = new Map<string, number>();
  for (let v = 0; v < s.height; v++) for (let u = 0; u < s.width; u++) if (s.data[u + s.width * v]) out.set(key(texelCentre(s, u, v)), s.data[u + s.width * v]);
  return out;
}

/** A mask of `g` with two labels: an ellipsoid of label 1 and a small box of label 2, in patient mm. */
function phantom(g: Geometry): Mask {
  const [nx, ny, nz] = g.size;
  const data = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const [x, y, z] = centre(g, i, j, k);
    if (((x - 3) / 14) ** 2 + ((y + 2) / 9) ** 2 + ((z - 1) / 11) ** 2 <= 1) data[i + nx * (j + ny * k)] = 1;
    if (x > 12 && x < 20 && y > 8 && y < 14 && z > -6 && z < 2) data[i + nx * (j + ny * k)] = 2;
  }
  return { ...g, data };
}

/** Axial acquisition, 1×0.8×2.5 mm, axes along the patient's. */
const axial: Geometry = { size: [40, 44, 14], spacing: [1, 0.8, 2.5], origin: [-17.3, -15.1, -16.2], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], frameOfReferenceUID: 'F' };
/**
 * Sagittal acquisition (as a DICOM sagittal series: rows along +y (anterior→posterior), columns
 * along −z (head→feet), slices along +x): direction columns (0,1,0), (0,0,−1), (1,0,0).
 */
const sagittalAcq: Geometry = { size: [36, 30, 16], spacing: [1.1, 1.3, 3], origin: [-21.7, -18.4, 19.9], direction: [0, 0, 1, 1, 0, 0, 0, -1, 0], frameOfReferenceUID: 'F' };

describe('mask cross-section on a grid-aligned view plane', () => {
  for (const [name, g] of [['axial', axial], ['sagittal acquisition', sagittalAcq]] as const) {
    for (const [view, o] of [['sagittal', SAGITTAL], ['coronal', CORONAL], ['axial', AXIAL]] as const) {
      it(`${name} grid, ${view} view: exactly the labelled voxels whose centres are within half a voxel of the plane`, () => {
        const m = phantom(g);
        // planes through the phantom, off the voxel centres (but never half-way between two of them)
        const normalSpacing = [0, 1, 2].map((a) => Math.abs(m.direction[a] * o.normal[0] + m.direction[3 + a] * o.normal[1] + m.direction[6 + a] * o.normal[2]) * m.spacing[a]).reduce((x, y) => Math.max(x, y));
        let checked = 0;
        for (const t of [-6.2, -1.1, 0.35, 4.9, 9.6]) {
          const point: Vec3 = [2 + o.normal[0] * t + 0.7, -1.5 + o.normal[1] * t - 0.4, 0.5 + o.normal[2] * t + 0.3];
          const plane: ViewPlane = { ...o, point };
          const s = maskSection(m, plane);
          const expected = expectedOnPlane(m, plane, normalSpacing / 2);
          if (!s) { expect(expected.size).toBe(0); continue; }
          expect(s.kind).toBe('slice');
          expect(labelledTexels(s)).toEqual(expected);
          expect(sectionVoxels(s)).toBe(expected.size);
          // the texels are the grid's voxels: steps of one spacing each, the section as large as the grid's slice
          expect(s.width * s.height * m.size[s.axis!]).toBe(m.size[0] * m.size[1] * m.size[2]);
          checked += expected.size;
        }
        expect(checked, 'the planes cross the phantom').toBeGreaterThan(20);
      });
    }
  }

  it('a plane outside the grid has no section; the grid\'s end slices are reached', () => {
    const m = phantom(axial);
    expect(maskSection(m, { ...SAGITTAL, point: [-17.3 - 0.6, 0, 0] })).toBeNull();
    expect(maskSection(m, { ...SAGITTAL, point: [-17.3 - 0.4, 0, 0] })?.index).toBe(0);
    expect(maskSection(m, { ...SAGITTAL, point: [-17.3 + 39 + 0.4, 0, 0] })?.index).toBe(39);
    expect(maskSection(m, { ...SAGITTAL, point: [-17.3 + 39 + 0.6, 0, 0] })).toBeNull();
  });
});

describe('mask cross-section on an oblique view plane', () => {
  /** The label of the voxel whose box contains p, by trying every voxel (0 outside the grid). */
  function labelAt(m: Mask, p: Vec3): number {
    const [nx, ny, nz] = m.size;
    const axes = [0, 1, 2].map((a) => [m.direction[a], m.direction[3 + a], m.direction[6 + a]]);
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const c = centre(m, i, j, k);
      const d = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
      if ([0, 1, 2].every((a) => Math.abs(d[0] * axes[a][0] + d[1] * axes[a][1] + d[2] * axes[a][2]) < m.spacing[a] / 2)) return m.data[i + nx * (j + ny * k)];
    }
    return 0;
  }

  it('each texel, on the plane every min(spacing) mm, carries the label of the voxel containing its centre; the section covers the ROI', () => {
    const rnd = seededUniform(20261207);
    const m = phantom(sagittalAcq);
    for (let trial = 0; trial < 3; trial++) {
      // a random plane through the phantom, tilted 10–50° from the grid's axes
      const a = 0.2 + 0.7 * rnd(), b = 2 * Math.PI * rnd();
      const normal: Vec3 = [Math.sin(a) * Math.cos(b), Math.sin(a) * Math.sin(b), Math.cos(a)];
      const point: Vec3 = [3 + 4 * (rnd() - 0.5), -2 + 4 * (rnd() - 0.5), 1 + 4 * (rnd() - 0.5)];
      const s = maskSection(m, { point, normal, up: [0, 0, 1] })!;
      expect(s.kind).toBe('resampled');
      expect(Math.hypot(...s.stepU)).toBeCloseTo(1.1, 9);
      expect(Math.hypot(...s.stepV)).toBeCloseTo(1.1, 9);
      let labelled = 0;
      for (let v = 0; v < s.height; v++) for (let u = 0; u < s.width; u++) {
        const q = texelCentre(s, u, v);
        expect(Math.abs((q[0] - point[0]) * normal[0] + (q[1] - point[1]) * normal[1] + (q[2] - point[2]) * normal[2])).toBeLessThan(1e-9);
        const want = labelAt(m, q);
        if (s.data[u + s.width * v] !== want) expect.fail(`texel ${u},${v}: ${s.data[u + s.width * v]} ≠ ${want}`);
        if (want) labelled++;
      }
      expect(labelled, 'the plane crosses the phantom').toBeGreaterThan(30);
      // coverage: plane points inside labelled voxels, anywhere, fall within the section's texels
      const n = Math.hypot(...s.stepU) ** 2;
      for (let t = 0; t < 400; t++) {
        const p: Vec3 = [point[0] + 40 * (rnd() - 0.5), point[1] + 40 * (rnd() - 0.5), point[2] + 40 * (rnd() - 0.5)];
        const off = (p[0] - point[0]) * normal[0] + (p[1] - point[1]) * normal[1] + (p[2] - point[2]) * normal[2];
        const q: Vec3 = [p[0] - off * normal[0], p[1] - off * normal[1], p[2] - off * normal[2]];
        if (!labelAt(m, q)) continue;
        const r = [q[0] - s.origin[0], q[1] - s.origin[1], q[2] - s.origin[2]];
        const u = (r[0] * s.stepU[0] + r[1] * s.stepU[1] + r[2] * s.stepU[2]) / n;
        const v = (r[0] * s.stepV[0] + r[1] * s.stepV[1] + r[2] * s.stepV[2]) / n;
        expect(u).toBeGreaterThan(-1);
        expect(v).toBeGreaterThan(-1);
        expect(u).toBeLessThan(s.width);
        expect(v).toBeLessThan(s.height);
      }
    }
  });

  it('a plane beside the ROI gives an empty section', () => {
    const m = phantom(axial);
    const s = maskSection(m, { point: [0, 0, 40], normal: [0.1, 0.2, Math.sqrt(1 - 0.05)] })!;
    expect(s.width * s.height).toBe(0);
  });
});

describe('an ROI drawn on an axial grid, mapped onto a sagittally acquired series, seen in the three views', () => {
  it('each view shows the target voxels whose centres fall in the ROI (nearest rule) and lie on the view plane', () => {
    // source: the axial grid, ROI = the voxels whose centres fall in the box x ∈ [−4, 8), y ∈ [−6, 3), z ∈ [−5, 7)
    const inBox = (p: Vec3) => p[0] >= -4 && p[0] < 8 && p[1] >= -6 && p[1] < 3 && p[2] >= -5 && p[2] < 7;
    const [nx, ny, nz] = axial.size;
    const data = new Uint8Array(nx * ny * nz);
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (inBox(centre(axial, i, j, k))) data[i + nx * (j + ny * k)] = 1;
    const source: Mask = { ...axial, data };
    // target: the sagittal acquisition with voxels of the same size or smaller → nearest rule
    const target: Geometry = { ...sagittalAcq, spacing: [0.9, 0.7, 1.6] , size: [44, 46, 24] };
    const mapped = mapForDisplay(source, target, 'nearest').mask;
    // the source voxel containing a point, by the plain rule (nearest centre along each axis)
    const sourceLabel = (p: Vec3) => {
      const i = Math.round((p[0] - axial.origin[0]) / 1), j = Math.round((p[1] - axial.origin[1]) / 0.8), k = Math.round((p[2] - axial.origin[2]) / 2.5);
      return i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz ? data[i + nx * (j + ny * k)] : 0;
    };
    let total = 0;
    for (const [o, half] of [[SAGITTAL, 1.6 / 2], [CORONAL, 0.9 / 2], [AXIAL, 0.7 / 2]] as const) {
      const plane: ViewPlane = { ...o, point: [1.3, -1.9, 0.8] };
      const s = maskSection(mapped, plane)!;
      expect(s.kind).toBe('slice');
      const expected = new Set<string>();
      const [tx, ty, tz] = target.size;
      for (let k = 0; k < tz; k++) for (let j = 0; j < ty; j++) for (let i = 0; i < tx; i++) {
        const p = centre(target, i, j, k);
        const d = (p[0] - plane.point[0]) * o.normal[0] + (p[1] - plane.point[1]) * o.normal[1] + (p[2] - plane.point[2]) * o.normal[2];
        if (Math.abs(d) < half && sourceLabel(p)) expected.add(key(p));
      }
      expect(expected.size).toBeGreaterThan(10);
      expect(new Set(labelledTexels(s).keys())).toEqual(expected);
      total += expected.size;
    }
    expect(total).toBeGreaterThan(100);
  });
});

describe('placing a section on a reformat view (sectionAffine)', () => {
  /**
   * A parallel projection as a volume viewport makes one, written plainly: the focal point at the
   * canvas centre, `scale` CSS px per mm, screen x along viewUp × normal, screen y down (−viewUp),
   * a pan offset; in-plane rotation when the view is rolled.
   */
  function projection(plane: ViewPlane, scale: number, centre: [number, number]) {
    const n = plane.normal, up = plane.up!;
    const right: Vec3 = [up[1] * n[2] - up[2] * n[1], up[2] * n[0] - up[0] * n[2], up[0] * n[1] - up[1] * n[0]];
    return (p: Vec3): [number, number] => {
      const d = [p[0] - plane.point[0], p[1] - plane.point[1], p[2] - plane.point[2]];
      return [centre[0] + scale * (d[0] * right[0] + d[1] * right[1] + d[2] * right[2]), centre[1] - scale * (d[0] * up[0] + d[1] * up[1] + d[2] * up[2])];
    };
  }
  const pkey = (p: readonly number[]) => p.map((v) => (Math.round(v * 1e4) / 1e4 + 0).toFixed(4)).join(',');

  it('an ROI mapped from an axial DCE-like grid onto a coarser axial DWI-like grid: each view paints its texels at the canvas points of the expected voxels\' centres', () => {
    // source 0.75 × 0.75 × 2.5 mm, target 2 × 2 × 4 mm (majority rule), same frame, centres offset
    const src: Geometry = { size: [64, 64, 16], spacing: [0.75, 0.75, 2.5], origin: [-23.6, -23.6, -18.75], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], frameOfReferenceUID: 'F' };
    const tgt: Geometry = { size: [24, 24, 10], spacing: [2, 2, 4], origin: [-23, -23, -18], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], frameOfReferenceUID: 'F' };
    const [sx, sy, sz] = src.size;
    const data = new Uint8Array(sx * sy * sz);
    for (let k = 0; k < sz; k++) for (let j = 0; j < sy; j++) for (let i = 0; i < sx; i++) {
      const [x, y, z] = centre(src, i, j, k);
      if (((x - 1) / 11) ** 2 + ((y + 2) / 8) ** 2 + (z / 7) ** 2 <= 1) data[i + sx * (j + sy * k)] = 1;
    }
    const mapped = mapForDisplay({ ...src, data }, tgt).mask;
    expect(mapped.size).toEqual(tgt.size);
    // the plain majority rule (27 samples at the centre and ± a third of a voxel, nearest source voxel; ≥ half)
    const srcLabel = (p: Vec3) => {
      const i = Math.round((p[0] - src.origin[0]) / 0.75), j = Math.round((p[1] - src.origin[1]) / 0.75), k = Math.round((p[2] - src.origin[2]) / 2.5);
      return i >= 0 && j >= 0 && k >= 0 && i < sx && j < sy && k < sz ? data[i + sx * (j + sy * k)] : 0;
    };
    const inRoi = (i: number, j: number, k: number) => {
      let n = 0;
      for (const a of [-1 / 3, 0, 1 / 3]) for (const b of [-1 / 3, 0, 1 / 3]) for (const c of [-1 / 3, 0, 1 / 3]) if (srcLabel(centre(tgt, i + a, j + b, k + c))) n++;
      return 2 * n >= 27;
    };
    // cornerstone's sagittal and coronal cameras; focal points on target voxel centres (as a reset / scroll leaves them)
    const views: [string, ViewPlane, number][] = [
      ['sagittal', { point: centre(tgt, 12, 11.5, 4.5), normal: [1, 0, 0], up: [0, 0, 1] }, 0],
      ['coronal', { point: centre(tgt, 11.5, 11, 4.5), normal: [0, -1, 0], up: [0, 0, 1] }, 1],
    ];
    for (const [name, plane, axis] of views) {
      const P = projection(plane, 3.7, [211.5, 158.25]);
      const s = maskSection(mapped, plane)!;
      expect(s.kind, name).toBe('slice');
      const A = sectionAffine(s, P);
      const painted = new Set<string>();
      for (let v = 0; v < s.height; v++) for (let u = 0; u < s.width; u++) if (s.data[u + s.width * v]) painted.add(pkey([A[0] * u + A[2] * v + A[4], A[1] * u + A[3] * v + A[5]]));
      const expected = new Set<string>();
      const [tx, ty, tz] = tgt.size;
      for (let k = 0; k < tz; k++) for (let j = 0; j < ty; j++) for (let i = 0; i < tx; i++) {
        const c = centre(tgt, i, j, k);
        const d = (c[0] - plane.point[0]) * plane.normal[0] + (c[1] - plane.point[1]) * plane.normal[1] + (c[2] - plane.point[2]) * plane.normal[2];
        if (Math.abs(d) < tgt.spacing[axis] / 2 && inRoi(i, j, k)) expected.add(pkey(P(c)));
      }
      expect(expected.size, `${name}: the plane crosses the ROI`).toBeGreaterThan(10);
      expect(painted, name).toEqual(expected);
      // a texel covers one voxel's extent on screen: |det A| = the voxel's in-plane area in px²
      const area = Math.abs(A[0] * A[3] - A[1] * A[2]);
      expect(area).toBeCloseTo(3.7 * 3.7 * 2 * 4, 9); // y–z or x–z voxel face: 2 × 4 mm
    }
  });

  it('on an oblique plane each texel is placed at the canvas point of its centre', () => {
    const m = phantom(sagittalAcq);
    const plane: ViewPlane = { point: [2.5, -1, 0.5], normal: [0.3, 0.2, Math.sqrt(1 - 0.13)], up: [0, 1, 0] };
    plane.up = [0, 1, 0].map((c, i) => c - 0.2 * plane.normal[i]) as Vec3; // in the plane
    const nu = Math.hypot(...plane.up);
    plane.up = plane.up.map((c) => c / nu) as Vec3;
    const P = projection(plane, 2.3, [100, 80]);
    const s = maskSection(m, plane)!;
    expect(s.kind).toBe('resampled');
    expect(sectionVoxels(s)).toBeGreaterThan(30);
    const A = sectionAffine(s, P);
    for (let v = 0; v < s.height; v += 3) for (let u = 0; u < s.width; u += 3) {
      const want = P(texelCentre(s, u, v));
      expect(A[0] * u + A[2] * v + A[4]).toBeCloseTo(want[0], 9);
      expect(A[1] * u + A[3] * v + A[5]).toBeCloseTo(want[1], 9);
    }
  });
});
