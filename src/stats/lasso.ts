/**
 * LASSO logistic regression as glmnet 4.1-6 computes it (`family = "binomial"`, `alpha = 1`).
 *
 * Objective, on standardized columns x̃_j = (x_j − x̄_j)/s_j with the POPULATION SD
 * s_j = √(Σ(x_ij − x̄_j)²/n):
 *
 *     minimise over (β̃0, β̃)   −(1/n) Σ_i [y_i η_i − log(1 + e^η_i)] + λ Σ_j |β̃_j|,   η_i = β̃0 + x̃_iᵀβ̃
 *
 * Solver: for each λ (warm-started from the previous one) an IRLS outer loop forms the quadratic
 * approximation with weights w_i = p_i(1 − p_i) and working residual y_i − p_i; an inner
 * coordinate descent solves the weighted lasso, with the update
 *     β̃_j ← S( (1/n)Σ x̃_ij r_i + v_j β̃_j , λ ) / v_j,   v_j = (1/n)Σ w_i x̃_ij²,   S(z, λ) = sign(z)(|z| − λ)₊
 * and the unpenalised intercept β̃0 ← β̃0 + Σ r_i / Σ w_i (r_i = weighted working residual).
 * Sequential strong rules (|∇_j| > 2λ_m − λ_{m−1}) pick the candidate set, a KKT check over all
 * columns adds any violator, and the inner loop cycles over the non-zero set between full sweeps.
 * Convergence as glmnet: max_j v_j Δβ̃_j² < thresh · dev0 for both loops, dev0 = the null model's
 * half-deviance per observation (glmnet's `shr = thr·dev0`).
 *
 * Path: λ_max = max_j |x̃_jᵀ(y − ȳ)|/n; λ_m = λ_max · r^{(m−1)/(nlambda−1)}, r = lambdaMinRatio
 * (0.01 if n < p else 1e-4). With a computed sequence the path stops early as glmnet does
 * (from the 5th λ: dev.ratio > 0.999 or an increase < 1e-5); a user-supplied λ sequence is never
 * cut. Coefficients are reported back on the original scale: β_j = β̃_j/s_j, β0 = β̃0 − Σ β_j x̄_j.
 *
 * Cross-validation (`cvLasso`) follows cv.glmnet 4.1-6 as its source reads (`cv.glmnet.raw`,
 * `buildPredmat.default`, `lambda.interp`): each training part is fitted with ITS OWN λ sequence
 * (the `lambda` argument, NULL by default, is passed to the fold fits; only afterwards is it set
 * to the full-data sequence), and the held-out fold is predicted at the full-data λ values by
 * linear interpolation of the fold path's coefficients in λ (clamped to the fold's first / last
 * λ). When a λ sequence is supplied it is used for every fit, as in R. Per-fold measure (mean deviance with p clipped
 * to [1e-5, 1 − 1e-5], or AUC with ties counted ½), cvm = fold-size weighted mean, cvsd =
 * √( Σ_k n_k (m_k − cvm)² / Σ_k n_k / (K − 1) ); lambda.min = the largest λ attaining the best
 * cvm; lambda.1se = the largest λ whose cvm is within one cvsd (at lambda.min) of the best.
 * (glmnet breaks AUC ties at random via runif; here ties count ½, which only matters where a
 * fold's predictions tie, e.g. at λ_max where every coefficient is zero.)
 */

import { lassoKernels, type LassoKernels } from './wasm/kernels.ts';

/** A dense n × p matrix stored column by column: column j is data[j·n, (j+1)·n). */
export interface DesignMatrix {
  readonly n: number;
  readonly p: number;
  readonly data: Float64Array;
}

/** Build a column-major matrix from columns (each of length n). */
export function designFromColumns(columns: readonly ArrayLike<number>[], n: number): DesignMatrix {
  const p = columns.length;
  const data = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const c = columns[j]!;
    if (c.length !== n) throw new Error(`design column ${j} has ${c.length} values, expected ${n}`);
    for (let i = 0; i < n; i++) data[j * n + i] = c[i]!;
  }
  return { n, p, data };
}

/** The rows `rows` (0-based) of `x`, in that order. */
export function subsetRows(x: DesignMatrix, rows: readonly number[]): DesignMatrix {
  const m = rows.length;
  const data = new Float64Array(m * x.p);
  for (let j = 0; j < x.p; j++) {
    const off = j * x.n;
    const o = j * m;
    for (let i = 0; i < m; i++) data[o + i] = x.data[off + rows[i]!]!;
  }
  return { n: m, p: x.p, data };
}

export interface LassoOptions {
  /** A λ sequence to use as given (decreasing). Otherwise computed from λ_max. */
  lambda?: ArrayLike<number>;
  /** Number of λ values when computed (glmnet: 100). */
  nlambda?: number;
  /** λ_min/λ_max when computed (glmnet: 0.01 if n < p, else 1e-4). */
  lambdaMinRatio?: number;
  /** Convergence threshold (glmnet: 1e-7). Use 1e-24 to match a fully converged reference. */
  thresh?: number;
  /** Maximum total coordinate-descent passes over all λ (glmnet: 1e5). */
  maxit?: number;
  /** Standardize columns (population SD) before penalising (glmnet: TRUE). */
  standardize?: boolean;
  /**
   * Case weights c_i ≥ 0 (glmnet's `weights`), e.g. counts of identical rows: the fit equals the
   * fit on the data with row i repeated c_i times. Means, SDs, λ_max, deviances and the IRLS
   * weights are weighted and every 1/n becomes 1/Σc_i. Absent ⇒ the unweighted code path.
   */
  weights?: ArrayLike<number>;
}

