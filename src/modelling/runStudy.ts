/**
 * `runStudy(table, spec, options) → results`: the whole study of a `study.json` on a cohort
 * table — split, every model's pipeline fitted on the training rows, metrics on training and
 * validation, DeLong comparisons, and Harrell's bootstrap with every model's WHOLE pipeline
 * (filters, LASSO-CV, Rad-score, final model) refitted in each resample. Pure: no file system,
 * runs in the worker, in Node (CLI) and in Vitest.
 *
 * Bad data throws {@link CohortDataError} naming the file, column and row, before any fitting.
 */
import { delongPaired } from '../stats/delong.ts';
import { dcaThresholds } from '../stats/dca.ts';
import { auc as aucOf } from '../stats/roc.ts';
import { RMersenneTwister } from '../stats/random.ts';
import { bootstrapSample, randomSplit, temporalSplit, type Split } from '../stats/resample.ts';
import { CohortDataError, numericColumn, textColumn, type CohortTable } from './csv.ts';
import { evaluateSplit, type SplitMetrics } from './evaluation.ts';
import { fitModel, type Coefficient, type FittedModel, type Frame, type LassoReport, type PipelineContext, type ReaderTwo, type StepReport } from './pipeline.ts';
import type { ModelSpec, StudySpec } from './spec.ts';

export interface StudyProgress {
  stage: 'validate' | 'fit' | 'evaluate' | 'bootstrap' | 'done';
  done: number;
  total: number;
  message?: string;
}

export interface RunStudyOptions {
  /** Reader-2 tables for ICC steps, keyed by the `reader2` string of the spec. */
  readers?: ReadonlyMap<string, CohortTable>;
  onProgress?: (p: StudyProgress) => void;
  signal?: AbortSignal;
  /** Override the number of bootstrap resamples (e.g. tests); the spec's seed is kept. */
  bootstrapResamples?: number;
}

export interface BootstrapReport {
  resamples: number;
  seed: number;
  apparent_auc: number;
  optimism: number | null;
  corrected_auc: number | null;
  failed: number;
  failures: string[];
  /** mean ± SD of the resample-refitted models' AUC on their own resample */
  resample_auc_mean: number | null;
  resample_auc_sd: number | null;
  /** the "as published" estimate: the fitted model, NOT refitted, scored on each resample */
  naive_fixed_model: { mean_auc: number; sd_auc: number } | null;
}

export interface ModelResults {
  type: 'logistic' | 'knn';
  candidates: number;
  selected: { step: string; n: number; kept: string[]; details?: Record<string, unknown> }[];
  features: string[];
  coefficients: Coefficient[] | null;
  lasso: LassoReport | null;
  knn: FittedModel['knn'];
  params?: FittedModel['params'];
  warnings: string[];
  train: SplitMetrics;
  validation: SplitMetrics;
  bootstrap: BootstrapReport | null;
}

export interface StudyResults {
  format: 'breast-radiomics-study-results/1';
  spec: StudySpec;
  data: { source: string; rows: number; columns: number };
  split: { kind: string; train: number; validation: number; train_events: number; validation_events: number };
  models: Record<string, ModelResults>;
  comparisons: { a: string; b: string; split: 'train' | 'validation'; auc_a: number; auc_b: number; z: number; p: number; ci: [number, number] }[];
  seconds: { fit: number; evaluate: number; bootstrap: number };
}

function rowName(table: CohortTable, i: number): string {
  return `${table.source} row ${i + 2}`;
}

function outcomeOf(table: CohortTable, name: string): Float64Array {
  const c = table.columns.get(name);
  if (!c) throw new CohortDataError(`${table.source}: outcome column "${name}" does not exist`);
  const y = new Float64Array(table.nRows);
  for (let i = 0; i < table.nRows; i++) {
    const raw = c.kind === 'number' ? c.values[i]! : c.values[i] === null ? NaN : Number(c.values[i]);
    if (raw !== 0 && raw !== 1) {
      const shown = c.kind === 'number' ? (Number.isNaN(c.values[i]!) ? 'missing' : String(c.values[i])) : JSON.stringify(c.values[i]);
      throw new CohortDataError(`${rowName(table, i)}, column "${name}": outcome must be 0 or 1, got ${shown}`);
    }
    y[i] = raw;
  }
  return y;
}

