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
import { distributionFigure, waterfallFigure } from './patientFigures.ts';

const card = parseModelCard(readFileSync(new URL('../../public/models/demo-chemoresistance.json', import.meta.url), 'utf8'));
/** a patient at the training means of every continuous input, ER+ and Ki-67 high */
const inputs = Object.fromEntries(card.inputs.map((i) => [i.name, i.coding === 'binary' ? 1 : i.training!.mean]));

describe('patient figures', () => {
  const r = applyModelCard(card, inputs);
  it('waterfall: baseline + bars = η, bars sorted by |contribution|, labels in the language asked', () => {
    const f = waterfallFigure(r, 'en');
    const tr = f.data[0] as unknown as { x: string[]; y: number[]; measure: string[] };
    expect(tr.measure[0]).toBe('absolute');
    expect(tr.measure.at(-1)).toBe('total');
    const sum = tr.y.slice(0, -1).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - r.eta!)).toBeLessThan(1e-9);
    const bars = tr.y.slice(1, -1).map(Math.abs);
    expect(bars).toEqual(bars.slice().sort((a, b) => b - a));
    expect(tr.x[0]).toBe('Training-mean patient');
    expect((waterfallFigure(r, 'zh').data[0] as unknown as { x: string[] }).x[0]).toBe('训练集均值患者');
  });
  it('distribution: every training prediction, lines at P and at the cut-off', () => {
    const f = distributionFigure(card.training_predictions, r, 'en');
    expect((f.data[0] as unknown as { x: number[] }).x.length).toBe(card.cohort.n_train);
    expect(f.layout.shapes!.map((s) => s.x0)).toEqual([r.p, card.threshold.value]);
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
