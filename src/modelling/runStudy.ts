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
import { treatmentCoding } from '../stats/logistic.ts';
import { RMersenneTwister } from '../stats/random.ts';
import { lassoKernels } from '../stats/wasm/kernels.ts';
import { bootstrapSample, randomSplit, temporalSplit, type Split } from '../stats/resample.ts';
import { CohortDataError, numericColumn, textColumn, type CohortTable } from './csv.ts';
import { evaluateSplit, type SplitMetrics } from './evaluation.ts';
import { fitModel, type Coefficient, type CorrelationHints, type FittedModel, type Frame, type LassoReport, type PipelineContext, type ReaderTwo, type StepReport } from './pipeline.ts';
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
  /**
   * Run the bootstrap resamples elsewhere (a pool of workers, see bootstrapPool.ts): given the
   * job and every resample's rows (drawn here, in order, from the seeded RNG), return one outcome
   * row per resample in the same order, calling `onDone` with the count finished so far. Only
   * {@link runStudyAsync} uses it; the results are identical to the serial loop.
   */
  bootstrapPool?: (job: BootstrapJob, resamples: Int32Array[], onDone: (done: number) => void, signal?: AbortSignal) => Promise<ResampleOutcome[][]>;
  /**
   * Lean bootstrap refits (default true): the refits compute only what their scores need (see
   * PipelineContext `lean`); false refits every pipeline as the main fit does. Same outcomes.
   */
  leanBootstrap?: boolean;
}

/** Everything a worker needs to refit the study's pipelines on bootstrap resamples (structured-cloneable). */
export interface BootstrapJob {
  table: CohortTable;
  spec: StudySpec;
  /** reader-2 tables for ICC steps, by the spec's `reader2` key */
  readers: [string, CohortTable][];
  /** each model's P(event) on the training rows (spec order; null if it has none), for the naive estimate */
  trainPredictions: (Float64Array | null)[];
  /** refit lean (PipelineContext `lean`); absent = false */
  lean?: boolean;
  /** the main fit's correlation-step removals, by model and step, as hints for lean refits */
  correlationHints?: CorrelationHints;
}