export interface LassoPath {
  lambda: Float64Array;
  /** Intercepts on the original scale, one per λ. */
  a0: Float64Array;
  /** Coefficients on the original scale, one Float64Array(p) per λ. */
  beta: Float64Array[];
  /** Coefficients on the standardized scale (β̃), one per λ. */
  betaStandardized: Float64Array[];
  /** Number of non-zero coefficients per λ. */
  df: Int32Array;
  /** 1 − deviance/null deviance per λ. */
  devRatio: Float64Array;
  /** Null deviance −2 Σ [y log ȳ + (1−y) log(1−ȳ)]. */
  nulldev: number;
  center: Float64Array;
  scale: Float64Array;
  /** Total coordinate-descent passes used. */
  passes: number;
  /**
   * Set when the solver failed to converge at some λ (maxit passes, or IRLS): as glmnet does, the
   * path then holds the λ values before that one (with a warning) instead of throwing.
   */
  warning?: string;
}

/** Below this convergence threshold the active-set Newton polish takes over from coordinate descent. */
const POLISH_BELOW = 1e-12;
/** Threshold of the coordinate-descent stage that precedes the Newton polish. */
const POLISH_START = 1e-8;

const PMIN = 1e-9; // glmnet.control()$pmin: fitted probabilities are kept in [pmin, 1 − pmin]

function softThreshold(z: number, g: number): number {
  if (z > g) return z - g;
  if (z < -g) return z + g;
  return 0;
}

function sigmoid(eta: number): number {
  return 1 / (1 + Math.exp(-eta));
}

/**
 * Working arrays of one path fit. Everything the hot loops touch is a typed array (the intercept
 * and the pass counter live in `sc`), so they run without allocating and V8 keeps every number
 * unboxed.
 */
interface Work {
  n: number;
  p: number;
  /** standardized design, column-major */
  xs: Float64Array;
  y: Float64Array;
  /** β̃ (standardized scale) */
  b: Float64Array;
  bOld: Float64Array;
  /** v_j = (1/n) Σ w_i x̃_ij², valid for the IRLS step whose stamp (sc[5]) is in xvAt[j] */
  xv: Float64Array;
  xvAt: Int32Array;
  eta: Float64Array;
  /** p_i = 1/(1 + e^−η_i) at the last KKT check (gradientOutside), reused for the deviance */
  prob: Float64Array;
  w: Float64Array;
  /** weighted working residual w_i(z_i − η_i) = y_i − p_i, updated after every coordinate move */
  r: Float64Array;
  /** [β̃0, coordinate-descent passes so far, pending residual column, pending step, Σ r, IRLS stamp] */
  sc: Float64Array;
  /** case weights c_i, or null (all 1) */
  cw: Float64Array | null;
  /** Σ c_i (= n without weights): every per-observation mean divides by it */
  wsum: number;
  /**
   * The row-loop kernels (WebAssembly SIMD or their bit-identical JavaScript twins) and the
   * element offsets in their heap of xs, r, w and η (the arrays above are views of it), of the
   * i32 column list and the f64 output of `columnDots`.
   */
  K: LassoKernels;
  heap: Float64Array;
  xsAt: number;
  rAt: number;
  wAt: number;
  etaAt: number;
  listAt: number;
  outAt: number;
}

/**
 * One coordinate-descent pass over `set[0..len)` (only non-zero coefficients unless `fullPass`)
 * for the weighted lasso; updates b and the weighted residual r in place (r_i −= w_i x̃_ij Δβ_j,
 * never recomputing η); returns max_j v_j Δβ_j².
 *
 * Each residual update is deferred and fused with the next coordinate's dot product (one sweep
 * over r instead of two); the pending update is kept in sc[2] (column, −1 = intercept) and sc[3]
 * (step). The last one is flushed while summing r, whose sum (for the intercept step) is left in
 * sc[4].
 */
function cdPass(wk: Work, set: Int32Array, len: number, fullPass: boolean, lam: number): number {
  const { n, b, xv, xvAt, sc, K, xsAt, rAt, wAt } = wk;
  const stamp = sc[5]!;
  let dlx = 0;
  const invN = 1 / wk.wsum;
  let pj = sc[2]!;
  let pd = sc[3]!;
  for (let k = 0; k < len; k++) {
    const j = set[k]!;
    const bj = b[j]!;
    if (!fullPass && bj === 0) continue;
    const off = xsAt + j * n;
    let g: number;
    if (pd === 0) g = K.dot(off, rAt, n);
    else if (pj < 0) g = K.updateConstThenDot(pd, wAt, rAt, off, n);
    else g = K.updateThenDot(xsAt + pj * n, pd, wAt, rAt, off, n);
    pd = 0;
    // a zero coefficient with |∇_j| ≤ λ stays zero whatever v_j is
    if (bj === 0 && Math.abs(g * invN) <= lam) continue;
    if (xvAt[j] !== stamp) {
      xv[j] = K.weightedSquares(wAt, off, n) * invN;
      xvAt[j] = stamp;
    }
    const xvj = xv[j]!;
    const nb = softThreshold(g * invN + xvj * bj, lam) / xvj;
    const d = nb - bj;
    if (d !== 0) {
      b[j] = nb;
      pj = j;
      pd = d;
      const e = xvj * d * d;
      if (e > dlx) dlx = e;
    }
  }
  let rs: number;
  if (pd === 0) rs = K.sum(rAt, n);
  else if (pj < 0) rs = K.updateConstThenSum(pd, wAt, rAt, n);
  else rs = K.updateThenSum(xsAt + pj * n, pd, wAt, rAt, n);
  sc[2] = -1;
  sc[3] = 0;
  sc[4] = rs;
  return dlx;
}

/**
 * η = β̃0 + Σ_{j ∈ set, β̃_j ≠ 0} x̃_j β̃_j (coefficients outside the set are zero). Columns are
 * added four at a time, so η is loaded and stored once per four columns.
 */
function etaFromCoefficients(wk: Work, set: Int32Array, len: number): void {
  const { n, b, eta, K, xsAt, etaAt } = wk;
  eta.fill(wk.sc[0]!);
  let k = 0;
  for (;;) {
    // the next (up to) four non-zero coefficients of the set
    let o0 = -1, o1 = -1, o2 = -1, o3 = -1;
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    for (; k < len && o3 < 0; k++) {
      const j = set[k]!;
      const bj = b[j]!;
      if (bj === 0) continue;
      const o = xsAt + j * n;
      if (o0 < 0) { o0 = o; c0 = bj; } else if (o1 < 0) { o1 = o; c1 = bj; } else if (o2 < 0) { o2 = o; c2 = bj; } else { o3 = o; c3 = bj; }
    }
    if (o3 >= 0) {
      K.addFourColumns(etaAt, o0, c0, o1, c1, o2, c2, o3, c3, n);
      continue;
    }
    if (o0 >= 0) K.addColumn(etaAt, o0, c0, n);
    if (o1 >= 0) K.addColumn(etaAt, o1, c1, n);
    if (o2 >= 0) K.addColumn(etaAt, o2, c2, n);
    return;
  }
}

