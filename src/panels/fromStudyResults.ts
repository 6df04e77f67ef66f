/**
 * Convert the study runner's results (src/modelling/runStudy.ts `StudyResults`) into what the
 * panels draw (resultsShape.ts): models in the runner's order, predictions zipped from its columnar
 * `{ id[], p[] }` with each patient's outcome (the runner does not write outcomes, so the caller
 * passes them by patient id: the cohort's outcome column), nulls turned into NaN or absent fields.
 */
import type { StudyResults as RunnerResults, ModelResults as RunnerModel } from '../modelling/runStudy.ts';
import type { SplitMetrics } from '../modelling/evaluation.ts';
import type { Coefficient } from '../modelling/pipeline.ts';
import type { CoefficientRow, LassoResult, ModelResult, SplitResult, StudyResults } from './resultsShape.ts';

const num = (x: number | null | undefined): number => (typeof x === 'number' ? x : NaN);

function coefficientRows(c: readonly Coefficient[] | null): CoefficientRow[] | undefined {
  return c?.map((r) => ({ name: r.name, beta: r.beta, se: num(r.se), wald: num(r.wald), p: num(r.p), or: r.or, or_lo: num(r.or_lo), or_hi: num(r.or_hi) }));
}

function splitResult(s: SplitMetrics, where: string, outcomes?: ReadonlyMap<string, number>): SplitResult {
  const { id, p } = s.predictions;
  if (id.length !== p.length) throw new Error(`${where}: ${id.length} prediction ids but ${p.length} probabilities`);
  // newer runners write each patient's outcome beside the prediction: the results alone draw ROC / calibration
  const ys = (s.predictions as { y?: ArrayLike<number | null> }).y;
  if (ys !== undefined && ys.length !== id.length) throw new Error(`${where}: ${id.length} prediction ids but ${ys.length} outcomes`);
  return {
    n: s.n,
    events: s.events,
    auc: num(s.auc),
    auc_ci: s.auc_ci ? [s.auc_ci[0], s.auc_ci[1]] : [NaN, NaN],
    youden: s.youden ?? undefined,
    at_training_threshold: s.at_training_threshold ?? undefined,
    hosmer_lemeshow: s.hosmer_lemeshow ?? undefined,
    calibration: s.calibration ? { intercept: num(s.calibration.intercept), slope: num(s.calibration.slope), citl: num(s.calibration.citl), brier: s.calibration.brier } : undefined,
    dca: s.dca ?? undefined,
    predictions: id.map((pid, i) => {
      const own = ys?.[i];
      const y = own === 0 || own === 1 ? own : outcomes?.get(pid);
      return y === undefined ? { id: pid, p: p[i] } : { id: pid, p: p[i], y };
    }),
  };
}

/**
 * The coefficient path `{ names, beta[j][l] }` (feature j at λ l) when the runner wrote one
 * (newer runners do); undefined otherwise, so the panel draws the CV curve alone.
 */
function lassoPath(l: RunnerModel['lasso'], model: string): LassoResult['path'] {
  const path = (l as { path?: unknown } | null)?.path;
  if (path === undefined || path === null) return undefined;
  const p = path as { names?: unknown; beta?: unknown; standardized?: unknown };
  if (!Array.isArray(p.names) || !Array.isArray(p.beta) || p.names.length !== p.beta.length) {
    throw new Error(`model '${model}': lasso.path must be { names[], beta[][] } with one coefficient row per name`);
  }
  return { names: p.names.map(String), beta: p.beta as number[][], standardized: p.standardized === true ? true : undefined };
}

function modelResult(name: string, m: RunnerModel, outcomes?: ReadonlyMap<string, number>): ModelResult {
  const b = m.bootstrap;
  return {
    name,
    type: m.type,
    selected: m.selected,
    coefficients: coefficientRows(m.coefficients),
    lasso: m.lasso
      ? {
          lambda: m.lasso.lambda,
          cvm: m.lasso.cvm,
          cvsd: m.lasso.cvsd,
          lambda_min: m.lasso.lambda_min,
          lambda_1se: m.lasso.lambda_1se,
          folds: m.lasso.folds,
          measure: m.lasso.measure === 'auc' ? 'auc' : 'deviance',
          path: lassoPath(m.lasso, name),
        }
      : undefined,
    train: splitResult(m.train, `model '${name}' (train)`, outcomes),
    validation: m.validation.n > 0 ? splitResult(m.validation, `model '${name}' (validation)`, outcomes) : undefined,
    bootstrap: b
      ? {
          n: b.resamples,
          apparent_auc: b.apparent_auc,
          optimism: num(b.optimism),
          corrected_auc: num(b.corrected_auc),
          failed: b.failed,
          mean_auc: b.resample_auc_mean ?? undefined,
          sd_auc: b.resample_auc_sd ?? undefined,
          naive_mean_auc: b.naive_fixed_model?.mean_auc,
          naive_sd_auc: b.naive_fixed_model?.sd_auc,
        }
      : undefined,
  };
}

/** The runner's results as the panels draw them; `outcomes` maps patient id → 0/1 outcome. */
export function fromStudyResults(results: RunnerResults, outcomes?: ReadonlyMap<string, number>): StudyResults {
  return {
    models: Object.entries(results.models).map(([name, m]) => modelResult(name, m, outcomes)),
    comparisons: results.comparisons.map((c) => ({ a: c.a, b: c.b, split: c.split, auc_a: c.auc_a, auc_b: c.auc_b, z: c.z, p: c.p })),
  };
}
