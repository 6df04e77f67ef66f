import { describe, expect, it } from 'vitest';
import { geometryWarnings, type TrainingGeometry } from './trainingGeometry.ts';
import { ModelCardError, parseModelCard } from './parseModelCard.ts';

const training: TrainingGeometry = { spacing_mm: [0.75, 0.75, 2.5], tolerance: 0.1, description: 'demo grid' };

describe('geometryWarnings', () => {
  it('says nothing for the training grid, within the tolerance, or for a card without geometry', () => {
    expect(geometryWarnings(training, [0.75, 0.75, 2.5])).toEqual([]);
    expect(geometryWarnings(training, [0.8, 0.7, 2.7])).toEqual([]); // 6.7 %, 6.7 %, 8 %
    expect(geometryWarnings(undefined, [3, 3, 3])).toEqual([]);
  });
  it('names the axes that differ by more than the tolerance', () => {
    const w = geometryWarnings(training, [1, 1, 2.5]);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/1 × 1 × 2\.5 mm differs from the training images' 0\.75 × 0\.75 × 2\.5 mm \(x, y by more than 10 %\)/);
    expect(geometryWarnings(training, [0.75, 0.75, 1.5])[0]).toMatch(/\(z by more than 10 %\)/);
  });
  it('refuses a spacing that is not three positive numbers', () => {
    expect(() => geometryWarnings(training, [0.75, 0.75])).toThrow(/three positive numbers/);
    expect(() => geometryWarnings(training, [0.75, 0, 2.5])).toThrow(/three positive numbers/);
  });
});

describe('parseModelCard: extraction.training_geometry', () => {
  it('names the key that is wrong', async () => {
    const { readFileSync } = await import('node:fs');
    const card = JSON.parse(readFileSync(new URL('../../public/models/demo-chemoresistance.json', import.meta.url), 'utf8')) as { extraction: { training_geometry: Record<string, unknown> } };
    expect(parseModelCard(card).extraction.training_geometry?.spacing_mm).toHaveLength(3);
    card.extraction.training_geometry.spacing_mm = [0.75, -1, 2.5];
    expect(() => parseModelCard(card)).toThrow(ModelCardError);
    expect(() => parseModelCard(card)).toThrow(/extraction\.training_geometry\.spacing_mm/);
    card.extraction.training_geometry.spacing_mm = [0.75, 0.75, 2.5];
    card.extraction.training_geometry.tolerance = 'ten';
    expect(() => parseModelCard(card)).toThrow(/extraction\.training_geometry\.tolerance/);
  });
});
