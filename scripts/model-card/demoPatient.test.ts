import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModelCard } from '../../src/modelcard/parseModelCard.ts';
import { DEMO_CARD_FILE } from './demoCard.ts';
import { scoreDemoPatient } from './demoPatient.ts';

describe('the demo patient with the demo card (training images from the same generator)', () => {
  it('lies inside the training ranges for most features and gets an unsaturated probability', async () => {
    const card = parseModelCard(readFileSync(new URL(`../../public/models/${DEMO_CARD_FILE}`, import.meta.url), 'utf8'));
    const s = await scoreDemoPatient(card);
    const radiomics = card.inputs.filter((i) => i.source === 'radiomics');
    expect(radiomics.length).toBeGreaterThan(0);
    // "most": at most a fifth of the card's features outside the training range
    expect(s.outOfRange.length).toBeLessThanOrEqual(Math.floor(radiomics.length / 5));
    expect(s.prediction.p).toBeGreaterThan(0.01);
    expect(s.prediction.p).toBeLessThan(0.99);
    const iv = s.prediction.interval!;
    expect(iv.method).toBe('delta');
    expect(iv.lower).toBeLessThan(s.prediction.p);
    expect(iv.upper).toBeGreaterThan(s.prediction.p);
    expect(iv.upper - iv.lower).toBeLessThan(0.8);
    expect(s.prediction.warnings.length).toBeLessThanOrEqual(3);
    // the demo series is on the training grid
    expect(s.geometry).toEqual([]);
  }, 120_000);
});
