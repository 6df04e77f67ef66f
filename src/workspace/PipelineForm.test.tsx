import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import studyB from '../../examples/studyB.json';
import { PipelineForm } from './PipelineForm.tsx';
import type { Raw } from './pipelineForm.ts';

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
