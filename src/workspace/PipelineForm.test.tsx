import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import studyA from '../../examples/studyA.json';
import studyB from '../../examples/studyB.json';
import { parseStudySpec } from '../modelling/spec.ts';
import { PipelineForm } from './PipelineForm.tsx';
import { factorChoices, pipelineProblems, setAt, type Raw, type RawModel } from './pipelineForm.ts';

describe('pipeline form (server render)', () => {
  it('shows every model side by side with its ordered steps and parameters, k by CV, and the missing reader-2 table in words', () => {
    const html = renderToString(<PipelineForm raw={studyB as Raw} columns={null} cohortSplit={null} nRows={0} readers={[]} lang="en" onChange={() => undefined} />);
    for (let i = 0; i < 4; i++) expect(html).toContain(`data-testid="form-model-${i}"`);
    const steps = [...html.matchAll(/data-testid="form-models\.0\.step\.(\d)"[^]*?<strong>([^<]+)<\/strong>/g)].map((m) => m[2]);
    expect(steps).toEqual(['ICC with reader 2', 'Univariate test', 'Correlation filter', 'LASSO-CV']);
    expect(html).toMatch(/data-testid="form-models\.0\.selection\.3\.lasso\.folds"[^>]*value="5"|value="5"[^>]*data-testid="form-models\.0\.selection\.3\.lasso\.folds"/);
    expect(html).toMatch(/data-testid="form-models\.1\.kcv"[^>]*checked|checked=""[^>]*data-testid="form-models\.1\.kcv"/);
    expect(html).toContain('choose the reader-2 table &quot;studyB_reader2.csv&quot; for the ICC step');
  });

  it('asks for valid JSON first, in Chinese too', () => {
    const html = renderToString(<PipelineForm raw={null} columns={null} cohortSplit={null} nRows={0} readers={[]} lang="zh" onChange={() => undefined} />);
    expect(html).toContain('下方文本不是 JSON 对象');
  });

  it('offers the reference level of a text predictor with the cohort levels, and the LASSO fold column / thresh, ICC id, stepwise method', () => {
    const raw = { ...(studyB as Raw), models: [...(studyB as Raw).models as unknown[], { name: 'sw', type: 'logistic', predictors: ['center'], selection: [{ stepwise: { method: 'spss_forward_wald' } }] }], factors: { center: { reference: 'B' } } } as Raw;
    const html = renderToString(<PipelineForm raw={raw} columns={null} cohortSplit={null} nRows={0} readers={[]} textLevels={{ center: ['A', 'B'] }} lang="en" onChange={() => undefined} />);
    expect(html).toContain('data-testid="form-factors.center"');
    expect(html).toMatch(/<option value="B" selected="">B<\/option>/);
    expect(html).toContain('first level (A), as R');
    expect(html).toContain('data-testid="form-models.0.selection.3.lasso.foldColumn"');
    expect(html).toContain('data-testid="form-models.0.selection.3.lasso.thresh"');
    expect(html).toContain('data-testid="form-models.0.selection.0.icc.id"');
    expect(html).toMatch(/<option value="spss_forward_wald" selected="">Forward Wald \(SPSS\)<\/option>/);
  });
});

// ---------------------------------------------------------------------------------------------
// Driving the form without a DOM: PipelineForm and ModelBox have no hooks, so the element tree is
// expanded by calling the function components, and a control's onChange is called with the value
// it shows (what a browser would hand it).

interface El { type: unknown; props: Record<string, unknown> & { children?: ReactNode } }

