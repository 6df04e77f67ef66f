import { describe, expect, it } from 'vitest';
import { readFixture } from '../stats/fixtures/core/readFixture.ts';
import { buildRocFigure } from './RocPanel.tsx';
import { buildCalibrationFigure } from './CalibrationPanel.tsx';
import { buildDecisionCurveFigure } from './DecisionCurvePanel.tsx';
import { buildForestFigure, forestRows } from './ForestPlotPanel.tsx';
import { buildLassoCvFigure, buildLassoPathFigure } from './LassoPanel.tsx';
import { radscoreSpec } from './studyTables.ts';
import type { CoefficientRow, ModelResult } from './resultsShape.ts';

// pROC / ResourceSelection / rms / glm results written by scripts/fixtures/stats/reference_core.R
const roc = readFixture('roc.json');
const cal = readFixture('calibration.json');
const logi = readFixture('logistic.json');

function model(name: string, key: string): ModelResult {
  const split = (s: 'train' | 'validation') => {
    const k = `${key}_${s}`;
    const y: number[] = roc.outcomes[s];
    const c = cal.models[k];
    return {
      n: y.length,
      events: y.filter((v) => v === 1).length,
      auc: roc.roc[k].auc,
      auc_ci: roc.roc[k].ci,
      hosmer_lemeshow: c.hosmer_lemeshow,
      calibration: { intercept: c.val_prob.Intercept[0], slope: c.val_prob.Slope[0], citl: c.calibration_in_the_large, brier: c.brier },
      dca: c.dca,
      predictions: (roc.predictions[k] as number[]).map((p, i) => ({ id: `${s}${i}`, p, y: y[i] })),
    };
  };
  return { name, train: split('train'), validation: split('validation') };
}
const models = [model('Clinical', 'clinical'), model('Combined', 'combined')];
const names = (spec: { data: unknown[] }) => spec.data.map((d) => (d as { name?: string }).name);

describe('figure builders', () => {
  it("ROC: diagonal, then one line per model with pROC's AUC and DeLong CI in the legend", () => {
    const f = buildRocFigure(models, 'validation', 'en');
    // pROC: combined validation AUC 0.9301 (0.8515–1, clipped), clinical 0.8248 (0.7260–0.9236)
    expect(names(f).slice(1)).toEqual(['Clinical, AUC 0.825 (0.726–0.924)', 'Combined, AUC 0.930 (0.852–1.000)']);
    expect((f.layout.xaxis?.title as { text: string }).text).toBe('1 − Specificity');
    expect(names(buildRocFigure(models, 'train', 'zh'))[2]).toBe('Combined，AUC 0.961 (0.931–0.991)');
  });
  it('calibration: ideal line, decile points, and the HL / slope / intercept / Brier note', () => {
    const f = buildCalibrationFigure(models, 'validation', 'en');
    const note = (f.layout.annotations as { text: string }[])[0].text;
    // R: combined validation HL χ² 28.37, P 0.00041; clinical 7.08, P 0.314
    expect(note).toContain('Combined: HL χ² = 28.37, P < 0.001');
    expect(note).toContain('Clinical: HL χ² = 7.08, P = 0.314');
    expect(note).toMatch(/Brier 0\.\d{3}/);
    expect(names(f)[0]).toBe('Ideal');
  });
  it('decision curve: models, treat-all, treat-none, thresholds in percent', () => {
    const f = buildDecisionCurveFigure(models, 'train', 'en');
    expect(names(f)).toEqual(['Clinical', 'Combined', 'Treat all', 'Treat none']);
    const x = (f.data[0] as { x: number[] }).x;
    expect(x[0]).toBeCloseTo(1, 12);
    expect(x.at(-1)).toBeCloseTo(99, 12);
  });
  it('names the model whose predictions lack an outcome', () => {
    const bad: ModelResult = { name: 'Broken', train: { ...models[0].train, predictions: [{ id: 'P42', p: 0.3 }] } };
    expect(() => buildRocFigure([bad], 'train', 'en')).toThrow("ROC of model 'Broken' (train): patient 'P42' (row 0) has no outcome");
  });
});

describe('forest plot and Rad-score', () => {
  const fit = logi.combined;
  const coefs: CoefficientRow[] = fit.names.map((name: string, i: number) => ({ name, beta: fit.beta[i], se: fit.se[i], wald: fit.wald[i], p: fit.p[i], or: fit.or[i], or_lo: fit.or_lo[i], or_hi: fit.or_hi[i] }));
  it('leaves the intercept out and prints OR (95% CI) and P beside each term', () => {
    expect(forestRows(coefs, 'x').map((r) => r.name)).toEqual(['er_pos', 'ki67_high', 'rMK', 'rMD', 'adc_mean', 'dose_intensity_pct']);
    const f = buildForestFigure(coefs, 'Combined', 'en');
    const texts = (f.layout.annotations as { text: string }[]).map((a) => a.text);
    expect(texts).toContain('7.26 (1.59–33.18)');
    expect(texts).toContain('< 0.001'); // dose_intensity_pct
    expect(f.layout.xaxis?.type).toBe('log');
  });
  it('refuses a term without a finite OR, naming it', () => {
    expect(() => forestRows([{ ...coefs[1], or_lo: NaN }], "forest plot 'A'")).toThrow("forest plot 'A': term 'er_pos' has no finite positive OR and CI");
  });
  it('writes the Rad-score formula from the coefficients, signs included', () => {
    const spec = radscoreSpec({ name: 'Combined', train: models[0].train, coefficients: coefs }, 'en');
    // glm: β0 −8.8788, er_pos +1.1506, …, dose_intensity_pct −0.1086
    expect(spec.notes![0]).toMatch(/^Rad-score = -8\.8788 \+ 1\.1506 × er_pos \+ 1\.9826 × ki67_high .* - 0\.1086 × dose_intensity_pct$/);
    expect(spec.rows.length).toBe(6);
  });
});

describe('LASSO figures', () => {
  const lasso = { lambda: [0.2, 0.1, 0.05], cvm: [1.2, 0.9, 1.0], cvsd: [0.1, 0.1, 0.1], lambda_min: 0.1, lambda_1se: 0.2 };
  it('marks log λ.min and log λ.1se and labels the deviance axis', () => {
    const f = buildLassoCvFigure({ name: 'R', train: models[0].train, lasso }, 'en');
    const xs = (f.layout.shapes as { x0: number }[]).map((s) => s.x0);
    expect(xs[0]).toBeCloseTo(Math.log(0.1), 14);
    expect(xs[1]).toBeCloseTo(Math.log(0.2), 14);
    expect((f.layout.yaxis?.title as { text: string }).text).toBe('Binomial deviance');
  });
  it('states the real fold count in the CV title', () => {
    const title = (l: 'en' | 'zh') => (buildLassoCvFigure({ name: 'R', train: models[0].train, lasso: { ...lasso, folds: 5 } }, l).layout.title as { text: string }).text;
    expect(title('en')).toBe('LASSO 5-fold cross-validation');
    expect(title('zh')).toBe('LASSO 5 折交叉验证');
  });
  it('refuses a path whose length differs from λ, naming the feature', () => {
    const withPath = { ...lasso, path: { names: ['f1'], beta: [[0, 0.1]] } };
    expect(() => buildLassoPathFigure({ name: 'R', train: models[0].train, lasso: withPath }, 'en')).toThrow("feature 'f1' has 2 coefficients for 3 λ values");
  });
});
