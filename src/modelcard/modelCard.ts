/**
 * Model card: a trained model of the study runner as one self-describing JSON document — what it
 * predicts, from which inputs (clinical fields and radiomics features, their coding and training
 * ranges), how the image features must be extracted (the PyRadiomics parameter file itself), the
 * fitted parameters (and those of any model whose Rad-score it uses), the risk-band cut-off and
 * the validation metrics. The patient view and the CLI `predict` apply it with `applyModelCard`.
 *
 * Pure: plain objects in and out; runs in the browser, a worker, Node and Vitest.
 */
import type { ModelParams, TermSummary } from '../modelling/pipeline.ts';
import type { ModelResults, StudyResults } from '../modelling/runStudy.ts';
import type { ModelSpec } from '../modelling/spec.ts';
import type { TrainingGeometry } from './trainingGeometry.ts';

export const MODEL_CARD_FORMAT = 'breast-radiomics-model-card/1';

export type ImageType = 'DCE phase 1' | 'ultrasound';

/** What the caller knows that the results do not: extraction settings, cohort, wording. */
export interface ModelCardMeta {
  extraction: {
    /** Preset name (e.g. "studyA") or the custom file's name. */
    preset: string;
    /** The PyRadiomics parameter file, verbatim. */
    yaml: string;
    /** paramsHash of the parsed file (src/features/presets.ts), if known. */
    params_hash?: string;
    image_type: ImageType;
    /** ROI label the features come from (e.g. "tumour"). */
    roi_label: string;
    /** Pre-processing outside the YAML (e.g. the ultrasound crop / grey range), in words. */
    preprocessing?: string;
    /** The training images' voxel grid, checked against the patient's series (`trainingGeometry.ts`). */
    training_geometry?: TrainingGeometry;
  };
  cohort: { description: string; data_hash?: string };
  outcome: {
    /** Shown to the clinician, e.g. "Chemoresistance". */
    label: string;
    /** How the 0/1 outcome was defined, e.g. "resistant = RCB ≥ II or shrinkage < 30 %". */
    definition: string;
  };
  intended_use?: string;
  /** Factor reference levels, keyed by the text column (`col` of `col[level]` terms); default: the spec's `factors`. */
  reference_levels?: Record<string, string>;
  software?: { name: string; version: string };
  created?: string;
}

export type InputSource = 'clinical' | 'radiomics';
export type InputCoding = 'continuous' | 'binary' | 'factor';

/** One value the user supplies for a patient. */
export interface CardInput {
  name: string;
  source: InputSource;
  coding: InputCoding;
  /** Factor inputs: the levels with a dummy term, and the reference level if known. */
  levels?: string[];
  reference?: string | null;
  /** Training summary (continuous / binary inputs). */
  training?: TermSummary;
}

export interface CardMetrics {
  n: number;
  events: number;
  auc: number | null;
  auc_ci: [number, number] | null;
  brier: number | null;
  calibration_intercept: number | null;
  calibration_slope: number | null;
  hosmer_lemeshow: { chi2: number; df: number; p: number } | null;
  /** at the card's threshold */
  sensitivity: number | null;
  specificity: number | null;
}

export interface ModelCard {
  format: typeof MODEL_CARD_FORMAT;
  name: string;
  created: string;
  software: { name: string; version: string };
  outcome: { column: string; label: string; definition: string; event: string };
  intended_use: string;
  cohort: {
    description: string;
    source: string;
    data_hash: string | null;
    split: string;
    n_train: number;
    events_train: number;
    n_validation: number;
    events_validation: number;
  };
  extraction: ModelCardMeta['extraction'];
  /** Everything the user enters or extracts for one patient. */
  inputs: CardInput[];
  /** The model applied last. */
  model: ModelParams & { type: 'logistic' | 'knn' };
  /** Models whose Rad-score (`radscore:<name>`) the model uses, by name (linear predictors). */
  chain: Record<string, ModelParams>;
  /** Scaler applied before the model: KNN z-scores with the training mean / SD, otherwise none. */
  scaler: { kind: 'none' } | { kind: 'zscore'; terms: string[]; center: number[]; scale: number[] };
  /** Risk band cut-off: the Youden-optimal threshold on the training rows. */
  threshold: { value: number; rule: string };
  metrics: { train: CardMetrics; validation: CardMetrics; bootstrap_corrected_auc: number | null };
  /** The training patients' predicted probabilities, sorted (no identifiers): where a new patient sits. */
  training_predictions: number[];
  /** The model's spec and the specs of its chain, as in study.json. */
  spec: { model: ModelSpec; chain: ModelSpec[]; outcome: string; split: unknown };
  warnings: string[];
}

const RADIOMICS_PREFIX = /^(original|wavelet|log-sigma|exponential|square|squareroot|logarithm|gradient|lbp-2D|lbp-3D)[_-]/;

/** `col[level]` → { col, level } (treatment-coded factor dummy), else null. */
export function factorDummy(term: string): { column: string; level: string } | null {
  const m = /^(.+)\[(.+)\]$/.exec(term);
  return m ? { column: m[1]!, level: m[2]! } : null;
}

function metricsOf(m: ModelResults['train'], thr: { sensitivity: number; specificity: number } | null): CardMetrics {
  return {
    n: m.n,
    events: m.events,
    auc: m.auc,
    auc_ci: m.auc_ci,
    brier: m.calibration ? m.calibration.brier : null,
    calibration_intercept: m.calibration ? m.calibration.intercept : null,
    calibration_slope: m.calibration ? m.calibration.slope : null,
    hosmer_lemeshow: m.hosmer_lemeshow ? { chi2: m.hosmer_lemeshow.chi2, df: m.hosmer_lemeshow.df, p: m.hosmer_lemeshow.p } : null,
    sensitivity: thr ? thr.sensitivity : null,
    specificity: thr ? thr.specificity : null,
  };
}

