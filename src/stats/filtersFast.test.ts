/**
 * The kept-only filter paths used by lean bootstrap refits against the full ones:
 * correlationFilterKept (early exit, hints) = correlationFilter's kept (itself checked against R
 * in filters.test.ts), and nearZeroVariance / nearZeroVarianceKept (sorted counting, early exit)
 * = a plain Map-per-column implementation of caret's rule written here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numericColumn, parseCohortCsv, textColumn } from '../modelling/csv.ts';
import { correlationFilter, correlationFilterKept, nearZeroVariance, nearZeroVarianceKept, type CorrelationMethod, type CorrelationStats } from './filters.ts';
import { seededUniform } from './random.ts';
import { SHARED_DIR } from '../testing/sharedData.ts';

/** Standard normal from two uniforms (Box-Muller). */
const normal = (u: () => number): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());

/**
 * p columns of n rows in groups: each group is a latent factor plus noise of a random size, so
 * within-group |r| spans both sides of 0.9; groups are interleaved so a column's remover is not
 * simply its neighbour; some columns are sign-flipped. Column 3 is constant, column 7 has a NaN.
 */
function plantedMatrix(seed: number, n: number, p: number): Float64Array[] {
  const u = seededUniform(seed);
  const groups = Math.max(2, Math.floor(p / 6));
  const latent = Array.from({ length: groups }, () => Float64Array.from({ length: n }, () => normal(u)));
  const cols: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const g = latent[Math.floor(u() * groups)]!;
    const noise = u() < 0.2 ? 2 : 0.05 + 0.6 * u();
    const sign = u() < 0.3 ? -1 : 1;
    cols.push(Float64Array.from(g, (v) => sign * v + noise * normal(u)));
  }
  if (p > 3) cols[3]!.fill(2.5);
  if (p > 7) cols[7]![Math.floor(n / 2)] = NaN;
  return cols;
}

/** Bootstrap-like case weights: counts of n draws with replacement, kept for rows drawn ≥ 1 time. */
function resampleCounts(u: () => number, n: number): { rows: number[]; counts: Float64Array } {
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) c[Math.floor(u() * n)]! += 1;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (c[i]! > 0) rows.push(i);
  return { rows, counts: Float64Array.from(rows, (i) => c[i]!) };
}

const byIndex = (removedBy: Map<number, { by: number }>): Map<number, number> => {
  const h = new Map<number, number>();
  for (const [j, { by }] of removedBy) if (by >= 0) h.set(j, by);
  return h;
};

