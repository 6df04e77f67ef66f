/**
 * `study.json`: what a study runs (issue 3). The workspace edits one, the worker and the CLI run
 * it, the panels draw its results. {@link parseStudySpec} checks it and says exactly what is wrong
 * (JSON path of the bad key) before anything is computed.
 *
 * Seeds: every seed drives R's Mersenne-Twister exactly as `set.seed(seed)` would, so fold ids,
 * random splits and bootstrap resamples can be reproduced in R with the same recipe.
 */
import type { StepwiseMethod } from '../stats/stepwise.ts';

export type SplitSpec =
  | { column: string; train: string; validation: string }
  | { random: { fraction: number; stratify?: boolean; seed: number } }
  | { temporal: { column: string; cutoff: string } };

export type UnivariateTestName = 'welch' | 'student' | 'mannWhitney' | 'logistic';

export type SelectionStep =
  | { nearZeroVariance: { freqCut?: number; uniqueCut?: number } }
  | { correlation: { cutoff: number; method?: 'pearson' | 'spearman' } }
  | { univariate: { test: UnivariateTestName; p: number } }
  | { icc: { reader2: string; cutoff: number; id?: string; form?: 'icc1' | 'icc2' | 'icc3' } }
  | {
      lasso: {
        folds: number;
        /** R-compatible stratified fold ids from this seed (set.seed(foldSeed) recipe). */
        foldSeed?: number;
        /** Or fold ids (1..K) read from this column of the data. */
        foldColumn?: string;
        measure?: 'deviance' | 'auc';
        lambda?: 'min' | '1se';
        /** glmnet convergence threshold (default 1e-7 as glmnet; 1e-24 for a fully converged fit). */
        thresh?: number;
      };
    }
  | { stepwise: { entry?: number; removal?: number; method?: StepwiseMethod } };

export interface ModelSpec {
  name: string;
  type: 'logistic' | 'knn';
  /** Column names (may include `radscore:<model>` of an earlier model) or a regular expression. */
  predictors: string[] | { pattern: string };
  selection?: SelectionStep[];
  /** KNN neighbours: a number, or "cv" to choose among 1, 3, …, 21 by stratified CV (`cv`). */
  k?: number | 'cv';
  /** Expose the model's linear predictor (logistic / LASSO) as the column `radscore:<name>`. */
  radscore?: boolean;
}

export interface StudySpec {
  outcome: string;
  /** Patient id column (default `patient_id`), used in predictions and to match reader 2. */
  id?: string;
  split: SplitSpec;
  models: ModelSpec[];
  compare?: [string, string][];
  bootstrap?: { n: number; seed: number };
  cv?: { folds: number; seed: number };
  dca?: { from: number; to: number; by: number };
  /**
   * Text (or coded) columns to use as factors, with R's treatment coding against `reference`:
   * `"factors": {"t_stage": {"reference": "T1"}}` turns the predictor `t_stage` into the 0/1
   * columns `t_stage[T2]`, `t_stage[T3]` (levels seen in the training rows, sorted).
   */
  factors?: Record<string, { reference: string }>;
}

export class StudySpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StudySpecError';
  }
}

type Json = unknown;