/** Inputs of a parameter set's terms, expanding Rad-scores into their models' terms. */
function collectInputs(params: ModelParams, chain: Record<string, ModelParams>, refs: Record<string, string>, out: Map<string, CardInput>): void {
  params.terms.forEach((term, j) => {
    if (term.startsWith('radscore:')) {
      const sub = chain[term.slice(9)];
      if (sub) collectInputs(sub, chain, refs, out);
      return;
    }
    const f = factorDummy(term);
    if (f) {
      const cur = out.get(f.column);
      if (cur && cur.coding === 'factor') { if (!cur.levels!.includes(f.level)) cur.levels!.push(f.level); } else out.set(f.column, { name: f.column, source: 'clinical', coding: 'factor', levels: [f.level], reference: refs[f.column] ?? null });
      return;
    }
    if (out.has(term)) return;
    const t = params.training[j]!;
    out.set(term, { name: term, source: RADIOMICS_PREFIX.test(term) ? 'radiomics' : 'clinical', coding: t.binary ? 'binary' : 'continuous', training: t });
  });
}

/**
 * Build the card of `modelName` from a study's results. Throws if the results predate fitted
 * parameters (`params`) or the model (or a model of its Rad-score chain) is missing.
 *
 * Stable signature: the workspace's "Export model card" button calls it.
 */
export function buildModelCard(results: StudyResults, modelName: string, meta: ModelCardMeta): ModelCard {
  const res = results.models[modelName];
  if (!res) throw new Error(`model card: the results have no model "${modelName}" (models: ${Object.keys(results.models).join(', ')})`);
  const paramsOf = (name: string, why: string): ModelParams => {
    const r = results.models[name];
    if (!r) throw new Error(`model card: model "${name}" (${why}) is not in the results`);
    if (!r.params) throw new Error(`model card: model "${name}" has no fitted parameters (results made before model cards existed: run the study again)`);
    return r.params;
  };
  const model = paramsOf(modelName, 'the card\'s model');
  const chain: Record<string, ModelParams> = {};
  const chainSpecs: ModelSpec[] = [];
  const visit = (p: ModelParams, path: string[]): void => {
    for (const t of p.terms) {
      if (!t.startsWith('radscore:')) continue;
      const sub = t.slice(9);
      if (path.includes(sub)) throw new Error(`model card: Rad-score cycle ${[...path, sub].join(' → ')}`);
      if (chain[sub]) continue;
      const sp = paramsOf(sub, `its Rad-score is term "${t}"`);
      if (sp.kind === 'knn') throw new Error(`model card: "${t}" refers to a KNN model, which has no linear predictor`);
      chain[sub] = sp;
      const s = results.spec.models.find((m) => m.name === sub);
      if (s) chainSpecs.push(s);
      visit(sp, [...path, sub]);
    }
  };
  visit(model, [modelName]);
  const inputs = new Map<string, CardInput>();
  const refs: Record<string, string> = {};
  for (const [col, f] of Object.entries(results.spec.factors ?? {})) refs[col] = f.reference;
  collectInputs(model, chain, { ...refs, ...meta.reference_levels }, inputs);
  const thr = res.train.youden;
  if (!thr) throw new Error(`model card: model "${modelName}" has no Youden threshold on the training rows (${res.train.errors.join('; ')})`);
  const atVal = res.validation.at_training_threshold ?? null;
  const spec = results.spec.models.find((m) => m.name === modelName);
  if (!spec) throw new Error(`model card: the results' spec has no model "${modelName}"`);
  const s = results.split;
  const warnings = [...res.warnings];
  for (const n of Object.keys(chain)) for (const w of results.models[n]!.warnings) warnings.push(`${n}: ${w}`);
  return {
    format: MODEL_CARD_FORMAT,
    name: modelName,
    created: meta.created ?? new Date().toISOString(),
    software: meta.software ?? { name: 'breast-radiomics-workstation', version: 'unknown' },
    outcome: { column: results.spec.outcome, label: meta.outcome.label, definition: meta.outcome.definition, event: `${results.spec.outcome} = 1` },
    intended_use: meta.intended_use ?? `Research use only. Estimates P(${meta.outcome.label}) for one patient like those of the training cohort (${meta.cohort.description}); not a medical device, not validated for clinical decisions.`,
    cohort: {
      description: meta.cohort.description,
      source: results.data.source,
      data_hash: meta.cohort.data_hash ?? null,
      split: s.kind,
      n_train: s.train,
      events_train: s.train_events,
      n_validation: s.validation,
      events_validation: s.validation_events,
    },
    extraction: meta.extraction,
    inputs: [...inputs.values()],
    model: { ...model, type: res.type },
    chain,
    scaler: model.kind === 'knn' ? { kind: 'zscore', terms: model.terms.slice(), center: model.center.slice(), scale: model.scale.slice() } : { kind: 'none' },
    threshold: { value: thr.threshold, rule: 'Youden-optimal cut-off on the training rows (lowest of ties); P ≥ cut-off → high-risk band' },
    metrics: {
      train: metricsOf(res.train, thr),
      validation: metricsOf(res.validation, atVal),
      bootstrap_corrected_auc: res.bootstrap ? res.bootstrap.corrected_auc : null,
    },
    training_predictions: res.train.predictions.p.slice().sort((a, b) => a - b),
    spec: { model: spec, chain: chainSpecs, outcome: results.spec.outcome, split: results.spec.split },
    warnings,
  };
}