/**
 * Screening bounds for the gradients outside the strong set. Since
 * |∇_j(r′) − ∇_j(r)| = |x̃_jᵀ(r′ − r)|/n ≤ ‖x̃_j‖·‖r′ − r‖/n (Cauchy–Schwarz), a column whose
 * gradient was |g_j| when the residual drift total was D_j satisfies
 * |∇_j| ≤ |g_j| + ‖x̃_j‖(D − D_j)/n now, D = Σ ‖r_k − r_{k−1}‖ over the checks so far. A column
 * whose bound is at most `needed` (the smaller of λ for the KKT check and the next strong-rule
 * cut) can neither violate the KKT conditions nor enter the next strong set, so its dot product is
 * skipped; every decision is the one the exact gradient would give.
 */
interface Screen {
  /** ‖x̃_j‖ */
  xnorm: Float64Array;
  /** |g_j| at its last exact computation, and the drift total D_j then */
  base: Float64Array;
  drift: Float64Array;
  /** r at the previous check */
  rLast: Float64Array;
  /** [D] */
  total: Float64Array;
}

/**
 * Gradient (1/n) x̃_jᵀ(y − p) (weighted: (1/Σc) x̃_jᵀ c∘(y − p)) at the current η of the usable
 * columns outside the strong set whose bound exceeds `needed` (the others get 0: provably below
 * `needed`); leaves r = y − p (c∘(y − p) with weights).
 */
function gradientOutside(wk: Work, strong: Uint8Array, usable: Uint8Array, grad: Float64Array, sc: Screen, needed: number): void {
  const { n, p, y, eta, prob, r, cw } = wk;
  const rLast = sc.rLast;
  let dd = 0;
  for (let i = 0; i < n; i++) {
    const pi = 1 / (1 + Math.exp(-eta[i]!));
    prob[i] = pi;
    let ri = y[i]! - pi;
    if (cw) ri *= cw[i]!;
    const d = ri - rLast[i]!;
    dd += d * d;
    r[i] = ri;
    rLast[i] = ri;
  }
  const D = sc.total[0]! + Math.sqrt(dd);
  sc.total[0] = D;
  const invN = 1 / wk.wsum;
  const { xnorm, base, drift } = sc;
  // the columns that need their dot product, then all their dot products in one kernel call
  const { K, listAt, outAt } = wk;
  const list = K.heapI32();
  let cnt = 0;
  for (let j = 0; j < p; j++) {
    if (strong[j]) continue;
    if (!usable[j] || base[j]! + xnorm[j]! * (D - drift[j]!) * invN <= needed) { grad[j] = 0; continue; }
    list[listAt + cnt++] = j;
  }
  K.columnDots(wk.xsAt, wk.rAt, n, listAt, cnt, outAt);
  const heap = wk.heap;
  for (let k = 0; k < cnt; k++) {
    const j = list[listAt + k]!;
    const g = heap[outAt + k]! * invN;
    grad[j] = g;
    base[j] = Math.abs(g);
    drift[j] = D;
  }
}

/**
 * IRLS + coordinate descent restricted to `set[0..len)` at penalty lam, to glmnet's convergence
 * rule (max_j v_j Δβ_j² < thr for the inner and the outer loop). Each IRLS step computes the
 * weights once, then cycles the non-zero coefficients to convergence and confirms with a full
 * sweep over the set (repeating if the sweep moved something). Leaves η at the solution.
 */
function solveIrls(wk: Work, set: Int32Array, len: number, lam: number, thr: number, maxit: number): void {
  const { n, y, b, bOld, xv, eta, w, r, sc, cw } = wk;
  const invN = 1 / wk.wsum;
  for (let outer = 0; ; outer++) {
    let sw = 0;
    for (let i = 0; i < n; i++) {
      let pi = 1 / (1 + Math.exp(-eta[i]!));
      if (pi < PMIN) pi = PMIN;
      else if (pi > 1 - PMIN) pi = 1 - PMIN;
      if (cw) {
        const c = cw[i]!;
        const wi = c * pi * (1 - pi);
        w[i] = wi;
        r[i] = c * (y[i]! - pi);
        sw += wi;
      } else {
        const wi = pi * (1 - pi);
        w[i] = wi;
        r[i] = y[i]! - pi;
        sw += wi;
      }
    }
    // v_j is computed lazily in cdPass, the first time column j can move under these weights
    sc[5] = sc[5]! + 1;
    for (let k = 0; k < len; k++) {
      const j = set[k]!;
      bOld[j] = b[j]!;
    }
    const b0Old = sc[0]!;
    sc[2] = -1;
    sc[3] = 0;
    let fullPass = true;
    for (;;) {
      sc[1] = sc[1]! + 1;
      if (sc[1]! > maxit) throw new Error(`lasso: no convergence within maxit = ${maxit} passes (λ = ${lam})`);
      let dlx = cdPass(wk, set, len, fullPass, lam);
      const d0 = sc[4]! / sw;
      if (d0 !== 0) {
        sc[0] = sc[0]! + d0;
        // r −= w·d0, deferred into the next pass (discarded on exit: r is rebuilt from η)
        sc[2] = -1;
        sc[3] = d0;
        const e = sw * invN * d0 * d0;
        if (e > dlx) dlx = e;
      }
      if (dlx < thr) {
        if (fullPass) break;
        fullPass = true;
      } else fullPass = false;
    }
    etaFromCoefficients(wk, set, len);
    let dl = sw * invN * (sc[0]! - b0Old) * (sc[0]! - b0Old);
    for (let k = 0; k < len; k++) {
      const j = set[k]!;
      const d = b[j]! - bOld[j]!;
      const e = xv[j]! * d * d;
      if (e > dl) dl = e;
    }
    if (dl < thr) return;
    if (outer > 10000) throw new Error(`lasso: IRLS did not converge at λ = ${lam}`);
  }
}