function isObj(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(where: string, what: string): never {
  throw new StudySpecError(`${where}: ${what}`);
}

function str(v: Json, where: string): string {
  if (typeof v !== 'string' || v === '') fail(where, `expected a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function num(v: Json, where: string, lo = -Infinity, hi = Infinity, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(where, `expected a number, got ${JSON.stringify(v)}`);
  if (v < lo || v > hi) fail(where, `${v} is outside [${lo}, ${hi}]`);
  if (integer && !Number.isInteger(v)) fail(where, `expected an integer, got ${v}`);
  return v;
}

function onlyKeys(o: Record<string, Json>, allowed: string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${where}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
}

function oneOf<T extends string>(v: Json, options: readonly T[], where: string): T {
  if (typeof v !== 'string' || !options.includes(v as T)) fail(where, `expected one of ${options.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

function parseSplit(v: Json, where: string): SplitSpec {
  if (!isObj(v)) fail(where, 'expected an object');
  if ('random' in v) {
    const r = v.random;
    if (!isObj(r)) fail(`${where}.random`, 'expected an object');
    onlyKeys(r, ['fraction', 'stratify', 'seed'], `${where}.random`);
    return {
      random: {
        fraction: num(r.fraction, `${where}.random.fraction`, 0, 1),
        stratify: r.stratify === undefined ? true : Boolean(r.stratify),
        seed: num(r.seed, `${where}.random.seed`, -2147483648, 2147483647, true),
      },
    };
  }
  if ('temporal' in v) {
    const t = v.temporal;
    if (!isObj(t)) fail(`${where}.temporal`, 'expected an object');
    onlyKeys(t, ['column', 'cutoff'], `${where}.temporal`);
    return { temporal: { column: str(t.column, `${where}.temporal.column`), cutoff: str(t.cutoff, `${where}.temporal.cutoff`) } };
  }
  onlyKeys(v, ['column', 'train', 'validation'], where);
  return { column: str(v.column, `${where}.column`), train: str(v.train, `${where}.train`), validation: str(v.validation, `${where}.validation`) };
}

function parseStep(v: Json, where: string): SelectionStep {
  if (!isObj(v) || Object.keys(v).length !== 1) fail(where, 'expected an object with exactly one key naming the step (nearZeroVariance, correlation, univariate, icc, lasso, stepwise)');
  const [kind] = Object.keys(v) as [string];
  const raw = v[kind];
  const o: Record<string, Json> = raw === true ? {} : isObj(raw) ? raw : fail(`${where}.${kind}`, 'expected an object (or true)');
  const w = `${where}.${kind}`;
  switch (kind) {
    case 'nearZeroVariance':
      onlyKeys(o, ['freqCut', 'uniqueCut'], w);
      return { nearZeroVariance: { freqCut: o.freqCut === undefined ? undefined : num(o.freqCut, `${w}.freqCut`, 1), uniqueCut: o.uniqueCut === undefined ? undefined : num(o.uniqueCut, `${w}.uniqueCut`, 0, 100) } };
    case 'correlation':
      onlyKeys(o, ['cutoff', 'method'], w);
      return { correlation: { cutoff: num(o.cutoff, `${w}.cutoff`, 0, 1), method: o.method === undefined ? 'pearson' : oneOf(o.method, ['pearson', 'spearman'] as const, `${w}.method`) } };
    case 'univariate':
      onlyKeys(o, ['test', 'p'], w);
      return { univariate: { test: oneOf(o.test, ['welch', 'student', 'mannWhitney', 'logistic'] as const, `${w}.test`), p: num(o.p, `${w}.p`, 0, 1) } };
    case 'icc':
      onlyKeys(o, ['reader2', 'cutoff', 'id', 'form'], w);
      return { icc: { reader2: str(o.reader2, `${w}.reader2`), cutoff: num(o.cutoff, `${w}.cutoff`, -1, 1), id: o.id === undefined ? undefined : str(o.id, `${w}.id`), form: o.form === undefined ? 'icc2' : oneOf(o.form, ['icc1', 'icc2', 'icc3'] as const, `${w}.form`) } };
    case 'lasso': {
      onlyKeys(o, ['folds', 'foldSeed', 'foldColumn', 'measure', 'lambda', 'thresh'], w);
      if (o.foldSeed === undefined && o.foldColumn === undefined) fail(w, 'needs foldSeed or foldColumn');
      return {
        lasso: {
          folds: num(o.folds, `${w}.folds`, 3, 1000, true),
          foldSeed: o.foldSeed === undefined ? undefined : num(o.foldSeed, `${w}.foldSeed`, -2147483648, 2147483647, true),
          foldColumn: o.foldColumn === undefined ? undefined : str(o.foldColumn, `${w}.foldColumn`),
          measure: o.measure === undefined ? 'deviance' : oneOf(o.measure, ['deviance', 'auc'] as const, `${w}.measure`),
          lambda: o.lambda === undefined ? 'min' : oneOf(o.lambda, ['min', '1se'] as const, `${w}.lambda`),
          thresh: o.thresh === undefined ? undefined : num(o.thresh, `${w}.thresh`, 0, 1),
        },
      };
    }
    case 'stepwise':
      onlyKeys(o, ['entry', 'removal', 'method'], w);
      return {
        stepwise: {
          entry: o.entry === undefined ? 0.05 : num(o.entry, `${w}.entry`, 0, 1),
          removal: o.removal === undefined ? 0.1 : num(o.removal, `${w}.removal`, 0, 1),
          method: o.method === undefined ? 'spss_forward_lr' : oneOf(o.method, ['spss_forward_lr', 'spss_forward_wald', 'lr_entry_lr_removal'] as const, `${w}.method`),
        },
      };
    default:
      return fail(where, `unknown selection step "${kind}" (allowed: nearZeroVariance, correlation, univariate, icc, lasso, stepwise)`);
  }
}

function parseModel(v: Json, where: string, earlier: Set<string>): ModelSpec {
  if (!isObj(v)) fail(where, 'expected an object');
  onlyKeys(v, ['name', 'type', 'predictors', 'selection', 'k', 'radscore'], where);
  const name = str(v.name, `${where}.name`);
  if (earlier.has(name)) fail(`${where}.name`, `model name "${name}" is used twice`);
  const type = oneOf(v.type, ['logistic', 'knn'] as const, `${where}.type`);
  let predictors: ModelSpec['predictors'];
  if (Array.isArray(v.predictors)) {
    if (v.predictors.length === 0) fail(`${where}.predictors`, 'is empty');
    predictors = v.predictors.map((p, i) => str(p, `${where}.predictors[${i}]`));
    for (const p of predictors) {
      if (p.startsWith('radscore:') && !earlier.has(p.slice(9))) fail(`${where}.predictors`, `"${p}" refers to a model that is not defined before "${name}"`);
    }
  } else if (isObj(v.predictors) && typeof v.predictors.pattern === 'string') {
    try { new RegExp(v.predictors.pattern); } catch (e) { fail(`${where}.predictors.pattern`, `not a regular expression: ${(e as Error).message}`); }
    predictors = { pattern: v.predictors.pattern };
  } else fail(`${where}.predictors`, 'expected a list of column names or {"pattern": "<regex>"}');
  const selection = v.selection === undefined ? [] : Array.isArray(v.selection) ? v.selection.map((s, i) => parseStep(s, `${where}.selection[${i}]`)) : fail(`${where}.selection`, 'expected a list of steps');
  const lassoAt = selection.findIndex((s) => 'lasso' in s);
  if (lassoAt >= 0 && lassoAt !== selection.length - 1 && !selection.slice(lassoAt + 1).every((s) => 'stepwise' in s)) {
    fail(`${where}.selection`, 'lasso must be the last selection step (only stepwise may follow it)');
  }
  let k: ModelSpec['k'];
  if (type === 'knn') {
    k = v.k === undefined || v.k === 'cv' ? 'cv' : num(v.k, `${where}.k`, 1, 1000, true);
  } else if (v.k !== undefined) fail(`${where}.k`, 'k applies to knn models only');
  const radscore = v.radscore === undefined ? false : v.radscore === true ? true : v.radscore === false ? false : fail(`${where}.radscore`, 'expected true or false');
  if (radscore && type !== 'logistic') fail(`${where}.radscore`, 'a Rad-score needs a logistic (or LASSO) model');
  return { name, type, predictors, selection, k, radscore };
}

/** Validate a parsed JSON value as a study spec. */
export function parseStudySpec(v: Json, source = 'study.json'): StudySpec {
  const w = source;
  if (!isObj(v)) fail(w, 'expected a JSON object');
  onlyKeys(v, ['outcome', 'id', 'split', 'models', 'compare', 'bootstrap', 'cv', 'dca', 'factors', 'description'], w);
  const outcome = str(v.outcome, `${w}.outcome`);
  const id = v.id === undefined ? undefined : str(v.id, `${w}.id`);
  const split = parseSplit(v.split, `${w}.split`);
  if (!Array.isArray(v.models) || v.models.length === 0) fail(`${w}.models`, 'expected a non-empty list of models');
  const names = new Set<string>();
  const models = v.models.map((m, i) => {
    const ms = parseModel(m, `${w}.models[${i}]`, names);
    names.add(ms.name);
    return ms;
  });
  const compare = v.compare === undefined ? [] : Array.isArray(v.compare) ? v.compare.map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) fail(`${w}.compare[${i}]`, 'expected a pair ["modelA", "modelB"]');
    const [a, b] = pair.map((x, j) => str(x, `${w}.compare[${i}][${j}]`)) as [string, string];
    for (const m of [a, b]) if (!names.has(m)) fail(`${w}.compare[${i}]`, `unknown model "${m}"`);
    return [a, b] as [string, string];
  }) : fail(`${w}.compare`, 'expected a list of pairs');
  let bootstrap: StudySpec['bootstrap'];
  if (v.bootstrap !== undefined) {
    if (!isObj(v.bootstrap)) fail(`${w}.bootstrap`, 'expected {"n": 1000, "seed": 1}');
    onlyKeys(v.bootstrap, ['n', 'seed'], `${w}.bootstrap`);
    bootstrap = { n: num(v.bootstrap.n, `${w}.bootstrap.n`, 0, 1e6, true), seed: num(v.bootstrap.seed, `${w}.bootstrap.seed`, -2147483648, 2147483647, true) };
  }
  let cv: StudySpec['cv'];
  if (v.cv !== undefined) {
    if (!isObj(v.cv)) fail(`${w}.cv`, 'expected {"folds": 5, "seed": 1}');
    onlyKeys(v.cv, ['folds', 'seed'], `${w}.cv`);
    cv = { folds: num(v.cv.folds, `${w}.cv.folds`, 2, 1000, true), seed: num(v.cv.seed, `${w}.cv.seed`, -2147483648, 2147483647, true) };
  }
  let dca: StudySpec['dca'];
  if (v.dca !== undefined) {
    if (!isObj(v.dca)) fail(`${w}.dca`, 'expected {"from": 0.01, "to": 0.99, "by": 0.01}');
    onlyKeys(v.dca, ['from', 'to', 'by'], `${w}.dca`);
    dca = { from: num(v.dca.from, `${w}.dca.from`, 0, 1), to: num(v.dca.to, `${w}.dca.to`, 0, 1), by: num(v.dca.by, `${w}.dca.by`, 1e-6, 1) };
    if (dca.from <= 0 || dca.to >= 1 || dca.from > dca.to) fail(`${w}.dca`, 'needs 0 < from ≤ to < 1');
  }
  if (models.some((m) => m.type === 'knn' && m.k === 'cv') && !cv) fail(`${w}.cv`, 'a knn model with k "cv" needs "cv": {"folds", "seed"}');
  let factors: StudySpec['factors'];
  if (v.factors !== undefined) {
    if (!isObj(v.factors)) fail(`${w}.factors`, 'expected {"<column>": {"reference": "<level>"}}');
    factors = {};
    for (const [col, f] of Object.entries(v.factors)) {
      if (!isObj(f)) fail(`${w}.factors.${col}`, 'expected {"reference": "<level>"}');
      onlyKeys(f, ['reference'], `${w}.factors.${col}`);
      const ref = typeof f.reference === 'number' ? String(f.reference) : str(f.reference, `${w}.factors.${col}.reference`);
      factors[col] = { reference: ref };
    }
  }
  const out: StudySpec = { outcome, id, split, models, compare, bootstrap, cv, dca };
  if (factors) out.factors = factors;
  return out;
}
