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
  columns.forEach((col, j) => {
    if (weights && weights.length !== col.length) throw new Error(`nearZeroVariance: ${weights.length} weights for ${col.length} rows`);
    const counts = new Map<number, number>();
    let n = 0;
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!;
      if (Number.isNaN(v)) continue;
      const c = weights ? weights[i]! : 1;
      n += c;
      counts.set(v, (counts.get(v) ?? 0) + c);
    }
    let first = 0;
    let second = 0;
    for (const c of counts.values()) {
      if (c > first) { second = first; first = c; } else if (c > second) second = c;
    }
    const distinct = counts.size;
    const freqRatio = distinct > 1 ? first / second : 0;
    const percentUnique = (100 * distinct) / n;
    const zeroVar = distinct <= 1;
    const nzv = zeroVar || (freqRatio > freqCut && percentUnique <= uniqueCut);
    perColumn.push({ freqRatio, percentUnique, zeroVar, nzv });
    if (!nzv) kept.push(j);
  });
  return { kept, perColumn };
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

/**
 * Greedy correlation pruning: for j = 1..p in order, keep column j unless |r(j, k)| > cutoff
 * (strict) for some already-kept k. Columns with zero variance are removed (r undefined).
 * `weights` (case weights = counts, e.g. of a bootstrap resample's distinct rows): the result is
 * that of the data with row i repeated weights[i] times (weighted means and cross-products;
 * Spearman on {@link weightedAverageRanks}). Absent ⇒ the unweighted computation.
 */
export function correlationFilter(
  columns: readonly ArrayLike<number>[],
  cutoff = 0.9,
  method: CorrelationMethod = 'pearson',
  weights?: ArrayLike<number>,
): CorrelationFilterResult {
  // unit-length centred columns packed one after another, so r_jk is one contiguous dot product
  const p = columns.length;
  const n = p > 0 ? columns[0]!.length : 0;
  if (weights && weights.length !== n) throw new Error(`correlationFilter: ${weights.length} weights for ${n} rows`);
  const Z = new Float64Array(p * n);
  for (let j = 0; j < p; j++) {
    const c = columns[j]!;
    if (weights) Z.set(unitCentredWeighted(method === 'spearman' ? weightedAverageRanks(c, weights) : c, weights), j * n);
    else Z.set(unitCentred(method === 'spearman' ? averageRanks(c) : c), j * n);
  }
  const kept: number[] = [];
  const keptOff = new Int32Array(p);
  const removedBy = new Map<number, { by: number; r: number }>();
  let minDist = Infinity;
  for (let j = 0; j < p; j++) {
    const oj = j * n;
    if (!Number.isFinite(Z[oj]!)) { removedBy.set(j, { by: -1, r: NaN }); continue; }
    let worst = -1;
    let worstR = 0;
    for (let q = 0; q < kept.length; q++) {
      const ok = keptOff[q]!;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let i = 0;
      for (; i + 3 < n; i += 4) {
        s0 += Z[oj + i]! * Z[ok + i]!;
        s1 += Z[oj + i + 1]! * Z[ok + i + 1]!;
        s2 += Z[oj + i + 2]! * Z[ok + i + 2]!;
        s3 += Z[oj + i + 3]! * Z[ok + i + 3]!;
      }
      for (; i < n; i++) s0 += Z[oj + i]! * Z[ok + i]!;
      const s = s0 + s1 + (s2 + s3);
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
  return { kept, removedBy, minAbsDistanceToCutoff: minDist };
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
