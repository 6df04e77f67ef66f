/**
 * Estimator-style pipelines: a model = selection steps fitted in order on the training rows, then
 * a final estimator (logistic regression, the LASSO itself, or KNN). `fitModel(frame, spec, rows)`
 * learns everything from `rows` only, and the returned object predicts any rows — so refitting a
 * whole pipeline inside a bootstrap resample or a CV fold cannot leak.
 *
 * Steps (each: fit on rows → list of kept features):
 * - nearZeroVariance — caret's rule (src/stats/filters.ts)
 * - correlation {cutoff, method} — greedy |r| > cutoff pruning
 * - univariate {test, p} — Welch / Student t, Mann-Whitney, univariable logistic (Wald p)
 * - icc {reader2, cutoff} — inter-reader ICC on the patients reader 2 repeated (rows-independent)
 * - lasso {folds, foldSeed|foldColumn, measure, lambda} — cv.glmnet; keeps the non-zero features
 *   at λ.min / λ.1se; without a later step the LASSO fit itself is the model (no refit), and its
 *   linear predictor is the Rad-score
 * - stepwise {entry, removal, method} — forward stepwise logistic; its final model is the model
 */
import { correlationFilter, correlationFilterKept, iccFilter, nearZeroVariance, nearZeroVarianceKept, univariateFilter, type UnivariateTest } from '../stats/filters.ts';
import { icc as iccOf } from '../stats/icc.ts';
import { knnChooseK, knnPredictStandardized, zScoreFit } from '../stats/knn.ts';
import { cvLasso, designFromColumns } from '../stats/lasso.ts';
import { logisticFit, logisticLinearPredictor, type LogisticFit } from '../stats/logistic.ts';
import { mannWhitney, studentTTest, welchTTest } from '../stats/groupTests.ts';
import { forwardStepwise } from '../stats/stepwise.ts';
import { stratifiedFolds } from '../stats/resample.ts';
import type { ModelSpec, SelectionStep, UnivariateTestName } from './spec.ts';

/** The study's data as the pipelines see it: full-length numeric columns and the 0/1 outcome. */
export interface Frame {
  readonly n: number;
  readonly y: Float64Array;
  /** Full-length numeric column (also `radscore:<model>` once that model is fitted). */
  column(name: string): Float64Array;
  /** Names matching a pattern, in table order (outcome/id/split excluded). */
  match(pattern: RegExp): string[];
}

/** Reader-2 data for ICC steps: feature → values aligned with `rowsReader1` of the frame. */
export interface ReaderTwo {
  source: string;
  /** frame row of each reader-2 patient */
  rowsReader1: number[];
  column(name: string): Float64Array | undefined;
}

export interface PipelineContext {
  readers: ReadonlyMap<string, ReaderTwo>;
  /** KNN CV folds / seed (spec.cv) */
  cv?: { folds: number; seed: number };
  /**
   * Lean refits (set by the bootstrap's refits only, whose outcome is the fitted model's scores):
   * the filters compute only which features they keep (see nearZeroVarianceKept,
   * correlationFilterKept), and what nothing downstream needs — each step's `details`, the LASSO
   * path of `lasso.path`, `params` — is computed only if read (lazy properties, the same values).
   * Kept features, the final model and its predictions are identical to a full fit.
   */
  lean?: boolean;
  /**
   * For lean refits: per model name, per selection step (spec order; null for other steps), the
   * feature that removed each feature in a correlation step of the full fit ({@link StepReport}
   * `removedBy`); tried first, they save dot products without changing any result.
   */
  correlationHints?: CorrelationHints;
}

/** Plain data (structured-cloneable): model → per selection step → removed feature → remover. */
export type CorrelationHints = Record<string, (Record<string, string> | null)[]>;

export interface StepReport {
  step: string;
  kept: string[];
  /** step-specific details (p-values, ICCs, LASSO path) */
  details?: Record<string, unknown>;
  /**
   * Correlation steps of a full (not lean) fit: each removed feature → the kept feature with the
   * largest |r| against it (zero-variance ones are absent). Not part of the study results; the
   * bootstrap passes it to its refits as {@link PipelineContext} `correlationHints`.
   */
  removedBy?: Record<string, string>;
}

