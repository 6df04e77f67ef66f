/**
 * The patient view's pure parts on the demo card: the waterfall's bars add up to the linear
 * predictor that the card gives, the distribution marks this patient and the cut-off, and a
 * scored result survives a new connection to the IndexedDB store.
 */
import { readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { applyModelCard } from '../modelcard/applyModelCard.ts';
import { parseModelCard } from '../modelcard/parseModelCard.ts';
import { PatientDb } from './patientDb.ts';
import { distributionFigure, probabilityBins, waterfallFigure } from './patientFigures.ts';

const card = parseModelCard(readFileSync(new URL('../../public/models/demo-chemoresistance.json', import.meta.url), 'utf8'));
/** a patient at the training means of every continuous input, ER+ and Ki-67 high */
const inputs = Object.fromEntries(card.inputs.map((i) => [i.name, i.coding === 'binary' ? 1 : i.training!.mean]));

describe('patient figures', () => {
  const r = applyModelCard(card, inputs);
  it('waterfall: baseline + bars = η, bars sorted by |contribution|, each standing where the previous ended, labels in the language asked', () => {
    const f = waterfallFigure(r, 'en');
    const tr = f.data[0] as unknown as { type: string; x: string[]; y: number[]; base: number[] };
    expect(tr.type).toBe('bar'); // in Plotly's basic bundle (src/panels/plotlyLoader.ts)
    expect(tr.y[0]).toBe(r.baseline_log_odds);
    expect(tr.base[0]).toBe(0);
    const sum = tr.y.slice(0, -1).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - r.eta!)).toBeLessThan(1e-9);
    // the total stands on 0 and reaches η; each term starts at the running sum of those before it
    expect(tr.y.at(-1)).toBe(r.eta);
    expect(tr.base.at(-1)).toBe(0);
    let level = 0;
    tr.y.slice(0, -1).forEach((v, i) => {
      expect(Math.abs(tr.base[i]! - level)).toBeLessThan(1e-12);
      level += v;
    });
    const bars = tr.y.slice(1, -1).map(Math.abs);
    expect(bars.length).toBe(r.contributions!.length);
    expect(bars).toEqual(bars.slice().sort((a, b) => b - a));
    expect(tr.x[0]).toBe('Training-mean patient');
    expect((waterfallFigure(r, 'zh').data[0] as unknown as { x: string[] }).x[0]).toBe('训练集均值患者');
  });
  it('distribution: every training prediction counted once in 20 bins of 0.05, lines at P and at the cut-off', () => {
    const f = distributionFigure(card.training_predictions, r, 'en');
    const tr = f.data[0] as unknown as { type: string; x: number[]; y: number[] };
    expect(tr.type).toBe('bar');
    expect(tr.y.length).toBe(20);
    expect(tr.y.reduce((a, b) => a + b, 0)).toBe(card.cohort.n_train);
    // each bin against a plain count of the predictions in [lo, hi)
    tr.x.forEach((centre, k) => {
      const lo = k / 20, hi = (k + 1) / 20;
      expect(Math.abs(centre - (lo + hi) / 2)).toBeLessThan(1e-12);
      expect(tr.y[k]).toBe(card.training_predictions.filter((p) => p >= lo && (p < hi || (k === 19 && p <= 1))).length);
    });
    expect(f.layout.shapes!.map((s) => s.x0)).toEqual([r.p, card.threshold.value]);
  });
  it('probabilityBins: bin edges are closed on the left, 1 falls in the last bin', () => {
    expect(probabilityBins([0, 0.05, 0.0999, 1, 0.95])).toEqual([1, 2, ...new Array(16).fill(0), 0, 2]);
  });
});

describe('patient results in IndexedDB', () => {
  it('keeps a scored result across connections', async () => {
    const factory = new IDBFactory();
    const r = applyModelCard(card, inputs);
    await new PatientDb(factory).put({
      key: 'k1', patientLabel: 'P', patientId: null, card: { name: card.name, created: card.created, outcome: card.outcome.label },
      inputs, featureSource: 'test', prediction: r, savedAt: '2026-11-23T00:00:00Z',
    });
    const back = await new PatientDb(factory).all();
    expect(back.length).toBe(1);
    expect(back[0]!.prediction.p).toBe(r.p);
    expect(back[0]!.inputs).toEqual(inputs);
  });
});