/** One model on one resample: AUC of the refit on its resample, optimism, naive AUC, or the error. */
export interface ResampleOutcome {
  auc: number | null;
  optimism: number | null;
  naive: number | null;
  error: string | null;
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
  /**
   * How the fit ran: the LASSO's inner loops as WebAssembly SIMD or as their JavaScript twins
   * (bit-identical results, src/stats/wasm/kernels.ts). Absent in results saved before it existed.
   */
  engine?: { lasso_kernels: 'wasm-simd' | 'javascript' };
  /** declared factors used by a model: reference, training levels and the dummy columns */
  factors?: Record<string, { reference: string; levels: string[]; columns: string[] }>;
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

function makeFrame(
  table: CohortTable, y: Float64Array, excluded: Set<string>, extra: Map<string, Float64Array>, dummies: ReadonlyMap<string, Float64Array>,
  cache = new Map<string, Float64Array>(),
): Frame {
  return {
    n: table.nRows,
    y,
    column(name: string): Float64Array {
      const e = extra.get(name) ?? dummies.get(name);
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

/** Name of the 0/1 column of `level` of factor `column` (R would call it `columnlevel`). */
export function dummyName(column: string, level: string): string {
  return `${column}[${level}]`;
}

/**
 * Treatment coding of the declared factors that a model uses as predictors (`inModels`: named in
 * an explicit list or matched by a model's pattern): levels are
 * those of the TRAINING rows (sorted as R's `factor`: numerically when all are numbers), the
 * reference is the declared one (R's `relevel`), and each other level gets a 0/1 column
 * `column[level]` for every row. A used row with a missing value, or with a level the training
 * rows do not have, is refused naming the row, column and level.
 */
function codeFactors(table: CohortTable, spec: StudySpec, train: number[], used: number[], inModels: ReadonlySet<string>): { dummies: Map<string, Float64Array>; expanded: Map<string, string[]>; report: NonNullable<StudyResults['factors']> } {
  const dummies = new Map<string, Float64Array>();
  const expanded = new Map<string, string[]>();
  const report: NonNullable<StudyResults['factors']> = {};
  const declared = spec.factors ?? {};
  for (const [col, { reference }] of Object.entries(declared)) {
    if (!inModels.has(col)) continue;
    if (!table.columns.has(col)) throw new CohortDataError(`${table.source}: factor column "${col}" does not exist`);
    const values = textColumn(table, col);
    for (const i of used) if (values[i] === null) throw new CohortDataError(`${rowName(table, i)}, column "${col}": missing value (factor)`);
    let levels: string[];
    try {
      levels = treatmentCoding(train.map((i) => values[i]!), col, reference).levels;
    } catch {
      const seen = [...new Set(train.map((i) => values[i]!))].sort();
      throw new CohortDataError(`${table.source}, column "${col}": reference level "${reference}" does not occur in the ${train.length} training rows (levels: ${seen.join(', ')})`);
    }
    if (levels.length < 2) throw new CohortDataError(`${table.source}, column "${col}": factor has a single level ("${levels[0]}") in the ${train.length} training rows`);
    const known = new Set(levels);
    for (const i of used) {
      if (!known.has(values[i]!)) throw new CohortDataError(`${rowName(table, i)}, column "${col}": level "${values[i]}" does not occur in the training rows (levels: ${levels.join(', ')})`);
    }
    // every row coded with the training levels (rows outside both sets are never used)
    const coded = treatmentCoding(values.map((v) => (v !== null && known.has(v) ? v : reference)), col, reference);
    const names: string[] = [];
    coded.names.forEach((_, k) => {
      const level = coded.levels.filter((l) => l !== coded.reference)[k]!;
      const name = dummyName(col, level);
      dummies.set(name, coded.columns[k]!);
      names.push(name);
    });
    expanded.set(col, names);
    report[col] = { reference: coded.reference, levels: coded.levels, columns: names };
  }
  return { dummies, expanded, report };
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

/** The checked data of a study: outcome, split, factor coding, reader-2 tables, pipeline context. */
interface StudySetup {
  y: Float64Array;
  ids: string[];
  kind: string;
  train: number[];
  validation: number[];
  excluded: Set<string>;
  dummies: Map<string, Float64Array>;
  /** the spec with declared factors replaced by their dummy columns in every predictor list */
  fitSpec: StudySpec;
  factors: NonNullable<StudyResults['factors']>;
  ctx: PipelineContext;
  allRows: Int32Array;
}

/** Check the data against the spec (errors name file, column and row) and prepare what fitting needs. */
function setupStudy(table: CohortTable, spec: StudySpec, readerTables: ReadonlyMap<string, CohortTable> | undefined): StudySetup {
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
  const baseFrame = makeFrame(table, y, excluded, new Map(), new Map());
  const used = [...train, ...validation];
  // each model's predictor names: its list, or the columns its pattern matches (table order)
  const modelNames = spec.models.map((m) => (Array.isArray(m.predictors) ? m.predictors : baseFrame.match(new RegExp(m.predictors.pattern))));
  const { dummies, expanded, report } = codeFactors(table, spec, train, used, new Set(modelNames.flat()));
  spec.models.forEach((m, k) => {
    const names = modelNames[k]!;
    if (names.length === 0) throw new CohortDataError(`${table.source}: model "${m.name}": no column matches ${JSON.stringify(m.predictors)}`);
    checkPredictors(table, m, names.filter((n) => !expanded.has(n)), used, train);
    for (const s of m.selection ?? []) {
      if ('lasso' in s && s.lasso.foldColumn) checkPredictors(table, m, [s.lasso.foldColumn], train, train);
    }
  });
  // a declared factor in a list, or matched by a pattern, becomes its dummy columns in its place
  // (a pattern that matches a factor is fitted as the explicit list of what it matched)
  const fitSpec: StudySpec = expanded.size === 0 ? spec : {
    ...spec,
    models: spec.models.map((m, k) => {
      if (Array.isArray(m.predictors)) return { ...m, predictors: m.predictors.flatMap((n) => expanded.get(n) ?? [n]) };
      const names = modelNames[k]!;
      return names.some((n) => expanded.has(n)) ? { ...m, predictors: names.flatMap((n) => expanded.get(n) ?? [n]) } : m;
    }),
  };
  const readers = new Map<string, ReaderTwo>();
  for (const m of spec.models) {
    for (const s of m.selection ?? []) {
      if (!('icc' in s) || readers.has(s.icc.reader2)) continue;
      const t = readerTables?.get(s.icc.reader2);
      if (!t) throw new CohortDataError(`model "${m.name}": reader-2 table "${s.icc.reader2}" was not provided`);
      readers.set(s.icc.reader2, readerTwo(table, s.icc.id ?? idName, t, s.icc.reader2));
    }
  }
  const ctx: PipelineContext = { readers, cv: spec.cv };
  const allRows = Int32Array.from({ length: table.nRows }, (_, i) => i);
  return { y, ids, kind, train, validation, excluded, dummies, fitSpec, factors: report, ctx, allRows };
}

/**
 * Every bootstrap resample's rows (indices into the training rows), drawn in order from R's
 * Mersenne-Twister seeded with `seed`: resample b is `sample.int(n, replace = TRUE)` after the
 * b − 1 before it, exactly as the serial loop drew them.
 */
export function drawResamples(nTrain: number, resamples: number, seed: number): Int32Array[] {
  const rng = new RMersenneTwister(seed);
  return Array.from({ length: resamples }, () => bootstrapSample(nTrain, rng));
}

/**
 * The refit of one bootstrap job: set the study up once (as the main run did: same checks, same
 * training rows), then for each resample refit every model's whole pipeline (filters, LASSO-CV,
 * Rad-score, later models) on the resample rows and score it. Pure and deterministic, so any
 * split of the resamples over workers gives the same outcomes as the serial loop.
 */
export function bootstrapRunner(job: BootstrapJob): (resamples: readonly Int32Array[]) => ResampleOutcome[][] {
  const setup = setupStudy(job.table, job.spec, new Map(job.readers));
  const { y, train, excluded, dummies, fitSpec, allRows } = setup;
  const ctx: PipelineContext = job.lean ? { ...setup.ctx, lean: true, correlationHints: job.correlationHints } : setup.ctx;
  const trainArr = Int32Array.from(train);
  const yTrain = Float64Array.from(train, (i) => y[i]!);
  // the table's columns, shared by every resample's frame (the Rad-scores, in `ex`, are per resample)
  const columns = new Map<string, Float64Array>();
  return (resamples) => resamples.map((idx) => {
    const rows = Int32Array.from(idx, (i) => trainArr[i]!);
    const yb = Float64Array.from(rows, (i) => y[i]!);
    const ex = new Map<string, Float64Array>();
    const fr = makeFrame(job.table, y, excluded, ex, dummies, columns);
    const refits = fitAll(fr, fitSpec, rows, ctx, ex, allRows);
    return refits.map((f, k): ResampleOutcome => {
      const out: ResampleOutcome = { auc: null, optimism: null, naive: null, error: null };
      // naive: the training-set model, not refitted, scored on the resample
      const tp = job.trainPredictions[k];
      if (tp) { try { out.naive = aucOf(Float64Array.from(idx, (i) => tp[i]!), yb); } catch { /* one-class resample */ } }
      try {
        if (f instanceof Error) throw f;
        // rank by the linear predictor when there is one: P = 1/(1 + e^−η) rounds to exactly
        // 1 for η > 37 and would tie patients that a quasi-separated refit still orders
        const score = (r: Int32Array): Float64Array => f.linearPredictor(r) ?? f.predict(r);
        const a = aucOf(score(rows), yb);
        const t = aucOf(score(trainArr), yTrain);
        if (!Number.isFinite(a) || !Number.isFinite(t)) throw new Error('non-finite AUC');
        out.auc = a;
        out.optimism = a - t;
      } catch (e) {
        out.error = e instanceof Error ? e.message : String(e);
      }
      return out;
    });
  });
}

/**
 * Run a whole study synchronously (CLI, tests). Bad data throws CohortDataError before fitting;
 * `signal` is checked between stages and bootstrap resamples. (`bootstrapPool` needs runStudyAsync.)
 */
export function runStudy(table: CohortTable, spec: StudySpec, options: RunStudyOptions = {}): StudyResults {
  if (options.bootstrapPool) throw new Error('runStudy: a bootstrap pool needs runStudyAsync');
  const g = studySteps(table, spec, options);
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

/**
 * The same, yielding to the event loop between stages and bootstrap resamples, so a worker can
 * receive a cancel message (abort `signal`) while it runs; with `bootstrapPool` the resamples run
 * in the pool.
 */
export async function runStudyAsync(table: CohortTable, spec: StudySpec, options: RunStudyOptions = {}): Promise<StudyResults> {
  const g = studySteps(table, spec, options);
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    if (r.value) await r.value;
    else await new Promise<void>((res) => setTimeout(res, 0));
  }
}

/**
 * The study as a generator: each `yield` is a point where a caller may let other work run; a
 * yielded promise (the bootstrap pool) must settle before the generator continues.
 */
function* studySteps(table: CohortTable, spec: StudySpec, options: RunStudyOptions): Generator<Promise<unknown> | void, StudyResults> {
  const progress = options.onProgress ?? (() => {});
  const check = (): void => { if (options.signal?.aborted) throw new Error('study cancelled'); };
  progress({ stage: 'validate', done: 0, total: 1 });
  const setup = setupStudy(table, spec, options.readers);
  const { y, ids, kind, train, validation, excluded, dummies, fitSpec, ctx, allRows } = setup;

  // ---- fit on training rows
  yield;
  check();
  const t0 = performance.now();
  progress({ stage: 'fit', done: 0, total: spec.models.length });
  const extra = new Map<string, Float64Array>();
  const frame = makeFrame(table, y, excluded, extra, dummies);
  const fitted = fitAll(frame, fitSpec, train, ctx, extra, allRows);
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

  // ---- bootstrap: whole pipelines refitted on resamples of the training rows. All resample rows
  // are drawn first, in order, so a pool of workers gives exactly the serial loop's numbers.
  const B = options.bootstrapResamples ?? spec.bootstrap?.n ?? 0;
  if (spec.bootstrap && B > 0) {
    const resamples = drawResamples(train.length, B, spec.bootstrap.seed);
    const job: BootstrapJob = {
      table,
      spec,
      readers: [...(options.readers ?? new Map<string, CohortTable>())],
      trainPredictions: models.map((f) => predictions.get(f.name)!.train),
      lean: options.leanBootstrap ?? true,
      correlationHints: Object.fromEntries(models.map((f) => [f.name, f.selected.map((s) => s.removedBy ?? null)])),
    };
    let outcomes: ResampleOutcome[][] = [];
    if (options.bootstrapPool) {
      progress({ stage: 'bootstrap', done: 0, total: B });
      yield options.bootstrapPool(job, resamples, (done) => progress({ stage: 'bootstrap', done, total: B }), options.signal).then((o) => { outcomes = o; });
      check();
      if (outcomes.length !== B) throw new Error(`bootstrap pool returned ${outcomes.length} of ${B} resamples`);
    } else {
      const run = bootstrapRunner(job);
      for (let b = 0; b < B; b++) {
        check();
        outcomes.push(run([resamples[b]!])[0]!);
        progress({ stage: 'bootstrap', done: b + 1, total: B });
        yield;
      }
    }
    models.forEach((f, k) => {
      const opt: number[] = [];
      const boot: number[] = [];
      const naive: number[] = [];
      const failures: string[] = [];
      let failed = 0;
      outcomes.forEach((row, b) => {
        const o = row[k]!;
        if (o.naive !== null) naive.push(o.naive);
        if (o.error !== null) {
          failed++;
          if (failures.length < 10) failures.push(`resample ${b + 1}: ${o.error}`);
        } else {
          opt.push(o.optimism!);
          boot.push(o.auc!);
        }
      });
      const apparent = results[f.name]!.train.auc ?? NaN;
      const optimism = opt.length > 0 ? opt.reduce((s, v) => s + v, 0) / opt.length : null;
      const bs = meanSd(boot);
      const nv = meanSd(naive);
      results[f.name]!.bootstrap = {
        resamples: B,
        seed: spec.bootstrap!.seed,
        apparent_auc: apparent,
        optimism,
        corrected_auc: optimism === null ? null : apparent - optimism,
        failed,
        failures,
        resample_auc_mean: bs ? bs.mean : null,
        resample_auc_sd: bs ? bs.sd : null,
        naive_fixed_model: nv ? { mean_auc: nv.mean, sd_auc: nv.sd } : null,
      };
    });
  }
  const t3 = performance.now();
  progress({ stage: 'done', done: 1, total: 1 });
  const out: StudyResults = {
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
    engine: { lasso_kernels: lassoKernels().simd ? 'wasm-simd' : 'javascript' },
  };
  if (Object.keys(setup.factors).length > 0) out.factors = setup.factors;
  return out;
}
