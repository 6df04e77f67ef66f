/**
 * Carries an ROI from the series it was drawn on (e.g. DCE phase 1) to another series of the same
 * study (another phase, DWI, an ADC map) through patient coordinates — never through pixel
 * indices, which differ between series.
 *
 * Rule `nearest`: a target voxel takes the label of the source voxel whose centre is nearest to the
 * target voxel's centre (for grids of similar resolution).
 * Rule `majority`: each target voxel is sampled at s×s×s points spread evenly inside it, and takes
 * a label when at least half of the points fall in it (for a coarser target such as DWI, so that a
 * partial-volume voxel is counted only when mostly inside).
 *
 * How it is computed (the result is bit for bit that of the plain per-point rule — target index →
 * patient point with `indexToPoint`, → source index with `pointToIndex`, `Math.round` each —
 * which src/roi/mapping.equivalence.test.ts keeps as its reference):
 * - the two index↔patient affines are composed once into one target-index → source-index affine
 *   (and one source → target for the "outside" count); a point costs three multiply-adds;
 * - the composed affine rounds differently from the two-step computation only in the last bits,
 *   so a coordinate is trusted only when it lies more than `eps` (a bound far above both rounding
 *   errors, see `tieMargin`) from a rounding tie (k + ½) or, for the outside count, from the
 *   volume's edge; within `eps` the point is recomputed exactly as the plain rule does;
 * - target rows are visited only over the interval of i whose sample points can round into the
 *   bounding box of the source ROI (one voxel of margin on every side); everything else is 0, as
 *   the plain rule gives there (all its samples land on source voxels that are 0 or off the grid);
 * - sample offsets are precomputed in source-index space; no allocation per point;
 * - both grids axis-aligned (direction entries exactly 0 but one per row and column, the usual
 *   axial DCE / DWI / ADC): each source coordinate then depends on one target coordinate only, so
 *   the plain rule's own rounded index per (target index, sample offset) is tabulated per axis and
 *   no tie needs care (`fillAxisAligned`);
 * - the source is scanned four voxels at a time for rows holding the ROI, and along a row only
 *   voxels near the target's edge are tested for "outside".
 */
import type { Mask, Volume } from '../geometry/volume.ts';

export type Geometry = Pick<Volume, 'size' | 'spacing' | 'origin' | 'direction' | 'frameOfReferenceUID'>;

export interface MappedMask {
  mask: Mask;
  /** Source ROI voxels whose centre falls outside the target volume. */
  voxelsOutside: number;
  sourceVoxels: number;
  warnings: string[];
}

type Grid = Pick<Volume, 'size' | 'spacing' | 'origin' | 'direction'>;

/**
 * The plain two-step transform from grid `from` (continuous index i, j, k) to the continuous index
 * of grid `to`, written out with exactly the operations and order of `indexToPoint` then
 * `pointToIndex` (src/geometry/volume.ts), into `out`. Used where the composed affine is too close
 * to a tie to be trusted.
 */
function exactIndex(from: Grid, to: Grid, i: number, j: number, k: number, out: Float64Array): void {
  const d = from.direction;
  const a = i * from.spacing[0];
  const b = j * from.spacing[1];
  const c = k * from.spacing[2];
  const p0 = from.origin[0] + d[0] * a + d[1] * b + d[2] * c;
  const p1 = from.origin[1] + d[3] * a + d[4] * b + d[5] * c;
  const p2 = from.origin[2] + d[6] * a + d[7] * b + d[8] * c;
  const e = to.direction;
  const x = p0 - to.origin[0];
  const y = p1 - to.origin[1];
  const z = p2 - to.origin[2];
  out[0] = (e[0] * x + e[3] * y + e[6] * z) / to.spacing[0];
  out[1] = (e[1] * x + e[4] * y + e[7] * z) / to.spacing[1];
  out[2] = (e[2] * x + e[5] * y + e[8] * z) / to.spacing[2];
}

/**
 * The composed affine from index space of `from` to index space of `to`:
 * out = M·(i, j, k) + t, with M row-major in m[0..8] and t in m[9..11]. Same real function as
 * `exactIndex` (whatever the direction matrices; `pointToIndex` uses the transpose either way).
 */
