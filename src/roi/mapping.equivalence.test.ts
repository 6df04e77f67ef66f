import { seededUniform } from '../stats/random.ts';
import { describe, expect, it } from 'vitest';
import { indexToPoint, pointToIndex, type Mask } from '../geometry/volume.ts';
import { mapMask, type Geometry, type MappedMask } from './mapping.ts';

/**
 * The fast mapMask must give the same result, bit for bit, as the plain per-point rule it replaced.
 * REFERENCE: the original implementation of src/roi/mapping.ts (before the composed-affine
 * rewrite), copied here unchanged apart from its names.
 */
function referenceLookup(source: Mask, p: [number, number, number]): number {
  const [i, j, k] = pointToIndex(source, p);
  const x = Math.round(i), y = Math.round(j), z = Math.round(k);
  const [nx, ny, nz] = source.size;
  if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) return 0;
  return source.data[x + nx * (y + ny * z)];
}

function mapMaskReference(source: Mask, target: Geometry, rule: 'nearest' | 'majority' = 'nearest', samples = 3): MappedMask {
  const warnings: string[] = [];
  if (source.frameOfReferenceUID && target.frameOfReferenceUID && source.frameOfReferenceUID !== target.frameOfReferenceUID) {
    throw new Error('the ROI and the target series have different frames of reference: their patient coordinates cannot be matched');
  }
  const [nx, ny, nz] = target.size;
  const out = new Uint8Array(nx * ny * nz);
  const offsets: number[] = [];
  if (rule === 'majority') for (let s = 0; s < samples; s++) offsets.push((s + 0.5) / samples - 0.5);
  else offsets.push(0);
  const m = offsets.length ** 3;
  const counts = new Map<number, number>();
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        let label = 0;
        if (m === 1) label = referenceLookup(source, indexToPoint(target, i, j, k));
        else {
          counts.clear();
          for (const dz of offsets) for (const dy of offsets) for (const dx of offsets) {
            const v = referenceLookup(source, indexToPoint(target, i + dx, j + dy, k + dz));
            if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
          }
          for (const [v, c] of counts) if (2 * c >= m && (label === 0 || c > (counts.get(label) ?? 0))) label = v;
        }
        out[i + nx * (j + ny * k)] = label;
      }
    }
  }
  // how much of the ROI lies outside the target volume
  let sourceVoxels = 0, outside = 0;
  const [sx, sy, sz] = source.size;
  for (let k = 0; k < sz; k++) for (let j = 0; j < sy; j++) for (let i = 0; i < sx; i++) {
    if (!source.data[i + sx * (j + sy * k)]) continue;
    sourceVoxels++;
    const [a, b, c] = pointToIndex(target, indexToPoint(source, i, j, k));
    if (a < -0.5 || b < -0.5 || c < -0.5 || a > nx - 0.5 || b > ny - 0.5 || c > nz - 0.5) outside++;
  }
  if (sourceVoxels && outside === sourceVoxels) warnings.push('the ROI does not overlap the target series at all');
  else if (outside > 0) warnings.push(`${((100 * outside) / sourceVoxels).toFixed(1)} % of the ROI lies outside the target series`);
  const mask: Mask = { data: out, size: [nx, ny, nz], spacing: [...target.spacing], origin: [...target.origin], direction: [...target.direction], frameOfReferenceUID: target.frameOfReferenceUID };
  return { mask, voxelsOutside: outside, sourceVoxels, warnings };
}

// ---- random geometries and masks (seeded, so a failure can be replayed)


type V3 = [number, number, number];

/** A random rotation (unit quaternion → row-major matrix whose columns are the axes). */
function rotation(rnd: () => number, maxAngle = Math.PI): number[] {
  const ax: V3 = [rnd() - 0.5, rnd() - 0.5, rnd() - 0.5];
  const n = Math.hypot(...ax) || 1;
  const th = (rnd() * 2 - 1) * maxAngle;
  const s = Math.sin(th / 2);
  const [w, x, y, z] = [Math.cos(th / 2), (ax[0] / n) * s, (ax[1] / n) * s, (ax[2] / n) * s];
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
  ];
}