function resolveSplit(table: CohortTable, spec: StudySpec, y: Float64Array): { split: Split; kind: string; usedColumns: string[] } {
  const s = spec.split;
  if ('random' in s) {
    return { split: randomSplit(y, s.random.fraction, s.random.stratify ?? true, { rSeed: s.random.seed }), kind: `random ${s.random.fraction} (seed ${s.random.seed})`, usedColumns: [] };
  }
  if ('temporal' in s) {
    if (!table.columns.has(s.temporal.column)) throw new CohortDataError(`${table.source}: split column "${s.temporal.column}" does not exist`);
    const dates = textColumn(table, s.temporal.column);
    let split: Split;
    try {
      split = temporalSplit(dates, s.temporal.cutoff, (i) => `${rowName(table, i)}, column "${s.temporal.column}"`);
    } catch (e) {
      throw new CohortDataError((e as Error).message);
    }
    return { split, kind: `temporal ${s.temporal.column} < ${s.temporal.cutoff}`, usedColumns: [s.temporal.column] };
  }
  if (!table.columns.has(s.column)) throw new CohortDataError(`${table.source}: split column "${s.column}" does not exist`);
  const v = textColumn(table, s.column);
  const train: number[] = [];
  const validation: number[] = [];
  v.forEach((x, i) => {
    if (x === s.train) train.push(i);
    else if (x === s.validation) validation.push(i);
    else throw new CohortDataError(`${rowName(table, i)}, column "${s.column}": "${x ?? ''}" is neither "${s.train}" nor "${s.validation}"`);
  });
  return { split: { train, validation }, kind: `column ${s.column}`, usedColumns: [s.column] };
}

function makeFrame(table: CohortTable, y: Float64Array, excluded: Set<string>, extra: Map<string, Float64Array>): Frame {
  const cache = new Map<string, Float64Array>();
  return {
    n: table.nRows,
    y,
    column(name: string): Float64Array {
      const e = extra.get(name);
      if (e) return e;
      let c = cache.get(name);
      if (!c) {
        if (name.startsWith('radscore:')) throw new Error(`"${name}" is not available (model "${name.slice(9)}" has not been fitted)`);
        c = numericColumn(table, name);
        cache.set(name, c);
      }
      return c;
    },
    match(pattern: RegExp): string[] {
      return table.names.filter((n) => !excluded.has(n) && pattern.test(n));
    },
  };
}

function checkPredictors(table: CohortTable, spec: ModelSpec, names: string[], rows: number[], train: number[]): void {
  for (const name of names) {
    if (name.startsWith('radscore:')) continue;
    const c = table.columns.get(name);
    if (!c) throw new CohortDataError(`${table.source}: model "${spec.name}" uses column "${name}", which does not exist`);
    if (c.kind !== 'number') {
      const r = c.values.findIndex((v) => v !== null && !Number.isFinite(Number(v)));
      throw new CohortDataError(`${r >= 0 ? rowName(table, r) : table.source}, column "${name}": not numeric${r >= 0 ? ` ("${c.values[r]}")` : ''} (model "${spec.name}")`);
    }
    for (const i of rows) {
      if (Number.isNaN(c.values[i]!)) throw new CohortDataError(`${rowName(table, i)}, column "${name}": missing value (model "${spec.name}")`);
    }
    if (Array.isArray(spec.predictors)) {
      const v0 = c.values[train[0]!]!;
      if (train.every((i) => c.values[i] === v0)) throw new CohortDataError(`${table.source}, column "${name}": constant (${v0}) in all ${train.length} training rows (model "${spec.name}")`);
    }
  }
}