/** Solve H x = g for symmetric positive-definite H (a × a, row-major) by Cholesky; null if not PD. */
function choleskySolve(H: Float64Array, g: Float64Array, a: number): Float64Array | null {
  const L = new Float64Array(a * a);
  for (let i = 0; i < a; i++) {
    for (let j = 0; j <= i; j++) {
      let s = H[i * a + j]!;
      for (let k = 0; k < j; k++) s -= L[i * a + k]! * L[j * a + k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * a + i] = Math.sqrt(s);
      } else L[i * a + j] = s / L[j * a + j]!;
    }
  }
  const z = new Float64Array(a);
  for (let i = 0; i < a; i++) {
    let s = g[i]!;
    for (let k = 0; k < i; k++) s -= L[i * a + k]! * z[k]!;
    z[i] = s / L[i * a + i]!;
  }
  const x = new Float64Array(a);
  for (let i = a - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < a; k++) s -= L[k * a + i]! * x[k]!;
    x[i] = s / L[i * a + i]!;
  }
  return x;
}

/**
 * x̃_ij = (x_ij − x̄_j)/s_j with the population SD s_j = √(Σ(x_ij − x̄_j)²/n) (1 when not
 * standardizing, or for a constant column, which is then unusable).
 */
function standardizeColumns(
  data: Float64Array, n: number, p: number, standardize: boolean,
  xs: Float64Array, center: Float64Array, scale: Float64Array, usable: Uint8Array,
  cw: Float64Array | null, wsum: number,
): void {
  for (let j = 0; j < p; j++) {
    const off = j * n;
    let m = 0;
    let ss = 0;
    if (cw) {
      // weighted: x̄ = Σ c x / Σc, s² = Σ c (x − x̄)² / Σc
      for (let i = 0; i < n; i++) m += cw[i]! * data[off + i]!;
      m /= wsum;
      for (let i = 0; i < n; i++) {
        const d = data[off + i]! - m;
        ss += cw[i]! * d * d;
      }
    } else {
      for (let i = 0; i < n; i++) m += data[off + i]!;
      m /= n;
      for (let i = 0; i < n; i++) {
        const d = data[off + i]! - m;
        ss += d * d;
      }
    }
    const sd = Math.sqrt(ss / wsum);
    center[j] = m;
    scale[j] = standardize ? sd : 1;
    usable[j] = sd > 0 ? 1 : 0;
    const s = usable[j] ? scale[j]! : 1;
    for (let i = 0; i < n; i++) xs[off + i] = (data[off + i]! - m) / s;
  }
}

/** Binomial deviance −2 Σ c_i [y log p + (1 − y) log(1 − p)] at probabilities p (c_i = 1 without weights). */
function binomialDeviance(y: Float64Array, prob: Float64Array, n: number, cw: Float64Array | null): number {
  let dev = 0;
  for (let i = 0; i < n; i++) {
    const pi = prob[i]!;
    const d = 2 * (y[i]! === 1 ? Math.log(pi) : Math.log(1 - pi));
    dev -= cw ? cw[i]! * d : d;
  }
  return dev;
}

