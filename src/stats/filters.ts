/**
 * Feature filters used before model fitting. Each takes columns (one ArrayLike<number> per
 * feature, rows aligned) and returns which columns it keeps (0-based indices, in input order)
 * plus the per-column figures that decided it, so a report can show why a feature went.
 *
 * - {@link nearZeroVariance}: caret::nearZeroVar's rule (freqCut 95/5, uniqueCut 10 %).
 * - {@link correlationFilter}: greedy pruning at |r| > cutoff (Pearson, or Spearman = Pearson on
 *   average ranks): walk the columns in order, keep one unless |r| > cutoff with a column ALREADY
 *   KEPT. Removed columns never remove anything. (caret::findCorrelation uses another rule.)
 * - {@link univariateFilter}: keep columns whose two-group test p-value is below a threshold; the
 *   test is a function, so t / Mann-Whitney / univariable logistic come from `src/stats`.
 * - {@link iccFilter}: keep columns whose inter-reader agreement exceeds a cutoff; the ICC is a
 *   function of the two readers' values.
 */

import { dotAt } from './kernels.ts';
import { lassoKernels } from './wasm/kernels.ts';

export interface NzvColumn {
  /** count of the most frequent value / count of the second most frequent (0 if one value). */
  freqRatio: number;
  /** 100 · distinct values / n. */
  percentUnique: number;
  zeroVar: boolean;
  nzv: boolean;
}

export interface FilterResult {
  /** Indices of kept columns, ascending. */
  kept: number[];
}

export interface NzvResult extends FilterResult {
  perColumn: NzvColumn[];
}

/**
 * Near-zero variance (caret::nearZeroVar defaults): remove a column with a single distinct value,
 * or with freqRatio > freqCut **and** percentUnique ≤ uniqueCut. NaN cells are ignored (as
 * caret ignores NA); values are compared exactly. `weights` (integer counts of repeated rows):
 * value frequencies and n count row i weights[i] times, so the result is that of the repeated
 * data (the number of distinct values is the same).
 */
export function nearZeroVariance(columns: readonly ArrayLike<number>[], freqCut = 95 / 5, uniqueCut = 10, weights?: ArrayLike<number>): NzvResult {
  const perColumn: NzvColumn[] = [];
  const kept: number[] = [];
  const scratch = new NzvScratch();
  columns.forEach((col, j) => {
    const t = nzvCounts(col, weights, scratch, Infinity);
    const distinct = t.distinct;
    const freqRatio = distinct > 1 ? t.first / t.second : 0;
    const percentUnique = (100 * distinct) / t.n;
    const zeroVar = distinct <= 1;
    const nzv = zeroVar || (freqRatio > freqCut && percentUnique <= uniqueCut);
    perColumn.push({ freqRatio, percentUnique, zeroVar, nzv });
    if (!nzv) kept.push(j);
  });
  return { kept, perColumn };
}

/**
 * {@link nearZeroVariance}'s `kept` only (no per-column figures), for callers that need nothing
 * else (the bootstrap's refits): a column whose share of distinct values already exceeds
 * `uniqueCut` (and has two or more of them) is kept whatever its freqRatio, so its value counts
 * are never made. Same rule, same floating-point expressions, so the same `kept`.
 */
export function nearZeroVarianceKept(columns: readonly ArrayLike<number>[], freqCut = 95 / 5, uniqueCut = 10, weights?: ArrayLike<number>): FilterResult {
  const kept: number[] = [];
  const scratch = new NzvScratch();
  columns.forEach((col, j) => {
    const t = nzvCountsFew(col, weights, scratch, uniqueCut) ?? nzvCounts(col, weights, scratch, uniqueCut);
    const distinct = t.distinct;
    if (t.first < 0) { kept.push(j); return; } // stopped early: distinct > 1 and percentUnique > uniqueCut
    const freqRatio = distinct > 1 ? t.first / t.second : 0;
    const percentUnique = (100 * distinct) / t.n;
    const nzv = distinct <= 1 || (freqRatio > freqCut && percentUnique <= uniqueCut);
    if (!nzv) kept.push(j);
  });
  return { kept };
}

/** Reused buffers of {@link nzvCounts} (one set per filter call). */
class NzvScratch {
  values = new Float64Array(0);
  counts = new Float64Array(0);
  fewValues = new Float64Array(FEW);
  fewCounts = new Float64Array(FEW);
  fit(n: number): void {
    if (this.values.length < n) { this.values = new Float64Array(n); this.counts = new Float64Array(n); }
  }
}

/** Distinct values {@link nzvCountsFew} tracks before handing over to the sorting count. */
const FEW = 48;