function composeAffine(from: Grid, to: Grid): Float64Array {
  const m = new Float64Array(12);
  const d = from.direction, e = to.direction;
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      // row r of Eᵀ times column c of D, scaled
      m[3 * r + c] = ((e[r] * d[c] + e[3 + r] * d[3 + c] + e[6 + r] * d[6 + c]) * from.spacing[c]) / to.spacing[r];
    }
    const x = from.origin[0] - to.origin[0], y = from.origin[1] - to.origin[1], z = from.origin[2] - to.origin[2];
    m[9 + r] = (e[r] * x + e[3 + r] * y + e[6 + r] * z) / to.spacing[r];
  }
  return m;
}

/**
 * How far (in index units of `to`) the composed affine and the plain two-step computation can
 * disagree at points of `from` with indices within [−1, size]. Both compute the same real affine
 * map with a handful (< 20) of double-precision operations on numbers no larger than the patient
 * coordinates involved, so each is within ~20·2⁻⁵³·(scale) of the exact value, where scale bounds
 * every intermediate magnitude (origins, extents in mm, direction entries up to their actual size)
 * divided by the smallest `to` spacing. The margin returned is 1e-9·(scale + 1): ~10⁵× that bound,
 * yet far below any distance to a tie that is not a tie (ties at exactly k + ½ are what it catches).
 */
function tieMargin(from: Grid, to: Grid): number {
  let dMax = 0;
  for (const v of from.direction) dMax = Math.max(dMax, Math.abs(v));
  let eMax = 0;
  for (const v of to.direction) eMax = Math.max(eMax, Math.abs(v));
  let mm = 0;
  for (let a = 0; a < 3; a++) mm += Math.abs(from.origin[a]) + Math.abs(to.origin[a]) + 3 * dMax * (from.size[a] + 2) * Math.abs(from.spacing[a]);
  const minSp = Math.min(Math.abs(to.spacing[0]), Math.abs(to.spacing[1]), Math.abs(to.spacing[2]));
  const scale = (3 * Math.max(1, eMax) * Math.max(1, dMax) * mm) / minSp;
  return 1e-9 * (scale + 1);
}

function finite(g: Grid): boolean {
  const all = [...g.size, ...g.spacing, ...g.origin, ...g.direction];
  return g.direction.length === 9 && all.every(Number.isFinite) && g.spacing.every((s) => s !== 0);
}

/** Voxel counts and bounding box of the source ROI, and how many of its centres fall outside the target. */
interface RoiScan {
  voxels: number;
  outside: number;
  lo: [number, number, number];
  hi: [number, number, number];
}

/** Rows (j + sy·k) of the mask that may hold a labelled voxel; scans four voxels at a time when it can. */
function roiRows(src: Uint8Array, sx: number, rows: number): Uint8Array {
  const has = new Uint8Array(rows);
  let from = 0;
  if (src.byteOffset % 4 === 0) {
    const words = new Uint32Array(src.buffer, src.byteOffset, src.length >>> 2);
    for (let w = 0; w < words.length; w++) {
      if (words[w] === 0) continue;
      const b = w * 4;
      has[Math.floor(b / sx)] = 1;
      has[Math.floor((b + 3) / sx)] = 1;
    }
    from = words.length * 4;
  }
  for (let b = from; b < src.length; b++) if (src[b]) has[Math.floor(b / sx)] = 1;
  return has;
}

/** Narrows span[0..1] to the real i with lo < b + a·i < hi (empty: span[0] > span[1], or NaN). */
function narrowSpan(span: Float64Array, a: number, b: number, lo: number, hi: number): void {
  if (a === 0) {
    if (!(b > lo && b < hi)) span[0] = Infinity;
    return;
  }
  const u = (lo - b) / a, v = (hi - b) / a;
  span[0] = Math.max(span[0], Math.min(u, v));
  span[1] = Math.min(span[1], Math.max(u, v));
}

