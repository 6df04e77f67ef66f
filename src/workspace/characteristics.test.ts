import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import studyA from '../../examples/studyA.json';
import { parseCohortCsv } from '../modelling/csv.ts';
import { parseStudySpec } from '../modelling/spec.ts';
import { SHARED_DIR } from '../testing/sharedData.ts';
import { inferColumnTypes, type ColumnType } from '../cohort/columnTypes.ts';
import { defaultVariables, isCategorical, table1Kind, table1OfSet, univariableFits } from './characteristics.ts';

// Expected values: R 4.2 (t.test, chisq.test / fisher.test, glm) via fixtures/characteristics_studyA.R
const R = JSON.parse(readFileSync(new URL('./fixtures/characteristics_studyA.json', import.meta.url), 'utf8')) as Record<string, number & number[] & string[] & number[][]>;
const table = parseCohortCsv(readFileSync(join(SHARED_DIR, 'data/cohorts/studyA.csv'), 'utf8'), 'studyA.csv');
const spec = parseStudySpec(studyA);
const ids = table.columns.get('patient_id')!;
const split = table.columns.get('split')!;
const train = new Set<string>();
for (let r = 0; r < table.nRows; r++) if (split.values[r] === 'train') train.add(String(ids.values[r]));

describe('Table 1 and univariable fits of a run', () => {
  it('types variables and picks the listed predictors', () => {
    expect(defaultVariables(spec, table)).toEqual(['er_pos', 'ki67_high', 'dose_intensity_pct', 'rMK', 'rMD', 'adc_mean']);
    expect(isCategorical(table, 'er_pos')).toBe(true);
    expect(isCategorical(table, 't_stage')).toBe(true);
    expect(isCategorical(table, 'age')).toBe(false);
  });

  it('Table 1 of the training set: the tests R chooses, with its P values', () => {
    const { rows, n } = table1OfSet(table, spec, ['age', 'dose_intensity_pct', 'er_pos', 't_stage'], train);
    expect(n).toBe(R.n);
    const [age, dose, er, ts] = rows;
    expect(age!.chosen.test).toBe('welch');
    expect(age!.chosen.p).toBeCloseTo(R.age_welch_p, 10);
    expect(dose!.chosen.p).toBeCloseTo(R.dose_welch_p, 12);
    expect(er!.kind === 'categorical' && er.counts).toEqual(R.er_counts);
    expect(er!.chosen.p).toBeCloseTo(R.er_p, 10);
    expect(ts!.kind === 'categorical' && ts.levels).toEqual(R.t_stage_levels);
    expect(ts!.chosen.p).toBeCloseTo(R.t_stage_p as unknown as number, 10);
  });

  it('univariable logistic fits on the training set equal glm()', () => {
    const [age, ts] = univariableFits(table, spec, ['age', 't_stage'], train);
    const a = age!.coefficients.find((c) => c.name === 'age')!;
    expect(a.beta).toBeCloseTo(R.age_beta, 8);
    expect(a.se).toBeCloseTo(R.age_se, 6); // glm stops at its epsilon 1e-8: SE agrees to ~1e-8
    expect(a.p).toBeCloseTo(R.age_p, 6);
    expect(ts!.coefficients.slice(1).map((c) => c.name)).toEqual(R.t_stage_terms);
    ts!.coefficients.slice(1).forEach((c, i) => {
      expect(c.beta).toBeCloseTo(R.t_stage_beta[i]!, 6);
      expect(c.p).toBeCloseTo((R.t_stage_glm_p as unknown as number[])[i]!, 5);
    });
  });

  it('uses the cohort panel\'s column types instead of guessing', () => {
    const inferred = inferColumnTypes(table);
    expect(table1Kind(table, 'er_pos', inferred)).toBe('categorical');
    expect(table1Kind(table, 't_stage', inferred)).toBe('categorical');
    expect(table1Kind(table, 'age', inferred)).toBe('continuous');
    // the panel's inferred types give R's Table 1 as before
    const { rows } = table1OfSet(table, spec, ['age', 'er_pos', 't_stage'], train, inferred);
    expect(rows[0]!.chosen.p).toBeCloseTo(R.age_welch_p, 10);
    expect(rows[1]!.kind === 'categorical' && rows[1]!.counts).toEqual(R.er_counts);
    expect(rows[2]!.chosen.p).toBeCloseTo(R.t_stage_p as unknown as number, 10);
    // er_pos typed continuous by the user (the guess would say categorical): Welch t-test as R
    const asContinuous: Record<string, ColumnType> = { ...inferred, er_pos: { kind: 'continuous' } };
    const [er] = table1OfSet(table, spec, ['er_pos'], train, asContinuous).rows;
    expect(er!.kind).toBe('continuous');
    expect(er!.chosen.test).toBe('welch');
    expect(er!.chosen.p).toBeCloseTo(R.er_welch_p, 10);
  });

  it('a categorical column is coded against the panel\'s reference level (R relevel)', () => {
    const types: Record<string, ColumnType> = { t_stage: { kind: 'categorical', levels: ['T1', 'T2', 'T3'], reference: 'T2' } };
    const [ts] = univariableFits(table, spec, ['t_stage'], train, types);
    expect(ts!.coefficients.slice(1).map((c) => c.name)).toEqual(R.t_stage_ref2_terms);
    ts!.coefficients.slice(1).forEach((c, i) => expect(c.beta).toBeCloseTo(R.t_stage_ref2_beta[i]!, 6));
  });

  it('refuses id, date and free-text columns by name and type', () => {
    const types: Record<string, ColumnType> = { patient_id: { kind: 'id' }, enrollment_date: { kind: 'date' }, split: { kind: 'text' } };
    expect(() => table1OfSet(table, spec, ['age', 'enrollment_date'], train, types)).toThrow('studyA.csv: column "enrollment_date" is typed date in the cohort panel, not a Table 1 variable');
    expect(() => table1Kind(table, 'patient_id', types)).toThrow('"patient_id" is typed id');
    expect(() => table1Kind(table, 'split', types)).toThrow('"split" is typed text');
    expect(() => table1Kind(table, 't_stage', { t_stage: { kind: 'continuous' } })).toThrow('column "t_stage" is typed continuous in the cohort panel but holds text');
  });
});