/** Fit the whole λ path. `y` must be 0/1. */
export function lassoPath(x: DesignMatrix, y: ArrayLike<number>, opts: LassoOptions = {}): LassoPath {
  const { n, p } = x;
  if (y.length !== n) throw new Error(`lasso: y has ${y.length} values but the design has ${n} rows`);
  let cw: Float64Array | null = null;
  let wsum = n;
  if (opts.weights !== undefined) {
    if (opts.weights.length !== n) throw new Error(`lasso: weights has ${opts.weights.length} values but the design has ${n} rows`);
    cw = Float64Array.from(opts.weights as ArrayLike<number>);
    wsum = 0;
    for (let i = 0; i < n; i++) {
      const c = cw[i]!;
      if (!(c >= 0) || !Number.isFinite(c)) throw new Error(`lasso: weight of row ${i + 1} is ${c}; weights must be finite and ≥ 0`);
      wsum += c;
    }
    if (!(wsum > 0)) throw new Error('lasso: the weights sum to 0');
  }
  let ysum = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (v !== 0 && v !== 1) throw new Error(`lasso: outcome must be 0/1, row ${i + 1} has ${v}`);
    ysum += cw ? cw[i]! * v : v;
  }
  const ybar = ysum / wsum;
  if (ysum === 0 || ysum === wsum) throw new Error(`lasso: outcome has a single class (${ysum} events in ${wsum} rows)`);
  const thresh = opts.thresh ?? 1e-7;
  const maxit = opts.maxit ?? 1e5;
  const standardize = opts.standardize ?? true;

  // standardize
  const center = new Float64Array(p);
  const scale = new Float64Array(p);
  // the kernels' heap: xs (n × p), r, w, η (n each), the columnDots output (p f64) and list (p i32)
  const K = lassoKernels();
  const xsAt = 0;
  const rAt = n * p;
  const wAt = rAt + n;
  const etaAt = wAt + n;
  const outAt = etaAt + n;
  const listF64 = outAt + p;
  const heap = K.reserve(listF64 + Math.ceil(p / 2));
  const xs = heap.subarray(xsAt, xsAt + n * p);
  const usable = new Uint8Array(p);
  standardizeColumns(x.data, n, p, standardize, xs, center, scale, usable, cw, wsum);

  // null model
  const b0null = Math.log(ybar / (1 - ybar));
  let nulldev = 0;
  for (let i = 0; i < n; i++) {
    const d = 2 * (y[i]! === 1 ? Math.log(ybar) : Math.log(1 - ybar));
    nulldev -= cw ? cw[i]! * d : d;
  }

  const wk: Work = {
    n, p, xs, y: Float64Array.from(y as ArrayLike<number>),
    b: new Float64Array(p), bOld: new Float64Array(p), xv: new Float64Array(p), xvAt: new Int32Array(p),
    eta: heap.subarray(etaAt, etaAt + n), prob: new Float64Array(n), w: heap.subarray(wAt, wAt + n), r: heap.subarray(rAt, rAt + n),
    sc: new Float64Array(6), cw, wsum,
    K, heap, xsAt, rAt, wAt, etaAt, listAt: 2 * listF64, outAt,
  };
  const { b, eta, w, r, sc } = wk;
  const yv = wk.y;
  const grad = new Float64Array(p);
  sc[0] = b0null;
  eta.fill(b0null);

  /** strong[j] = 1 once column j entered the strong set (ever-strong, as glmnet's ever-active) */
  const strong = new Uint8Array(p);
  const set = new Int32Array(p);
  let setLen = 0;
  const screen: Screen = {
    xnorm: new Float64Array(p), base: new Float64Array(p).fill(Infinity), drift: new Float64Array(p),
    rLast: new Float64Array(n), total: new Float64Array(1),
  };
  for (let j = 0; j < p; j++) screen.xnorm[j] = Math.sqrt(K.dot(xsAt + j * n, xsAt + j * n, n));
  gradientOutside(wk, strong, usable, grad, screen, -1);

  let lambdas: Float64Array;
  const userLambda = opts.lambda !== undefined;
  if (opts.lambda) {
    lambdas = Float64Array.from(opts.lambda as ArrayLike<number>);
  } else {
    const nl = opts.nlambda ?? 100;
    const ratio = opts.lambdaMinRatio ?? (wsum < p ? 0.01 : 1e-4);
    let lmax = 0;
    for (let j = 0; j < p; j++) lmax = Math.max(lmax, Math.abs(grad[j]!));
    lambdas = new Float64Array(nl);
    // glmnet's Fortran: alf = ratio^(1/(nlam−1)), λ_m = λ_{m−1}·alf (λ_1 = λ_max)
    const alf = Math.pow(ratio, 1 / (nl - 1));
    lambdas[0] = lmax;
    for (let m = 1; m < nl; m++) lambdas[m] = m === 1 ? alf * lmax : lambdas[m - 1]! * alf;
  }

  // glmnet's scale: shr = thresh · dev0, dev0 = the null model's half-deviance per observation
  const thr = thresh * (nulldev / (2 * wsum));

  const out: LassoPath = {
    lambda: lambdas,
    a0: new Float64Array(lambdas.length),
    beta: [],
    betaStandardized: [],
    df: new Int32Array(lambdas.length),
    devRatio: new Float64Array(lambdas.length),
    nulldev,
    center,
    scale,
    passes: 0,
  };

  /** η from every non-zero coefficient (the polish may touch any column of its set). */
  const recomputeEta = (): void => etaFromCoefficients(wk, set, setLen);

  /**
   * Newton's method on the smooth problem left when the active set A and the signs s_A are fixed:
   * ∇_A[−(1/n) loglik] + λ s_A = 0 and the intercept's score = 0 (quadratic convergence from a
   * coordinate-descent start). Active-set corrections: a coefficient whose sign would change is
   * set to 0 and leaves A; a zero coefficient of `set` with |∇_j| > λ enters A with sign(−∇_j).
   * Returns false (state restored) if that does not settle within 50 corrections.
   * Only used below thresh 1e-12 (references), so it may allocate.
   */
  const polish = (lam: number): boolean => {
    const sgn = new Float64Array(p);
    for (let j = 0; j < p; j++) sgn[j] = Math.sign(b[j]!);
    const saveB = Float64Array.from(b);
    const saveB0 = sc[0]!;
    for (let change = 0; change < 50; change++) {
      const A: number[] = [];
      for (let j = 0; j < p; j++) if (sgn[j] !== 0) A.push(j);
      const a = A.length + 1;
      const H = new Float64Array(a * a);
      const g = new Float64Array(a);
      let converged = false;
      let flipped = false;
      for (let it = 0; it < 100 && !converged && !flipped; it++) {
        recomputeEta();
        for (let i = 0; i < n; i++) {
          const pi = sigmoid(eta[i]!);
          const c = cw ? cw[i]! : 1;
          w[i] = c * pi * (1 - pi);
          r[i] = c * (yv[i]! - pi);
        }
        H.fill(0);
        let g0 = 0;
        let h00 = 0;
        for (let i = 0; i < n; i++) { g0 -= r[i]!; h00 += w[i]!; }
        g[0] = g0 / wsum;
        H[0] = h00 / wsum;
        for (let u = 0; u < A.length; u++) {
          const ou = A[u]! * n;
          let gu = 0;
          let hu0 = 0;
          for (let i = 0; i < n; i++) { gu -= xs[ou + i]! * r[i]!; hu0 += w[i]! * xs[ou + i]!; }
          g[u + 1] = gu / wsum + lam * sgn[A[u]!]!;
          H[(u + 1) * a] = H[u + 1] = hu0 / wsum;
          for (let v = 0; v <= u; v++) {
            const ov = A[v]! * n;
            let h = 0;
            for (let i = 0; i < n; i++) h += w[i]! * xs[ou + i]! * xs[ov + i]!;
            H[(u + 1) * a + v + 1] = H[(v + 1) * a + u + 1] = h / wsum;
          }
        }
        const d = choleskySolve(H, g, a);
        if (!d) { b.set(saveB); sc[0] = saveB0; return false; }
        // a sign change: move to the first zero crossing along the step and drop that coefficient
        let tMin = 1;
        let jMin = -1;
        for (let u = 0; u < A.length; u++) {
          const j = A[u]!;
          const nb = b[j]! - d[u + 1]!;
          if (Math.sign(nb) !== sgn[j]) {
            const t = d[u + 1]! !== 0 ? b[j]! / d[u + 1]! : 0;
            if (t < tMin) { tMin = t; jMin = j; }
          }
        }
        const t = jMin >= 0 ? Math.max(0, tMin) : 1;
        let maxStep = (t * Math.abs(d[0]!)) / (1 + Math.abs(sc[0]!));
        sc[0] = sc[0]! - t * d[0]!;
        for (let u = 0; u < A.length; u++) {
          const j = A[u]!;
          b[j] = b[j]! - t * d[u + 1]!;
          maxStep = Math.max(maxStep, (t * Math.abs(d[u + 1]!)) / (1 + Math.abs(b[j]!)));
        }
        if (jMin >= 0) { b[jMin] = 0; sgn[jMin] = 0; flipped = true; }
        else if (maxStep < 1e-15) converged = true;
        else if (it > 5 && maxStep < 1e-13) converged = true; // rounding floor
      }
      if (flipped) continue;
      if (!converged) break;
      // KKT for the zero coefficients of the candidate set
      recomputeEta();
      for (let i = 0; i < n; i++) r[i] = (cw ? cw[i]! : 1) * (yv[i]! - sigmoid(eta[i]!));
      let worst = -1;
      let worstG = 0;
      for (let k = 0; k < setLen; k++) {
        const j = set[k]!;
        if (sgn[j] !== 0) continue;
        const off = j * n;
        let s2 = 0;
        for (let i = 0; i < n; i++) s2 += xs[off + i]! * r[i]!;
        const gj = s2 / wsum;
        if (Math.abs(gj) > lam && Math.abs(gj) > Math.abs(worstG)) { worst = j; worstG = gj; }
      }
      if (worst < 0) return true;
      sgn[worst] = Math.sign(worstG);
    }
    b.set(saveB);
    sc[0] = saveB0;
    return false;
  };

  /** Put column j in the strong set, which is kept in column order (glmnet's sweep order). */
  const addToSet = (j: number): void => {
    strong[j] = 1;
    let k = setLen++;
    while (k > 0 && set[k - 1]! > j) { set[k] = set[k - 1]!; k--; }
    set[k] = j;
  };

  let lamPrev = lambdas[0]!;
  /** solution at λ_{m−2} (β̃, then β̃0 in slot p), for the extrapolated warm start */
  const before = new Float64Array(p + 1);
  const latest = new Float64Array(p + 1);
  let havePrevious = 0;
  for (let m = 0; m < lambdas.length; m++) {
    const lam = lambdas[m]!;
    if (!(m === 0 && !userLambda)) {
      // sequential strong rule from the gradient at the previous solution: |∇_j| > 2λ_m − λ_{m−1}
      const cut = 2 * lam - lamPrev;
      for (let j = 0; j < p; j++) if (usable[j] && !strong[j] && Math.abs(grad[j]!) > cut) addToSet(j);
      latest.set(b);
      latest[p] = sc[0]!;
      if (thr >= POLISH_BELOW && havePrevious >= 2 && m >= 2) {
        // Warm start extrapolated along the path: the coefficients move smoothly with λ between
        // changes of the active set, so β̃(λ_m) ≈ β̃(λ_{m−1}) + f·(β̃(λ_{m−1}) − β̃(λ_{m−2})),
        // f = (λ_{m−1} − λ_m)/(λ_{m−2} − λ_{m−1}), for coefficients non-zero at both (a sign
        // change is not extrapolated). Only the starting point changes: the solution still meets
        // the same convergence and KKT conditions; it roughly halves the coordinate passes.
        const f = (lamPrev - lam) / (lambdas[m - 2]! - lamPrev);
        let moved = false;
        // (a user sequence may repeat a λ or not decrease: then no extrapolation)
        for (let k = 0; Number.isFinite(f) && f > 0 && k < setLen; k++) {
          const j = set[k]!;
          const bj = b[j]!;
          const bb = before[j]!;
          if (bj === 0 || bb === 0) continue;
          const c = bj + f * (bj - bb);
          if ((c > 0) === (bj > 0) && c !== 0) { b[j] = c; moved = true; }
        }
        if (moved) {
          sc[0] = sc[0]! + f * (sc[0]! - before[p]!);
          etaFromCoefficients(wk, set, setLen);
        }
      }
      before.set(latest);
      havePrevious++;
      try {
        for (;;) {
          if (thr >= POLISH_BELOW) solveIrls(wk, set, setLen, lam, thr, maxit);
          else {
            // tight threshold: coordinate descent to a moderate accuracy, then Newton on the
            // active set to machine precision; fall back to coordinate descent if the signs or
            // the KKT conditions of the zero coefficients do not hold.
            solveIrls(wk, set, setLen, lam, POLISH_START * (nulldev / (2 * wsum)), maxit);
            if (!polish(lam)) solveIrls(wk, set, setLen, lam, thr, maxit);
            recomputeEta();
          }
          // KKT check over every column outside the strong set
          gradientOutside(wk, strong, usable, grad, screen, m + 1 < lambdas.length ? Math.min(lam, 2 * lambdas[m + 1]! - lam) : lam);
          let violated = false;
          for (let j = 0; j < p; j++) {
            if (usable[j] && !strong[j] && Math.abs(grad[j]!) > lam) {
              addToSet(j);
              violated = true;
            }
          }
          if (!violated) break;
        }
      } catch (e) {
        // glmnet: "convergence for kth lambda value not reached after maxit iterations;
        // solutions for larger lambdas returned" — keep the path up to the last converged λ
        if (m === 0) throw e;
        out.warning = `convergence for λ number ${m + 1} (${lam}) not reached (${e instanceof Error ? e.message : String(e)}); the path holds the ${m} larger λ values`;
        out.lambda = lambdas.slice(0, m);
        out.a0 = out.a0.slice(0, m);
        out.df = out.df.slice(0, m);
        out.devRatio = out.devRatio.slice(0, m);
        break;
      }
    }
    lamPrev = lam;
    // record (η is at the solution; p and r = y − p from the KKT check, the last to read η)
    const dev = binomialDeviance(yv, wk.prob, n, cw);
    const bs = b.slice();
    const bo = new Float64Array(p);
    let a0 = sc[0]!;
    let df = 0;
    for (let k = 0; k < setLen; k++) {
      const j = set[k]!;
      if (bs[j] === 0) continue;
      df++;
      bo[j] = bs[j]! / scale[j]!;
      a0 -= bo[j]! * center[j]!;
    }
    out.a0[m] = a0;
    out.beta.push(bo);
    out.betaStandardized.push(bs);
    out.df[m] = df;
    out.devRatio[m] = 1 - dev / nulldev;
    if (!userLambda && m >= 4) {
      const dr = out.devRatio[m]!;
      if (dr > 0.999 || dr - out.devRatio[m - 1]! < 1e-5) {
        const k = m + 1;
        out.lambda = lambdas.slice(0, k);
        out.a0 = out.a0.slice(0, k);
        out.df = out.df.slice(0, k);
        out.devRatio = out.devRatio.slice(0, k);
        break;
      }
    }
  }
  out.passes = sc[1]!;
  return out;
}

