import { describe, expect, it } from 'vitest';
import type { StudyResults as RunnerResults, ModelResults as RunnerModel } from '../modelling/runStudy.ts';
import type { SplitMetrics } from '../modelling/evaluation.ts';
import { fromStudyResults } from './fromStudyResults.ts';
import { bootstrapSpec, performanceSpec } from './studyTables.ts';

function split(ids: string[], p: number[], extra: Partial<SplitMetrics> = {}): SplitMetrics {
  return {
    n: ids.length, events: 1, auc: 0.75, auc_ci: [0.5, 1], auc_se: 0.1, youden: null, hosmer_lemeshow: null, calibration: null, dca: null,
    // outcomes unknown in the results (NaN, as an older runner without y): the map by id supplies them
    predictions: { id: ids, p, y: ids.map(() => NaN) } as SplitMetrics['predictions'], errors: [], ...extra,
  };
}

const model: RunnerModel = {
  type: 'logistic', candidates: 2, selected: [{ step: 'lasso', n: 2, kept: ['a', 'b'] }], features: ['a', 'b'],
  coefficients: [{ name: '(Intercept)', beta: -1, se: 0.5, wald: 4, p: 0.0455, or: 0.3679, or_lo: null, or_hi: null }],
  lasso: null, knn: null, warnings: [],
  train: split(['P1', 'P2', 'P3'], [0.2, 0.7, 0.4], { calibration: { intercept: null, slope: null, citl: null, brier: 0.2 } }),
  validation: split([], []),
  bootstrap: { resamples: 1000, seed: 1, apparent_auc: 0.75, optimism: null, corrected_auc: null, failed: 2, failures: [], resample_auc_mean: null, resample_auc_sd: null, naive_fixed_model: { mean_auc: 0.8, sd_auc: 0.05 } },
};

const runner = {
  format: 'breast-radiomics-study-results/1',
  models: { clinical: model },
  comparisons: [{ a: 'clinical', b: 'x', split: 'train', auc_a: 0.75, auc_b: 0.7, z: 1, p: 0.3, ci: [0, 0.1] }],
} as unknown as RunnerResults;

describe('fromStudyResults', () => {
  const r = fromStudyResults(runner, new Map([['P1', 0], ['P2', 1]]));
  it('keeps model names and order, zips columnar predictions with outcomes by id', () => {
    expect(r.models.map((m) => m.name)).toEqual(['clinical']);
    expect(r.models[0].train.predictions).toEqual([{ id: 'P1', p: 0.2, y: 0 }, { id: 'P2', p: 0.7, y: 1 }, { id: 'P3', p: 0.4 }]);
    expect(r.models[0].validation).toBeUndefined();
  });
  it('turns nulls into NaN or absent fields, which the tables print as "—"', () => {
    const m = r.models[0];
    expect(m.coefficients![0].or_lo).toBeNaN();
    expect(m.train.youden).toBeUndefined();
    expect(m.train.calibration!.slope).toBeNaN();
    const perf = performanceSpec(r.models, r.comparisons, undefined, 'en');
    expect(perf.rows[0].cells.slice(2, 5)).toEqual(['0.750 (0.500–1.000)', '—', '—']);
    const boot = bootstrapSpec(r.models, 'en');
    expect(boot.headers).toContain('Naive AUC ± SD (model not refitted)');
    expect(boot.rows[0].cells).toEqual(['clinical', '1000', '0.750', '—', '—', '0.800 ± 0.050', '2']);
  });
  it('takes outcomes from the predictions when the runner writes y (no cohort needed)', () => {
    const withY = structuredClone(runner) as unknown as { models: Record<string, { train: { predictions: Record<string, unknown> } }> };
    withY.models.clinical!.train.predictions.y = [1, 0, 1];
    const own = fromStudyResults(withY as unknown as RunnerResults);
    expect(own.models[0].train.predictions).toEqual([{ id: 'P1', p: 0.2, y: 1 }, { id: 'P2', p: 0.7, y: 0 }, { id: 'P3', p: 0.4, y: 1 }]);
    withY.models.clinical!.train.predictions.y = [1];
    expect(() => fromStudyResults(withY as unknown as RunnerResults)).toThrow("model 'clinical' (train): 3 prediction ids but 1 outcomes");
  });
  it('passes the LASSO fold count and coefficient path through, and leaves the path out when absent', () => {
    const lasso = { measure: 'deviance', folds: 5, foldid: [], lambda: [0.2, 0.1], cvm: [1.3, 1.2], cvsd: [0.1, 0.1], nzero: [0, 1], lambda_min: 0.1, lambda_1se: 0.2, index_min: 1, index_1se: 0, chosen: 'min' };
    const base = structuredClone(runner) as unknown as { models: Record<string, { lasso: unknown }> };
    base.models.clinical!.lasso = lasso;
    const noPath = fromStudyResults(base as unknown as RunnerResults).models[0].lasso!;
    expect(noPath.folds).toBe(5);
    expect(noPath.path).toBeUndefined();
    base.models.clinical!.lasso = { ...lasso, path: { names: ['a'], beta: [[0, 0.4]] } };
    expect(fromStudyResults(base as unknown as RunnerResults).models[0].lasso!.path).toEqual({ names: ['a'], beta: [[0, 0.4]], standardized: undefined });
    base.models.clinical!.lasso = { ...lasso, path: { names: ['a', 'b'], beta: [[0, 0.4]] } };
    expect(() => fromStudyResults(base as unknown as RunnerResults)).toThrow("model 'clinical': lasso.path");
  });
});
