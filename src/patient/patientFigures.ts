/**
 * The patient view's two figures as pure Plotly descriptions (rendered and exported as PNG / SVG
 * by src/panels/Figure.tsx):
 * - waterfall of the contributions βⱼ·(xⱼ − x̄ⱼ) on the log-odds scale, from the training-mean
 *   patient's log-odds to this patient's (the bars add up exactly);
 * - histogram of the training patients' predicted probabilities with this patient and the
 *   risk cut-off marked.
 */
import type { Data, Layout, Shape } from 'plotly.js-dist-min';
import type { Lang } from '../i18n/catalogue.ts';
import type { CardPrediction } from '../modelcard/applyModelCard.ts';
import { FONT_FAMILY, journalAxis, PALETTE } from '../panels/journalStyle.ts';
import { patientText } from './patientText.ts';

export interface PatientFigure {
  data: Data[];
  layout: Partial<Layout>;
}

const base = (title: string): Partial<Layout> => ({
  title: { text: title, font: { size: 14 } },
  font: { family: FONT_FAMILY, size: 12, color: '#000' },
  paper_bgcolor: '#fff',
  plot_bgcolor: '#fff',
  showlegend: false,
  margin: { l: 70, r: 20, t: 50, b: 60 },
});

/** Waterfall: baseline, one bar per term (largest |contribution| first), this patient's total. */
export function waterfallFigure(r: CardPrediction, lang: Lang): PatientFigure {
  if (!r.contributions || r.baseline_log_odds === null) throw new Error('this model has no contributions (KNN: see the nearest neighbours)');
  const cs = r.contributions.slice().sort((a, b) => Math.abs(b.logOdds) - Math.abs(a.logOdds));
  const x = [patientText(lang, 'patient.fig.baseline'), ...cs.map((c) => c.term.replace(/^radscore:/, 'Rad-score ')), patientText(lang, 'patient.fig.total')];
  const y = [r.baseline_log_odds, ...cs.map((c) => c.logOdds), 0];
  const measure = ['absolute', ...cs.map(() => 'relative'), 'total'];
  const trace = {
    type: 'waterfall', orientation: 'v', x, y, measure,
    text: y.map((v, i) => (i === y.length - 1 ? (r.eta ?? 0).toFixed(2) : v.toFixed(2))), textposition: 'outside',
    increasing: { marker: { color: PALETTE[1] } }, decreasing: { marker: { color: PALETTE[0] } }, totals: { marker: { color: '#555' } },
    connector: { line: { color: '#999', width: 1 } },
  } as unknown as Data;
  return {
    data: [trace],
    layout: { ...base(patientText(lang, 'patient.fig.waterfall')), xaxis: journalAxis('', { tickangle: -35 }), yaxis: journalAxis(patientText(lang, 'patient.fig.logOdds')) },
  };
}

/** Training predictions (histogram, 20 bins on 0–1), this patient and the cut-off as lines. */
export function distributionFigure(trainingPredictions: readonly number[], r: CardPrediction, lang: Lang): PatientFigure {
  const line = (x: number, color: string, dash: 'solid' | 'dash'): Partial<Shape> => ({ type: 'line', xref: 'x', yref: 'paper', x0: x, x1: x, y0: 0, y1: 1, line: { color, width: 2, dash } });
  return {
    data: [{ type: 'histogram', x: trainingPredictions.slice(), xbins: { start: 0, end: 1, size: 0.05 }, marker: { color: '#bbb', line: { color: '#666', width: 1 } } } as Data],
    layout: {
      ...base(patientText(lang, 'patient.fig.distribution')),
      xaxis: journalAxis(patientText(lang, 'patient.fig.probability'), { range: [0, 1] }),
      yaxis: journalAxis(patientText(lang, 'patient.fig.count')),
      shapes: [line(r.p, PALETTE[1]!, 'solid'), line(r.threshold, '#000', 'dash')],
      annotations: [
        { x: r.p, y: 1, xref: 'x', yref: 'paper', text: patientText(lang, 'patient.fig.thisPatient'), showarrow: false, yanchor: 'bottom', xanchor: r.p > 0.8 ? 'right' : r.p < 0.2 ? 'left' : 'center', font: { color: PALETTE[1] } },
        { x: r.threshold, y: 0.9, xref: 'x', yref: 'paper', text: patientText(lang, 'patient.fig.threshold'), showarrow: false, xanchor: 'left' },
      ],
    },
  };
}
