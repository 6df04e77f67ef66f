/**
 * The geometry warnings the patient view shows, on the demo card (training grid 0.75 × 0.75 ×
 * 2.5 mm, tolerance 10 %, DCE phase 1 → MR, its own YAML: PyRadiomics defaults bin width 25, no
 * resampling, no normalisation), in English and Simplified Chinese; and an old stored record
 * (no acquisition facts) that still loads from IndexedDB and says its geometry cannot be checked.
 */
import { readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { FeatureDb, featureKey, type StoredFeatures } from '../features/featureDb.ts';
import { parseModelCard } from '../modelcard/parseModelCard.ts';
import { parseParams } from '../radiomics/settings.ts';
import { geometryLinesFor } from './geometryText.ts';
import { patientTranslator } from './patientText.ts';

const card = parseModelCard(readFileSync(new URL('../../public/models/demo-chemoresistance.json', import.meta.url), 'utf8'));
const params = parseParams(card.extraction.yaml, 'demo card');
const en = patientTranslator('en');
const zh = patientTranslator('zh');
const settings = { binWidth: 25, binCount: null, resampledPixelSpacing: null, normalize: false, normalizeScale: 1 };
const demoSeries = { spacingMm: [0.75, 0.75, 2.5] as [number, number, number], sliceThicknessMm: 2.5, matrix: [256, 256] as [number, number], modality: 'MR', manufacturer: 'Synthetic demo (not a device)', fieldStrengthT: 3, settings };

describe('geometry lines of the patient view', () => {
  it('the demo series on the demo card: nothing differs and nothing is left unchecked (the card records every fact)', () => {
    const lines = geometryLinesFor(card.extraction, params, demoSeries, en);
    expect(lines).toEqual([]);
    expect(lines.join(' ')).not.toMatch(/voxel spacing/); // what e2e/patient.spec.ts asserts for the demo
  });

  it('names what differs and by how much, in English and Chinese', () => {
    const other = { ...demoSeries, spacingMm: [0.5, 0.5, 2.5] as [number, number, number], modality: 'US', settings: { ...settings, binWidth: 5 } };
    // (0.5 − 0.75) / 0.75 = −33.33 %; (5 − 25) / 25 = −80 %
    const lines = geometryLinesFor(card.extraction, params, other, en);
    expect(lines.slice(0, 3)).toEqual([
      'This patient\'s voxel spacing differs from the training images\': 0.5 × 0.5 × 2.5 mm here, 0.75 × 0.75 × 2.5 mm in training (x −33.33 %, y −33.33 %; tolerance 10 %). Features may not be comparable with the model\'s training data.',
      'This patient\'s modality differs from the training images\': US here, MR in training. Features may not be comparable with the model\'s training data.',
      'This patient\'s bin width differs from the training images\': 5 here, 25 in training (−80 %). Features may not be comparable with the model\'s training data.',
    ]);
    const zhLines = geometryLinesFor(card.extraction, params, other, zh);
    expect(zhLines[0]).toBe('该患者的体素间距与训练图像不同：本例为 0.5 × 0.5 × 2.5 mm，训练图像为 0.75 × 0.75 × 2.5 mm（x −33.33 %, y −33.33 %；容差 10 %）。特征可能无法与模型的训练数据直接比较。');
    // a card that records only the spacing (as the demo card did before it recorded every fact)
    const g = card.extraction.training_geometry!;
    const spacingOnly = { ...card.extraction, training_geometry: { spacing_mm: g.spacing_mm, tolerance: g.tolerance, description: g.description } };
    expect(geometryLinesFor(spacingOnly, params, demoSeries, zh)).toEqual(['未检查——模型卡未记录训练图像的以下信息：层厚、平面内矩阵、设备厂商、场强。']);
    const norm = geometryLinesFor(card.extraction, params, { ...demoSeries, settings: { ...settings, normalize: true, normalizeScale: 100 } }, zh);
    expect(norm[0]).toBe('该患者的归一化与训练图像不同：本例为 开启（比例 100），训练图像为 关闭。特征可能无法与模型的训练数据直接比较。');
  });

  it('an old stored record (no acquisition facts) still loads, keeps its features, and cannot be checked', async () => {
    const factory = new IDBFactory();
    const ids = { studyInstanceUID: '1.2', seriesInstanceUID: '1.2.3', groupKey: 'phase1', roiId: 'r1', reader: 'reader 1', paramsHash: 'abc' };
    // a record as the features panel wrote it before acquisition facts existed
    const old: StoredFeatures = { ...ids, key: featureKey(ids), label: 'tumour', patientId: 'P1', paramsSource: 'studyA.yaml', record: { original_firstorder_Mean: 123.5 }, warnings: [], notes: [], extractedAt: '2026-01-01T00:00:00.000Z' };
    await new FeatureDb(factory).put(old);
    const [back] = await new FeatureDb(factory).all();
    expect(back).toEqual(old);
    expect(back!.acquisition).toBeUndefined();
    expect(geometryLinesFor(card.extraction, params, back!.acquisition ?? null, en)).toEqual([
      'These stored features were kept before the acquisition facts were stored with them: the image geometry, scanner and extraction settings cannot be checked against the training images (the features themselves are unchanged). Extract again to check them.',
    ]);
    expect(geometryLinesFor(card.extraction, params, null, zh)[0]).toMatch(/无法将图像几何、设备和提取设置与训练图像进行核对/);
    // a new record carries its facts through the store
    await new FeatureDb(factory).put({ ...old, acquisition: demoSeries });
    expect((await new FeatureDb(factory).all())[0]!.acquisition).toEqual(demoSeries);
  });
});