export interface Coefficient {
  name: string;
  beta: number;
  se: number | null;
  wald: number | null;
  p: number | null;
  or: number;
  or_lo: number | null;
  or_hi: number | null;
}

export interface LassoReport {
  measure: string;
  folds: number;
  foldid: number[];
  lambda: number[];
  cvm: number[];
  cvsd: number[];
  nzero: number[];
  lambda_min: number;
  lambda_1se: number;
  index_min: number;
  index_1se: number;
  chosen: 'min' | '1se';
  /**
   * Coefficient path for the LASSO panel: every feature that is non-zero at some λ, with its
   * original-scale coefficient at each `lambda` (beta[j][l]; 0 where inactive).
   */
  path: { names: string[]; beta: number[][] };
}

/** Training-set summary of one term (what the patient view shows and range-checks against). */
export interface TermSummary {
  name: string;
  mean: number;
  /** SD with n − 1 */
  sd: number;
  min: number;
  max: number;
  /** every training value is 0 or 1 */
  binary: boolean;
}

interface ParamsBase {
  /** Predictor names in the order the coefficients / KNN columns use. */
  terms: string[];
  /** Summaries of `terms` over the training rows, same order. */
  training: TermSummary[];
  n_train: number;
  events: number;
}

/** Unpenalised logistic regression: η = intercept + Σ βⱼ xⱼ, P = 1/(1 + e^−η); covariance of (β₀ … β_p) from IRLS. */
export interface LogisticParams extends ParamsBase {
  kind: 'logistic';
  intercept: number;
  beta: number[];
  /** (p+1)×(p+1), intercept first; aliased terms (β = 0, R: NA) have 0 rows/columns. */
  covariance: number[][];
}

/** The LASSO fit itself as the model: η = a0 + Σ βⱼ xⱼ (original scale) at λ; no covariance. */
export interface LassoParams extends ParamsBase {
  kind: 'lasso';
  a0: number;
  beta: number[];
  lambda: number;
  lambda_rule: 'min' | '1se';
}

/**
 * KNN (src/stats/knn.ts): z-scores from the training rows' mean / SD (n − 1), squared Euclidean
 * distance, voters within 1e-4 of the k-th distance; P = share of voters with y = 1. The raw
 * training rows are kept so the z-scores are recomputed exactly as the fit did.
 */
export interface KnnParams extends ParamsBase {
  kind: 'knn';
  k: number;
  center: number[];
  scale: number[];
  /** raw training rows (row-major, `terms` order) */
  x: number[][];
  y: number[];
}

/** JSON-serialisable description of exactly what `predict` applies. */
export type ModelParams = LogisticParams | LassoParams | KnnParams;

export interface FittedModel {
  name: string;
  type: 'logistic' | 'knn';
  candidates: string[];
  selected: StepReport[];
  features: string[];
  coefficients: Coefficient[] | null;
  lasso: LassoReport | null;
  knn: { k: number; cv: { k: number[]; auc: number[] } | null } | null;
  warnings: string[];
  /** What `predict` applies, as plain JSON (terms may be `radscore:<model>`: see that model's params). */
  params: ModelParams;
  /** Linear predictor for any rows (null for KNN). */
  linearPredictor(rows: ArrayLike<number>): Float64Array | null;
  /** P(event) for any rows. */
  predict(rows: ArrayLike<number>): Float64Array;
}

function gather(frame: Frame, names: readonly string[], rows: ArrayLike<number>, reuse?: ReadonlyMap<string, Float64Array>): Float64Array[] {
  return names.map((nm) => {
    const r = reuse?.get(nm);
    if (r) return r;
    const c = frame.column(nm);
    // a plain loop: Float64Array.from with a callback is several times slower (bootstrap hot path)
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = c[rows[i]!]!;
    return out;
  });
}

/**
 * Define `obj[key]` as computed on first read (then remembered), enumerable like a plain field:
 * lean refits leave what nobody reads uncomputed, and a reader still gets the full fit's value.
 */
function lazyField<T extends object, K extends keyof T>(obj: T, key: K, compute: () => T[K]): T {
  let done = false;
  let value: T[K];
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!done) { value = compute(); done = true; }
      return value;
    },
  });
  return obj;
}