const randInt = (rnd: () => number, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

/** A mask of a few labelled ellipsoids plus scattered voxels; labels 1…maxLabel (later ones overwrite). */
function randomMask(rnd: () => number, size: V3, maxLabel: number): Uint8Array {
  const [nx, ny, nz] = size;
  const data = new Uint8Array(nx * ny * nz);
  const blobs = randInt(rnd, 1, 3);
  for (let b = 0; b < blobs; b++) {
    const c = [rnd() * nx, rnd() * ny, rnd() * nz];
    const r = [1 + rnd() * nx * 0.4, 1 + rnd() * ny * 0.4, 1 + rnd() * nz * 0.4];
    const label = randInt(rnd, 1, maxLabel);
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      if (((i - c[0]) / r[0]) ** 2 + ((j - c[1]) / r[1]) ** 2 + ((k - c[2]) / r[2]) ** 2 < 1) data[i + nx * (j + ny * k)] = label;
    }
  }
  const scattered = randInt(rnd, 0, 20);
  for (let s = 0; s < scattered; s++) data[randInt(rnd, 0, data.length - 1)] = randInt(rnd, 1, maxLabel);
  return data;
}

const centre = (g: Pick<Geometry, 'size'> & { spacing: number[]; origin: number[]; direction: number[] }): V3 =>
  indexToPoint(g as Geometry, (g.size[0] - 1) / 2, (g.size[1] - 1) / 2, (g.size[2] - 1) / 2);

/** A random oblique source and target in the same frame; the target's centre is moved off the source's by up to `shift` of the source's extent (partial overlap). */
function randomCase(seed: number) {
  const rnd = seededUniform(seed);
  const sSize: V3 = [randInt(rnd, 6, 28), randInt(rnd, 6, 28), randInt(rnd, 2, 14)];
  const sSpacing: V3 = [0.4 + rnd() * 1.2, 0.4 + rnd() * 1.2, 0.8 + rnd() * 3];
  const sDir = rnd() < 0.25 ? [1, 0, 0, 0, 1, 0, 0, 0, 1] : rotation(rnd, rnd() < 0.5 ? 0.3 : Math.PI);
  const sOrigin: V3 = [(rnd() - 0.5) * 300, (rnd() - 0.5) * 300, (rnd() - 0.5) * 200];
  const source: Mask = { data: randomMask(rnd, sSize, rnd() < 0.5 ? 1 : 3), size: sSize, spacing: sSpacing, origin: sOrigin, direction: sDir, frameOfReferenceUID: '1.2.3' };
  const tSize: V3 = [randInt(rnd, 4, 18), randInt(rnd, 4, 18), randInt(rnd, 2, 10)];
  const coarse = rnd() < 0.5;
  const tSpacing: V3 = coarse ? [1 + rnd() * 3, 1 + rnd() * 3, 2 + rnd() * 4] : [0.3 + rnd() * 1.5, 0.3 + rnd() * 1.5, 0.5 + rnd() * 3];
  const tDir = rnd() < 0.2 ? [...sDir] : rotation(rnd, rnd() < 0.5 ? 0.4 : Math.PI);
  const sc = centre(source);
  const ext = sSize.map((n, a) => n * sSpacing[a]);
  const shift = rnd() < 0.3 ? 1.2 : 0.5;
  const want: V3 = [sc[0] + (rnd() - 0.5) * shift * ext[0], sc[1] + (rnd() - 0.5) * shift * ext[1], sc[2] + (rnd() - 0.5) * shift * ext[2]];
  const t0: Geometry = { size: tSize, spacing: tSpacing, origin: [0, 0, 0], direction: tDir, frameOfReferenceUID: rnd() < 0.8 ? '1.2.3' : undefined };
  const c0 = centre(t0);
  const target: Geometry = { ...t0, origin: [want[0] - c0[0], want[1] - c0[1], want[2] - c0[2]] };
  const rule: 'nearest' | 'majority' = rnd() < 0.5 ? 'nearest' : 'majority';
  const samples = randInt(rnd, 1, 4);
  return { source, target, rule, samples };
}