function elements(node: ReactNode, out: El[] = []): El[] {
  if (node === null || node === undefined || typeof node === 'boolean' || typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') return out;
  if (Array.isArray(node)) {
    for (const n of node) elements(n as ReactNode, out);
    return out;
  }
  const el = node as unknown as El;
  if (typeof el.type === 'function') return elements((el.type as (p: unknown) => ReactNode)(el.props), out);
  out.push(el);
  return elements(el.props.children, out);
}

const everyColumn = ['pid', 'y', 'f_a', 'f_b', 'grade', 'age', 'stage', 'fold', 'pid2'];
const everyLevels = { grade: ['G1', 'G2', 'G3'] };
/** A spec that sets every option study.json has (random split here; Study A / B cover the other two). */
const everyOption: Raw = {
  description: 'every option',
  outcome: 'y',
  id: 'pid',
  split: { random: { fraction: 0.75, stratify: false, seed: 17 } },
  models: [
    {
      name: 'lasso', type: 'logistic', predictors: { pattern: '^(f_|grade$)' },
      selection: [
        { nearZeroVariance: { freqCut: 20, uniqueCut: 5 } },
        { icc: { reader2: 'r2.csv', cutoff: 0.8, id: 'pid2', form: 'icc3' } },
        { univariate: { test: 'mannWhitney', p: 0.1 } },
        { correlation: { cutoff: 0.85, method: 'spearman' } },
        { lasso: { folds: 5, foldColumn: 'fold', measure: 'auc', lambda: '1se', thresh: 1e-10 } },
        { stepwise: { entry: 0.01, removal: 0.02, method: 'lr_entry_lr_removal' } },
      ],
      radscore: true,
    },
    { name: 'knn7', type: 'knn', predictors: ['f_a', 'stage'], k: 7 },
    { name: 'knncv', type: 'knn', predictors: ['f_b'], k: 'cv' },
    {
      name: 'combined', type: 'logistic', predictors: ['age', 'grade', 'stage', 'radscore:lasso'],
      selection: [
        { lasso: { folds: 10, foldSeed: 7, measure: 'deviance', lambda: 'min' } },
        { stepwise: { entry: 0.05, removal: 0.1, method: 'spss_forward_wald' } },
      ],
    },
  ],
  compare: [['combined', 'lasso'], ['knn7', 'knncv']],
  bootstrap: { n: 200, seed: 9 },
  cv: { folds: 5, seed: 505 },
  dca: { from: 0.05, to: 0.95, by: 0.05 },
  factors: { grade: { reference: 'G2' }, stage: { reference: '1' } },
};

const cases = [
  ['examples/studyA.json', studyA as Raw, null, [], {}],
  ['examples/studyB.json', studyB as Raw, null, ['studyB_reader2.csv'], {}],
  ['every option', everyOption, everyColumn, ['r2.csv'], everyLevels],
] as const;

function formElements(raw: Raw, columns: readonly string[] | null, readers: readonly string[], textLevels: Record<string, readonly string[]>, sink: (next: Raw) => void, lang: 'en' | 'zh' = 'en'): El[] {
  return elements(<PipelineForm raw={raw} columns={columns} cohortSplit={null} nRows={0} readers={readers} textLevels={textLevels} lang={lang} onChange={sink} />);
}

/** Every control that edits the spec: text / number inputs, checkboxes and selects (radio buttons and buttons are actions). */
const isControl = (e: El): boolean => (e.type === 'select' || (e.type === 'input' && e.props.type !== 'radio')) && typeof e.props.onChange === 'function';
const testId = (e: El): string => String(e.props['data-testid'] ?? '');

/** Call a control's onChange as a browser would, with `value` (or `checked`); the spec it writes, or null when it writes nothing. */
function fire(e: El, next: { value?: string; checked?: boolean }, captured: { raw: Raw | null }): Raw | null {
  captured.raw = null;
  (e.props.onChange as (ev: unknown) => void)({ target: { value: next.value ?? '', checked: next.checked ?? false } });
  return captured.raw;
}

describe('pipeline form round trip: spec → form → spec', () => {
  for (const [name, raw, columns, readers, levels] of cases) {
    it(`${name}: every control, handed the value it shows, writes back the same study.json (and the same parsed spec)`, () => {
      const captured: { raw: Raw | null } = { raw: null };
      const controls = formElements(raw, columns, readers, levels, (n) => { captured.raw = n; }).filter(isControl);
      expect(controls.length).toBeGreaterThan(10);
      const text = JSON.stringify(raw);
      const spec = parseStudySpec(raw);
      for (const c of controls) {
        const out = c.props.type === 'checkbox' ? fire(c, { checked: Boolean(c.props.checked) }, captured) : fire(c, { value: String(c.props.value ?? '') }, captured);
        if (out === null) continue;
        expect(JSON.stringify(out), testId(c)).toBe(text);
        expect(parseStudySpec(out), testId(c)).toEqual(spec);
      }
    });

    it(`${name}: each checkbox switched off and on again gives back the same spec`, () => {
      const captured: { raw: Raw | null } = { raw: null };
      const spec = parseStudySpec(raw);
      // (a KNN model's fixed k switched to "by CV" and back comes back as 5, the number is retyped)
      const fixedK = (id: string) => /^form-models\.(\d+)\.kcv$/.test(id) && typeof (raw.models as RawModel[])[Number(id.split('.')[1])]!.k === 'number';
      const boxes = formElements(raw, columns, readers, levels, () => undefined).filter((e) => isControl(e) && e.props.type === 'checkbox').map(testId).filter((id) => !fixedK(id));
      expect(boxes.length).toBeGreaterThan(0);
      for (const id of boxes) {
        const find = (r: Raw) => formElements(r, columns, readers, levels, (n) => { captured.raw = n; }).find((e) => testId(e) === id)!;
        const before = Boolean(find(raw).props.checked);
        const once = fire(find(raw), { checked: !before }, captured)!;
        expect(parseStudySpec(once), id).not.toEqual(spec);
        const twice = fire(find(once), { checked: before }, captured)!;
        expect(parseStudySpec(twice), id).toEqual(spec);
      }
    });
  }

  it('every value of the every-option spec has its own control (bootstrap n is the workspace\'s own field, description the text\'s)', () => {
    const els = formElements(everyOption, everyColumn, ['r2.csv'], everyLevels, () => undefined);
    const ids = new Set(els.map(testId));
    const labels = new Set(els.map((e) => String(e.props['aria-label'] ?? '')));
    const leaves: string[][] = [];
    const walk = (v: unknown, path: string[]) => {
      if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
      else leaves.push(path);
    };
    walk(everyOption, []);
    expect(leaves.length).toBeGreaterThan(60);
    const missing: string[] = [];
    for (const p of leaves) {
      const key = p.join('.');
      if (key === 'description' || key === 'bootstrap.n') continue;
      let want: string;
      if (p[0] === 'compare') want = `form-compare-${p[1]}-${p[2]}`;
      else if (p[0] === 'factors') want = `form-factors.${p[1]}`;
      else if (p[0] === 'models' && p[2] === 'predictors' && p[3] !== 'pattern') {
        const v = ((everyOption.models as RawModel[])[Number(p[1])]!.predictors as string[])[Number(p[3])]!;
        if (!labels.has(`Remove ${v}`)) missing.push(key);
        continue;
      } else if (p[0] === 'models' && p[2] === 'k') want = (everyOption.models as RawModel[])[Number(p[1])]!.k === 'cv' ? `form-models.${p[1]}.kcv` : `form-models.${p[1]}.k`;
      else want = `form-${key}`;
      if (!ids.has(want)) missing.push(`${key} (${want})`);
    }
    expect(missing).toEqual([]);
  });

  it('the every-option spec is accepted by the runner\'s parser and the form names no problem with it', () => {
    expect(() => parseStudySpec(everyOption)).not.toThrow();
    expect(pipelineProblems(everyOption, everyColumn, ['r2.csv'], everyLevels)).toEqual([]);
  });
});

describe('pipeline form: editing factors, LASSO folds / thresh, ICC id / form, stepwise method', () => {
  const cols = ['patient_id', 'resistant', 'enrollment_date', 'er_pos', 'ki67_high', 'dose_intensity_pct', 't_stage', 'grade_coded', 'fold', 'site_id', 'rMK', 'rMD', 'adc_mean'];
  const levels = { t_stage: ['T1', 'T2', 'T3'] };
  const captured: { raw: Raw | null } = { raw: null };
  const find = (raw: Raw, id: string) => formElements(raw, cols, ['studyB_reader2.csv'], levels, (n) => { captured.raw = n; }).find((e) => testId(e) === id);

  it('declares a text column (first level as reference) and a coded column (typed reference), then removes them', () => {
    const add = find(studyA as Raw, 'form-add-factor')!;
    const options = elements(add.props.children).filter((e) => e.type === 'option').map((e) => String(e.props.value));
    // outcome, id and the split's date column are not offered
    expect(options).toEqual(['', 'er_pos', 'ki67_high', 'dose_intensity_pct', 't_stage', 'grade_coded', 'fold', 'site_id', 'rMK', 'rMD', 'adc_mean']);
    let raw = fire(add, { value: 't_stage' }, captured)!;
    expect(raw.factors).toEqual({ t_stage: { reference: 'T1' } });
    raw = fire(find(raw, 'form-factors.t_stage')!, { value: 'T3' }, captured)!;
    raw = fire(find(raw, 'form-add-factor')!, { value: 'grade_coded' }, captured)!;
    expect(raw.factors).toEqual({ t_stage: { reference: 'T3' }, grade_coded: { reference: '' } });
    // the coded column's reference is typed; until then the form names the field
    expect(find(raw, 'form-factors.grade_coded')!.type).toBe('input');
    expect(pipelineProblems(raw, cols, [], levels).map((p) => `${p.key} ${JSON.stringify(p.vars)}`)).toContain('study.problem.factorReference {"column":"grade_coded"}');
    expect(() => parseStudySpec(raw)).toThrow(/factors\.grade_coded\.reference/);
    raw = fire(find(raw, 'form-factors.grade_coded')!, { value: '2' }, captured)!;
    expect(parseStudySpec(raw).factors).toEqual({ t_stage: { reference: 'T3' }, grade_coded: { reference: '2' } });
    // removing both leaves no factors block at all
    (find(raw, 'form-factors.t_stage.remove')!.props.onClick as () => void)();
    raw = captured.raw!;
    (find(raw, 'form-factors.grade_coded.remove')!.props.onClick as () => void)();
    raw = captured.raw!;
    expect('factors' in raw).toBe(false);
    expect(JSON.stringify(raw)).toBe(JSON.stringify(studyA));
  });

  it('a text column matched by a pattern is offered its reference level, and named until it has one', () => {
    const raw = setAt(studyA, ['models', 3, 'predictors'], { pattern: '^(original_|t_stage$)' }) as Raw;
    expect(factorChoices(raw, levels)).toEqual([{ column: 't_stage', levels: ['T1', 'T2', 'T3'], reference: undefined }]);
    expect(pipelineProblems(raw, cols, [], levels).map((p) => p.key)).toEqual(['study.problem.factorUndeclared']);
    const next = fire(find(raw, 'form-factors.t_stage')!, { value: 'T2' }, captured)!;
    expect(parseStudySpec(next).factors).toEqual({ t_stage: { reference: 'T2' } });
    expect(pipelineProblems(next, cols, [], levels)).toEqual([]);
  });

  it('LASSO fold column and thresh, ICC id column and form, stepwise method: written by the controls, read by the runner\'s parser', () => {
    let raw = structuredClone(studyB) as Raw;
    const step = (id: string, value: string) => { raw = fire(find(raw, `form-models.0.selection.${id}`)!, { value }, captured)!; };
    step('3.lasso.foldColumn', 'fold');
    step('3.lasso.foldSeed', '');
    step('3.lasso.thresh', '1e-12');
    step('0.icc.id', 'site_id');
    step('0.icc.form', 'icc1');
    raw = fire(find(raw, 'form-models.0.addStep')!, { value: 'stepwise' }, captured)!;
    step('4.stepwise.method', 'spss_forward_wald');
    const spec = parseStudySpec(raw);
    expect(spec.models[0]!.selection![3]).toEqual({ lasso: { folds: 5, foldSeed: undefined, foldColumn: 'fold', measure: 'deviance', lambda: 'min', thresh: 1e-12 } });
    expect(spec.models[0]!.selection![0]).toEqual({ icc: { reader2: 'studyB_reader2.csv', cutoff: 0.75, id: 'site_id', form: 'icc1' } });
    expect(spec.models[0]!.selection![4]).toEqual({ stepwise: { entry: 0.05, removal: 0.1, method: 'spss_forward_wald' } });
    // emptied optional fields leave study.json
    step('3.lasso.thresh', '');
    step('0.icc.id', '');
    const lasso = ((raw.models as RawModel[])[0]!.selection as Record<string, Record<string, unknown>>[])[3]!.lasso!;
    expect('thresh' in lasso).toBe(false);
    expect('id' in ((raw.models as RawModel[])[0]!.selection as Record<string, Record<string, unknown>>[])[0]!.icc!).toBe(false);
  });

  it('names the LASSO field in words: thresh out of range, a fold column next to a seed (en and zh)', () => {
    let raw = setAt(studyB, ['models', 0, 'selection', 3, 'lasso', 'thresh'], 2) as Raw;
    raw = setAt(raw, ['models', 0, 'selection', 3, 'lasso', 'foldColumn'], 'fold') as Raw;
    const en = renderToString(<PipelineForm raw={raw} columns={[...cols, 'pcr', 'split']} cohortSplit={null} nRows={0} readers={['studyB_reader2.csv']} lang="en" onChange={() => undefined} />);
    expect(en).toContain('Model &quot;radiomics_lasso&quot;: LASSO convergence thresh 2 must be above 0 and at most 1');
    expect(en).toContain('LASSO has both a fold seed and the fold column &quot;fold&quot;; the column is used and the seed ignored');
    const zh = renderToString(<PipelineForm raw={raw} columns={[...cols, 'pcr', 'split']} cohortSplit={null} nRows={0} readers={['studyB_reader2.csv']} lang="zh" onChange={() => undefined} />);
    expect(zh).toContain('LASSO 收敛阈值 2 必须大于 0 且不超过 1');
    expect(zh).toContain('分折列 &quot;fold&quot;');
  });

  it('a CV block typed and cleared again leaves study.json as it was (no empty "cv": {})', () => {
    const typed = fire(find(studyA as Raw, 'form-cv.folds')!, { value: '5' }, captured)!;
    expect(typed.cv).toEqual({ folds: 5 });
    const cleared = fire(find(typed, 'form-cv.folds')!, { value: '' }, captured)!;
    expect(JSON.stringify(cleared)).toBe(JSON.stringify(studyA));
  });

  it('the random split\'s stratify box writes false / true', () => {
    const raw = setAt(studyA, ['split'], { random: { fraction: 0.7, stratify: true, seed: 1 } }) as Raw;
    const off = fire(find(raw, 'form-split.random.stratify')!, { checked: false }, captured)!;
    expect(parseStudySpec(off).split).toEqual({ random: { fraction: 0.7, stratify: false, seed: 1 } });
  });
});