describe('correlationFilterKept = correlationFilter kept', () => {
  for (const method of ['pearson', 'spearman'] as CorrelationMethod[]) {
    it(`${method}: random planted groups, with and without weights, with good, stale and wrong hints`, () => {
      let fullDots = 0;
      let fastDots = 0;
      let removedSome = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const n = 40 + 7 * seed;
        const p = 30 + 9 * seed;
        const cols = plantedMatrix(seed, n, p);
        const u = seededUniform(1000 + seed);
        for (const cutoff of [0.9, 0.75]) {
          const full = correlationFilter(cols, cutoff, method);
          expect(full.kept).not.toContain(3);
          // (Spearman ranks a NaN cell like any value, so there the NaN column is not removed)
          if (method === 'pearson') expect(full.kept).not.toContain(7);
          if (full.kept.length < p - 2) removedSome++;
          const s1: CorrelationStats = { dots: 0 };
          const s2: CorrelationStats = { dots: 0 };
          expect(correlationFilterKept(cols, cutoff, method).kept).toEqual(full.kept);
          correlationFilter(cols, cutoff, method, undefined, s1);
          expect(correlationFilterKept(cols, cutoff, method, undefined, { hints: byIndex(full.removedBy), stats: s2 }).kept).toEqual(full.kept);
          fullDots += s1.dots;
          fastDots += s2.dots;
          // wrong hints: random earlier columns (some removed, some kept, some the constant one)
          const wrong = new Map<number, number>();
          for (let j = 1; j < p; j++) wrong.set(j, Math.floor(u() * j));
          expect(correlationFilterKept(cols, cutoff, method, undefined, { hints: wrong }).kept).toEqual(full.kept);
          // out-of-range hints are ignored
          const odd = new Map<number, number>([[0, 5], [1, -1], [2, 2], [5, p + 3]]);
          expect(correlationFilterKept(cols, cutoff, method, undefined, { hints: odd }).kept).toEqual(full.kept);
          // a resample with case weights and the unweighted fit's removals as (stale) hints
          const { rows, counts } = resampleCounts(u, n);
          const sub = cols.map((c) => Float64Array.from(rows, (i) => c[i]!));
          const wFull = correlationFilter(sub, cutoff, method, counts);
          expect(correlationFilterKept(sub, cutoff, method, counts).kept).toEqual(wFull.kept);
          expect(correlationFilterKept(sub, cutoff, method, counts, { hints: byIndex(full.removedBy) }).kept).toEqual(wFull.kept);
        }
      }
      expect(removedSome).toBeGreaterThan(10);
      expect(fastDots).toBeLessThan(fullDots);
    });
  }

  it('edge cases: no columns, one column, all constant, a column of NaN', () => {
    expect(correlationFilterKept([]).kept).toEqual([]);
    expect(correlationFilterKept([Float64Array.of(1, 2, 3)]).kept).toEqual([0]);
    const cols = [Float64Array.of(1, 1, 1), Float64Array.of(NaN, NaN, NaN), Float64Array.of(1, 2, 4), Float64Array.of(2, 4, 8.5), Float64Array.of(3, 1, 2)];
    const full = correlationFilter(cols, 0.9);
    expect(full.kept).toEqual([2, 4]);
    expect(correlationFilterKept(cols, 0.9).kept).toEqual(full.kept);
    expect(correlationFilterKept(cols, 0.9, 'spearman', Float64Array.of(1, 2, 1)).kept).toEqual(correlationFilter(cols, 0.9, 'spearman', Float64Array.of(1, 2, 1)).kept);
    expect(() => correlationFilterKept(cols, 0.9, 'pearson', Float64Array.of(1, 2))).toThrow(/2 weights for 3 rows/);
  });

  it('Study A radiomics, 20 bootstrap-like resamples of the training rows: same kept, fewer dot products with hints', () => {
    const A = parseCohortCsv(readFileSync(`${SHARED_DIR}/data/cohorts/studyA.csv`, 'utf8'), 'studyA.csv');
    const train = textColumn(A, 'split').flatMap((s, i) => (s === 'train' ? [i] : []));
    const names = A.names.filter((nm) => /^(original_|wavelet-|log-sigma)/.test(nm));
    const all = names.map((nm) => { const c = numericColumn(A, nm); return Float64Array.from(train, (i) => c[i]!); });
    const nzv = nearZeroVariance(all);
    const cols = nzv.kept.map((j) => all[j]!);
    const full = correlationFilter(cols, 0.9);
    const hints = byIndex(full.removedBy);
    const u = seededUniform(404);
    const sFull: CorrelationStats = { dots: 0 };
    const sEarly: CorrelationStats = { dots: 0 };
    const sHint: CorrelationStats = { dots: 0 };
    for (let b = 0; b < 20; b++) {
      const { rows, counts } = resampleCounts(u, train.length);
      const sub = cols.map((c) => Float64Array.from(rows, (i) => c[i]!));
      const ref = correlationFilter(sub, 0.9, 'pearson', counts, sFull).kept;
      expect(correlationFilterKept(sub, 0.9, 'pearson', counts, { stats: sEarly }).kept).toEqual(ref);
      expect(correlationFilterKept(sub, 0.9, 'pearson', counts, { hints, stats: sHint }).kept).toEqual(ref);
    }
    expect(sEarly.dots).toBeLessThan(sFull.dots);
    expect(sHint.dots).toBeLessThanOrEqual(sEarly.dots);
  });
});

/** caret::nearZeroVar's rule with a Map per column (the implementation the sorted counting replaced). */
function nzvPlain(columns: readonly ArrayLike<number>[], freqCut: number, uniqueCut: number, weights?: ArrayLike<number>): { kept: number[]; perColumn: { freqRatio: number; percentUnique: number; zeroVar: boolean; nzv: boolean }[] } {
  const kept: number[] = [];
  const perColumn = columns.map((col, j) => {
    const counts = new Map<number, number>();
    let n = 0;
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!;
      if (Number.isNaN(v)) continue;
      const c = weights ? weights[i]! : 1;
      n += c;
      counts.set(v, (counts.get(v) ?? 0) + c);
    }
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const distinct = counts.size;
    const freqRatio = distinct > 1 ? sorted[0]! / sorted[1]! : 0;
    const percentUnique = (100 * distinct) / n;
    const zeroVar = distinct <= 1;
    const nzv = zeroVar || (freqRatio > freqCut && percentUnique <= uniqueCut);
    if (!nzv) kept.push(j);
    return { freqRatio, percentUnique, zeroVar, nzv };
  });
  return { kept, perColumn };
}

