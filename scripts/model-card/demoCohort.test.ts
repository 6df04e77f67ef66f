import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseParams } from '../../src/radiomics/settings.ts';
import { originalOnlyYaml } from './demoCard.ts';
import { DEMO_COHORT_SIZE, drawDemoCohort, makeDemoCohortCsv } from './demoCohort.ts';

const root = new URL('../../', import.meta.url);
const committed = readFileSync(new URL('scripts/model-card/demo-cohort.csv', root), 'utf8').trimEnd().split('\n');

describe('demo cohort (scripts/model-card/demo-cohort.csv)', () => {
  it('starts with what make-demo-cohort.ts writes today (first 3 patients regenerated; rerun the script if this fails)', () => {
    const params = parseParams(originalOnlyYaml(readFileSync(new URL('public/params/studyA.yaml', root), 'utf8')), 'studyA.yaml');
    const fresh = makeDemoCohortCsv(params, 3).trimEnd().split('\n');
    expect(fresh).toEqual(committed.slice(0, 4));
  }, 120_000);
  it('has every patient, 6 leading columns and the 107 original_ features, and both outcomes', () => {
    const header = committed[0]!.split(',');
    expect(header.slice(0, 6)).toEqual(['patient_id', 'enrollment_date', 'er_pos', 'ki67_high', 'dose_intensity_pct', 'resistant']);
    expect(header.slice(6).filter((h) => h.startsWith('original_'))).toHaveLength(107);
    expect(header).toHaveLength(113);
    expect(committed).toHaveLength(DEMO_COHORT_SIZE + 1);
    const y = committed.slice(1).map((l) => l.split(',')[5]);
    expect(new Set(y)).toEqual(new Set(['0', '1']));
    // the clinical columns and outcome in the file are the seeded draws
    const rows = drawDemoCohort();
    committed.slice(1).forEach((l, i) => {
      const c = l.split(',');
      expect(c.slice(0, 6)).toEqual([rows[i]!.patient_id, rows[i]!.enrollment_date, String(rows[i]!.er_pos), String(rows[i]!.ki67_high), String(rows[i]!.dose_intensity_pct), String(rows[i]!.resistant)]);
    });
  });
});