function scanSource(source: Mask, target: Grid, regular: boolean): RoiScan {
  const src = source.data;
  const [sx, sy, sz] = source.size;
  const [nx, ny, nz] = target.size;
  const toT = composeAffine(source, target);
  const eps = regular ? tieMargin(source, target) : Infinity;
  const ex = nx - 0.5, ey = ny - 0.5, ez = nz - 0.5;
  const exact = new Float64Array(3);
  const span = new Float64Array(2);
  const has = roiRows(src, sx, sy * sz);
  let voxels = 0, outside = 0;
  let lo0 = sx, lo1 = sy, lo2 = sz, hi0 = -1, hi1 = -1, hi2 = -1;
  for (let k = 0; k < sz; k++) {
    for (let j = 0; j < sy; j++) {
      if (!has[j + sy * k]) continue;
      const row = sx * (j + sy * k);
      // composed source → target index along this row: r + toT[column 0]·i
      const r0 = toT[1] * j + toT[2] * k + toT[9], r1 = toT[4] * j + toT[5] * k + toT[10], r2 = toT[7] * j + toT[8] * k + toT[11];
      // i strictly inside the target by more than eps on every axis, one index to spare: no test needed there
      let inLo = 0, inHi = -1;
      if (regular) {
        span[0] = -Infinity; span[1] = Infinity;
        narrowSpan(span, toT[0], r0, eps - 0.5, ex - eps);
        narrowSpan(span, toT[3], r1, eps - 0.5, ey - eps);
        narrowSpan(span, toT[6], r2, eps - 0.5, ez - eps);
        if (span[0] <= span[1]) { inLo = Math.floor(span[0]) + 2; inHi = Math.ceil(span[1]) - 2; }
      }
      let first = 0, last = sx - 1;
      while (first < sx && !src[row + first]) first++;
      if (first === sx) continue;
      while (!src[row + last]) last--;
      // voxels strictly inside the target: only counted; the rest (one or two stretches) tested
      const inner = Math.max(first, inLo) <= Math.min(last, inHi);
      const a0 = inner ? Math.max(first, inLo) : last + 1, a1 = inner ? Math.min(last, inHi) : last;
      let n = 0;
      for (let i = a0; i <= a1; i++) if (src[row + i]) n++;
      for (let part = 0; part < 2; part++) {
        const from = part === 0 ? first : a1 + 1, to = part === 0 ? a0 - 1 : last;
        for (let i = from; i <= to; i++) {
          if (!src[row + i]) continue;
          n++;
          const a = r0 + toT[0] * i, b = r1 + toT[3] * i, c = r2 + toT[6] * i;
          let out: boolean;
          if (Math.abs(a + 0.5) <= eps || Math.abs(a - ex) <= eps || Math.abs(b + 0.5) <= eps || Math.abs(b - ey) <= eps || Math.abs(c + 0.5) <= eps || Math.abs(c - ez) <= eps || !regular) {
            exactIndex(source, target, i, j, k, exact);
            out = exact[0] < -0.5 || exact[1] < -0.5 || exact[2] < -0.5 || exact[0] > ex || exact[1] > ey || exact[2] > ez;
          } else out = a < -0.5 || b < -0.5 || c < -0.5 || a > ex || b > ey || c > ez;
          if (out) outside++;
        }
      }
      if (n === 0) continue;
      voxels += n;
      if (first < lo0) lo0 = first;
      if (last > hi0) hi0 = last;
      if (j < lo1) lo1 = j;
      if (j > hi1) hi1 = j;
      if (k < lo2) lo2 = k;
      hi2 = k;
    }
  }
  return { voxels, outside, lo: [lo0, lo1, lo2], hi: [hi0, hi1, hi2] };
}

/** The plain rule's label at one point of the target (continuous target index), computed its way. */
function exactLabel(source: Mask, target: Grid, i: number, j: number, k: number, exact: Float64Array): number {
  exactIndex(target, source, i, j, k, exact);
  const x = Math.round(exact[0]), y = Math.round(exact[1]), z = Math.round(exact[2]);
  const [sx, sy, sz] = source.size;
  if (x < 0 || y < 0 || z < 0 || x >= sx || y >= sy || z >= sz) return 0;
  return source.data[x + sx * (y + sy * z)] ?? 0; // undefined (NaN index) counts as 0, as in the plain rule
}