/**
 * Grids chosen to put sample points exactly on rounding ties (source index k + ½): grids that are
 * axis-aligned or share one oblique orientation, with half-voxel origin shifts, whole-number spacing ratios, 2 or 4 samples (offsets of
 * ±¼, ±⅛, ±⅜ of a voxel that is 2× or 4× the source's), and one identical grid.
 */
function tieCase(seed: number) {
  const rnd = seededUniform(1000 + seed);
  // dyadic spacings and origins (every step exact) and decimal ones (0.7, 0.3, 1.1 mm: the plain rule's
  // index at a tie comes out a few ulps either side of k + ½, and the composed affine must not guess)
  const decimal = seed % 4 >= 2;
  const sp = decimal ? [0.7, 0.3, 1.1, 0.35] : [0.5, 0.75, 1, 0.625];
  const sSpacing: V3 = [sp[seed % 4], sp[(seed >> 2) % 4], decimal ? [1.1, 2.2, 3.3][seed % 3] : [1, 2, 2.5][seed % 3]];
  const sSize: V3 = [randInt(rnd, 8, 26), randInt(rnd, 8, 26), randInt(rnd, 3, 12)];
  const unit = decimal ? 0.1 : 0.25;
  const sOrigin: V3 = [randInt(rnd, -900, 900) * unit, randInt(rnd, -900, 900) * unit, randInt(rnd, -400, 400) * unit];
  const dirs = [[1, 0, 0, 0, 1, 0, 0, 0, 1], [0, -1, 0, 1, 0, 0, 0, 0, 1], [1, 0, 0, 0, 0, 1, 0, -1, 0], [-1, 0, 0, 0, -1, 0, 0, 0, 1]];
  // axis-aligned grids (flipped, permuted), or both grids turned by one oblique rotation
  const oblique = seed % 5 >= 3;
  const sDir = oblique ? rotation(rnd) : dirs[seed % 2 ? 0 : randInt(rnd, 0, 3)];
  const source: Mask = { data: randomMask(rnd, sSize, rnd() < 0.5 ? 1 : 2), size: sSize, spacing: sSpacing, origin: sOrigin, direction: sDir, frameOfReferenceUID: '9' };
  const ratio = [1, 2, 4, 0.5][randInt(rnd, 0, 3)];
  const tSpacing: V3 = [sSpacing[0] * ratio, sSpacing[1] * ratio, sSpacing[2] * (ratio >= 1 ? ratio : 1)];
  const tSize: V3 = [randInt(rnd, 4, 20), randInt(rnd, 4, 20), randInt(rnd, 2, 10)];
  const halves: V3 = [randInt(rnd, -6, 6) * 0.5, randInt(rnd, -6, 6) * 0.5, randInt(rnd, -3, 3) * 0.5];
  // target origin on the source's half-voxel lattice, in the source's axes
  const o: V3 = [0, 0, 0];
  for (let r = 0; r < 3; r++) o[r] = sOrigin[r] + sDir[3 * r] * halves[0] * sSpacing[0] + sDir[3 * r + 1] * halves[1] * sSpacing[1] + sDir[3 * r + 2] * halves[2] * sSpacing[2];
  const identical = seed % 7 === 0;
  const target: Geometry = identical
    ? { size: [...sSize], spacing: [...sSpacing], origin: [...sOrigin], direction: [...sDir], frameOfReferenceUID: '9' }
    : { size: tSize, spacing: tSpacing, origin: o, direction: !oblique && seed % 3 === 0 ? dirs[randInt(rnd, 0, 3)] : [...sDir], frameOfReferenceUID: '9' };
  const rule: 'nearest' | 'majority' = seed % 2 ? 'majority' : 'nearest';
  const samples = [2, 4, 1, 3][(seed >> 1) % 4];
  return { source, target, rule, samples, oblique };
}

