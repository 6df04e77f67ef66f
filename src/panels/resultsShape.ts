/**
 * What the panels draw: the part of the study runner's `results.json` (issue 3) the figures and
 * tables need, in one flat, null-free form (missing numbers are NaN or an absent field; the
 * formatters print them as "—"). The runner's own results (src/modelling/runStudy.ts
 * `StudyResults`: models keyed by name, columnar predictions, nullable metrics) are converted by
 * fromStudyResults.ts; the demo fixture is written directly in this form.
 */

/** One coefficient row of a fitted logistic model (the intercept row is named "(Intercept)"). */
export interface CoefficientRow {
  name: string;
  beta: number;
  se: number;
  wald: number;
  p: number;
  or: number;
  or_lo: number;
  or_hi: number;
}

export interface YoudenSummary {
  threshold: number;
  sensitivity: number;
  specificity: number;
  accuracy: number;
  precision: number;
  npv: number;
  f1: number;
}

/**
 * One patient's predicted probability. `y` (the observed 0/1 outcome) is needed to draw ROC and
 * calibration curves; when the runner does not write it, the panels take outcomes by id instead.
 */
export interface Prediction {
  id: string;
  p: number;
  y?: number;
}

/** Metrics of one model on one split (train or validation). */
export interface SplitResult {
  n: number;
  events: number;
  auc: number;
  /** DeLong 95 % CI [lower, upper] */
  auc_ci: [number, number];
  youden?: YoudenSummary;
  /** validation only: the training Youden cut-off applied to these patients (the usual report) */
  at_training_threshold?: YoudenSummary;
  hosmer_lemeshow?: { chi2: number; df: number; p: number };
  calibration?: { intercept: number; slope: number; citl: number; brier: number };
  /** absent: computed from predictions and outcomes with stats/dca.ts */
  dca?: { threshold: number[]; net_benefit: number[]; treat_all: number[] };
  predictions: Prediction[];
}

/** LASSO cross-validation (glmnet) of a model whose selection ends with a LASSO step. */
export interface LassoResult {
  lambda: number[];
  cvm: number[];
  cvsd: number[];
  lambda_min: number;
  lambda_1se: number;
  /** number of CV folds (titles say it; absent in older results) */
  folds?: number;
  /** CV measure: 'deviance' (default) or 'auc' */
  measure?: 'deviance' | 'auc';
  /** coefficient path: names[j] with beta[j][k] at lambda[k] (standardized or original scale) */
  path?: { names: string[]; beta: number[][]; standardized?: boolean };
}

export interface BootstrapResult {
  apparent_auc: number;
  optimism: number;
  corrected_auc: number;
  failed: number;
  /** optional extras the bootstrap summary shows when present */
  n?: number;
  mean_auc?: number;
  sd_auc?: number;
  auc_ci?: [number, number];
  sensitivity?: number;
  specificity?: number;
  /** the "as published" estimate: the fitted model, not refitted, scored on each resample */
  naive_mean_auc?: number;
  naive_sd_auc?: number;
}

export interface ModelResult {
  name: string;
  type?: 'logistic' | 'knn';
  selected?: Record<string, string[]> | string[][] | unknown;
  coefficients?: CoefficientRow[];
  lasso?: LassoResult;
  train: SplitResult;
  validation?: SplitResult;
  bootstrap?: BootstrapResult;
}

export interface Comparison {
  a: string;
  b: string;
  split: 'train' | 'validation';
  auc_a: number;
  auc_b: number;
  z: number;
  p: number;
}

export interface StudyResults {
  models: ModelResult[];
  comparisons?: Comparison[];
  /** univariable logistic fits, one per candidate variable (intercept row included), if present */
  univariable?: { variable: string; coefficients: CoefficientRow[] }[];
}

export type SplitName = 'train' | 'validation';
