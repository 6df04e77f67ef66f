import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyModelCard } from '../modelcard/applyModelCard.ts';
import type { ModelCard } from '../modelcard/modelCard.ts';
import { parseModelCard } from '../modelcard/parseModelCard.ts';
import { handleScoreMessage, needsWorker, scoreInWorker, type WorkerLike } from './scoreInWorker.ts';

const card = parseModelCard(readFileSync(new URL('../../public/models/demo-chemoresistance.json', import.meta.url), 'utf8'));
const inputs: Record<string, number> = { er_pos: 1, ki67_high: 0, dose_intensity_pct: 95 };
for (const i of card.inputs) if (i.source === 'radiomics') inputs[i.name] = i.training!.mean;

/** A worker that runs the worker's handler asynchronously, as a real one would (structured clone included). */
function fakeWorker(): WorkerLike & { terminated: boolean } {
  const w = {
    onmessage: null as WorkerLike['onmessage'], terminated: false,
    postMessage(m: unknown) { const copy = structuredClone(m); setTimeout(() => { if (!w.terminated) w.onmessage?.({ data: structuredClone(handleScoreMessage(copy, applyModelCard)) }); }, 0); },
    terminate() { w.terminated = true; },
  };
  return w;
}

describe('scoring off the page thread', () => {
  it('gives exactly what applyModelCard gives on the page, and ends the worker', async () => {
    let made: ReturnType<typeof fakeWorker> | null = null;
    const r = await scoreInWorker(card, inputs, () => (made = fakeWorker())).promise;
    expect(r).toEqual(applyModelCard(card, inputs));
    expect(made!.terminated).toBe(true);
  });
  it('rejects with the card error naming the missing input', async () => {
    const { dose_intensity_pct: _, ...partial } = inputs;
    await expect(scoreInWorker(card, partial, fakeWorker).promise).rejects.toThrow(/dose_intensity_pct/);
    expect(handleScoreMessage({ card }, applyModelCard)).toEqual({ id: -1, error: 'score worker: the message needs id, card and inputs' });
  });
  it('is used for KNN cards only', () => {
    expect(needsWorker(card)).toBe(false);
    expect(needsWorker({ ...card, model: { ...card.model, kind: 'knn' } } as unknown as ModelCard)).toBe(true);
  });
});