/** The distinct frame rows of `rows` (first occurrence order) with their counts; null if none repeats. */
function distinctRows(rows: ArrayLike<number>): { rows: number[]; counts: Float64Array } | null {
  const at = new Map<number, number>();
  const out: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const k = at.get(r);
    if (k === undefined) { at.set(r, out.length); out.push(r); counts.push(1); } else counts[k]!++;
  }
  return out.length === rows.length ? null : { rows: out, counts: Float64Array.from(counts) };
}

function univariateTest(name: UnivariateTestName): UnivariateTest {
  const groups = (x: ArrayLike<number>, y: ArrayLike<number>): [number[], number[]] => {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < y.length; i++) (y[i] === 1 ? a : b).push(x[i]!);
    return [a, b];
  };
  switch (name) {
    case 'welch': return (x, y) => { const [a, b] = groups(x, y); return welchTTest(a, b).p; };
    case 'student': return (x, y) => { const [a, b] = groups(x, y); return studentTTest(a, b).p; };
    case 'mannWhitney': return (x, y) => { const [a, b] = groups(x, y); return mannWhitney(a, b).p; };
    case 'logistic': return (x, y) => logisticFit(y, [x], ['x']).coefficients[1]!.p;
  }
}

function coefficientsOfLogistic(fit: LogisticFit): Coefficient[] {
  return fit.coefficients.map((t) => ({ name: t.name, beta: t.beta, se: t.se, wald: t.wald, p: t.p, or: t.or, or_lo: t.orLo, or_hi: t.orHi }));
}

