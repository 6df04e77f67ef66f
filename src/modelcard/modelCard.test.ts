/**
 * A card built from the study runner's results, applied to the cohort's own rows, gives back the
 * runner's predictions (Study A's combined model with the Rad-score chain; Study B's KNN).
 * The KNN interval and neighbours are checked against their definition, the parser's errors
 * against the key they must name.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCohortCsv, type CohortTable } from '../modelling/csv.ts';
import { runStudy, type StudyResults } from '../modelling/runStudy.ts';
import { parseStudySpec } from '../modelling/spec.ts';
import { SHARED_DIR } from '../testing/sharedData.ts';
import { applyModelCard } from './applyModelCard.ts';
import { buildModelCard, type ModelCard, type ModelCardMeta } from './modelCard.ts';
import { parseModelCard } from './parseModelCard.ts';
import { predictTable, rowInputs } from './predictTable.ts';

const COHORTS = `${SHARED_DIR}/data/cohorts`;
const EXAMPLES = new URL('../../examples/', import.meta.url);
const read = (name: string): CohortTable => parseCohortCsv(readFileSync(`${COHORTS}/${name}`, 'utf8'), name);

const meta = (image: 'DCE phase 1' | 'ultrasound'): ModelCardMeta => ({
  extraction: { preset: 'test', yaml: 'imageType:\n  Original: {}\n', image_type: image, roi_label: 'tumour' },
  cohort: { description: 'test cohort' },
  outcome: { label: 'Outcome', definition: 'as in the study' },
  created: '2026-01-01T00:00:00Z',
});

/** runner's prediction of every patient, by id */
function runnerPredictions(r: StudyResults, model: string): Map<string, number> {
  const m = r.models[model]!;
  const out = new Map<string, number>();
  for (const s of [m.train, m.validation]) s.predictions.id.forEach((id, i) => out.set(id, s.predictions.p[i]!));
  return out;
}

function expectReproduces(card: ModelCard, table: CohortTable, r: StudyResults): void {
  const want = runnerPredictions(r, card.name);
  const got = predictTable(card, table, 'patient_id', { resamples: 20 });
  expect(got.length).toBe(want.size);
  let worst = 0;
  for (const g of got) worst = Math.max(worst, Math.abs(g.prediction.p - want.get(g.id)!));
  expect(worst).toBeLessThan(1e-9);
}

describe('Study A: combined model with the Rad-score of the LASSO radiomics model', () => {
  let A: CohortTable;
  let res: StudyResults;
  let card: ModelCard;
  beforeAll(() => {
    A = read('studyA.csv');
    res = runStudy(A, parseStudySpec(JSON.parse(readFileSync(new URL('studyA.json', EXAMPLES), 'utf8'))), { bootstrapResamples: 0 });
    card = parseModelCard(JSON.stringify(buildModelCard(res, 'combined_radscore', meta('DCE phase 1'))));
  }, 120_000);

  it('carries the chain, the inputs and their coding', () => {
    expect(Object.keys(card.chain)).toEqual(['radiomics']);
    expect(card.chain.radiomics!.kind).toBe('lasso');
    expect(card.model.terms.at(-1)).toBe('radscore:radiomics');
    const byName = new Map(card.inputs.map((i) => [i.name, i]));
    expect(byName.get('er_pos')).toMatchObject({ source: 'clinical', coding: 'binary' });
    expect(byName.get('dose_intensity_pct')).toMatchObject({ source: 'clinical', coding: 'continuous' });
    expect(card.inputs.filter((i) => i.source === 'radiomics').length).toBe(card.chain.radiomics!.terms.length);
    expect(card.threshold.value).toBe(res.models.combined_radscore!.train.youden!.threshold);
  });

  it("reproduces the runner's predictions of all 240 patients to 1e-9", () => {
    expectReproduces(card, A, res);
  });

  it('gives the delta-method interval around P and contributions that add up to the log-odds', () => {
    const pr = applyModelCard(card, rowInputs(card, A, 0));
    expect(pr.interval!.method).toBe('delta');
    expect(pr.interval!.lower).toBeLessThan(pr.p);
    expect(pr.interval!.upper).toBeGreaterThan(pr.p);
    const total = pr.baseline_log_odds! + pr.contributions!.reduce((s, c) => s + c.logOdds, 0);
    expect(Math.abs(total - pr.eta!)).toBeLessThan(1e-9);
  });

  it('names a missing or non-numeric input and warns outside the training range', () => {
    const x = { ...rowInputs(card, A, 0) };
    expect(() => applyModelCard(card, { ...x, ki67_high: undefined })).toThrow(/input "ki67_high" is missing/);
    expect(() => applyModelCard(card, { ...x, rMK: 'abc' })).toThrow(/input "rMK" must be a number/);
    expect(() => applyModelCard(card, { ...x, er_pos: 2 })).toThrow(/"er_pos" is binary/);
    const w = applyModelCard(card, { ...x, dose_intensity_pct: 1000 }).warnings;
    expect(w.some((s) => s.startsWith('dose_intensity_pct = 1000 lies outside the training range'))).toBe(true);
  });

  it('the LASSO radiomics model alone: same predictions, no analytic interval', () => {
    const lasso = buildModelCard(res, 'radiomics', meta('DCE phase 1'));
    expectReproduces(lasso, A, res);
    const pr = applyModelCard(lasso, rowInputs(lasso, A, 0));
    expect(pr.interval).toBeNull();
    expect(pr.interval_note).toMatch(/no analytic interval/);
  });
});

