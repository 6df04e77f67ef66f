import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCohortCsv, numericColumn, textColumn } from '../modelling/csv.ts';
import ref from './fixtures/modelling/studyA_lasso_weights.json' with { type: 'json' };
import { cvLasso, designFromColumns, lassoPath } from './lasso.ts';
import { RMersenneTwister } from './random.ts';
import { bootstrapSample, stratifiedFolds } from './resample.ts';
import { SHARED_DIR } from '../testing/sharedData.ts';

// glmnet 4.1-6 `weights =` (scripts/fixtures/stats/reference_weights.R): Study A training rows,
// 80 of the 363 LASSO columns, bootstrap resample 1 of seed 404 as distinct rows × counts.
const A = parseCohortCsv(readFileSync(`${SHARED_DIR}/data/cohorts/studyA.csv`, 'utf8'), 'studyA.csv');
const tr = textColumn(A, 'split').flatMap((s, i) => (s === 'train' ? [i] : []));
const yAll = numericColumn(A, 'resistant');
const idx = Array.from(bootstrapSample(tr.length, new RMersenneTwister(404)));

function rel(a: number, b: number, r: number, abs: number, what: string): void {
  if (!(Math.abs(a - b) <= Math.max(r * Math.abs(b), abs))) throw new Error(`${what}: got ${a}, R ${b}`);
}

describe('weighted LASSO vs glmnet(weights = counts), thresh 1e-24', () => {
  it('draws the same resample as R (sample.int(160, replace = TRUE) after set.seed(404))', () => {
    expect(idx.map((i) => i + 1)).toEqual(ref.resample_rows);
  });
  const u = (ref.distinct_rows as number[]).map((i) => tr[i - 1]!);
  const X = designFromColumns(ref.columns.map((n) => { const c = numericColumn(A, n); return Float64Array.from(u, (i) => c[i]!); }), u.length);
  const y = u.map((i) => yAll[i]!);
  const path = lassoPath(X, y, { thresh: 1e-24, maxit: 1e8, weights: ref.counts });
  /** Weighted penalised objective (1/Σc) Σ c_i ℓ_i + λ Σ |β_j| s_j (s_j = weighted 1/n SD) of (a0, β). */
  const objective = (lam: number, a0: number, beta: ArrayLike<number>): number => {
    let W = 0;
    let nll = 0;
    const c = ref.counts;
    for (let i = 0; i < X.n; i++) {
      let eta = a0;
      for (let j = 0; j < X.p; j++) eta += X.data[j * X.n + i]! * beta[j]!;
      nll += c[i]! * (Math.log1p(Math.exp(eta)) - y[i]! * eta);
      W += c[i]!;
    }
    let pen = 0;
    for (let j = 0; j < X.p; j++) pen += Math.abs(beta[j]!) * path.scale[j]!;
    return nll / W + lam * pen;
  };
  it('λ sequence (1e-12), dev.ratio (1e-9), df (exact) at every λ; intercepts and coefficients (1e-6 rel / 1e-8 abs) at λ 1–56', () => {
    expect(path.lambda.length).toBe(ref.weighted.lambda.length);
    ref.weighted.lambda.forEach((l, m) => {
      rel(path.lambda[m]!, l, 1e-12, 0, `λ ${m + 1}`);
      rel(path.devRatio[m]!, ref.weighted.dev_ratio[m]!, 1e-9, 1e-12, `dev.ratio ${m + 1}`);
      expect(path.df[m], `df ${m + 1}`).toBe(ref.weighted.df[m]);
      if (m >= 56) return;
      rel(path.a0[m]!, ref.weighted.a0[m]!, 1e-6, 1e-8, `a0 ${m + 1}`);
      ref.weighted.beta[m]!.forEach((b, j) => rel(path.beta[m]![j]!, b, 1e-6, 1e-8, `β ${ref.columns[j]} at λ ${m + 1}`));
    });
  });
  it('from λ 57 on (45 of 80 columns active on 101 distinct rows: a flat, ill-conditioned objective) R stops up to 4e-5 relative away on some coefficients; our objective is never above R\'s', () => {
    ref.weighted.lambda.forEach((l, m) => {
      const mine = objective(l, path.a0[m]!, path.beta[m]!);
      const theirs = objective(l, ref.weighted.a0[m]!, ref.weighted.beta[m]!);
      expect(mine, `objective at λ ${m + 1}`).toBeLessThanOrEqual(theirs + 1e-13 * Math.abs(theirs));
    });
  });
  it('cvLasso on the resample rows with rowKey (folds fitted on distinct rows × counts) = cv.glmnet on the repeated rows', () => {
    const rows = idx.map((i) => tr[i]!);
    const yr = rows.map((i) => yAll[i]!);
    const foldid = stratifiedFolds(yr, 10, { rSeed: 101 });
    expect(Array.from(foldid)).toEqual(ref.cv_repeated.foldid);
    const Xr = designFromColumns(ref.columns.map((n) => { const c = numericColumn(A, n); return Float64Array.from(rows, (i) => c[i]!); }), rows.length);
    const cv = cvLasso(Xr, yr, { foldid, thresh: 1e-24, maxit: 1e8, rowKey: rows });
    expect(cv.lambda.length).toBe(ref.cv_repeated.lambda.length);
    ref.cv_repeated.cvm.forEach((v, m) => {
      rel(cv.cvm[m]!, v, 1e-6, 0, `cvm ${m + 1}`);
      rel(cv.cvsd[m]!, ref.cv_repeated.cvsd[m]!, 1e-6, 1e-12, `cvsd ${m + 1}`);
    });
    expect(cv.indexMin + 1).toBe(ref.cv_repeated.index_min);
    expect(cv.index1se + 1).toBe(ref.cv_repeated.index_1se);
  });
});