/**
 * For each row of a direction matrix, the one column with a non-zero entry, when every row and
 * every column has exactly one (an axis-aligned grid, possibly flipped or permuted); else null.
 */
function axisPermutation(d: readonly number[]): number[] | null {
  const col: number[] = [];
  const used = [false, false, false];
  for (let q = 0; q < 3; q++) {
    let c = -1;
    for (let a = 0; a < 3; a++) {
      if (d[3 * q + a] === 0) continue;
      if (c >= 0) return null;
      c = a;
    }
    if (c < 0 || used[c]) return null;
    used[c] = true;
    col.push(c);
  }
  return col;
}

/**
 * Both grids axis-aligned (each direction matrix has one non-zero per row and column, the others
 * exactly 0): every term of the plain rule's sums but one is then ±0, which adds nothing, so source
 * coordinate r is a function of one target coordinate alone, computed by the very same operations
 * (`exactIndex` with the other coordinates set to 0). The rounded source index of every (target
 * index, sample offset) pair along each axis goes into a table, and a voxel's samples are sums of
 * three table entries: exact, with no tie to worry about. Returns false when not applicable.
 */
function fillAxisAligned(source: Mask, target: Grid, roi: RoiScan, offsets: number[], out: Uint8Array): boolean {
  const dT = axisPermutation(target.direction), dS = axisPermutation(source.direction);
  if (!dT || !dS) return false;
  const src = source.data;
  const stride = [1, source.size[0], source.size[0] * source.size[1]];
  const [nx, ny] = target.size;
  const no = offsets.length;
  const m = no ** 3;
  const exact = new Float64Array(3);
  // table[c][t·no + o]: stride_r × (rounded source index r) for target index t + offset o along
  // target axis c, where r is the source axis that c drives; −∞ when off the source grid
  const tables: Float64Array[] = [];
  const from = [0, 0, 0], to = [-1, -1, -1]; // target indices along c whose samples can reach the ROI's box
  for (let r = 0; r < 3; r++) {
    const q = dS.indexOf(r); // the patient axis source axis r reads
    const c = dT[q]; // the target axis that drives patient axis q
    const n = target.size[c];
    const table = new Float64Array(n * no);
    const t3 = [0, 0, 0];
    let first = -1, last = -1;
    for (let t = 0; t < n; t++) {
      for (let o = 0; o < no; o++) {
        t3[c] = t + offsets[o];
        exactIndex(target, source, t3[0], t3[1], t3[2], exact);
        const v = Math.round(exact[r]);
        table[t * no + o] = v >= 0 && v < source.size[r] ? stride[r] * v : -Infinity;
        if (v >= roi.lo[r] && v <= roi.hi[r]) { if (first < 0) first = t; last = t; }
      }
    }
    tables[c] = table;
    from[c] = first;
    to[c] = last;
  }
  if (to[0] < 0 || to[1] < 0 || to[2] < 0) return true;
  const [X, Y, Z] = tables;
  const counts = new Int32Array(256);
  const seen = new Uint8Array(m);
  for (let k = from[2]; k <= to[2]; k++) {
    for (let j = from[1]; j <= to[1]; j++) {
      const row = nx * (j + ny * k);
      if (m === 1) {
        const yz = Y[j] + Z[k];
        if (yz < 0) continue;
        for (let i = from[0]; i <= to[0]; i++) {
          const n = X[i] + yz;
          if (n >= 0) out[row + i] = src[n];
        }
        continue;
      }
      for (let i = from[0]; i <= to[0]; i++) {
        // one label among the samples (the usual case): its count decides; more: count them all
        let one = 0, n1 = 0, more = false;
        for (let cz = 0; cz < no && !more; cz++) {
          const z = Z[k * no + cz];
          for (let cy = 0; cy < no && !more; cy++) {
            const yz = Y[j * no + cy] + z;
            if (yz < 0) continue;
            for (let cx = 0; cx < no; cx++) {
              const n = X[i * no + cx] + yz;
              const v = n >= 0 ? src[n] : 0;
              if (!v) continue;
              if (v === one) n1++;
              else if (one === 0) { one = v; n1 = 1; }
              else { more = true; break; }
            }
          }
        }
        if (!more) {
          if (2 * n1 >= m) out[row + i] = one;
          continue;
        }
        let nSeen = 0;
        for (let cz = 0; cz < no; cz++) {
          const z = Z[k * no + cz];
          for (let cy = 0; cy < no; cy++) {
            const yz = Y[j * no + cy] + z;
            for (let cx = 0; cx < no; cx++) {
              const n = X[i * no + cx] + yz;
              const v = n >= 0 ? src[n] : 0;
              if (v) {
                if (counts[v] === 0) seen[nSeen++] = v;
                counts[v]++;
              }
            }
          }
        }
        out[row + i] = majorityLabel(seen, nSeen, counts, m);
      }
    }
  }
  return true;
}