/** The largest and second-largest of counts c[0..d) (caret's freqRatio = first / second). */
function topTwo(c: Float64Array, d: number): { first: number; second: number } {
  let first = 0;
  let second = 0;
  for (let k = 0; k < d; k++) {
    const cnt = c[k]!;
    if (cnt > first) { second = first; first = cnt; } else if (cnt > second) second = cnt;
  }
  return { first, second };
}

/**
 * {@link nzvCounts} for the kept-only filter without sorting: one pass that keeps the distinct
 * values seen so far in a small array (linear search, ===), adding each row's weight to its value
 * in row order, and stops as soon as distinct > 1 and 100·distinct/n > stopAbove (the column is
 * kept whatever its freqRatio: first = −1). A continuous column stops after a few rows; a column
 * of few levels is counted completely. More than {@link FEW} distinct values without stopping
 * (a large uniqueCut): null, and the caller sorts.
 */
function nzvCountsFew(col: ArrayLike<number>, weights: ArrayLike<number> | undefined, s: NzvScratch, stopAbove: number): { n: number; distinct: number; first: number; second: number } | null {
  if (weights && weights.length !== col.length) throw new Error(`nearZeroVariance: ${weights.length} weights for ${col.length} rows`);
  let n = 0;
  for (let i = 0; i < col.length; i++) if (!Number.isNaN(col[i]!)) n += weights ? weights[i]! : 1;
  const u = s.fewValues;
  const c = s.fewCounts;
  let d = 0;
  for (let i = 0; i < col.length; i++) {
    const x = col[i]!;
    if (Number.isNaN(x)) continue;
    const w = weights ? weights[i]! : 1;
    let k = 0;
    while (k < d && u[k] !== x) k++;
    if (k < d) { c[k]! += w; continue; }
    if (d === FEW) return null;
    u[d] = x;
    c[d++] = w;
    if (d > 1 && (100 * d) / n > stopAbove) return { n, distinct: d, first: -1, second: -1 };
  }
  return { n, distinct: d, ...topTwo(c, d) };
}

/**
 * Value counts of one column without a Map: the non-NaN values are sorted (a typed-array copy),
 * distinct values are the runs (=== so −0 and 0 are one value, as a Map key), and with weights
 * each row's weight is added to its value's count in row order (binary search), so every sum is
 * the Map version's. n = Σ weights (or the non-NaN count). With a finite `stopAbove` (uniqueCut):
 * if distinct > 1 and 100·distinct/n > stopAbove the counts are skipped and first = −1.
 */
function nzvCounts(col: ArrayLike<number>, weights: ArrayLike<number> | undefined, s: NzvScratch, stopAbove: number): { n: number; distinct: number; first: number; second: number } {
  if (weights && weights.length !== col.length) throw new Error(`nearZeroVariance: ${weights.length} weights for ${col.length} rows`);
  s.fit(col.length);
  const v = s.values;
  let m = 0;
  let n = 0;
  for (let i = 0; i < col.length; i++) {
    const x = col[i]!;
    if (Number.isNaN(x)) continue;
    v[m++] = x;
    n += weights ? weights[i]! : 1;
  }
  const u = v.subarray(0, m);
  u.sort();
  // distinct values: compact the runs to the front of u; unweighted counts are the run lengths
  const c = s.counts;
  let d = 0;
  for (let i = 0; i < m; i++) {
    if (d === 0 || u[i] !== u[d - 1]) { u[d] = u[i]!; c[d++] = 1; } else c[d - 1]! += 1;
  }
  if (d > 1 && (100 * d) / n > stopAbove) return { n, distinct: d, first: -1, second: -1 };
  if (weights) {
    // each row's weight added to its value's count in row order, as the Map version summed them
    c.fill(0, 0, d);
    for (let i = 0; i < col.length; i++) {
      const x = col[i]!;
      if (Number.isNaN(x)) continue;
      let lo = 0;
      let hi = d - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (u[mid]! < x) lo = mid + 1; else hi = mid; }
      c[lo]! += weights[i]!;
    }
  }
  return { n, distinct: d, ...topTwo(c, d) };
}

/** Average ranks (1-based; ties get the mean of their ranks), as R's rank(ties = "average"). */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let k = i;
    while (k + 1 < n && x[idx[k + 1]!] === x[idx[i]!]) k++;
    const avg = (i + k + 2) / 2;
    for (let t = i; t <= k; t++) r[idx[t]!] = avg;
    i = k + 1;
  }
  return r;
}

/**
 * Average ranks of the data in which value x_i occurs c_i times (case weights, integer counts):
 * rank(x_i) = Σ_{x_k < x_i} c_k + (Σ_{x_k = x_i} c_k + 1)/2 — the rank every copy of x_i gets in
 * R's rank(ties = "average") of the repeated data.
 */
