import { describe, expect, it } from 'vitest';
import { honestSpec } from './honestValidation.tsx';
import type { ModelResult } from './resultsShape.ts';

const split = { n: 10, events: 5, auc: 0.9, auc_ci: [0.8, 1] as [number, number], predictions: [] };

describe('honest vs naive table', () => {
  it('shows apparent, naive fixed-model and optimism-corrected AUC per bootstrapped model, with the explanation', () => {
    const models: ModelResult[] = [
      { name: 'lasso', train: split, bootstrap: { apparent_auc: 0.9, optimism: 0.12, corrected_auc: 0.78, failed: 0, naive_mean_auc: 0.905, naive_sd_auc: 0.02 } },
      { name: 'knn', train: split },
      { name: 'old', train: split, bootstrap: { apparent_auc: 0.8, optimism: 0.05, corrected_auc: 0.75, failed: 1 } },
    ];
    const s = honestSpec(models, 'en');
    expect(s.rows.map((r) => r.cells)).toEqual([
      ['lasso', '0.900', '0.905 ± 0.020', '0.780', '0.120'],
      ['old', '0.800', '—', '0.750', '0.050'],
    ]);
    expect(s.notes?.[0]).toContain('refits the whole pipeline');
    expect(honestSpec(models, 'zh').headers[3]).toBe('乐观校正 AUC');
  });
});