/** Fit one model's whole pipeline on `rows` (indices into the frame; repeats allowed). */
export function fitModel(frame: Frame, spec: ModelSpec, rows: ArrayLike<number>, ctx: PipelineContext): FittedModel {
  const y = Float64Array.from(rows as ArrayLike<number>, (i) => frame.y[i]!);
  const candidates = Array.isArray(spec.predictors) ? spec.predictors.slice() : frame.match(new RegExp(spec.predictors.pattern));
  if (candidates.length === 0) throw new Error(`model "${spec.name}": no predictor columns`);
  let features = candidates.slice();
  const selected: StepReport[] = [];
  const warnings: string[] = [];
  let finalLasso: { a0: number; beta: Float64Array; names: string[] } | null = null;
  let lassoReport: LassoReport | null = null;
  let finalLogistic: LogisticFit | null = null;

  const distinct = distinctRows(rows);
  const hints = ctx.lean ? ctx.correlationHints?.[spec.name] : undefined;
  // the previous filter step's columns by name, when gathered on the same rows: the next filter's
  // columns are a subset of them (filters only read their columns; LASSO / stepwise get fresh ones)
  let last: { weighted: boolean; cols: Map<string, Float64Array> } | null = null;
  const steps = spec.selection ?? [];
  for (let si = 0; si < steps.length; si++) {
    const step = steps[si]!;
    // NZV and correlation see a bootstrap resample as its distinct rows with counts (same result,
    // ~100 rows instead of n); the other steps take the rows as they are
    const weighted = distinct && ('nearZeroVariance' in step || 'correlation' in step) ? distinct : null;
    const filter = !('lasso' in step) && !('stepwise' in step);
    const reuse = filter && last && last.weighted === (weighted !== null) ? last.cols : undefined;
    const cols = gather(frame, features, weighted ? weighted.rows : rows, reuse);
    last = filter ? { weighted: weighted !== null, cols: new Map(features.map((f, j) => [f, cols[j]!])) } : null;
    const r = runStep(step, features, cols, y, rows, frame, ctx, spec.name, weighted?.counts, hints?.[si] ?? null);
    features = r.kept;
    const report: StepReport = { step: r.step, kept: r.kept };
    if (ctx.lean) lazyField(report, 'details', r.details);
    else {
      report.details = r.details();
      if (r.removedBy) report.removedBy = r.removedBy;
    }
    selected.push(report);
    if (r.lasso) { finalLasso = r.lasso.model; lassoReport = r.lasso.report; finalLogistic = null; }
    if (r.logistic) { finalLogistic = r.logistic; finalLasso = null; }
    if (features.length === 0) throw new Error(`model "${spec.name}": step ${r.step} kept no features`);
  }

  if (spec.type === 'knn') {
    const trainCols = gather(frame, features, rows);
    let k: number;
    let cv: { k: number[]; auc: number[] } | null = null;
    if (spec.k === 'cv' || spec.k === undefined) {
      if (!ctx.cv) throw new Error(`model "${spec.name}": k "cv" needs the study's cv settings`);
      const foldid = stratifiedFolds(y, ctx.cv.folds, { rSeed: ctx.cv.seed });
      const res = knnChooseK(trainCols, y, foldid);
      k = res.kBest;
      cv = { k: res.k, auc: Array.from(res.cvAuc) };
    } else k = spec.k;
    return withParams({
      name: spec.name, type: 'knn', candidates, selected, features, coefficients: null, lasso: lassoReport,
      knn: { k, cv }, warnings,
      linearPredictor: () => null,
      predict: (r) => knnPredictStandardized(trainCols, y, gather(frame, features, r), k).p,
    }, () => knnParams(features, trainCols, y, k), ctx.lean);
  }

  if (finalLasso) {
    const m = finalLasso;
    const lp = (r: ArrayLike<number>): Float64Array => {
      const cols = gather(frame, m.names, r);
      const out = new Float64Array(r.length).fill(m.a0);
      cols.forEach((c, j) => { const b = m.beta[j]!; for (let i = 0; i < c.length; i++) out[i] += b * c[i]!; });
      return out;
    };
    const coefficients: Coefficient[] = [
      { name: '(Intercept)', beta: m.a0, se: null, wald: null, p: null, or: Math.exp(m.a0), or_lo: null, or_hi: null },
      ...m.names.map((nm, j) => ({ name: nm, beta: m.beta[j]!, se: null, wald: null, p: null, or: Math.exp(m.beta[j]!), or_lo: null, or_hi: null })),
    ];
    const report = lassoReport!;
    return withParams({
      name: spec.name, type: 'logistic', candidates, selected, features: m.names, coefficients, lasso: lassoReport, knn: null, warnings,
      linearPredictor: lp,
      predict: (r) => lp(r).map((e) => 1 / (1 + Math.exp(-e))),
    }, () => ({
      kind: 'lasso', ...paramsBase(m.names, gather(frame, m.names, rows), y), a0: m.a0, beta: Array.from(m.beta),
      lambda: report.chosen === 'min' ? report.lambda_min : report.lambda_1se, lambda_rule: report.chosen,
    }), ctx.lean);
  }

  const fit = finalLogistic ?? logisticFit(y, gather(frame, features, rows), features);
  if (!fit.converged) warnings.push(`logistic regression did not converge in ${fit.iterations} iterations`);
  if (fit.separation.length > 0) warnings.push(`possible separation: ${fit.separation.join(', ')}`);
  const names = fit.names.filter((nm) => nm !== '(Intercept)');
  const lp = (r: ArrayLike<number>): Float64Array => logisticLinearPredictor(fit, gather(frame, names, r));
  return withParams({
    name: spec.name, type: 'logistic', candidates, selected, features: names, coefficients: coefficientsOfLogistic(fit), lasso: lassoReport, knn: null, warnings,
    linearPredictor: lp,
    predict: (r) => lp(r).map((e) => 1 / (1 + Math.exp(-e))),
  }, () => logisticParams(fit, names, gather(frame, names, rows), y), ctx.lean);
}

/** The model with its `params`: computed now (full fit) or on first read (lean refit). */
function withParams(m: Omit<FittedModel, 'params'>, params: () => ModelParams, lean: boolean | undefined): FittedModel {
  if (lean) return lazyField({ ...m } as FittedModel, 'params', params);
  return { ...m, params: params() };
}

