/**
 * LASSO figures of one model, as glmnet's plot() and plot.cv.glmnet() draw them:
 * (a) coefficient profiles against log(λ) (natural log), (b) the cross-validation curve — cvm with
 * ± cvsd error bars against log(λ) — with dotted vertical lines at λ.min and λ.1se; and the table of
 * selected features with the Rad-score formula (from the model's coefficients).
 */
import { useCallback } from 'react';
import type { Annotation, Data, Shape } from 'plotly.js-dist-min';
import type { Lang } from '../i18n/catalogue.ts';
import type { LassoResult, ModelResult } from './resultsShape.ts';
import { Figure, type FigureSpec } from './Figure.tsx';
import { colorFor, journalAxis, journalLayout } from './journalStyle.ts';
import { panelTranslator, type PanelT } from './panelText.ts';
import { DataTable } from './DataTable.tsx';
import { radscoreSpec } from './studyTables.ts';
import { studyText } from './studyText.ts';

function checkLasso(l: LassoResult, model: string): void {
  const n = l.lambda.length;
  if (l.cvm.length !== n || l.cvsd.length !== n) throw new Error(`LASSO of model '${model}': ${n} λ values but ${l.cvm.length} cvm and ${l.cvsd.length} cvsd`);
  for (let i = 0; i < n; i++) if (!(l.lambda[i] > 0)) throw new Error(`LASSO of model '${model}': λ[${i}] = ${l.lambda[i]} is not positive`);
}

/** Vertical dotted lines at log λ.min and log λ.1se with their labels at the top. */
function lambdaMarks(l: LassoResult, t: PanelT): { shapes: Partial<Shape>[]; annotations: Partial<Annotation>[] } {
  const marks = [
    { x: Math.log(l.lambda_min), label: t('panels.lasso.min'), anchor: 'right' as const },
    { x: Math.log(l.lambda_1se), label: t('panels.lasso.1se'), anchor: 'left' as const },
  ];
  return {
    shapes: marks.map((m) => ({ type: 'line', xref: 'x', yref: 'paper', x0: m.x, x1: m.x, y0: 0, y1: 1, line: { color: '#000', width: 1, dash: 'dot' } })),
    annotations: marks.map((m) => ({ xref: 'x', yref: 'paper', x: m.x, y: 1, yanchor: 'bottom', xanchor: m.anchor, text: m.label, showarrow: false, font: { size: 11 } })),
  };
}

export function buildLassoPathFigure(model: ModelResult, lang: Lang): FigureSpec {
  const t = panelTranslator(lang);
  const l = model.lasso;
  if (!l) throw new Error(`model '${model.name}' has no LASSO results`);
  checkLasso(l, model.name);
  const path = l.path;
  if (!path) throw new Error(`LASSO of model '${model.name}': the results hold no coefficient path`);
  path.beta.forEach((b, j) => {
    if (b.length !== l.lambda.length) throw new Error(`LASSO path of model '${model.name}': feature '${path.names[j]}' has ${b.length} coefficients for ${l.lambda.length} λ values`);
  });
  const x = l.lambda.map(Math.log);
  const data: Data[] = path.beta.map((b, j) => ({
    type: 'scatter',
    mode: 'lines',
    x,
    y: b,
    name: path.names[j],
    line: { color: colorFor(j), width: 1.2 },
    showlegend: false,
    hovertemplate: `${path.names[j]}<br>log λ %{x:.2f}: %{y:.3g}<extra></extra>`,
  }));
  const marks = lambdaMarks(l, t);
  return {
    data,
    layout: journalLayout({
      title: t('panels.lasso.pathTitle'),
      x: journalAxis(t('panels.lasso.x')),
      y: journalAxis(t(path.standardized ? 'panels.lasso.yPathStd' : 'panels.lasso.yPath'), { zeroline: true, zerolinecolor: '#bbb', zerolinewidth: 1 }),
      extra: { shapes: marks.shapes, annotations: marks.annotations, showlegend: false, margin: { l: 70, r: 20, t: 60, b: 60 } },
    }),
  };
}

export function buildLassoCvFigure(model: ModelResult, lang: Lang): FigureSpec {
  const t = panelTranslator(lang);
  const l = model.lasso;
  if (!l) throw new Error(`model '${model.name}' has no LASSO results`);
  checkLasso(l, model.name);
  const x = l.lambda.map(Math.log);
  const data: Data[] = [
    {
      type: 'scatter',
      mode: 'markers',
      x,
      y: l.cvm,
      name: t('panels.lasso.cv'),
      marker: { color: '#D55E00', size: 5 },
      error_y: { type: 'data', array: l.cvsd, visible: true, color: '#9e9e9e', thickness: 0.8, width: 1.5 },
      hovertemplate: 'log λ %{x:.2f}: %{y:.4f}<extra></extra>',
    },
  ];
  const marks = lambdaMarks(l, t);
  return {
    data,
    layout: journalLayout({
      title: l.folds !== undefined ? studyText(lang, 'study.lasso.cvTitle', { folds: l.folds }) : t('panels.lasso.cvTitle'),
      x: journalAxis(t('panels.lasso.x')),
      y: journalAxis(t(l.measure === 'auc' ? 'panels.lasso.yAuc' : 'panels.lasso.yDeviance')),
      extra: { shapes: marks.shapes, annotations: marks.annotations, showlegend: false, margin: { l: 70, r: 20, t: 60, b: 60 } },
    }),
  };
}

export function LassoPanel({ model, lang }: { model: ModelResult; lang?: Lang }) {
  const buildPath = useCallback((l: Lang) => buildLassoPathFigure(model, l), [model]);
  const buildCv = useCallback((l: Lang) => buildLassoCvFigure(model, l), [model]);
  const buildRadscore = useCallback((l: Lang) => radscoreSpec(model, l), [model]);
  const t = panelTranslator(lang ?? 'en');
  if (!model.lasso) return <p>{t('panels.noLasso')}</p>;
  return (
    <div className="panel-pair" style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
      {model.lasso.path ? <Figure build={buildPath} fileName={`lasso_path_${model.name}`} lang={lang} testId={`lasso-path-${model.name}`} /> : <p>{t('panels.noPath')}</p>}
      <Figure build={buildCv} fileName={`lasso_cv_${model.name}`} lang={lang} testId={`lasso-cv-${model.name}`} />
      {model.coefficients && <DataTable build={buildRadscore} fileName={`radscore_${model.name}`} lang={lang} testId={`radscore-${model.name}`} />}
    </div>
  );
}
