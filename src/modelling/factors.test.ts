/**
 * Factor predictors in the study runner: treatment (dummy) coding declared in the spec, checked
 * against R's glm with relevel(factor(x), ref = ...) (scripts/fixtures/stats/reference_factors.R), and
 * factors picked by a pattern predictor on a small cohort made by
 * fixtures/factorPattern/make_factor_pattern.R.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../stats/fixtures/core/readFixture.ts';
import ref from '../stats/fixtures/modelling/studyA_factors.json' with { type: 'json' };
import glmRef from './fixtures/factorPattern/glm.json' with { type: 'json' };
import { CohortDataError, parseCohortCsv } from './csv.ts';
import { runStudy } from './runStudy.ts';
import { parseStudySpec, StudySpecError } from './spec.ts';
import { SHARED_DIR } from '../testing/sharedData.ts';

const A = parseCohortCsv(readFileSync(`${SHARED_DIR}/data/cohorts/studyA.csv`, 'utf8'), 'studyA.csv');
const split = { column: 'split', train: 'train', validation: 'validation' };
/** R's term name `t_stageT2` → the runner's `t_stage[T2]` */
const runnerName = (r: string, factors: string[]): string => {
  for (const f of factors) if (r.startsWith(f) && r !== f) return `${f}[${r.slice(f.length)}]`;
  return r;
};

describe('factor predictors (treatment coding) as R glm + relevel', () => {
  for (const [key, predictors, factors] of [
    ['t_stage_subtype_age', ['t_stage', 'subtype', 'age'], { t_stage: { reference: 'T1' }, subtype: { reference: 'LumA' } }],
    ['t_stage_ref_T2', ['t_stage', 'ki67_high'], { t_stage: { reference: 'T2' } }],
  ] as const) {
    it(`${key}: dummy names, β and SE (1e-6), validation P (1e-6)`, () => {
      const r = ref[key];
      const spec = parseStudySpec({ outcome: 'resistant', split, factors, models: [{ name: 'm', type: 'logistic', predictors }] });
      const res = runStudy(A, spec);
      const m = res.models.m!;
      expect(m.coefficients!.map((c) => c.name)).toEqual(r.names.map((n) => runnerName(n, Object.keys(factors))));
      m.coefficients!.forEach((c, j) => {
        expectClose(c.beta, r.beta[j]!, 1e-6, `β ${c.name}`);
        expectClose(c.se!, r.se[j]!, 1e-6, `SE ${c.name}`);
      });
      expect(m.validation.predictions.id).toEqual(r.validation_ids);
      m.validation.predictions.p.forEach((p, i) => expectClose(p, r.validation_p[i]!, 1e-6, `P ${r.validation_ids[i]}`));
      expect(res.factors!.t_stage!.reference).toBe(factors.t_stage.reference);
      expect(res.factors!.t_stage!.levels).toEqual(['T1', 'T2', 'T3']);
    });
  }

  const tiny = (rows: string[]): ReturnType<typeof parseCohortCsv> => parseCohortCsv(['id,y,split,grade,x', ...rows].join('\n'), 'tiny.csv');
  const base = [
    '1,0,train,G1,1', '2,1,train,G2,2', '3,0,train,G1,3', '4,1,train,G2,1', '5,1,train,G1,5', '6,0,train,G2,2',
    '7,0,validation,G1,1', '8,1,validation,G2,4',
  ];
  const s = (factors?: Record<string, { reference: string }>): ReturnType<typeof parseStudySpec> => parseStudySpec({
    outcome: 'y', id: 'id', split, ...(factors ? { factors } : {}), models: [{ name: 'm', type: 'logistic', predictors: ['grade', 'x'] }],
  });
  it('a validation level that the training rows do not have is refused, naming it, the column and the row', () => {
    const t = tiny([...base, '9,0,validation,G3,2']);
    expect(() => runStudy(t, s({ grade: { reference: 'G1' } }))).toThrow(CohortDataError);
    expect(() => runStudy(t, s({ grade: { reference: 'G1' } }))).toThrow(/tiny\.csv row 10, column "grade": level "G3" does not occur in the training rows \(levels: G1, G2\)/);
  });
  it('a reference level missing from the training rows is refused', () => {
    expect(() => runStudy(tiny(base), s({ grade: { reference: 'G9' } }))).toThrow(/column "grade": reference level "G9" does not occur in the 6 training rows/);
  });
  it('without a declaration a text predictor is still refused with its column and row', () => {
    expect(() => runStudy(tiny(base), s())).toThrow(/tiny\.csv row 2, column "grade": not numeric \("G1"\)/);
  });
  it('spec: factors must name a reference', () => {
    expect(() => parseStudySpec({ outcome: 'y', split, factors: { grade: { ref: 'G1' } }, models: [{ name: 'm', type: 'logistic', predictors: ['x'] }] })).toThrow(StudySpecError);
    expect(() => parseStudySpec({ outcome: 'y', split, factors: { grade: {} }, models: [{ name: 'm', type: 'logistic', predictors: ['x'] }] })).toThrow(/factors\.grade\.reference/);
  });
  it('predictions carry the observed outcome', () => {
    const res = runStudy(tiny(base), s({ grade: { reference: 'G1' } }));
    expect(res.models.m!.train.predictions.y).toEqual([0, 1, 0, 1, 1, 0]);
    expect(res.models.m!.validation.predictions.y).toEqual([0, 1]);
    expect(res.models.m!.coefficients!.map((c) => c.name)).toEqual(['(Intercept)', 'grade[G2]', 'x']);
  });
});

