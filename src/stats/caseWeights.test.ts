/**
 * Case weights = counts of repeated rows: a fit on a bootstrap resample's distinct rows with their
 * counts must equal the fit on the resample with its repeated rows (the bootstrap uses the
 * former). The reference here is the unweighted code on the repeated rows, itself held to R by
 * filters.test.ts / lasso.test.ts; the weighted LASSO is also held to glmnet's `weights =`
 * (lassoWeights.test.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCohortCsv, numericColumn, textColumn } from '../modelling/csv.ts';
import ref from './fixtures/modelling/studyA_lasso.json' with { type: 'json' };
import fa from './fixtures/modelling/studyA_filters.json' with { type: 'json' };
import { correlationFilter, nearZeroVariance } from './filters.ts';
import { collapseRows, cvLasso, designFromColumns, lassoPath } from './lasso.ts';
import { RMersenneTwister } from './random.ts';
import { bootstrapSample, stratifiedFolds } from './resample.ts';
import { SHARED_DIR } from '../testing/sharedData.ts';

const A = parseCohortCsv(readFileSync(`${SHARED_DIR}/data/cohorts/studyA.csv`, 'utf8'), 'studyA.csv');
const split = textColumn(A, 'split');
const tr = split.flatMap((s, i) => (s === 'train' ? [i] : []));
const yAll = numericColumn(A, 'resistant');
// resample 1 of set.seed(404); sample.int(160, replace = TRUE), as the study's bootstrap draws it
const idx = Array.from(bootstrapSample(tr.length, new RMersenneTwister(404)));
const rows = idx.map((i) => tr[i]!);
const collapsed = collapseRows(rows.map((_, k) => k), rows)!;
const distinct = collapsed.rows.map((k) => rows[k]!);
const counts = collapsed.counts;
const colOf = (name: string, r: readonly number[]): Float64Array => { const c = numericColumn(A, name); return Float64Array.from(r, (i) => c[i]!); };
const y = rows.map((i) => yAll[i]!);
const yD = distinct.map((i) => yAll[i]!);

function close(a: number, b: number, rel: number, abs: number, what: string): void {
  if (!(Math.abs(a - b) <= Math.max(rel * Math.abs(b), abs))) throw new Error(`${what}: weighted ${a}, repeated rows ${b}`);
}

describe('a bootstrap resample of Study A (seed 404, resample 1)', () => {
  it('has repeated rows (the saving this is about)', () => {
    expect(distinct.length).toBeLessThan(120);
    expect(distinct.length).toBeGreaterThan(80);
    expect(counts.reduce((a, c) => a + c, 0)).toBe(160);
  });
});

describe('nearZeroVariance with counts = on the repeated rows', () => {
  const names = fa.nzv.per_column.name as string[];
  it('gives the same flags, freqRatio and percentUnique (1e-12) for every column', () => {
    const full = nearZeroVariance(names.map((n) => colOf(n, rows)));
    const w = nearZeroVariance(names.map((n) => colOf(n, distinct)), 95 / 5, 10, counts);
    expect(w.kept).toEqual(full.kept);
    full.perColumn.forEach((c, j) => {
      expect(w.perColumn[j]!.nzv).toBe(c.nzv);
      close(w.perColumn[j]!.freqRatio, c.freqRatio, 1e-12, 0, `freqRatio ${names[j]}`);
      close(w.perColumn[j]!.percentUnique, c.percentUnique, 1e-12, 0, `percentUnique ${names[j]}`);
    });
    expect(full.kept.length).toBeGreaterThan(100);
    expect(full.kept.length).toBeLessThan(names.length);
  });
});

describe('correlationFilter with counts = on the repeated rows', () => {
  const names = ref.columns as string[];
  for (const method of ['pearson', 'spearman'] as const) {
    it(`${method}: same kept columns, removed_by and r (1e-9)`, () => {
      const full = correlationFilter(names.map((n) => colOf(n, rows)), 0.9, method);
      const w = correlationFilter(names.map((n) => colOf(n, distinct)), 0.9, method, counts);
      expect(w.kept).toEqual(full.kept);
      expect([...w.removedBy.keys()]).toEqual([...full.removedBy.keys()]);
      for (const [j, v] of full.removedBy) {
        expect(w.removedBy.get(j)!.by).toBe(v.by);
        close(w.removedBy.get(j)!.r, v.r, 0, 1e-9, `r of column ${j}`);
      }
      close(w.minAbsDistanceToCutoff, full.minAbsDistanceToCutoff, 0, 1e-9, 'min distance to cutoff');
      expect(full.removedBy.size).toBeGreaterThan(10);
    });
  }
});

describe('LASSO with counts = on the repeated rows (thresh 1e-24)', () => {
  const names = (ref.columns as string[]).slice(0, 80);
  const X = designFromColumns(names.map((n) => colOf(n, rows)), rows.length);
  const XD = designFromColumns(names.map((n) => colOf(n, distinct)), distinct.length);
  it('lassoPath: same λ sequence, non-zero sets, coefficients and intercepts (1e-8 relative)', () => {
    const full = lassoPath(X, y, { thresh: 1e-24, maxit: 1e8 });
    const w = lassoPath(XD, yD, { thresh: 1e-24, maxit: 1e8, weights: counts });
    expect(w.lambda.length).toBe(full.lambda.length);
    close(w.nulldev, full.nulldev, 1e-12, 0, 'nulldev');
    full.lambda.forEach((l, m) => {
      close(w.lambda[m]!, l, 1e-12, 0, `λ ${m + 1}`);
      close(w.a0[m]!, full.a0[m]!, 1e-8, 1e-10, `a0 at λ ${m + 1}`);
      close(w.devRatio[m]!, full.devRatio[m]!, 1e-8, 1e-12, `dev.ratio at λ ${m + 1}`);
      expect(w.df[m], `df at λ ${m + 1}`).toBe(full.df[m]);
      full.beta[m]!.forEach((b, j) => close(w.beta[m]![j]!, b, 1e-8, 1e-10, `β ${names[j]} at λ ${m + 1}`));
    });
    expect(full.df[full.df.length - 1]).toBeGreaterThan(5);
  });
  it('cvLasso with rowKey (distinct rows per fold) = cvLasso on the repeated rows: cvm, cvsd, λ.min, λ.1se', () => {
    const foldid = stratifiedFolds(y, 10, { rSeed: 101 });
    const full = cvLasso(X, y, { foldid, thresh: 1e-24, maxit: 1e8 });
    const w = cvLasso(X, y, { foldid, thresh: 1e-24, maxit: 1e8, rowKey: rows });
    expect(w.indexMin).toBe(full.indexMin);
    expect(w.index1se).toBe(full.index1se);
    full.cvm.forEach((v, m) => {
      close(w.cvm[m]!, v, 1e-8, 0, `cvm ${m + 1}`);
      close(w.cvsd[m]!, full.cvsd[m]!, 1e-8, 1e-12, `cvsd ${m + 1}`);
    });
    full.fit.beta[full.indexMin]!.forEach((b, j) => close(w.fit.beta[w.indexMin]![j]!, b, 1e-8, 1e-10, `β at λ.min ${names[j]}`));
  });
  it('refuses bad weights naming the row', () => {
    expect(() => lassoPath(XD, yD, { weights: Float64Array.from(counts, (c, i) => (i === 3 ? -1 : c)) })).toThrow(/row 4/);
    expect(() => lassoPath(XD, yD, { weights: counts.subarray(1) })).toThrow(/weights has/);
  });
});

describe('a solver that runs out of passes (glmnet: warning, path up to the last converged λ)', () => {
  const names = (ref.columns as string[]).slice(0, 80);
  const X = designFromColumns(names.map((n) => colOf(n, rows)), rows.length);
  it('lassoPath returns the λ values before the failing one, with a warning naming it', () => {
    const full = lassoPath(X, y, {});
    const cut = lassoPath(X, y, { maxit: 60 });
    expect(cut.warning).toMatch(/convergence for λ number \d+ .* not reached/);
    const k = cut.lambda.length;
    expect(k).toBeGreaterThan(1);
    expect(k).toBeLessThan(full.lambda.length);
    expect(cut.beta.length).toBe(k);
    expect(cut.a0.length).toBe(k);
    expect(cut.df.length).toBe(k);
    expect(Array.from(cut.lambda)).toEqual(Array.from(full.lambda.subarray(0, k)));
    expect(full.warning).toBeUndefined();
  });
  it('cvLasso works on truncated paths and reports the warnings', () => {
    const foldid = stratifiedFolds(y, 10, { rSeed: 101 });
    const cv = cvLasso(X, y, { foldid, maxit: 60 });
    expect(cv.warnings.length).toBeGreaterThan(0);
    expect(cv.lambda.length).toBeLessThan(100);
    expect(cv.cvm.every((v) => Number.isFinite(v))).toBe(true);
    expect(cv.indexMin).toBeGreaterThanOrEqual(0);
  });
});