/** Linear predictor β0 + xᵀβ (original scale) of path entry `m` for every row of `x`. */
export function lassoLinearPredictor(path: LassoPath, m: number, x: DesignMatrix): Float64Array {
  return linearPredictor(path.a0[m]!, path.beta[m]!, x);
}

export type CvMeasure = 'deviance' | 'auc';

export interface CvLassoOptions extends LassoOptions {
  /** Fold of each row, integers 1..K (as R's foldid). */
  foldid: ArrayLike<number>;
  measure?: CvMeasure;
  /**
   * Identity of each row (e.g. the original patient row of a bootstrap resample): rows with the
   * same key must be identical (x and y). The full fit and every fold's training part are then
   * fitted on their distinct rows with the counts as case weights (`weights`), which is the same
   * fit as on the repeated rows; folds stay assigned per row as `foldid` says, and the held-out
   * rows are scored one by one as before. Without repeats (or absent) nothing changes.
   */
  rowKey?: ArrayLike<number>;
}

/**
 * The distinct rows among `rows` by `key` (first occurrence order) and how often each occurs;
 * null when no key repeats (then the unweighted fit is used as is).
 */
export function collapseRows(rows: readonly number[], key: ArrayLike<number>): { rows: number[]; counts: Float64Array } | null {
  const first = new Map<number, number>();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const i of rows) {
    const k = key[i]!;
    const at = first.get(k);
    if (at === undefined) {
      first.set(k, distinct.length);
      distinct.push(i);
      counts.push(1);
    } else counts[at]!++;
  }
  if (distinct.length === rows.length) return null;
  return { rows: distinct, counts: Float64Array.from(counts) };
}

