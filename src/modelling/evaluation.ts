/**
 * Performance of one model's predictions on one set of patients (training or validation), in the
 * shape of `results.json`: AUC with DeLong CI, Youden cut-off(s) with sensitivity, specificity,
 * accuracy, precision, NPV and F1, Hosmer-Lemeshow, calibration (intercept, slope,
 * calibration-in-the-large, Brier), decision curve, and the predictions themselves with each patient's outcome.
 * Each block is computed independently: one that cannot be computed (e.g. calibration of a KNN
 * probability of exactly 0 or 1, HL with too few distinct predictions) is null with its reason in
 * `errors`, never fatal.
 */
import { brierScore, calibrationInTheLarge, calibrationInterceptSlope } from '../stats/calibration.ts';
import { decisionCurve } from '../stats/dca.ts';
import { delongCi } from '../stats/delong.ts';
import { hosmerLemeshow } from '../stats/hosmerLemeshow.ts';
import { auc as aucOf, metricsAtThreshold, youden as youdenOf, type ThresholdMetrics } from '../stats/roc.ts';

export interface ThresholdReport {
  threshold: number;
  sensitivity: number;
  specificity: number;
  accuracy: number;
  precision: number;
  npv: number;
  f1: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface SplitMetrics {
  n: number;
  events: number;
  auc: number | null;
  auc_ci: [number, number] | null;
  auc_se: number | null;
  /** Youden-optimal cut-off on these patients (the lowest when several tie), all ties listed. */
  youden: (ThresholdReport & { j: number; all_thresholds: number[] }) | null;
  /** Validation only: the training Youden threshold applied here. */
  at_training_threshold?: ThresholdReport | null;
  hosmer_lemeshow: { chi2: number; df: number; p: number; note: string | null } | null;
  calibration: { intercept: number | null; slope: number | null; citl: number | null; brier: number } | null;
  dca: { threshold: number[]; net_benefit: number[]; treat_all: number[] } | null;
  /** per patient: id, predicted P(event) and the observed outcome (0/1), so a ROC can be drawn from results alone */
  predictions: { id: string[]; p: number[]; y: number[] };
  errors: string[];
}

function thresholdReport(m: ThresholdMetrics): ThresholdReport {
  return {
    threshold: m.threshold, sensitivity: m.sensitivity, specificity: m.specificity, accuracy: m.accuracy,
    precision: m.precision, npv: m.npv, f1: m.f1, tp: m.tp, fp: m.fp, tn: m.tn, fn: m.fn,
  };
}

function attempt<T>(what: string, errors: string[], f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    errors.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/** Evaluate predictions p (probabilities) against y on one split. */
export function evaluateSplit(
  ids: readonly string[], p: Float64Array, y: Float64Array, dcaThresholds: readonly number[], trainingThreshold?: number | null,
): SplitMetrics {
  const errors: string[] = [];
  let events = 0;
  for (const v of y) events += v;
  const ci = attempt('DeLong CI', errors, () => delongCi(p, y));
  const auc = ci ? ci.auc : attempt('AUC', errors, () => aucOf(p, y));
  const yd = attempt('Youden', errors, () => youdenOf(p, y));
  const youden = yd && yd.atEach.length > 0 ? { ...thresholdReport(yd.atEach[0]!), j: yd.j, all_thresholds: yd.thresholds } : null;
  const hl = attempt('Hosmer-Lemeshow', errors, () => hosmerLemeshow(y, p, 10));
  const hasExtreme = p.some((v) => v <= 0 || v >= 1);
  const cis = hasExtreme ? (errors.push('calibration intercept/slope: predictions of exactly 0 or 1 have no logit'), null) : attempt('calibration intercept/slope', errors, () => calibrationInterceptSlope(p, y));
  const citl = hasExtreme ? null : attempt('calibration-in-the-large', errors, () => calibrationInTheLarge(p, y));
  const brier = brierScore(p, y);
  const dc = attempt('decision curve', errors, () => decisionCurve(p, y, dcaThresholds));
  const out: SplitMetrics = {
    n: y.length,
    events,
    auc,
    auc_ci: ci ? ci.ci : null,
    auc_se: ci ? ci.se : null,
    youden,
    hosmer_lemeshow: hl ? { chi2: hl.chi2, df: hl.df, p: hl.p, note: hl.error } : null,
    calibration: { intercept: cis ? cis.intercept : null, slope: cis ? cis.slope : null, citl, brier },
    dca: dc ? { threshold: dc.threshold, net_benefit: dc.netBenefit, treat_all: dc.treatAll } : null,
    predictions: { id: ids.slice(), p: Array.from(p), y: Array.from(y) },
    errors,
  };
  if (trainingThreshold !== undefined) {
    out.at_training_threshold = trainingThreshold === null ? null : attempt('training threshold', errors, () => thresholdReport(metricsAtThreshold(p, y, trainingThreshold)));
  }
  return out;
}