function paramsBase(terms: string[], cols: Float64Array[], y: Float64Array): ParamsBase {
  const training = terms.map((name, j): TermSummary => {
    const c = cols[j]!;
    let m = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of c) { m += v; if (v < lo) lo = v; if (v > hi) hi = v; }
    m /= c.length;
    let ss = 0;
    let binary = true;
    for (const v of c) { ss += (v - m) ** 2; if (v !== 0 && v !== 1) binary = false; }
    return { name, mean: m, sd: c.length > 1 ? Math.sqrt(ss / (c.length - 1)) : 0, min: lo, max: hi, binary };
  });
  return { terms: terms.slice(), training, n_train: y.length, events: y.reduce((a, v) => a + v, 0) };
}

function logisticParams(fit: LogisticFit, names: string[], cols: Float64Array[], y: Float64Array): LogisticParams {
  const hasIntercept = fit.names[0] === '(Intercept)';
  if (!hasIntercept) throw new Error('logistic params: the fit has no intercept');
  const aliased = fit.coefficients.map((t) => t.aliased);
  return {
    kind: 'logistic',
    ...paramsBase(names, cols, y),
    intercept: fit.beta[0]!,
    beta: Array.from(fit.beta.subarray(1)),
    covariance: fit.covariance.map((row, a) => row.map((v, b) => (aliased[a] || aliased[b] ? 0 : v))),
  };
}

function knnParams(terms: string[], trainCols: Float64Array[], y: Float64Array, k: number): KnnParams {
  const z = zScoreFit(trainCols);
  return {
    kind: 'knn',
    ...paramsBase(terms, trainCols, y),
    k,
    center: Array.from(z.mean),
    scale: Array.from(z.sd),
    x: Array.from({ length: y.length }, (_, i) => trainCols.map((c) => c[i]!)),
    y: Array.from(y),
  };
}

/** Every feature non-zero somewhere on the path, with its coefficient at each λ. */
function lassoPathReport(beta: readonly Float64Array[], names: readonly string[]): LassoReport['path'] {
  const p = names.length;
  const idx: number[] = [];
  for (let j = 0; j < p; j++) if (beta.some((b) => b[j] !== 0)) idx.push(j);
  return { names: idx.map((j) => names[j]!), beta: idx.map((j) => beta.map((b) => b[j]!)) };
}

interface StepOutcome {
  step: string;
  kept: string[];
  /** the step's details, computed when called (a lean refit may never call it) */
  details: () => Record<string, unknown>;
  /** correlation step of a full fit: removed feature → remover */
  removedBy?: Record<string, string>;
  lasso?: { model: { a0: number; beta: Float64Array; names: string[] }; report: LassoReport };
  logistic?: LogisticFit;
}