/**
 * The label counted by at least half of the m sample points (the first seen wins a tie, a later
 * one only with more points), or 0; resets the counts of the labels seen for the next voxel.
 */
function majorityLabel(seen: Uint8Array, nSeen: number, counts: Int32Array, m: number): number {
  let label = 0;
  for (let n = 0; n < nSeen; n++) {
    const v = seen[n], c = counts[v];
    if (2 * c >= m && (label === 0 || c > counts[label])) label = v;
  }
  for (let n = 0; n < nSeen; n++) counts[seen[n]] = 0;
  return label;
}

/** Labels every target voxel whose samples can reach the ROI's box; the rest stays 0. */
function fillTarget(source: Mask, target: Grid, roi: RoiScan, offsets: number[], regular: boolean, out: Uint8Array): void {
  const src = source.data;
  const [sx, sy, sz] = source.size;
  const sxy = sx * sy;
  const [nx, ny, nz] = target.size;
  const toS = composeAffine(target, source);
  const eps = regular ? tieMargin(target, source) : Infinity;
  const lim = 0.5 - eps; // |index − round(index)| above this: too close to a tie to trust
  const no = offsets.length;
  const m = no ** 3;
  const exact = new Float64Array(3);
  // sample offsets in source-index space, in the plain rule's order (dz, then dy, then dx)
  const off0 = new Float64Array(m), off1 = new Float64Array(m), off2 = new Float64Array(m);
  const offI = new Float64Array(m), offJ = new Float64Array(m), offK = new Float64Array(m);
  for (let q = 0, cz = 0; cz < no; cz++) for (let cy = 0; cy < no; cy++) for (let cx = 0; cx < no; cx++, q++) {
    const dx = offsets[cx], dy = offsets[cy], dz = offsets[cz];
    offI[q] = dx; offJ[q] = dy; offK[q] = dz;
    off0[q] = toS[0] * dx + toS[1] * dy + toS[2] * dz;
    off1[q] = toS[3] * dx + toS[4] * dy + toS[5] * dz;
    off2[q] = toS[6] * dx + toS[7] * dy + toS[8] * dz;
  }
  // A sample whose source index rounds into the ROI's box [lo, hi] has an exact index within ½ of
  // it, a composed one within ½ + eps, and its voxel's centre within ½ + eps + reach (the largest
  // sample offset in source-index units); one more voxel of margin on top.
  const pad = (r: number) => 1.5 + eps + 0.5 * (Math.abs(toS[3 * r]) + Math.abs(toS[3 * r + 1]) + Math.abs(toS[3 * r + 2]));
  const L0 = roi.lo[0] - pad(0), H0 = roi.hi[0] + pad(0);
  const L1 = roi.lo[1] - pad(1), H1 = roi.hi[1] + pad(1);
  const L2 = roi.lo[2] - pad(2), H2 = roi.hi[2] + pad(2);
  const a0 = toS[0], a1 = toS[3], a2 = toS[6];
  const span = new Float64Array(2);
  const counts = new Int32Array(256);
  const seen = new Uint8Array(m);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const b0 = toS[1] * j + toS[2] * k + toS[9], b1 = toS[4] * j + toS[5] * k + toS[10], b2 = toS[7] * j + toS[8] * k + toS[11];
      let iLo = 0, iHi = nx - 1;
      if (regular) {
        span[0] = -Infinity; span[1] = Infinity;
        narrowSpan(span, a0, b0, L0, H0);
        narrowSpan(span, a1, b1, L1, H1);
        narrowSpan(span, a2, b2, L2, H2);
        if (!(span[0] <= span[1])) continue;
        iLo = Math.max(0, Math.ceil(span[0]) - 1);
        iHi = Math.min(nx - 1, Math.floor(span[1]) + 1);
      }
      const row = nx * (j + ny * k);
      if (m === 1) {
        for (let i = iLo; i <= iHi; i++) {
          const c0 = b0 + a0 * i, c1 = b1 + a1 * i, c2 = b2 + a2 * i;
          const x = Math.round(c0), y = Math.round(c1), z = Math.round(c2);
          const f0 = c0 - x, f1 = c1 - y, f2 = c2 - z;
          if (!(f0 < lim && f0 > -lim && f1 < lim && f1 > -lim && f2 < lim && f2 > -lim)) out[row + i] = exactLabel(source, target, i, j, k, exact);
          else if (x >= 0 && y >= 0 && z >= 0 && x < sx && y < sy && z < sz) out[row + i] = src[x + sx * y + sxy * z];
        }
        continue;
      }
      for (let i = iLo; i <= iHi; i++) {
        const c0 = b0 + a0 * i, c1 = b1 + a1 * i, c2 = b2 + a2 * i;
        // count labels in order of first appearance, as the plain rule's Map does
        let nSeen = 0;
        for (let q = 0; q < m; q++) {
          const p0 = c0 + off0[q], p1 = c1 + off1[q], p2 = c2 + off2[q];
          const x = Math.round(p0), y = Math.round(p1), z = Math.round(p2);
          const f0 = p0 - x, f1 = p1 - y, f2 = p2 - z;
          let v = 0;
          if (!(f0 < lim && f0 > -lim && f1 < lim && f1 > -lim && f2 < lim && f2 > -lim)) v = exactLabel(source, target, i + offI[q], j + offJ[q], k + offK[q], exact);
          else if (x >= 0 && y >= 0 && z >= 0 && x < sx && y < sy && z < sz) v = src[x + sx * y + sxy * z];
          if (v) {
            if (counts[v] === 0) seen[nSeen++] = v;
            counts[v]++;
          }
        }
        out[row + i] = majorityLabel(seen, nSeen, counts, m);
      }
    }
  }
}