function readerTwo(main: CohortTable, idName: string, table: CohortTable, key: string): ReaderTwo {
  const idsMain = textColumn(main, idName);
  const where = new Map<string, number>();
  idsMain.forEach((v, i) => { if (v !== null) where.set(v, i); });
  if (!table.columns.has(idName)) throw new CohortDataError(`${table.source}: has no id column "${idName}" to match reader 1`);
  const ids = textColumn(table, idName);
  const rows = ids.map((v, i) => {
    const r = v === null ? undefined : where.get(v);
    if (r === undefined) throw new CohortDataError(`${rowName(table, i)}, column "${idName}": patient "${v ?? ''}" is not in ${main.source}`);
    return r;
  });
  return {
    source: key,
    rowsReader1: rows,
    column(name: string): Float64Array | undefined {
      if (!table.columns.has(name)) return undefined;
      const c = numericColumn(table, name);
      const m = c.findIndex((v) => Number.isNaN(v));
      if (m >= 0) throw new CohortDataError(`${rowName(table, m)}, column "${name}": missing value`);
      return c;
    },
  };
}

/** Fit every model in spec order on `rows`, filling `radscore:<name>` columns for all patients. */
function fitAll(frame: Frame, spec: StudySpec, rows: number[] | Int32Array, ctx: PipelineContext, extra: Map<string, Float64Array>, allRows: Int32Array): (FittedModel | Error)[] {
  const out: (FittedModel | Error)[] = [];
  for (const m of spec.models) {
    try {
      const f = fitModel(frame, m, rows, ctx);
      if (m.radscore) {
        const lp = f.linearPredictor(allRows);
        if (lp) extra.set(`radscore:${m.name}`, lp);
      }
      out.push(f);
    } catch (e) {
      out.push(e instanceof Error ? e : new Error(String(e)));
    }
  }
  return out;
}

function meanSd(v: number[]): { mean: number; sd: number } | null {
  if (v.length < 2) return null;
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean: m, sd: Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) };
}

/**
 * Run a whole study synchronously (CLI, tests). Bad data throws CohortDataError before fitting;
 * `signal` is checked between stages and bootstrap resamples.
 */
export function runStudy(table: CohortTable, spec: StudySpec, options: RunStudyOptions = {}): StudyResults {
  const g = studySteps(table, spec, options);
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

/**
 * The same, yielding to the event loop between stages and bootstrap resamples, so a worker can
 * receive a cancel message (abort `signal`) while it runs.
 */
export async function runStudyAsync(table: CohortTable, spec: StudySpec, options: RunStudyOptions = {}): Promise<StudyResults> {
  const g = studySteps(table, spec, options);
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    await new Promise<void>((res) => setTimeout(res, 0));
  }
}