function expectSame(got: MappedMask, want: MappedMask, what: string): void {
  let diff = 0;
  for (let n = 0; n < want.mask.data.length; n++) if (got.mask.data[n] !== want.mask.data[n]) diff++;
  expect(got.mask.data.length, what).toBe(want.mask.data.length);
  expect(diff, `${what}: voxels whose label differs`).toBe(0);
  expect(got.voxelsOutside, what).toBe(want.voxelsOutside);
  expect(got.sourceVoxels, what).toBe(want.sourceVoxels);
  expect(got.warnings, what).toEqual(want.warnings);
  expect(got.mask.size, what).toEqual(want.mask.size);
  expect(got.mask.spacing, what).toEqual(want.mask.spacing);
  expect(got.mask.origin, what).toEqual(want.mask.origin);
  expect(got.mask.direction, what).toEqual(want.mask.direction);
  expect(got.mask.frameOfReferenceUID, what).toBe(want.mask.frameOfReferenceUID);
}

/**
 * Sample points whose plain-rule source index lies on a rounding tie (k + ½) in some coordinate:
 * exactly, or off it by rounding error only (within 1e-9) — where the last bits decide.
 */
function ties(source: Mask, target: Geometry, rule: 'nearest' | 'majority', samples: number): { exact: number; near: number } {
  const offsets = rule === 'majority' ? Array.from({ length: samples }, (_, s) => (s + 0.5) / samples - 0.5) : [0];
  let exact = 0, near = 0;
  const [nx, ny, nz] = target.size;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    for (const dz of offsets) for (const dy of offsets) for (const dx of offsets) {
      const f = pointToIndex(source, indexToPoint(target, i + dx, j + dy, k + dz)).map((v) => Math.abs(v - Math.floor(v) - 0.5));
      if (f.some((d) => d === 0)) exact++;
      else if (f.some((d) => d < 1e-9)) near++;
    }
  }
  return { exact, near };
}

