/**
 * The CLI's bootstrap pool with real Node worker threads (`study --workers N`): the same numbers
 * as the main-thread run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/studyCommand.ts';
import { SHARED_DIR } from '../testing/sharedData.ts';

describe('study --workers N (worker_threads)', () => {
  it('--workers 2 gives the bootstrap of --workers 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'study-threads-'));
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({
      outcome: 'pcr',
      split: { column: 'split', train: 'train', validation: 'validation' },
      models: [
        { name: 'clinical', type: 'knn', predictors: ['mir34a_rel'], k: 5 },
        { name: 'logit', type: 'logistic', predictors: ['mir34a_rel', 'age'] },
      ],
      bootstrap: { n: 12, seed: 7 },
    }));
    const data = `${SHARED_DIR}/data/cohorts/studyB.csv`;
    const out = (w: number): string => join(dir, `r${w}.json`);
    for (const w of [1, 2]) expect(await run(['--data', data, '--spec', spec, '--out', out(w), '--workers', String(w), '--quiet'])).toBe(0);
    const boot = (f: string): unknown => {
      const r = JSON.parse(readFileSync(f, 'utf8')) as { models: Record<string, { bootstrap: unknown }> };
      return Object.fromEntries(Object.entries(r.models).map(([k, m]) => [k, m.bootstrap]));
    };
    const one = boot(out(1)) as Record<string, { resamples: number; optimism: number }>;
    expect(one.logit!.resamples).toBe(12);
    expect(Number.isFinite(one.logit!.optimism)).toBe(true);
    expect(boot(out(2))).toEqual(one);
  }, 120_000);
});