function runStep(
  step: SelectionStep, features: string[], cols: Float64Array[], y: Float64Array, rows: ArrayLike<number>,
  frame: Frame, ctx: PipelineContext, model: string, counts: Float64Array | undefined, hints: Readonly<Record<string, string>> | null,
): StepOutcome {
  const pick = (idx: number[]): string[] => idx.map((j) => features[j]!);
  if ('nearZeroVariance' in step) {
    const { freqCut, uniqueCut } = step.nearZeroVariance;
    const full = (): ReturnType<typeof nearZeroVariance> => nearZeroVariance(cols, freqCut, uniqueCut, counts);
    if (ctx.lean) {
      const r = nearZeroVarianceKept(cols, freqCut, uniqueCut, counts);
      return { step: 'nearZeroVariance', kept: pick(r.kept), details: () => { const pc = full().perColumn; return { removed: features.filter((_, j) => pc[j]!.nzv) }; } };
    }
    const r = full();
    return { step: 'nearZeroVariance', kept: pick(r.kept), details: () => ({ removed: features.filter((_, j) => r.perColumn[j]!.nzv) }) };
  }
  if ('correlation' in step) {
    const { cutoff, method } = step.correlation;
    if (ctx.lean) {
      let h: Map<number, number> | undefined;
      if (hints) {
        const at = new Map(features.map((f, j) => [f, j]));
        h = new Map();
        features.forEach((f, j) => {
          const by = hints[f];
          const k = by === undefined ? undefined : at.get(by);
          if (k !== undefined) h!.set(j, k);
        });
      }
      const r = correlationFilterKept(cols, cutoff, method, counts, { hints: h });
      return {
        step: 'correlation', kept: pick(r.kept),
        details: () => ({ min_abs_distance_to_cutoff: correlationFilter(cols, cutoff, method, counts).minAbsDistanceToCutoff }),
      };
    }
    const r = correlationFilter(cols, cutoff, method, counts);
    const removedBy: Record<string, string> = {};
    for (const [j, { by }] of r.removedBy) if (by >= 0) removedBy[features[j]!] = features[by]!;
    return { step: 'correlation', kept: pick(r.kept), details: () => ({ min_abs_distance_to_cutoff: r.minAbsDistanceToCutoff }), removedBy };
  }
  if ('univariate' in step) {
    const r = univariateFilter(cols, y, univariateTest(step.univariate.test), step.univariate.p);
    return { step: 'univariate', kept: pick(r.kept), details: () => ({ test: step.univariate.test, p: Object.fromEntries(features.map((f, j) => [f, r.p[j]])) }) };
  }
  if ('icc' in step) {
    const s = step.icc;
    const rd = ctx.readers.get(s.reader2);
    if (!rd) throw new Error(`model "${model}": reader-2 table "${s.reader2}" was not loaded`);
    const form = s.form ?? 'icc2';
    const r1: Float64Array[] = [];
    const r2: Float64Array[] = [];
    for (const f of features) {
      const c2 = rd.column(f);
      if (!c2) throw new Error(`${rd.source}: has no column "${f}" (needed by the ICC step of model "${model}")`);
      const c1 = frame.column(f);
      r1.push(Float64Array.from(rd.rowsReader1, (i) => c1[i]!));
      r2.push(c2);
    }
    const r = iccFilter(r1, r2, (a, b) => iccOf([a, b])[form].value, s.cutoff);
    return { step: 'icc', kept: pick(r.kept), details: () => ({ form, icc: Object.fromEntries(features.map((f, j) => [f, r.icc[j]])) }) };
  }
  if ('lasso' in step) {
    const s = step.lasso;
    let foldid: Int32Array;
    if (s.foldColumn) {
      const fc = frame.column(s.foldColumn);
      foldid = Int32Array.from(rows as ArrayLike<number>, (i) => fc[i]!);
    } else foldid = stratifiedFolds(y, s.folds, { rSeed: s.foldSeed ?? 1 });
    const x = designFromColumns(cols, y.length);
    // rowKey: repeated rows of a bootstrap resample are fitted once with their count as weight
    const cv = cvLasso(x, y, { foldid, measure: s.measure ?? 'deviance', thresh: s.thresh, rowKey: rows });
    const chosen = s.lambda ?? 'min';
    const m = chosen === 'min' ? cv.indexMin : cv.index1se;
    const beta = cv.fit.beta[m]!;
    const keptIdx: number[] = [];
    beta.forEach((b, j) => { if (b !== 0) keptIdx.push(j); });
    const report: LassoReport = {
      measure: cv.measure, folds: cv.folds, foldid: Array.from(foldid), lambda: Array.from(cv.lambda), cvm: Array.from(cv.cvm), cvsd: Array.from(cv.cvsd),
      nzero: Array.from(cv.nzero), lambda_min: cv.lambdaMin, lambda_1se: cv.lambda1se, index_min: cv.indexMin + 1, index_1se: cv.index1se + 1, chosen,
      path: { names: [], beta: [] },
    };
    // the coefficient path (every feature × every λ) is for the report only: lean refits skip it
    if (ctx.lean) lazyField(report, 'path', () => lassoPathReport(cv.fit.beta, features));
    else report.path = lassoPathReport(cv.fit.beta, features);
    return {
      step: 'lasso', kept: pick(keptIdx), details: () => ({ lambda: cv.lambda[m], index: m + 1, ...(cv.warnings.length > 0 ? { warnings: cv.warnings } : {}) }),
      lasso: { model: { a0: cv.fit.a0[m]!, beta: Float64Array.from(keptIdx, (j) => beta[j]!), names: pick(keptIdx) }, report },
    };
  }
  const s = step.stepwise;
  const res = forwardStepwise(y, features.map((name, j) => ({ name, column: cols[j]! })), { entry: s.entry, removal: s.removal, method: s.method });
  return { step: 'stepwise', kept: res.selected, details: () => ({ method: res.method, trace: res.trace }), logistic: res.model };
}