describe('Study B: KNN (miRNA-34a + five radiomics features)', () => {
  let B: CohortTable;
  let res: StudyResults;
  let card: ModelCard;
  beforeAll(() => {
    B = read('studyB.csv');
    res = runStudy(B, parseStudySpec(JSON.parse(readFileSync(new URL('studyB.json', EXAMPLES), 'utf8'))), {
      bootstrapResamples: 0, readers: new Map([['studyB_reader2.csv', read('studyB_reader2.csv')]]),
    });
    card = parseModelCard(buildModelCard(res, 'combined_knn', meta('ultrasound')));
  }, 120_000);

  it("reproduces the runner's predictions of all 93 patients to 1e-9", () => {
    expectReproduces(card, B, res);
    expect(card.scaler.kind).toBe('zscore');
  });

  it('lists the voting neighbours (their share of events is P) and a seeded percentile bootstrap interval', () => {
    const x = rowInputs(card, B, 3);
    const pr = applyModelCard(card, x, { resamples: 200, seed: 7 });
    const nb = pr.neighbours!;
    expect(nb.length).toBeGreaterThanOrEqual(card.model.kind === 'knn' ? card.model.k : 1);
    expect(nb.reduce((s, n) => s + n.y, 0) / nb.length).toBeCloseTo(pr.p, 12);
    for (let i = 1; i < nb.length; i++) expect(nb[i]!.distance).toBeGreaterThanOrEqual(nb[i - 1]!.distance);
    expect(pr.interval!.method).toBe('bootstrap');
    expect(pr.interval!.lower).toBeLessThanOrEqual(pr.interval!.upper);
    expect(pr.interval!.lower).toBeGreaterThanOrEqual(0);
    expect(pr.interval!.upper).toBeLessThanOrEqual(1);
    expect(applyModelCard(card, x, { resamples: 200, seed: 7 }).interval).toEqual(pr.interval);
  });
});

describe('parseModelCard', () => {
  it('names the bad key', () => {
    expect(() => parseModelCard('{')).toThrow(/not JSON/);
    expect(() => parseModelCard({ format: 'x' })).toThrow(/model card, format: must be/);
    const ok = {
      format: 'breast-radiomics-model-card/1', name: 'm', outcome: { column: 'y', label: 'Y', definition: 'y' },
      extraction: { preset: 'p', yaml: '', image_type: 'DCE phase 1', roi_label: 'tumour' }, inputs: [],
      model: { kind: 'logistic', terms: ['a'], training: [{ name: 'a', mean: 0, sd: 1, min: 0, max: 1 }], intercept: 0, beta: [1], covariance: [[1, 0], [0, 'x']] },
      chain: {}, threshold: { value: 0.5 }, training_predictions: [], metrics: {},
    };
    expect(() => parseModelCard(ok)).toThrow(/model\.covariance\[1\]\[1\]: must be a finite number/);
    expect(() => parseModelCard({ ...ok, model: { ...ok.model, terms: ['radscore:r'], training: [{ name: 'radscore:r', mean: 0, sd: 1, min: 0, max: 1 }], covariance: [[1, 0], [0, 1]] } })).toThrow(/model\.terms\[0\]: "radscore:r" needs chain\.r/);
    expect(() => parseModelCard({ ...ok, extraction: { ...ok.extraction, image_type: 'CT' } })).toThrow(/extraction\.image_type/);
  });
});

describe('factor predictors (treatment-coded dummies col[level])', () => {
  it("Study A t_stage (reference T1) and subtype (reference LumA): the card's text inputs reproduce the runner to 1e-9", () => {
    const A = read('studyA.csv');
    const spec = parseStudySpec({
      outcome: 'resistant',
      split: { column: 'split', train: 'train', validation: 'validation' },
      factors: { t_stage: { reference: 'T1' }, subtype: { reference: 'LumA' } },
      models: [{ name: 'clin', type: 'logistic', predictors: ['er_pos', 't_stage', 'subtype', 'dose_intensity_pct'] }],
    });
    const res = runStudy(A, spec);
    const card = parseModelCard(buildModelCard(res, 'clin', meta('DCE phase 1')));
    const t = card.inputs.find((i) => i.name === 't_stage')!;
    expect(t).toMatchObject({ source: 'clinical', coding: 'factor', reference: 'T1' });
    expect(t.levels!.slice().sort()).toEqual(['T2', 'T3']);
    expectReproduces(card, A, res);
    const x = rowInputs(card, A, 0);
    expect(() => applyModelCard(card, { ...x, t_stage: 'T9' })).toThrow(/"t_stage" = "T9" is not a level of the model \(T1, T2, T3\)/);
  });
});
