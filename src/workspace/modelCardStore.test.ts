import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../modelcard/modelCard.ts';
import { ModelCardStore } from './modelCardStore.ts';

const card = (model: string) => ({ format: 'breast-radiomics-model-card/1', name: model }) as unknown as ModelCard;

describe('model card store', () => {
  it('keeps cards across a new store (reload), one per cohort and model, newest first', async () => {
    const factory = new IDBFactory();
    const a = new ModelCardStore(factory);
    expect(await a.save('studyA.csv', 'combined', card('combined'))).toBe('studyA.csv/combined');
    await new Promise((r) => setTimeout(r, 5));
    await a.save('studyA.csv', 'radiomics', card('radiomics'));
    // savedAt has millisecond resolution: let the clock move before the re-save
    await new Promise((r) => setTimeout(r, 5));
    await a.save('studyA.csv', 'combined', card('combined'));
    const back = await new ModelCardStore(factory).list();
    expect(back.map((r) => r.key)).toEqual(['studyA.csv/combined', 'studyA.csv/radiomics']);
    expect(back[0]!.card).toEqual(card('combined'));
    await a.remove('studyA.csv/combined');
    expect((await a.list()).map((r) => r.model)).toEqual(['radiomics']);
  });
});