describe('mapMask equals the original per-point implementation (mapMaskReference), bit for bit', () => {
  it('on 160 random masks and random oblique source/target geometries (rotations, anisotropic spacing, partial overlap, both rules, 1–4 samples)', () => {
    const seen = { nearest: 0, majority: 0, partial: 0, disjoint: 0, samples: new Set<number>(), labelled: 0 };
    for (let seed = 1; seed <= 160; seed++) {
      const c = randomCase(seed);
      const want = mapMaskReference(c.source, c.target, c.rule, c.samples);
      expectSame(mapMask(c.source, c.target, c.rule, c.samples), want, `random case ${seed}`);
      seen[c.rule]++;
      if (c.rule === 'majority') seen.samples.add(c.samples);
      if (want.voxelsOutside > 0 && want.voxelsOutside < want.sourceVoxels) seen.partial++;
      if (want.sourceVoxels > 0 && want.voxelsOutside === want.sourceVoxels) seen.disjoint++;
      if (want.mask.data.some((v) => v > 0)) seen.labelled++;
    }
    // the cases cover what they claim to
    expect(seen.nearest).toBeGreaterThan(40);
    expect(seen.majority).toBeGreaterThan(40);
    expect([...seen.samples].sort()).toEqual([1, 2, 3, 4]);
    expect(seen.partial).toBeGreaterThan(20);
    expect(seen.disjoint).toBeGreaterThan(0);
    expect(seen.labelled).toBeGreaterThan(80);
  });

  it('on grids that put sample points exactly on rounding ties (half-voxel shifts, 2× and 4× voxels, identical grids)', () => {
    const met = { exact: 0, near: 0, obliqueNear: 0 };
    for (let seed = 0; seed < 96; seed++) {
      const c = tieCase(seed);
      const want = mapMaskReference(c.source, c.target, c.rule, c.samples);
      expectSame(mapMask(c.source, c.target, c.rule, c.samples), want, `tie case ${seed}`);
      const t = ties(c.source, c.target, c.rule, c.samples);
      met.exact += t.exact;
      met.near += t.near;
      if (c.oblique) met.obliqueNear += t.exact + t.near;
    }
    // the reference itself meets many ties here, exact and off by rounding, so their rounding is really exercised
    expect(met.exact).toBeGreaterThan(10000);
    expect(met.near).toBeGreaterThan(10000);
    expect(met.obliqueNear).toBeGreaterThan(10000);
  });

  it('with several labels competing (majority ties between two labels are settled as the reference does)', () => {
    for (let seed = 0; seed < 30; seed++) {
      const rnd = seededUniform(5000 + seed);
      const size: V3 = [12, 12, 6];
      // a checkerboard of labels 1 and 2 (with some 3): a 2× coarser target with 2 samples per axis sees 4 + 4 ties
      const data = new Uint8Array(12 * 12 * 6);
      for (let n = 0; n < data.length; n++) data[n] = rnd() < 0.1 ? 3 : rnd() < 0.15 ? 0 : ((n % 12) + Math.floor(n / 12)) % 2 ? 1 : 2;
      const source: Mask = { data, size, spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
      const target: Geometry = { size: [7, 7, 4], spacing: [2, 2, 2], origin: [0.5 + (seed % 3) * 0.5, 0.5, 0.5 * (seed % 2)], direction: seed % 4 === 3 ? rotation(rnd, 0.2) : [1, 0, 0, 0, 1, 0, 0, 0, 1] };
      for (const samples of [2, 3, 4]) {
        const want = mapMaskReference(source, target, 'majority', samples);
        expectSame(mapMask(source, target, 'majority', samples), want, `labels case ${seed}, ${samples} samples`);
      }
      expectSame(mapMask(source, target, 'nearest'), mapMaskReference(source, target, 'nearest'), `labels case ${seed}, nearest`);
    }
  });

  it('on degenerate input: empty mask, no samples, a zero spacing, a direction matrix that is not orthonormal', () => {
    const rnd = seededUniform(77);
    const size: V3 = [10, 9, 5];
    const source: Mask = { data: randomMask(rnd, size, 2), size, spacing: [0.8, 0.9, 2], origin: [1, 2, 3], direction: rotation(rnd), frameOfReferenceUID: 'f' };
    const target: Geometry = { size: [8, 8, 4], spacing: [1.1, 1.3, 2.2], origin: [2, 1, 4], direction: rotation(rnd), frameOfReferenceUID: 'f' };
    const empty: Mask = { ...source, data: new Uint8Array(source.data.length) };
    const cases: [Mask, Geometry, 'nearest' | 'majority', number][] = [
      [empty, target, 'nearest', 3],
      [empty, target, 'majority', 3],
      [source, target, 'majority', 0],
      [source, { ...target, spacing: [1.1, 0, 2.2] }, 'nearest', 3],
      [source, { ...target, spacing: [1.1, 0, 2.2] }, 'majority', 2],
      [source, { ...target, direction: target.direction.map((v, n) => v * (1 + 0.1 * (n % 3))) }, 'nearest', 3],
      [{ ...source, direction: source.direction.map((v, n) => v * (1 - 0.05 * (n % 4))) }, target, 'majority', 3],
    ];
    for (const [n, [s, t, rule, samples]] of cases.entries()) expectSame(mapMask(s, t, rule, samples), mapMaskReference(s, t, rule, samples), `degenerate case ${n}`);
  });

  it('keeps refusing another frame of reference', () => {
    const { source, target } = randomCase(3);
    expect(() => mapMask({ ...source, frameOfReferenceUID: 'a' }, { ...target, frameOfReferenceUID: 'b' })).toThrow(/different frames of reference/);
    expect(() => mapMaskReference({ ...source, frameOfReferenceUID: 'a' }, { ...target, frameOfReferenceUID: 'b' })).toThrow(/different frames of reference/);
  });
});
