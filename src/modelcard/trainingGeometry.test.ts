import { describe, expect, it } from 'vitest';
import { checkAcquisition, geometryWarnings, trainingFacts, type TrainingGeometry } from './trainingGeometry.ts';
import { parseParams } from '../radiomics/settings.ts';
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

describe('checkAcquisition: every acquisition fact and extraction setting against the card', () => {
  const settings = { binWidth: 25, binCount: null, resampledPixelSpacing: null, normalize: false, normalizeScale: 1 };
  const full: TrainingGeometry = { ...training, slice_thickness_mm: 2.5, matrix: [256, 256], modality: 'MR', manufacturer: 'SIEMENS', field_strength_t: 1.5 };
  const cardSide = trainingFacts({ image_type: 'DCE phase 1', training_geometry: full }, parseParams('imageType:\n  Original: {}\nsetting:\n  binWidth: 25\n', 'card'));
  const same = { spacingMm: [0.75, 0.75, 2.5] as [number, number, number], sliceThicknessMm: 2.5, matrix: [256, 256] as [number, number], modality: 'MR', manufacturer: 'Siemens Healthineers', fieldStrengthT: 1.5, settings };

  it('reads the card: geometry fields, modality from the image type, settings from its YAML (PyRadiomics defaults otherwise)', () => {
    expect(cardSide).toEqual({ spacingMm: [0.75, 0.75, 2.5], sliceThicknessMm: 2.5, matrix: [256, 256], modality: 'MR', manufacturer: 'SIEMENS', fieldStrengthT: 1.5, settings });
    expect(trainingFacts({ image_type: 'ultrasound' }, null)).toEqual({ modality: 'US', spacingMm: undefined, sliceThicknessMm: undefined, matrix: undefined, manufacturer: undefined, fieldStrengthT: undefined, settings: undefined });
  });
  it('says nothing when every fact agrees (maker compared by its first word, spacing within the tolerance)', () => {
    const c = checkAcquisition(cardSide, { ...same, spacingMm: [0.8, 0.7, 2.7] }, 0.1);
    expect(c).toEqual({ differences: [], notInCard: [], notInPatient: [], unknown: false, tolerance: 0.1 });
  });
  it('names each fact that differs and by how much', () => {
    const patient = {
      spacingMm: [1, 1, 2.5] as [number, number, number], sliceThicknessMm: 1.25, matrix: [512, 512] as [number, number], modality: 'mr', manufacturer: 'GE MEDICAL SYSTEMS', fieldStrengthT: 3,
      settings: { binWidth: 10, binCount: null, resampledPixelSpacing: [1, 1, 1], normalize: true, normalizeScale: 100 },
    };
    const c = checkAcquisition(cardSide, patient, 0.1);
    // by hand: (1 − 0.75) / 0.75 = +33.33 %; (1.25 − 2.5) / 2.5 = −50 %; 512 / 256 − 1 = +100 %; 3 − 1.5 = +1.5 T; (10 − 25) / 25 = −60 %
    expect(c.differences).toEqual([
      { item: 'spacing', patient: '1 × 1 × 2.5 mm', training: '0.75 × 0.75 × 2.5 mm', by: 'x +33.33 %, y +33.33 %' },
      { item: 'sliceThickness', patient: '1.25 mm', training: '2.5 mm', by: '−50 %' },
      { item: 'matrix', patient: '512 × 512', training: '256 × 256', by: 'x +100 %, y +100 %' },
      { item: 'manufacturer', patient: 'GE MEDICAL SYSTEMS', training: 'SIEMENS', by: '' },
      { item: 'fieldStrength', patient: '3 T', training: '1.5 T', by: '+1.5 T' },
      { item: 'binWidth', patient: '10', training: '25', by: '−60 %' },
      { item: 'resampling', patient: '1 × 1 × 1 mm', training: 'none', by: '' },
      { item: 'normalisation', patient: 'on (scale 100)', training: 'off', by: '' },
    ]);
    expect(checkAcquisition(cardSide, { ...same, modality: 'US' }).differences).toEqual([{ item: 'modality', patient: 'US', training: 'MR', by: '' }]);
    expect(checkAcquisition(cardSide, { ...same, settings: { ...settings, binCount: 32 } }).differences).toEqual([{ item: 'binCount', patient: '32', training: 'none', by: '' }]);
  });
  it('lists what only one side records, and a record without facts as unknown', () => {
    const demoCard = trainingFacts({ image_type: 'DCE phase 1', training_geometry: training }, null);
    const c = checkAcquisition(demoCard, { spacingMm: [0.75, 0.75, 2.5], modality: 'MR', settings });
    expect(c.differences).toEqual([]);
    expect(c.notInCard).toEqual(['sliceThickness', 'matrix', 'manufacturer', 'fieldStrength', 'binWidth', 'binCount', 'resampling', 'normalisation']);
    expect(checkAcquisition(cardSide, { modality: 'MR' }).notInPatient).toEqual(['spacing', 'sliceThickness', 'matrix', 'manufacturer', 'fieldStrength', 'binWidth', 'binCount', 'resampling', 'normalisation']);
    expect(checkAcquisition(cardSide, undefined)).toEqual({ differences: [], notInCard: [], notInPatient: [], unknown: true, tolerance: 0.1 });
  });
});

describe('parseModelCard: the optional acquisition facts of training_geometry', () => {
  it('accepts them and names a wrong one', async () => {
    const { readFileSync } = await import('node:fs');
    const card = JSON.parse(readFileSync(new URL('../../public/models/demo-chemoresistance.json', import.meta.url), 'utf8')) as { extraction: { training_geometry: Record<string, unknown> } };
    Object.assign(card.extraction.training_geometry, { slice_thickness_mm: 2.5, matrix: [256, 256], modality: 'MR', manufacturer: 'Synthetic demo (not a device)', field_strength_t: 3 });
    expect(parseModelCard(card).extraction.training_geometry?.matrix).toEqual([256, 256]);
    for (const [k, bad] of [['slice_thickness_mm', 0], ['matrix', [256]], ['modality', 3], ['manufacturer', ''], ['field_strength_t', 'three']] as const) {
      const c = structuredClone(card);
      c.extraction.training_geometry[k] = bad;
      expect(() => parseModelCard(c)).toThrow(new RegExp(`extraction\\.training_geometry\\.${k}`));
    }
  });
});