/** The study as a generator: each `yield` is a point where a caller may let other work run. */
function* studySteps(table: CohortTable, spec: StudySpec, options: RunStudyOptions): Generator<void, StudyResults> {
  const progress = options.onProgress ?? (() => {});
  const check = (): void => { if (options.signal?.aborted) throw new Error('study cancelled'); };
  progress({ stage: 'validate', done: 0, total: 1 });
  const y = outcomeOf(table, spec.outcome);
  const idName = spec.id ?? 'patient_id';
  const ids = table.columns.has(idName) ? textColumn(table, idName).map((v, i) => v ?? `row ${i + 2}`) : Array.from({ length: table.nRows }, (_, i) => `row ${i + 2}`);
  const { split, kind, usedColumns } = resolveSplit(table, spec, y);
  const { train, validation } = split;
  for (const [name, rows] of [['training', train], ['validation', validation]] as const) {
    const ev = rows.reduce((a, i) => a + y[i]!, 0);
    if (rows.length === 0 || ev === 0 || ev === rows.length) throw new CohortDataError(`${table.source}: the ${name} set has ${rows.length} rows with ${ev} events; both outcomes are needed`);
  }
  const excluded = new Set<string>([spec.outcome, idName, ...usedColumns]);
  const baseFrame = makeFrame(table, y, excluded, new Map());
  const used = [...train, ...validation];
  for (const m of spec.models) {
    const names = Array.isArray(m.predictors) ? m.predictors : baseFrame.match(new RegExp(m.predictors.pattern));
    if (names.length === 0) throw new CohortDataError(`${table.source}: model "${m.name}": no column matches ${JSON.stringify(m.predictors)}`);
    checkPredictors(table, m, names, used, train);
    for (const s of m.selection ?? []) {
      if ('lasso' in s && s.lasso.foldColumn) checkPredictors(table, m, [s.lasso.foldColumn], train, train);
    }
  }
  const readers = new Map<string, ReaderTwo>();
  for (const m of spec.models) {
    for (const s of m.selection ?? []) {
      if (!('icc' in s) || readers.has(s.icc.reader2)) continue;
      const t = options.readers?.get(s.icc.reader2);
      if (!t) throw new CohortDataError(`model "${m.name}": reader-2 table "${s.icc.reader2}" was not provided`);
      readers.set(s.icc.reader2, readerTwo(table, s.icc.id ?? idName, t, s.icc.reader2));
    }
  }
  const ctx: PipelineContext = { readers, cv: spec.cv };
  const allRows = Int32Array.from({ length: table.nRows }, (_, i) => i);

  // ---- fit on training rows
  yield;
  check();
  const t0 = performance.now();
  progress({ stage: 'fit', done: 0, total: spec.models.length });
  const extra = new Map<string, Float64Array>();
  const frame = makeFrame(table, y, excluded, extra);
  const fitted = fitAll(frame, spec, train, ctx, extra, allRows);
  fitted.forEach((f, i) => {
    if (f instanceof Error) throw new Error(`model "${spec.models[i]!.name}": ${f.message}`);
  });
  const models = fitted as FittedModel[];
  const t1 = performance.now();

  // ---- evaluate
  yield;
  check();
  const thresholds = spec.dca ? dcaThresholds(spec.dca.from, spec.dca.to, spec.dca.by) : dcaThresholds(0.01, 0.99, 0.01);
  const yTrain = Float64Array.from(train, (i) => y[i]!);
  const yVal = Float64Array.from(validation, (i) => y[i]!);
  const idsTrain = train.map((i) => ids[i]!);
  const idsVal = validation.map((i) => ids[i]!);
  const predictions = new Map<string, { train: Float64Array; validation: Float64Array }>();
  const results: Record<string, ModelResults> = {};
  models.forEach((f, k) => {
    progress({ stage: 'evaluate', done: k, total: models.length, message: f.name });
    const pt = f.predict(train);
    const pv = f.predict(validation);
    predictions.set(f.name, { train: pt, validation: pv });
    const tr = evaluateSplit(idsTrain, pt, yTrain, thresholds);
    const va = evaluateSplit(idsVal, pv, yVal, thresholds, tr.youden ? tr.youden.threshold : null);
    results[f.name] = {
      type: f.type,
      candidates: f.candidates.length,
      selected: f.selected.map((s: StepReport) => ({ step: s.step, n: s.kept.length, kept: s.kept, details: s.details })),
      features: f.features,
      coefficients: f.coefficients,
      lasso: f.lasso,
      knn: f.knn,
      params: f.params,
      warnings: f.warnings,
      train: tr,
      validation: va,
      bootstrap: null,
    };
  });
  const comparisons: StudyResults['comparisons'] = [];
  for (const [a, b] of spec.compare ?? []) {
    for (const which of ['train', 'validation'] as const) {
      const pa = predictions.get(a)![which];
      const pb = predictions.get(b)![which];
      const t = delongPaired(pa, pb, which === 'train' ? yTrain : yVal);
      comparisons.push({ a, b, split: which, auc_a: t.auc1, auc_b: t.auc2, z: t.z, p: t.p, ci: t.ci });
    }
  }
  const t2 = performance.now();

  // ---- bootstrap: whole pipelines refitted on resamples of the training rows
  // TODO(modelling): draw all resample rows here, then fit chunks in a pool of workers (results
  // would stay identical to this serial loop); see README "Not done yet".
  const B = options.bootstrapResamples ?? spec.bootstrap?.n ?? 0;
  if (spec.bootstrap && B > 0) {
    const rng = new RMersenneTwister(spec.bootstrap.seed);
    const nT = train.length;
    const trainArr = Int32Array.from(train);
    const perModel = models.map(() => ({ opt: [] as number[], boot: [] as number[], naive: [] as number[], failed: 0, failures: [] as string[] }));
    for (let b = 0; b < B; b++) {
      check();
      const idx = bootstrapSample(nT, rng);
      const rows = Int32Array.from(idx, (i) => trainArr[i]!);
      const yb = Float64Array.from(rows, (i) => y[i]!);
      const ex = new Map<string, Float64Array>();
      const fr = makeFrame(table, y, excluded, ex);
      const refits = fitAll(fr, spec, rows, ctx, ex, allRows);
      refits.forEach((f, k) => {
        const acc = perModel[k]!;
        // naive: the training-set model, not refitted, scored on the resample
        try { acc.naive.push(aucOf(Float64Array.from(idx, (i) => predictions.get(models[k]!.name)!.train[i]!), yb)); } catch { /* one-class resample */ }
        try {
          if (f instanceof Error) throw f;
          // rank by the linear predictor when there is one: P = 1/(1 + e^−η) rounds to exactly
          // 1 for η > 37 and would tie patients that a quasi-separated refit still orders
          const score = (r: Int32Array): Float64Array => f.linearPredictor(r) ?? f.predict(r);
          const a = aucOf(score(rows), yb);
          const t = aucOf(score(trainArr), yTrain);
          if (!Number.isFinite(a) || !Number.isFinite(t)) throw new Error('non-finite AUC');
          acc.opt.push(a - t);
          acc.boot.push(a);
        } catch (e) {
          acc.failed++;
          if (acc.failures.length < 10) acc.failures.push(`resample ${b + 1}: ${e instanceof Error ? e.message : String(e)}`);
        }
      });
      progress({ stage: 'bootstrap', done: b + 1, total: B });
      yield;
    }
    models.forEach((f, k) => {
      const acc = perModel[k]!;
      const apparent = results[f.name]!.train.auc ?? NaN;
      const optimism = acc.opt.length > 0 ? acc.opt.reduce((s, v) => s + v, 0) / acc.opt.length : null;
      const bs = meanSd(acc.boot);
      const nv = meanSd(acc.naive);
      results[f.name]!.bootstrap = {
        resamples: B,
        seed: spec.bootstrap!.seed,
        apparent_auc: apparent,
        optimism,
        corrected_auc: optimism === null ? null : apparent - optimism,
        failed: acc.failed,
        failures: acc.failures,
        resample_auc_mean: bs ? bs.mean : null,
        resample_auc_sd: bs ? bs.sd : null,
        naive_fixed_model: nv ? { mean_auc: nv.mean, sd_auc: nv.sd } : null,
      };
    });
  }
  const t3 = performance.now();
  progress({ stage: 'done', done: 1, total: 1 });
  return {
    format: 'breast-radiomics-study-results/1',
    spec,
    data: { source: table.source, rows: table.nRows, columns: table.names.length },
    split: {
      kind,
      train: train.length,
      validation: validation.length,
      train_events: yTrain.reduce((a, v) => a + v, 0),
      validation_events: yVal.reduce((a, v) => a + v, 0),
    },
    models: results,
    comparisons,
    seconds: { fit: (t1 - t0) / 1000, evaluate: (t2 - t1) / 1000, bootstrap: (t3 - t2) / 1000 },
  };
}
