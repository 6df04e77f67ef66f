import { seededUniform } from './random.ts';
import { describe, it, expect } from 'vitest';
import { readFixture } from './fixtures/core/readFixture.ts';
import { bootstrapAucCi } from './bootstrapAuc.ts';

const fx = readFixture('roc.json');


describe('stratified bootstrap CI of the AUC agrees with pROC in distribution (±0.02)', () => {
  for (const [name, split] of [
    ['combined_train', 'train'],
    ['combined_validation', 'validation'],
  ] as const) {
    it(name, () => {
      const r: number[] = fx.bootstrap[name]; // [lower, median, upper] of pROC's replicates
      const ci = bootstrapAucCi(fx.predictions[name], fx.outcomes[split], { replicates: 2000, random: seededUniform(202) });
      expect(Math.abs(ci.lower - r[0])).toBeLessThan(0.02);
      expect(Math.abs(ci.upper - r[2])).toBeLessThan(0.02);
      expect(Math.abs(ci.median - r[1])).toBeLessThan(0.02);
      expect(ci.auc).toBe(fx.roc[name].auc);
      expect(ci.lower).toBeLessThan(ci.median);
      expect(ci.median).toBeLessThanOrEqual(ci.upper);
    });
  }
});
