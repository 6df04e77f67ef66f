/**
 * Apply a model card to one patient's inputs — the same arithmetic as the study runner's
 * `predict`, so a card built from a run reproduces the run's predictions.
 *
 * - Terms: a clinical / radiomics input by name; `col[level]` = 1 when the text input `col`
 *   equals `level`, else 0 (treatment coding); `radscore:<m>` = the linear predictor of chain
 *   model m, η_m = a0 + Σ βⱼ xⱼ (in the order of m's terms, as the runner sums it).
 * - Logistic: `predictLogistic` (src/patient/prediction.ts): P = 1/(1 + e^−η), 95 % interval by
 *   the delta method on the logit scale, contributions βⱼ·(xⱼ − x̄ⱼ).
 * - LASSO as the model: P = 1/(1 + e^−η) and the same contributions; a penalised fit has no
 *   analytic covariance, so no interval is given.
 * - KNN: z-scores from the training mean / SD (n − 1), squared Euclidean distance, voters within
 *   a relative 1e-4 of the k-th distance, P = share of voters with the event (src/stats/knn.ts).
 *   Interval: percentile bootstrap — resample the training rows with replacement (R's Mersenne-
 *   Twister, seeded), recompute the z-scores and the KNN estimate with the same k, B = 1000;
 *   the 2.5 % and 97.5 % quantiles (R type 7) of the resampled estimates. The k nearest training
 *   patients (with ties) are listed as the explanation.
 */
import type { KnnParams, LassoParams, LogisticParams, ModelParams } from '../modelling/pipeline.ts';
import { predictLogistic, type Contribution } from '../patient/prediction.ts';
import { KNN_TIE_EPS, knnPredictStandardized, zScoreApply, zScoreFit } from '../stats/knn.ts';
import { RMersenneTwister } from '../stats/random.ts';
import { bootstrapSample } from '../stats/resample.ts';
import { factorDummy, type ModelCard } from './modelCard.ts';

export type PatientInputs = Readonly<Record<string, number | string | null | undefined>>;

export interface Neighbour {
  /** Row of the training set (0-based, card order). */
  row: number;
  /** Euclidean distance in z-score units. */
  distance: number;
  y: number;
  values: Record<string, number>;
}

export interface CardPrediction {
  model: string;
  p: number;
  /** Linear predictor (log-odds); null for KNN. */
  eta: number | null;
  interval: { lower: number; upper: number; level: number; method: 'delta' | 'bootstrap'; resamples?: number; failed?: number } | null;
  /** Why there is no interval (LASSO). */
  interval_note: string | null;
  threshold: number;
  band: 'high' | 'low';
  /** Log-odds of a patient at the training means (the waterfall's start), logistic / LASSO only. */
  baseline_log_odds: number | null;
  contributions: Contribution[] | null;
  neighbours: Neighbour[] | null;
  /** Value of every term of the model (Rad-scores and dummies included). */
  terms: Record<string, number>;
  /** Share of training patients with a predicted probability ≤ this patient's. */
  training_percentile: number | null;
  warnings: string[];
}

export interface ApplyOptions {
  level?: number;
  /** KNN bootstrap: resamples and R seed. */
  resamples?: number;
  seed?: number;
}

const logistic = (t: number): number => 1 / (1 + Math.exp(-t));
/** A number in a message: 6 significant digits. */
const shown = (v: number): string => String(Number(v.toPrecision(6)));

/** Check and read the patient's inputs the card needs; errors name the input. */
function readInputs(card: ModelCard, inputs: PatientInputs, warnings: string[]): Map<string, number | string> {
  const out = new Map<string, number | string>();
  for (const inp of card.inputs) {
    const v = inputs[inp.name];
    if (v === undefined || v === null || v === '') throw new Error(`input "${inp.name}" is missing (${inp.source}, ${inp.coding})`);
    if (inp.coding === 'factor') {
      const s = String(v);
      if (!inp.levels!.includes(s) && s !== inp.reference) {
        if (inp.reference) throw new Error(`input "${inp.name}" = "${s}" is not a level of the model (${[inp.reference, ...inp.levels!].join(', ')})`);
        warnings.push(`${inp.name} = "${s}" is not one of the levels with a coefficient (${inp.levels!.join(', ')}): treated as the reference level`);
      }
      out.set(inp.name, s);
      continue;
    }
    const x = typeof v === 'number' ? v : Number(String(v).trim());
    if (!Number.isFinite(x)) throw new Error(`input "${inp.name}" must be a number, got ${JSON.stringify(v)}`);
    if (inp.coding === 'binary' && x !== 0 && x !== 1) throw new Error(`input "${inp.name}" is binary (0 or 1), got ${x}`);
    const t = inp.training;
    if (t && (x < t.min || x > t.max)) warnings.push(`${inp.name} = ${shown(x)} lies outside the training range ${shown(t.min)} – ${shown(t.max)}`);
    out.set(inp.name, x);
  }
  return out;
}

/** Linear predictor of a logistic / LASSO parameter set, summed in term order. */
function linearPredictor(p: LogisticParams | LassoParams, value: (term: string) => number): number {
  let e = p.kind === 'logistic' ? p.intercept : p.a0;
  p.terms.forEach((t, j) => { e += p.beta[j]! * value(t); });
  return e;
}