describe('nearZeroVariance sorted counting and nearZeroVarianceKept = the Map-per-column rule', () => {
  /** Integer-valued columns with few levels (some dominated by one value), continuous ones, ±0, NaN. */
  function mixedColumns(seed: number, n: number): Float64Array[] {
    const u = seededUniform(seed);
    const cols: Float64Array[] = [];
    for (let j = 0; j < 60; j++) {
      const kind = j % 6;
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (kind === 0) c[i] = Math.floor(u() * 3); // 3 levels
        else if (kind === 1) c[i] = u() < 0.97 ? 0 : Math.floor(u() * 4) + 1; // dominated by 0
        else if (kind === 2) c[i] = normal(u); // continuous
        else if (kind === 3) c[i] = Math.round(normal(u) * 2); // integers, ~10 levels
        else if (kind === 4) c[i] = u() < 0.5 ? 0 : -0; // one value written two ways
        else c[i] = u() < 0.1 ? NaN : Math.floor(u() * (2 + j)); // NaN cells, more levels further on
      }
      cols.push(c);
    }
    cols.push(new Float64Array(n).fill(7)); // constant
    cols.push(new Float64Array(n).fill(NaN)); // no values
    return cols;
  }

  it('random integer-valued and continuous columns, with and without case weights, several cut-offs', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const n = 30 + 17 * seed;
      const cols = mixedColumns(seed, n);
      const u = seededUniform(77 + seed);
      const w = Float64Array.from({ length: n }, () => 1 + Math.floor(u() * 4));
      for (const [freqCut, uniqueCut] of [[95 / 5, 10], [2, 30], [1.2, 5], [19, 60]] as const) {
        for (const weights of [undefined, w]) {
          const ref = nzvPlain(cols, freqCut, uniqueCut, weights);
          const full = nearZeroVariance(cols, freqCut, uniqueCut, weights);
          expect(full.kept).toEqual(ref.kept);
          full.perColumn.forEach((c, j) => {
            const r = ref.perColumn[j]!;
            expect(Object.is(c.freqRatio, r.freqRatio) && Object.is(c.percentUnique, r.percentUnique), `column ${j}`).toBe(true);
            expect([c.zeroVar, c.nzv]).toEqual([r.zeroVar, r.nzv]);
          });
          expect(nearZeroVarianceKept(cols, freqCut, uniqueCut, weights).kept).toEqual(ref.kept);
        }
      }
    }
  });

  it('Study A radiomics columns on bootstrap-like resamples (distinct rows + counts) and on all training rows', () => {
    const A = parseCohortCsv(readFileSync(`${SHARED_DIR}/data/cohorts/studyA.csv`, 'utf8'), 'studyA.csv');
    const train = textColumn(A, 'split').flatMap((s, i) => (s === 'train' ? [i] : []));
    const names = A.names.filter((nm) => /^(original_|wavelet-|log-sigma)/.test(nm));
    const all = names.map((nm) => { const c = numericColumn(A, nm); return Float64Array.from(train, (i) => c[i]!); });
    const ref = nzvPlain(all, 95 / 5, 10);
    expect(ref.kept.length).toBe(724); // as R (filters.test.ts)
    expect(nearZeroVariance(all).kept).toEqual(ref.kept);
    expect(nearZeroVarianceKept(all).kept).toEqual(ref.kept);
    const u = seededUniform(5);
    for (let b = 0; b < 10; b++) {
      const { rows, counts } = resampleCounts(u, train.length);
      const sub = all.map((c) => Float64Array.from(rows, (i) => c[i]!));
      const r = nzvPlain(sub, 95 / 5, 10, counts);
      expect(nearZeroVariance(sub, 95 / 5, 10, counts).kept).toEqual(r.kept);
      expect(nearZeroVarianceKept(sub, 95 / 5, 10, counts).kept).toEqual(r.kept);
    }
  });
});