describe('factor predictors picked by a pattern (fixtures/factorPattern, R glm with factor())', () => {
  const cohortText = readFileSync(new URL('./fixtures/factorPattern/cohort.csv', import.meta.url), 'utf8');
  const P = parseCohortCsv(cohortText, 'cohort.csv');
  const factors = { grade: { reference: 'G2' }, stage: { reference: '1' } };
  const spec = (predictors: string[] | { pattern: string }, f: Record<string, { reference: string }> | undefined = factors) => parseStudySpec({
    outcome: 'y', id: 'id', split, ...(f ? { factors: f } : {}), models: [{ name: 'm', type: 'logistic', predictors }],
  });

  it('a declared factor the pattern matches is expanded into its dummies in place: names, β, SE and validation P as R (1e-6)', () => {
    const res = runStudy(P, spec({ pattern: '^(feat_|grade$|stage$)' }));
    const m = res.models.m!;
    expect(m.coefficients!.map((c) => c.name)).toEqual(glmRef.names.map((n) => runnerName(n, ['grade', 'stage'])));
    expect(m.coefficients!.map((c) => c.name)).toEqual(['(Intercept)', 'feat_a', 'grade[G1]', 'grade[G3]', 'feat_b', 'stage[2]', 'stage[3]']);
    m.coefficients!.forEach((c, j) => {
      expectClose(c.beta, glmRef.beta[j]!, 1e-6, `β ${c.name}`);
      expectClose(c.se!, glmRef.se[j]!, 1e-6, `SE ${c.name}`);
    });
    expect(m.validation.predictions.id).toEqual(glmRef.validation_ids);
    m.validation.predictions.p.forEach((p, i) => expectClose(p, glmRef.validation_p[i]!, 1e-6, `P ${glmRef.validation_ids[i]}`));
    expect(res.factors!.grade!.reference).toBe('G2');
    expect([...res.factors!.grade!.levels].sort()).toEqual([...glmRef.grade_levels].sort());
    expect(res.factors!.stage!.levels).toEqual(glmRef.stage_levels);
    expect(res.factors!.grade!.columns).toEqual(['grade[G1]', 'grade[G3]']);
    // the study results keep the spec as written (the pattern), not the expanded list
    expect(res.spec.models[0]!.predictors).toEqual({ pattern: '^(feat_|grade$|stage$)' });
  });

  it('the pattern fits exactly what the same columns listed explicitly fit', () => {
    const byPattern = runStudy(P, spec({ pattern: '^(feat_|grade$|stage$)' })).models.m!;
    const byList = runStudy(P, spec(['feat_a', 'grade', 'feat_b', 'stage'])).models.m!;
    expect(byPattern.coefficients).toEqual(byList.coefficients);
    expect(byPattern.validation.predictions.p).toEqual(byList.validation.predictions.p);
  });

  it('bootstrap refits of the pattern model (whole pipeline per resample) equal those of the explicit list', () => {
    const withBoot = (predictors: string[] | { pattern: string }) => parseStudySpec({
      outcome: 'y', id: 'id', split, factors, bootstrap: { n: 20, seed: 3 }, models: [{ name: 'm', type: 'logistic', predictors }],
    });
    const a = runStudy(P, withBoot({ pattern: '^(feat_|grade$|stage$)' })).models.m!.bootstrap;
    const b = runStudy(P, withBoot(['feat_a', 'grade', 'feat_b', 'stage'])).models.m!.bootstrap;
    expect(a).not.toBeNull();
    expect(a).toEqual(b);
  });

  it('a text column the pattern matches without a factor declaration is still refused, naming it', () => {
    expect(() => runStudy(P, spec({ pattern: '^(feat_|grade$)' }, { stage: { reference: '1' } }))).toThrow(/cohort\.csv row 2, column "grade": not numeric \("G2"\)/);
  });

  it('a declared factor that no list names and no pattern matches is not coded', () => {
    const res = runStudy(P, spec({ pattern: '^feat_' }));
    expect(res.models.m!.coefficients!.map((c) => c.name)).toEqual(['(Intercept)', 'feat_a', 'feat_b']);
    expect(res.factors).toBeUndefined();
  });
});