/** R's quantile type 7 of sorted values. */
function quantile7(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function knnNeighbours(m: KnnParams, x: number[]): Neighbour[] {
  const cols = m.terms.map((_, f) => Float64Array.from(m.x, (r) => r[f]!));
  const z = zScoreFit(cols);
  const zt = zScoreApply(z, cols);
  const zq = zScoreApply(z, x.map((v) => [v]));
  const d = m.y.map((_, i) => zt.reduce((s, c, f) => s + (c[i]! - zq[f]![0]!) ** 2, 0));
  const kth = d.slice().sort((a, b) => a - b)[m.k - 1]!;
  const rows = d.map((v, i) => ({ i, v })).filter((r) => r.v <= kth * (1 + KNN_TIE_EPS)).sort((a, b) => a.v - b.v || a.i - b.i);
  return rows.map(({ i, v }) => ({ row: i, distance: Math.sqrt(v), y: m.y[i]!, values: Object.fromEntries(m.terms.map((t, f) => [t, m.x[i]![f]!])) }));
}

/** KNN P for one patient from a (resampled) training set. */
function knnP(m: KnnParams, rows: ArrayLike<number>, x: number[]): number {
  const cols = m.terms.map((_, f) => Float64Array.from(rows, (i) => m.x[i]![f]!));
  const y = Float64Array.from(rows, (i) => m.y[i]!);
  return knnPredictStandardized(cols, y, x.map((v) => [v]), m.k).p[0]!;
}

/** Apply the card to one patient. Missing or malformed inputs throw, naming the input. */
export function applyModelCard(card: ModelCard, inputs: PatientInputs, options: ApplyOptions = {}): CardPrediction {
  const level = options.level ?? 0.95;
  const warnings: string[] = [];
  const vals = readInputs(card, inputs, warnings);
  const radscores = new Map<string, number>();
  const value = (term: string): number => {
    if (term.startsWith('radscore:')) {
      const name = term.slice(9);
      let r = radscores.get(name);
      if (r === undefined) {
        const sub = card.chain[name];
        if (!sub || sub.kind === 'knn') throw new Error(`model card: term "${term}" has no linear model in the card's chain`);
        r = linearPredictor(sub, value);
        radscores.set(name, r);
      }
      return r;
    }
    const f = factorDummy(term);
    if (f) return vals.get(f.column) === f.level ? 1 : 0;
    const v = vals.get(term);
    if (typeof v !== 'number') throw new Error(`model card: term "${term}" has no numeric input`);
    return v;
  };
  const m = card.model as ModelParams;
  const x = m.terms.map(value);
  const terms = Object.fromEntries(m.terms.map((t, j) => [t, x[j]!]));
  m.terms.forEach((t, j) => {
    const tr = m.training[j]!;
    if (t.startsWith('radscore:') && (x[j]! < tr.min || x[j]! > tr.max)) warnings.push(`${t} = ${shown(x[j]!)} lies outside the training range ${shown(tr.min)} – ${shown(tr.max)}`);
  });
  let p: number;
  let eta: number | null = null;
  let interval: CardPrediction['interval'] = null;
  let intervalNote: string | null = null;
  let baseline: number | null = null;
  let contributions: Contribution[] | null = null;
  let neighbours: Neighbour[] | null = null;
  if (m.kind === 'logistic') {
    const r = predictLogistic({ terms: m.terms, intercept: m.intercept, beta: m.beta, covariance: m.covariance, trainingMeans: m.training.map((t) => t.mean) }, terms, level);
    p = r.probability;
    eta = r.eta;
    interval = { lower: r.lower, upper: r.upper, level, method: 'delta' };
    baseline = r.baselineLogOdds;
    contributions = r.contributions;
  } else if (m.kind === 'lasso') {
    eta = linearPredictor(m, (t) => terms[t]!);
    p = logistic(eta);
    intervalNote = 'no analytic interval: the model is a penalised (LASSO) fit, which has no covariance matrix';
    baseline = m.a0 + m.beta.reduce((s, b, j) => s + b * m.training[j]!.mean, 0);
    contributions = m.terms.map((term, j) => {
      const logOdds = m.beta[j]! * (x[j]! - m.training[j]!.mean);
      return { term, value: x[j]!, beta: m.beta[j]!, logOdds, oddsRatio: Math.exp(logOdds) };
    });
  } else {
    const all = Int32Array.from(m.y, (_, i) => i);
    p = knnP(m, all, x);
    const B = options.resamples ?? 1000;
    const rng = new RMersenneTwister(options.seed ?? 1);
    const boot: number[] = [];
    let failed = 0;
    for (let b = 0; b < B; b++) {
      const idx = bootstrapSample(m.y.length, rng);
      try { boot.push(knnP(m, idx, x)); } catch { failed++; }
    }
    boot.sort((a, c) => a - c);
    if (boot.length >= 2) {
      interval = { lower: quantile7(boot, (1 - level) / 2), upper: quantile7(boot, 1 - (1 - level) / 2), level, method: 'bootstrap', resamples: B, failed };
    } else intervalNote = `bootstrap failed in ${failed} of ${B} resamples`;
    neighbours = knnNeighbours(m, x);
  }
  const tp = card.training_predictions;
  return {
    model: card.name,
    p,
    eta,
    interval,
    interval_note: intervalNote,
    threshold: card.threshold.value,
    band: p >= card.threshold.value ? 'high' : 'low',
    baseline_log_odds: baseline,
    contributions,
    neighbours,
    terms,
    training_percentile: tp && tp.length > 0 ? tp.filter((v) => v <= p).length / tp.length : null,
    warnings,
  };
}