export function weightedAverageRanks(x: ArrayLike<number>, c: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const r = new Float64Array(n);
  let below = 0;
  for (let i = 0; i < n; ) {
    let k = i;
    let tie = c[idx[i]!]!;
    while (k + 1 < n && x[idx[k + 1]!] === x[idx[i]!]) { k++; tie += c[idx[k]!]!; }
    const avg = below + (tie + 1) / 2;
    for (let t = i; t <= k; t++) r[idx[t]!] = avg;
    below += tie;
    i = k + 1;
  }
  return r;
}

/**
 * Weighted version of {@link unitCentred}: z_i = √c_i (x_i − x̄_c)/‖·‖ with x̄_c = Σ c x / Σ c, so
 * z_jᵀz_k is Pearson's r of the data with row i repeated c_i times.
 */
function unitCentredWeighted(x: ArrayLike<number>, c: ArrayLike<number>): Float64Array {
  const n = x.length;
  let m = 0;
  let cs = 0;
  for (let i = 0; i < n; i++) { m += c[i]! * x[i]!; cs += c[i]!; }
  m /= cs;
  const z = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    z[i] = Math.sqrt(c[i]!) * (x[i]! - m);
    ss += z[i]! * z[i]!;
  }
  const s = Math.sqrt(ss);
  for (let i = 0; i < n; i++) z[i] = z[i]! / s;
  return z;
}

/** Centre and scale to unit Euclidean norm, so a dot product is Pearson's r. */
function unitCentred(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i]!;
  m /= n;
  const z = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    z[i] = x[i]! - m;
    ss += z[i]! * z[i]!;
  }
  const s = Math.sqrt(ss);
  for (let i = 0; i < n; i++) z[i] = z[i]! / s;
  return z;
}

/** Pearson r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const a = unitCentred(x);
  const b = unitCentred(y);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export type CorrelationMethod = 'pearson' | 'spearman';

export interface CorrelationFilterResult extends FilterResult {
  /** For each removed column (by index): the kept column with the largest |r| against it. */
  removedBy: Map<number, { by: number; r: number }>;
  /** Smallest | |r| − cutoff | over all comparisons made (how close any decision came to flipping). */
  minAbsDistanceToCutoff: number;
}

/** Counters a caller may pass to see how much work a correlation filter did. */
export interface CorrelationStats {
  /** correlations computed (one dot product of two unit columns each) */
  dots: number;
}

/**
 * Unit-length centred columns (of the ranks for Spearman; weighted when `weights`) packed one
 * after another, so r_jk is one contiguous dot product. A zero-variance column is all NaN.
 */
function unitColumns(columns: readonly ArrayLike<number>[], method: CorrelationMethod, weights: ArrayLike<number> | undefined, who: string): { Z: Float64Array; n: number } {
  const p = columns.length;
  const n = p > 0 ? columns[0]!.length : 0;
  if (weights && weights.length !== n) throw new Error(`${who}: ${weights.length} weights for ${n} rows`);
  const Z = new Float64Array(p * n);
  for (let j = 0; j < p; j++) {
    const c = columns[j]!;
    if (weights) Z.set(unitCentredWeighted(method === 'spearman' ? weightedAverageRanks(c, weights) : c, weights), j * n);
    else Z.set(unitCentred(method === 'spearman' ? averageRanks(c) : c), j * n);
  }
  return { Z, n };
}


/**
 * Greedy correlation pruning: for j = 1..p in order, keep column j unless |r(j, k)| > cutoff
 * (strict) for some already-kept k. Columns with zero variance are removed (r undefined).
 * `weights` (case weights = counts, e.g. of a bootstrap resample's distinct rows): the result is
 * that of the data with row i repeated weights[i] times (weighted means and cross-products;
 * Spearman on {@link weightedAverageRanks}). Absent ⇒ the unweighted computation.
 * Every pair (j, kept k) is computed, for removedBy and minAbsDistanceToCutoff; a caller that
 * needs only `kept` can use {@link correlationFilterKept}.
 */
export function correlationFilter(
  columns: readonly ArrayLike<number>[],
  cutoff = 0.9,
  method: CorrelationMethod = 'pearson',
  weights?: ArrayLike<number>,
  stats?: CorrelationStats,
): CorrelationFilterResult {
  const p = columns.length;
  const { Z, n } = unitColumns(columns, method, weights, 'correlationFilter');
  const kept: number[] = [];
  const keptOff = new Int32Array(p);
  const removedBy = new Map<number, { by: number; r: number }>();
  let minDist = Infinity;
  let dots = 0;
  for (let j = 0; j < p; j++) {
    const oj = j * n;
    if (!Number.isFinite(Z[oj]!)) { removedBy.set(j, { by: -1, r: NaN }); continue; }
    let worst = -1;
    let worstR = 0;
    dots += kept.length;
    for (let q = 0; q < kept.length; q++) {
      const s = dotAt(Z, oj, Z, keptOff[q]!, n);
      const a = Math.abs(s);
      const d = Math.abs(a - cutoff);
      if (d < minDist) minDist = d;
      if (a > cutoff && a > Math.abs(worstR)) { worst = kept[q]!; worstR = s; }
    }
    if (worst >= 0) removedBy.set(j, { by: worst, r: worstR });
    else {
      keptOff[kept.length] = oj;
      kept.push(j);
    }
  }
  if (stats) stats.dots += dots;
  return { kept, removedBy, minAbsDistanceToCutoff: minDist };
}

