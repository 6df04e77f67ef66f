/**
 * Pipeline steps not exercised by the example specs, and the study CLI's exit codes.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../stats/fixtures/core/readFixture.ts';
import stepRef from '../stats/fixtures/core/stepwise.json' with { type: 'json' };
import { run } from '../cli/studyCommand.ts';
import { parseCohortCsv } from './csv.ts';
import { runStudy } from './runStudy.ts';
import { parseStudySpec } from './spec.ts';
import { SHARED_DIR } from '../testing/sharedData.ts';

const COHORTS = `${SHARED_DIR}/data/cohorts`;

describe('stepwise step (SPSS Forward: LR) inside a pipeline', () => {
  it('selects what R selects on Study A training rows, and the refitted model is the final model', () => {
    const A = parseCohortCsv(readFileSync(`${COHORTS}/studyA.csv`, 'utf8'), 'studyA.csv');
    const spec = parseStudySpec({
      outcome: 'resistant',
      split: { column: 'split', train: 'train', validation: 'validation' },
      models: [{ name: 'sw', type: 'logistic', predictors: stepRef.candidates, selection: [{ stepwise: { entry: 0.05, removal: 0.1, method: 'spss_forward_lr' } }] }],
    });
    const m = runStudy(A, spec).models.sw!;
    const entered = stepRef.spss_forward_lr.trace.filter((t) => t.action === 'enter').map((t) => t.variable);
    expect(m.selected[0]!.kept).toEqual(entered);
    expect(m.coefficients!.map((c) => c.name)).toEqual(['(Intercept)', ...entered]);
    const trace = (m.selected[0]!.details!.trace as { p: number }[]);
    trace.forEach((t, i) => expectClose(t.p, stepRef.spss_forward_lr.trace[i]!.p, 1e-6, `step ${i + 1} p`));
    m.coefficients!.forEach((c, j) => expectClose(c.beta, stepRef.spss_forward_lr.final.beta[j]!, 1e-6, `β ${c.name}`));
  });
});

describe('study CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'study-cli-'));
  const write = (name: string, v: unknown): string => { const p = join(dir, name); writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v)); return p; };
  const spec = { outcome: 'pcr', split: { column: 'split', train: 'train', validation: 'validation' }, models: [{ name: 'clinical', type: 'knn', predictors: ['mir34a_rel'], k: 5 }] };

  it('writes results and exits 0', async () => {
    const out = join(dir, 'ok.json');
    const code = await run(['--data', `${COHORTS}/studyB.csv`, '--spec', write('ok.spec.json', spec), '--out', out, '--quiet']);
    expect(code).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    expect(res.models.clinical.validation.n).toBe(18);
  });
  it('bad spec or data: exit 2, nothing written', async () => {
    const before = readdirSync(dir).length;
    const out = join(dir, 'bad.json');
    expect(await run(['--data', `${COHORTS}/studyB.csv`, '--spec', write('bad1.spec.json', { ...spec, outcome: 'age' }), '--out', out, '--quiet'])).toBe(2);
    expect(await run(['--data', `${COHORTS}/studyB.csv`, '--spec', write('bad2.spec.json', { ...spec, models: [{ name: 'c', type: 'knn', predictors: ['nope'], k: 5 }] }), '--out', out, '--quiet'])).toBe(2);
    expect(await run(['--data', `${COHORTS}/studyB.csv`, '--spec', write('bad3.spec.json', '{ not json'), '--out', out, '--quiet'])).toBe(2);
    expect(await run(['--data', join(dir, 'missing.csv'), '--spec', join(dir, 'ok.spec.json'), '--out', out, '--quiet'])).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).length).toBe(before + 3); // only the three spec files written by this test
  });
});

describe('fitted parameters and the LASSO path report', () => {
  it('Study B LASSO: the path holds every feature non-zero at some λ, and at the chosen λ equals the model; params are the model', () => {
    const B = parseCohortCsv(readFileSync(`${COHORTS}/studyB.csv`, 'utf8'), 'studyB.csv');
    const spec = parseStudySpec({
      outcome: 'pcr',
      split: { column: 'split', train: 'train', validation: 'validation' },
      models: [{ name: 'lasso', type: 'logistic', predictors: { pattern: '^original_(glcm|shape)' }, selection: [{ lasso: { folds: 5, foldSeed: 101, measure: 'deviance', lambda: 'min' } }] }],
    });
    const m = runStudy(B, spec).models.lasso!;
    const path = m.lasso!.path;
    expect(path.beta.length).toBe(path.names.length);
    path.beta.forEach((b, j) => {
      expect(b.length, path.names[j]).toBe(m.lasso!.lambda.length);
      expect(b.some((v) => v !== 0), path.names[j]).toBe(true);
    });
    const at = m.lasso!.index_min - 1;
    const nonzero = path.names.filter((_, j) => path.beta[j]![at] !== 0);
    expect(nonzero).toEqual(m.features);
    const p = m.params!;
    if (p.kind !== 'lasso') throw new Error(`expected LASSO params, got ${p.kind}`);
    expect(p.terms).toEqual(m.features);
    p.terms.forEach((t, j) => expect(p.beta[j]).toBe(path.beta[path.names.indexOf(t)]![at]));
    expect(p.lambda).toBe(m.lasso!.lambda_min);
    expect(p.n_train).toBe(75);
  });
});
