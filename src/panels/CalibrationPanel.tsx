/**
 * Calibration curves on one split: observed event rate against mean predicted probability in the
 * Hosmer-Lemeshow decile bins (stats/hosmerLemeshow.ts, so the points are the bins the χ² is
 * computed on), the ideal diagonal, and per model an annotation with HL χ² and P, calibration slope,
 * intercept and Brier score as the study runner reported them.
 */
import { useCallback } from 'react';
import type { Annotation, Data } from 'plotly.js-dist-min';
import type { Lang } from '../i18n/catalogue.ts';
import type { ModelResult, SplitName } from './resultsShape.ts';
import { Figure, type FigureSpec } from './Figure.tsx';
import { colorFor, journalAxis, journalLayout } from './journalStyle.ts';
import { panelTranslator } from './panelText.ts';
import { formatFixed, formatPClause } from './format.ts';
import { pairOutcomes } from './predictionOutcomes.ts';
import { modelsOn } from './RocPanel.tsx';
import { calibrationPoints } from './calibrationSeries.ts';

const SYMBOLS = ['circle', 'square', 'diamond', 'triangle-up', 'triangle-down', 'cross'] as const;

export function buildCalibrationFigure(models: readonly ModelResult[], split: SplitName, lang: Lang, outcomes?: ReadonlyMap<string, number>): FigureSpec {
  const t = panelTranslator(lang);
  const data: Data[] = [
    { type: 'scatter', mode: 'lines', x: [0, 1], y: [0, 1], name: t('panels.cal.ideal'), line: { color: '#7f7f7f', width: 1, dash: 'dash' }, hoverinfo: 'skip' },
  ];
  const notes: string[] = [];
  for (const { model, index } of modelsOn(models, split)) {
    const s = model[split]!;
    const { p, y } = pairOutcomes(s.predictions, `calibration of model '${model.name}' (${split})`, outcomes);
    const pts = calibrationPoints(p, y);
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      x: pts.predicted,
      y: pts.observed,
      name: model.name,
      line: { color: colorFor(index), width: 1.5 },
      marker: { color: colorFor(index), size: 7, symbol: SYMBOLS[index % SYMBOLS.length] },
      hovertemplate: `${model.name}<br>%{x:.3f} → %{y:.3f}<extra></extra>`,
    });
    const hl = s.hosmer_lemeshow;
    const c = s.calibration;
    notes.push(
      t('panels.cal.note', {
        model: model.name,
        chi2: formatFixed(hl?.chi2, 2),
        p: formatPClause(hl?.p),
        slope: formatFixed(c?.slope, 2),
        intercept: formatFixed(c?.intercept, 2),
        brier: formatFixed(c?.brier, 3),
      }),
    );
  }
  const note: Partial<Annotation> = {
    // below the x-axis title, one line per model: inside the axes it covered points at observed 1.0
    xref: 'paper',
    yref: 'paper',
    x: 0,
    y: 0,
    yshift: -50,
    xanchor: 'left',
    yanchor: 'top',
    align: 'left',
    showarrow: false,
    text: notes.join('<br>'),
    font: { size: 10 },
  };
  const unit = { range: [-0.01, 1.01] as [number, number], dtick: 0.2, tickformat: '.1f' };
  return {
    data,
    layout: journalLayout({
      title: t(split === 'train' ? 'panels.train' : 'panels.validation'),
      x: journalAxis(t('panels.cal.x'), { ...unit, constrain: 'domain' }),
      y: journalAxis(t('panels.cal.y'), { ...unit, scaleanchor: 'x', scaleratio: 1, constrain: 'domain' }),
      legendCorner: 'bottom-right',
      extra: { annotations: [note], margin: { l: 70, r: 20, t: 44, b: 64 + 14 * notes.length } },
    }),
  };
}

export interface CalibrationPanelProps {
  models: readonly ModelResult[];
  split: SplitName;
  lang?: Lang;
  outcomes?: ReadonlyMap<string, number>;
}

export function CalibrationPanel({ models, split, lang, outcomes }: CalibrationPanelProps) {
  const build = useCallback((l: Lang) => buildCalibrationFigure(models, split, l, outcomes), [models, split, outcomes]);
  return <Figure build={build} fileName={`calibration_${split}`} lang={lang} testId={`calibration-${split}`} />;
}