/**
 * {@link correlationFilter}'s `kept` only: column j is removed as soon as ONE kept column has
 * |r| > cutoff (the greedy rule needs no more), so a removed column usually costs a few dot
 * products instead of one per kept column. Each r is the same floating-point computation as in
 * correlationFilter and zero-variance (NaN) columns are removed the same way, so `kept` is
 * identical; the order in which kept columns are tried cannot change it.
 *
 * `hints` (optional): column j → a column k < j likely to remove it (e.g. the one that removed it
 * on the full training data, when this is a bootstrap resample of it); if k is kept it is tried
 * first. Then the kept columns are tried from the latest back (correlated features tend to be
 * neighbours). A wrong or stale hint costs one dot product, never a different result.
 */
export function correlationFilterKept(
  columns: readonly ArrayLike<number>[],
  cutoff = 0.9,
  method: CorrelationMethod = 'pearson',
  weights?: ArrayLike<number>,
  options: { hints?: ReadonlyMap<number, number>; stats?: CorrelationStats } = {},
): FilterResult {
  const p = columns.length;
  const { Z, n } = unitColumns(columns, method, weights, 'correlationFilter');
  // the dot products on the LASSO's kernels (WebAssembly SIMD; the same sums in the same order as
  // dotAt, so the same r): Z copied to the kernels' heap, which no fit uses meanwhile
  const K = lassoKernels();
  K.reserve(Z.length).set(Z);
  const kept: number[] = [];
  const keptOff = new Int32Array(p);
  const isKept = new Uint8Array(p);
  const hints = options.hints;
  let dots = 0;
  for (let j = 0; j < p; j++) {
    const oj = j * n;
    if (!Number.isFinite(Z[oj]!)) continue;
    let removed = false;
    const h = hints?.get(j);
    if (h !== undefined && h >= 0 && h < j && isKept[h] === 1) {
      dots++;
      if (Math.abs(K.dot(oj, h * n, n)) > cutoff) removed = true;
    }
    for (let q = kept.length - 1; q >= 0 && !removed; q--) {
      if (kept[q] === h) continue;
      dots++;
      if (Math.abs(K.dot(oj, keptOff[q]!, n)) > cutoff) removed = true;
    }
    if (!removed) {
      keptOff[kept.length] = oj;
      isKept[j] = 1;
      kept.push(j);
    }
  }
  if (options.stats) options.stats.dots += dots;
  return { kept };
}

/** A two-group test: values of the feature, 0/1 outcome → p-value. */
export type UnivariateTest = (x: ArrayLike<number>, y: ArrayLike<number>) => number;

export interface UnivariateFilterResult extends FilterResult {
  p: Float64Array;
}

/** Keep columns with test p < threshold (strict). A test that throws counts as p = NaN (dropped). */
export function univariateFilter(
  columns: readonly ArrayLike<number>[],
  y: ArrayLike<number>,
  test: UnivariateTest,
  threshold = 0.05,
): UnivariateFilterResult {
  const p = new Float64Array(columns.length);
  const kept: number[] = [];
  columns.forEach((c, j) => {
    let pj = NaN;
    try { pj = test(c, y); } catch { pj = NaN; }
    p[j] = pj;
    if (pj < threshold) kept.push(j);
  });
  return { kept, p };
}

export interface IccFilterResult extends FilterResult {
  icc: Float64Array;
}

/**
 * Keep columns whose agreement between reader 1 and reader 2 (same patients, same order) is
 * strictly above `cutoff`, e.g. ICC(2,1) > 0.75.
 */
export function iccFilter(
  reader1: readonly ArrayLike<number>[],
  reader2: readonly ArrayLike<number>[],
  icc: (a: ArrayLike<number>, b: ArrayLike<number>) => number,
  cutoff = 0.75,
): IccFilterResult {
  if (reader1.length !== reader2.length) throw new Error(`iccFilter: ${reader1.length} columns for reader 1 but ${reader2.length} for reader 2`);
  const v = new Float64Array(reader1.length);
  const kept: number[] = [];
  reader1.forEach((a, j) => {
    v[j] = icc(a, reader2[j]!);
    if (v[j]! > cutoff) kept.push(j);
  });
  return { kept, icc: v };
}