/** lassoPath on `rows` of x / y, collapsed to distinct rows with counts when `key` repeats there. */
function pathOnRows(x: DesignMatrix, y: ArrayLike<number>, rows: number[], key: ArrayLike<number> | undefined, opts: LassoOptions): LassoPath {
  const c = key ? collapseRows(rows, key) : null;
  const use = c ? c.rows : rows;
  const sub = use.length === x.n && !c ? x : subsetRows(x, use);
  return lassoPath(sub, use.map((i) => y[i]!), c ? { ...opts, weights: c.counts } : opts);
}

export interface CvLassoResult {
  measure: CvMeasure;
  lambda: Float64Array;
  cvm: Float64Array;
  cvsd: Float64Array;
  nzero: Int32Array;
  /** 0-based index into lambda of lambda.min / lambda.1se. */
  indexMin: number;
  index1se: number;
  lambdaMin: number;
  lambda1se: number;
  fit: LassoPath;
  folds: number;
  /** Convergence warnings of the full fit and the fold fits (their paths are truncated, as in glmnet). */
  warnings: string[];
}

/** Mean binomial deviance of predictions p (clipped to [1e-5, 1−1e-5]). */
export function meanBinomialDeviance(y: ArrayLike<number>, eta: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    let pi = sigmoid(eta[i]!);
    if (pi < 1e-5) pi = 1e-5;
    else if (pi > 1 - 1e-5) pi = 1 - 1e-5;
    s += -2 * (y[i] === 1 ? Math.log(pi) : Math.log(1 - pi));
  }
  return s / y.length;
}

/** Empirical AUC = (1/(mn)) ΣΣ ψ(case, control), ψ = 1 if greater, ½ if equal (O(N log N) by ranks). */
export function empiricalAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = y.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let rankSumCases = 0;
  let n1 = 0;
  for (let i = 0; i < n; ) {
    let k = i;
    while (k + 1 < n && score[idx[k + 1]!] === score[idx[i]!]) k++;
    const avg = (i + k + 2) / 2;
    for (let t = i; t <= k; t++) if (y[idx[t]!] === 1) { rankSumCases += avg; n1++; }
    i = k + 1;
  }
  const n0 = n - n1;
  if (n1 === 0 || n0 === 0) return NaN;
  return (rankSumCases - (n1 * (n1 + 1)) / 2) / (n1 * n0);
}

/**
 * Coefficients of `path` at penalty `s` as glmnet's `predict(fit, s = s)`: with the λ grid
 * normalised to u_k = (λ_1 − λ_k)/(λ_1 − λ_K) and u = (λ_1 − s)/(λ_1 − λ_K) clamped to [0, 1], the
 * neighbours left ≤ u ≤ right get weights f = (u − u_right)/(u_left − u_right) and 1 − f
 * (intercept included).
 */
export function lassoCoefficientsAt(path: LassoPath, s: number): { a0: number; beta: Float64Array } {
  const { left, right, f } = interpolationAt(path.lambda, s);
  const p = path.beta[0]!.length;
  const bl = path.beta[left]!;
  const br = path.beta[right]!;
  const beta = new Float64Array(p);
  for (let j = 0; j < p; j++) beta[j] = f * bl[j]! + (1 - f) * br[j]!;
  return { a0: f * path.a0[left]! + (1 - f) * path.a0[right]!, beta };
}

/**
 * η = β0(s) + xᵀβ(s) for every row of `x`, with the coefficients interpolated at `s` as
 * {@link lassoCoefficientsAt} does, written into `out` without forming β(s) (the CV hot path).
 */
