import { describe, expect, it } from 'vitest';
import studyA from '../../examples/studyA.json';
import studyB from '../../examples/studyB.json';
import { parseStudySpec } from '../modelling/spec.ts';
import { defaultStep, factorChoices, moveItem, parseRaw, pipelineProblems, setAt, splitFromCohort, STEP_KINDS, type Raw } from './pipelineForm.ts';

const keys = (raw: Raw, cols: string[] | null, readers: string[] = []) => pipelineProblems(raw, cols, readers).map((p) => `${p.key} ${JSON.stringify(p.vars)}`);

describe('pipeline form', () => {
  it('edits immutably and the text round-trips through the runner\'s parser', () => {
    const raw = structuredClone(studyA) as Raw;
    const next = setAt(raw, ['models', 3, 'selection', 2, 'lasso', 'folds'], 5) as Raw;
    expect((raw.models as { selection?: { lasso?: { folds: number } }[] }[])[3]!.selection![2]!.lasso!.folds).toBe(10);
    const back = parseRaw(JSON.stringify(next, null, 2))!;
    expect(parseStudySpec(back).models[3]!.selection![2]).toEqual({ lasso: { folds: 5, foldSeed: 101, foldColumn: undefined, measure: 'deviance', lambda: 'min', thresh: undefined } });
    expect(setAt({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 });
    expect(setAt({ l: [1, 2, 3] }, ['l', 1], undefined)).toEqual({ l: [1, 3] });
    expect(parseRaw('[1]')).toBeNull();
    expect(parseRaw('{"a":')).toBeNull();
  });

  it('every default step is accepted by the runner\'s parser', () => {
    for (const k of STEP_KINDS) {
      const spec = { outcome: 'y', split: { column: 's', train: 't', validation: 'v' }, models: [{ name: 'm', type: 'logistic', predictors: ['a'], selection: [defaultStep(k)] }] };
      expect(() => parseStudySpec(spec), k).not.toThrow();
    }
  });

  it('moves steps and converts the cohort panel\'s split', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(splitFromCohort({ kind: 'temporal', dateColumn: 'enrollment_date', cutoff: '2023-07-01' }, 240)).toEqual({ temporal: { column: 'enrollment_date', cutoff: '2023-07-01' } });
    expect(splitFromCohort({ kind: 'random', outcome: 'y', seed: 7, trainSize: 60 }, 240)).toEqual({ random: { fraction: 0.25, stratify: true, seed: 7 } });
    expect(splitFromCohort({ kind: 'column', column: 'split' }, 10)).toEqual({ column: 'split', train: 'train', validation: 'validation' });
    expect(splitFromCohort(null, 10)).toBeNull();
  });

  it('the shipped Study A and B pipelines have no problems (with the reader-2 table chosen)', () => {
    expect(keys(studyA as Raw, null)).toEqual([]);
    expect(keys(studyB as Raw, null, ['studyB_reader2.csv'])).toEqual([]);
    expect(keys(studyB as Raw, null)).toEqual(['study.problem.iccMissing {"model":"radiomics_lasso","key":"studyB_reader2.csv"}']);
  });

  it('names invalid combinations in words', () => {
    const raw: Raw = {
      outcome: 'pcr',
      split: { temporal: { column: 'date', cutoff: '2023-01-01' } },
      models: [
        { name: 'a', type: 'knn', predictors: ['x', 'radscore:b'], radscore: true, selection: [{ lasso: { folds: 5 } }, { correlation: { cutoff: 0.9 } }] },
        { name: 'b', type: 'logistic', predictors: { pattern: '^zz' }, k: 3 },
        { name: 'b', type: 'logistic', predictors: [] },
      ],
      compare: [['a', 'a'], ['a', 'nope']],
      dca: { from: 0.5, to: 0.2, by: 0.01 },
    };
    expect(keys(raw, ['pcr', 'x'])).toEqual([
      'study.problem.noColumn {"what":"split","column":"date"}',
      'study.problem.lassoLast {"model":"a"}',
      'study.problem.knnRadscore {"model":"a"}',
      'study.problem.knnCv {"model":"a"}',
      'study.problem.radscoreOrder {"model":"a","source":"b"}',
      'study.problem.lassoFolds {"model":"a"}',
      'study.problem.kLogistic {"model":"b"}',
      'study.problem.emptyPattern {"model":"b","pattern":"^zz"}',
      'study.problem.duplicate {"model":"b"}',
      'study.problem.noPredictors {"model":"b"}',
      'study.problem.compareSelf {"model":"a"}',
      'study.problem.compareUnknown {"model":"nope"}',
      'study.problem.dca {"from":0.5,"to":0.2}',
    ]);
  });

  it('offers a reference level for each text predictor, from the cohort levels; the spec parser accepts the result', () => {
    const raw: Raw = { outcome: 'y', split: { column: 'split', train: 'train', validation: 'validation' }, models: [{ name: 'm', type: 'logistic', predictors: ['age', 't_stage', 'subtype'] }] };
    const levels = { t_stage: ['T1', 'T2', 'T3'], subtype: ['HER2', 'LumA', 'LumB', 'TNBC'], split: ['train', 'validation'] };
    expect(factorChoices(raw, levels)).toEqual([
      { column: 't_stage', levels: ['T1', 'T2', 'T3'], reference: undefined },
      { column: 'subtype', levels: ['HER2', 'LumA', 'LumB', 'TNBC'], reference: undefined },
    ]);
    const next = setAt(raw, ['factors', 't_stage'], { reference: 'T2' }) as Raw;
    expect(factorChoices(next, levels)[0]!.reference).toBe('T2');
    expect(parseStudySpec(next).factors).toEqual({ t_stage: { reference: 'T2' } });
    // subtype is text and not declared: the runner would refuse it, so the form says so
    expect(keys2(next, ['y', 'split', 'age', 't_stage', 'subtype'], levels)).toEqual(['study.problem.factorUndeclared {"model":"m","column":"subtype"}']);
    expect(pipelineProblems(setAt(next, ['factors', 'subtype'], { reference: 'LumA' }) as Raw, ['y', 'split', 'age', 't_stage', 'subtype'], [], levels)).toEqual([]);
    // a level the cohort does not have, and a factor column it lacks, are named
    const bad = setAt(setAt(next, ['factors', 't_stage'], { reference: 'T4' }), ['factors', 'grade'], { reference: '1' }) as Raw;
    expect(keys2(bad, ['y', 'split', 'age', 't_stage', 'subtype'], levels)).toEqual([
      'study.problem.factorLevel {"column":"t_stage","level":"T4","levels":"T1, T2, T3"}',
      'study.problem.noColumn {"what":"factors","column":"grade"}',
      'study.problem.factorUndeclared {"model":"m","column":"subtype"}',
    ]);
    expect(factorChoices(bad, levels).map((f) => f.column)).toEqual(['t_stage', 'subtype', 'grade']);
  });

  it('LASSO fold column, thresh, ICC id and stepwise method written by the form pass the runner\'s parser; unknown columns are named', () => {
    let raw = structuredClone(studyB) as Raw;
    raw = setAt(raw, ['models', 0, 'selection', 3, 'lasso', 'foldColumn'], 'fold') as Raw;
    raw = setAt(raw, ['models', 0, 'selection', 3, 'lasso', 'thresh'], 1e-10) as Raw;
    raw = setAt(raw, ['models', 0, 'selection', 0, 'icc', 'id'], 'patient_id') as Raw;
    raw = setAt(raw, ['models', 1, 'selection'], [{ stepwise: { entry: 0.05, removal: 0.1, method: 'lr_entry_lr_removal' } }]) as Raw;
    const spec = parseStudySpec(raw);
    expect(spec.models[0]!.selection![3]).toMatchObject({ lasso: { foldColumn: 'fold', thresh: 1e-10 } });
    expect(spec.models[0]!.selection![0]).toMatchObject({ icc: { id: 'patient_id' } });
    expect(spec.models[1]!.selection![0]).toMatchObject({ stepwise: { method: 'lr_entry_lr_removal' } });
    const cols = ['pcr', 'patient_id', 'split', 'mir34a_rel', 'original_glcm_Correlation', 'original_glrlm_ShortRunEmphasis', 'original_glszm_GrayLevelNonUniformity', 'original_ngtdm_Contrast', 'original_shape_Elongation'];
    expect(keys(raw, cols, ['studyB_reader2.csv'])).toEqual([
      'study.problem.noColumn {"what":"radiomics_lasso LASSO folds","column":"fold"}',
      'study.problem.lassoFoldBoth {"model":"radiomics_lasso","column":"fold"}',
    ]);
  });
});

const keys2 = (raw: Raw, cols: string[], levels: Record<string, string[]>) => pipelineProblems(raw, cols, [], levels).map((p) => `${p.key} ${JSON.stringify(p.vars)}`);