export function mapMask(source: Mask, target: Geometry, rule: 'nearest' | 'majority' = 'nearest', samples = 3): MappedMask {
  const warnings: string[] = [];
  if (source.frameOfReferenceUID && target.frameOfReferenceUID && source.frameOfReferenceUID !== target.frameOfReferenceUID) {
    throw new Error('the ROI and the target series have different frames of reference: their patient coordinates cannot be matched');
  }
  const [nx, ny, nz] = target.size;
  const out = new Uint8Array(nx * ny * nz);
  const offsets: number[] = [];
  if (rule === 'majority') for (let s = 0; s < samples; s++) offsets.push((s + 0.5) / samples - 0.5);
  else offsets.push(0);
  // a grid with a non-finite number or a zero spacing: the plain rule at every point (eps = ∞)
  const regular = finite(source) && finite(target);
  // how much of the ROI lies outside the target volume, and where the ROI is
  const roi = scanSource(source, target, regular);
  if (roi.voxels > 0 && offsets.length > 0 && !(regular && fillAxisAligned(source, target, roi, offsets, out))) fillTarget(source, target, roi, offsets, regular, out);
  const sourceVoxels = roi.voxels, outside = roi.outside;
  if (sourceVoxels && outside === sourceVoxels) warnings.push('the ROI does not overlap the target series at all');
  else if (outside > 0) warnings.push(`${((100 * outside) / sourceVoxels).toFixed(1)} % of the ROI lies outside the target series`);
  const mask: Mask = { data: out, size: [nx, ny, nz], spacing: [...target.spacing], origin: [...target.origin], direction: [...target.direction], frameOfReferenceUID: target.frameOfReferenceUID };
  return { mask, voxelsOutside: outside, sourceVoxels, warnings };
}