function interpolatedLinearPredictor(path: LassoPath, s: number, x: DesignMatrix, out: Float64Array): void {
  const { left, right, f } = interpolationAt(path.lambda, s);
  const bl = path.beta[left]!;
  const br = path.beta[right]!;
  out.fill(f * path.a0[left]! + (1 - f) * path.a0[right]!);
  for (let j = 0; j < x.p; j++) {
    const l = bl[j]!;
    const r = br[j]!;
    if (l === 0 && r === 0) continue;
    const bj = f * l + (1 - f) * r;
    const off = j * x.n;
    for (let i = 0; i < x.n; i++) out[i] += x.data[off + i]! * bj;
  }
}

/** The neighbouring path entries of penalty `s` and the weight f of `left` (glmnet's lambda.interp). */
function interpolationAt(lam: Float64Array, s: number): { left: number; right: number; f: number } {
  const k = lam.length;
  if (k === 1) return { left: 0, right: 0, f: 1 };
  const span = lam[0]! - lam[k - 1]!;
  let u = (lam[0]! - s) / span;
  if (u < 0) u = 0;
  if (u > 1) u = 1;
  // approx(u_k, 1..k, u): find the segment
  let left = 0;
  let right = 0;
  let found = false;
  for (let m = 0; m < k; m++) {
    const um = (lam[0]! - lam[m]!) / span;
    if (um === u) { left = m; right = m; found = true; break; }
    if (um > u) { left = m - 1; right = m; found = true; break; }
  }
  if (!found) { left = k - 1; right = k - 1; }
  let f = 1;
  if (left !== right) {
    const ul = (lam[0]! - lam[left]!) / span;
    const ur = (lam[0]! - lam[right]!) / span;
    f = Math.abs(ul - ur) < Number.EPSILON ? 1 : (u - ur) / (ul - ur);
  }
  return { left, right, f };
}

/** β0 + xᵀβ for every row of `x` (original scale; zero coefficients skipped). */
function linearPredictor(a0: number, beta: Float64Array, x: DesignMatrix): Float64Array {
  const eta = new Float64Array(x.n).fill(a0);
  for (let j = 0; j < x.p; j++) {
    const bj = beta[j]!;
    if (bj === 0) continue;
    const off = j * x.n;
    for (let i = 0; i < x.n; i++) eta[i] += x.data[off + i]! * bj;
  }
  return eta;
}

/** Cross-validated LASSO path (cv.glmnet with a given foldid). */
export function cvLasso(x: DesignMatrix, y: ArrayLike<number>, opts: CvLassoOptions): CvLassoResult {
  const measure = opts.measure ?? 'deviance';
  const foldid = opts.foldid;
  if (foldid.length !== x.n) throw new Error(`cvLasso: foldid has ${foldid.length} values, expected ${x.n}`);
  if (opts.rowKey && opts.rowKey.length !== x.n) throw new Error(`cvLasso: rowKey has ${opts.rowKey.length} values, expected ${x.n}`);
  if (opts.rowKey && opts.weights) throw new Error('cvLasso: give rowKey or weights, not both');
  const fit = opts.rowKey ? pathOnRows(x, y, Array.from({ length: x.n }, (_, i) => i), opts.rowKey, opts) : lassoPath(x, y, opts);
  const L = fit.lambda.length;
  const warnings: string[] = fit.warning ? [`full data: ${fit.warning}`] : [];
  const foldsSet = Array.from(new Set(Array.from(foldid))).sort((a, b) => a - b);
  const K = foldsSet.length;
  if (K < 3) throw new Error(`cvLasso: needs at least 3 folds, got ${K}`);
  const perFold: Float64Array[] = [];
  const weights: number[] = [];
  for (const f of foldsSet) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < x.n; i++) (foldid[i] === f ? te : tr).push(i);
    const xte = subsetRows(x, te);
    const yte = te.map((i) => y[i]!);
    const wts = opts.weights;
    const sub = opts.rowKey
      ? pathOnRows(x, y, tr, opts.rowKey, opts)
      : lassoPath(subsetRows(x, tr), tr.map((i) => y[i]!), wts ? { ...opts, weights: tr.map((i) => wts[i]!) } : opts);
    if (sub.warning) warnings.push(`fold ${f}: ${sub.warning}`);
    const vals = new Float64Array(L);
    const eta = new Float64Array(xte.n);
    for (let m = 0; m < L; m++) {
      interpolatedLinearPredictor(sub, fit.lambda[m]!, xte, eta);
      vals[m] = measure === 'deviance' ? meanBinomialDeviance(yte, eta) : empiricalAuc(yte, eta);
    }
    perFold.push(vals);
    weights.push(te.length);
  }
  const W = weights.reduce((a, b) => a + b, 0);
  const cvm = new Float64Array(L);
  const cvsd = new Float64Array(L);
  for (let m = 0; m < L; m++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += weights[k]! * perFold[k]![m]!;
    const mean = s / W;
    let v = 0;
    for (let k = 0; k < K; k++) v += weights[k]! * (perFold[k]![m]! - mean) ** 2;
    cvm[m] = mean;
    cvsd[m] = Math.sqrt(v / W / (K - 1));
  }
  const sign = measure === 'auc' ? -1 : 1;
  let best = Infinity;
  for (let m = 0; m < L; m++) best = Math.min(best, sign * cvm[m]!);
  let indexMin = -1;
  for (let m = 0; m < L; m++) if (sign * cvm[m]! <= best && (indexMin < 0 || fit.lambda[m]! > fit.lambda[indexMin]!)) indexMin = m;
  const bound = sign * cvm[indexMin]! + cvsd[indexMin]!;
  let index1se = -1;
  for (let m = 0; m < L; m++) if (sign * cvm[m]! <= bound && (index1se < 0 || fit.lambda[m]! > fit.lambda[index1se]!)) index1se = m;
  return {
    measure,
    lambda: fit.lambda,
    cvm,
    cvsd,
    nzero: fit.df,
    indexMin,
    index1se,
    lambdaMin: fit.lambda[indexMin]!,
    lambda1se: fit.lambda[index1se]!,
    fit,
    folds: K,
    warnings,
  };
}
