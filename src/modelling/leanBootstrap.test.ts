/**
 * Lean bootstrap refits (PipelineContext `lean`, the default of runStudy's bootstrap) give exactly
 * the outcomes of full refits: the same per-resample AUC / optimism / naive AUC (===), the same
 * study results; and a lean fit's lazily computed details, LASSO path and params equal a full fit's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numericColumn, parseCohortCsv, textColumn, type CohortTable } from './csv.ts';
import { fitModel, type FittedModel, type Frame, type PipelineContext } from './pipeline.ts';
import { runStudyAsync, type BootstrapJob, type ResampleOutcome, type RunStudyOptions, type StudyResults, bootstrapRunner, drawResamples } from './runStudy.ts';
import { parseStudySpec, type StudySpec } from './spec.ts';
import { SHARED_DIR } from '../testing/sharedData.ts';

const COHORTS = `${SHARED_DIR}/data/cohorts`;
const load = (f: string): CohortTable => parseCohortCsv(readFileSync(`${COHORTS}/${f}`, 'utf8'), f);
const exampleSpec = (f: string): StudySpec => parseStudySpec(JSON.parse(readFileSync(new URL(`../../examples/${f}`, import.meta.url), 'utf8')), f);

/** runStudyAsync with a "pool" that runs the job here and keeps it and every resample's outcome row. */
async function runCapturing(table: CohortTable, spec: StudySpec, options: RunStudyOptions): Promise<{ res: StudyResults; job: BootstrapJob; outcomes: ResampleOutcome[][] }> {
  let job: BootstrapJob | null = null;
  let outcomes: ResampleOutcome[][] = [];
  const res = await runStudyAsync(table, spec, {
    ...options,
    bootstrapPool: async (j, resamples, onDone) => {
      job = structuredClone(j); // what a worker thread receives
      outcomes = bootstrapRunner(job)(resamples);
      onDone(resamples.length);
      return outcomes;
    },
  });
  return { res, job: job!, outcomes };
}

const withoutTimes = (r: StudyResults): unknown => ({ ...r, seconds: null });

describe('lean bootstrap refits = full refits', () => {
  it('Study A (NZV → |r| > 0.9 → LASSO-CV → Rad-score → combined), 5 resamples: every outcome identical', async () => {
    const A = load('studyA.csv');
    const spec = exampleSpec('studyA.json');
    const lean = await runCapturing(A, spec, { bootstrapResamples: 5 });
    const full = await runCapturing(A, spec, { bootstrapResamples: 5, leanBootstrap: false });
    expect(lean.job.lean).toBe(true);
    expect(full.job.lean).toBe(false);
    // the hints: the main fit's correlation removals, by feature name, for the correlation step only
    const h = lean.job.correlationHints!.radiomics!;
    expect(h[0]).toBeNull();
    expect(h[2]).toBeNull();
    const corr = lean.res.models.radiomics!.selected[1]!;
    const nzvKept = lean.res.models.radiomics!.selected[0]!.kept;
    expect(Object.keys(h[1]!).length).toBe(nzvKept.length - corr.kept.length);
    for (const [f, by] of Object.entries(h[1]!)) {
      expect(corr.kept).not.toContain(f);
      expect(corr.kept).toContain(by);
    }
    expect(lean.outcomes.length).toBe(5);
    expect(lean.outcomes.flat().every((o) => o.error === null && o.auc !== null)).toBe(true);
    expect(lean.outcomes).toEqual(full.outcomes);
    lean.outcomes.forEach((row, b) => row.forEach((o, k) => {
      const f = full.outcomes[b]![k]!;
      expect(o.auc === f.auc && o.optimism === f.optimism && o.naive === f.naive, `resample ${b + 1} model ${k}`).toBe(true);
    }));
    expect(withoutTimes(lean.res)).toEqual(withoutTimes(full.res));
  }, 300_000);

  it('Study B (ICC → Welch t → |r| > 0.9 → LASSO, KNN with CV k), 3 resamples: every outcome identical', async () => {
    const B = load('studyB.csv');
    const readers = new Map([['studyB_reader2.csv', load('studyB_reader2.csv')]]);
    const spec = exampleSpec('studyB.json');
    const lean = await runCapturing(B, spec, { readers, bootstrapResamples: 3 });
    const full = await runCapturing(B, spec, { readers, bootstrapResamples: 3, leanBootstrap: false });
    expect(lean.outcomes).toEqual(full.outcomes);
    expect(withoutTimes(lean.res)).toEqual(withoutTimes(full.res));
  }, 300_000);

  it('a lean fit on a resample: kept features, model and predictions as a full fit; details, LASSO path and params computed on read, equal', () => {
    const A = load('studyA.csv');
    const spec = exampleSpec('studyA.json');
    const y = Float64Array.from(numericColumn(A, 'resistant'));
    const excluded = new Set(['resistant', 'patient_id', 'enrollment_date']);
    const frame: Frame = { n: A.nRows, y, column: (nm) => numericColumn(A, nm), match: (p) => A.names.filter((nm) => !excluded.has(nm) && p.test(nm)) };
    const train = textColumn(A, 'split').flatMap((s, i) => (s === 'train' ? [i] : [])); // = the temporal split (runStudy.test.ts)
    const [idx] = drawResamples(train.length, 1, 404);
    const rows = Int32Array.from(idx!, (i) => train[i]!);
    const model = spec.models.find((m) => m.name === 'radiomics')!;
    const ctx: PipelineContext = { readers: new Map() };
    const apparent = fitModel(frame, model, train, ctx);
    const hints = { radiomics: apparent.selected.map((s) => s.removedBy ?? null) };
    const full = fitModel(frame, model, rows, ctx);
    const lean = fitModel(frame, model, rows, { ...ctx, lean: true, correlationHints: hints });
    const all = Int32Array.from({ length: A.nRows }, (_, i) => i);
    expect(lean.features).toEqual(full.features);
    expect(lean.selected.map((s) => s.kept)).toEqual(full.selected.map((s) => s.kept));
    expect(lean.coefficients).toEqual(full.coefficients);
    expect(lean.linearPredictor(all)).toEqual(full.linearPredictor(all));
    expect(lean.predict(all)).toEqual(full.predict(all));
    // lean fits carry no hints of their own; read lazily, the rest is the full fit's
    expect(lean.selected.every((s) => s.removedBy === undefined)).toBe(true);
    const plain = (m: FittedModel): unknown => JSON.parse(JSON.stringify({ selected: m.selected.map((s) => ({ step: s.step, kept: s.kept, details: s.details })), lasso: m.lasso, params: m.params }));
    expect(plain(lean)).toEqual(plain(full));
    expect(lean.lasso!.path.names.length).toBeGreaterThan(0);
    expect(lean.params).toBe(lean.params); // computed once
  }, 120_000);
});
