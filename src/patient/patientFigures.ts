/**
 * The patient view's two figures as pure Plotly descriptions (rendered and exported as PNG / SVG
 * by src/panels/Figure.tsx):
 * - waterfall of the contributions βⱼ·(xⱼ − x̄ⱼ) on the log-odds scale, from the training-mean
 *   patient's log-odds to this patient's (the bars add up exactly);
 * - histogram (counted bins drawn as bars) of the training patients' predicted probabilities with this patient and the
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

/**
 * Waterfall: baseline, one bar per term (largest |contribution| first), this patient's total.
 * Drawn as floating bars (Plotly's basic bundle has no waterfall trace, src/panels/plotlyLoader.ts):
 * the baseline and the total stand on 0, each term's bar spans from the running log-odds before it
 * (`base`) to the one after it, and thin connectors join consecutive levels.
 */
export function waterfallFigure(r: CardPrediction, lang: Lang): PatientFigure {
  if (!r.contributions || r.baseline_log_odds === null) throw new Error('this model has no contributions (KNN: see the nearest neighbours)');
  const cs = r.contributions.slice().sort((a, b) => Math.abs(b.logOdds) - Math.abs(a.logOdds));
  const x = [patientText(lang, 'patient.fig.baseline'), ...cs.map((c) => c.term.replace(/^radscore:/, 'Rad-score ')), patientText(lang, 'patient.fig.total')];
  const eta = r.eta ?? 0;
  // y: bar heights (the baseline, each contribution, the total); base: where each bar starts
  const y = [r.baseline_log_odds, ...cs.map((c) => c.logOdds), eta];
  const baseAt = [0];
  let level = r.baseline_log_odds;
  for (const c of cs) {
    baseAt.push(level);
    level += c.logOdds;
  }
  baseAt.push(0);
  const color = y.map((v, i) => (i === 0 || i === y.length - 1 ? '#555' : v >= 0 ? PALETTE[1]! : PALETTE[0]!));
  const trace = {
    type: 'bar', x, y, base: baseAt,
    marker: { color },
    text: y.map((v) => v.toFixed(2)), textposition: 'outside', cliponaxis: false,
    hovertemplate: '%{x}: %{text}<extra></extra>',
  } as unknown as Data;
  // connectors at the level reached after each bar (bars are 0.8 category wide: from i + 0.4 to i + 0.6)
  const connectors: Partial<Shape>[] = y.slice(0, -1).map((_, i) => {
    const after = baseAt[i]! + y[i]!;
    return { type: 'line', xref: 'x', yref: 'y', x0: i + 0.4, x1: i + 0.6, y0: after, y1: after, line: { color: '#999', width: 1 } };
  });
  return {
    data: [trace],
    layout: {
      ...base(patientText(lang, 'patient.fig.waterfall')),
      xaxis: journalAxis('', { tickangle: -35 }),
      yaxis: journalAxis(patientText(lang, 'patient.fig.logOdds')),
      shapes: connectors,
      bargap: 0.2,
    },
  };
}

/** Width of the distribution's probability bins. */
export const DISTRIBUTION_BIN = 0.05;

/**
 * Counts of the probabilities in the 20 bins [k/20, (k+1)/20) on 0–1, the last bin closed
 * (a probability of exactly 1 counts in it).
 */
export function probabilityBins(p: readonly number[]): number[] {
  const bins = Math.round(1 / DISTRIBUTION_BIN);
  const counts = new Array<number>(bins).fill(0);
  for (const v of p) {
    if (!(v >= 0 && v <= 1)) continue;
    // the bin whose edges k / 20 ≤ v < (k + 1) / 20 hold v, the edges as doubles (0.95 / 0.05 is 18.999…)
    let k = Math.floor(v * bins);
    if (v < k / bins) k -= 1;
    else if (v >= (k + 1) / bins) k += 1;
    counts[Math.min(bins - 1, k)]! += 1;
  }
  return counts;
}

/** Training predictions (histogram of 20 bins on 0–1, as bars of counted bins), this patient and the cut-off as lines. */
export function distributionFigure(trainingPredictions: readonly number[], r: CardPrediction, lang: Lang): PatientFigure {
  const line = (x: number, color: string, dash: 'solid' | 'dash'): Partial<Shape> => ({ type: 'line', xref: 'x', yref: 'paper', x0: x, x1: x, y0: 0, y1: 1, line: { color, width: 2, dash } });
  const counts = probabilityBins(trainingPredictions);
  const centres = counts.map((_, k) => (k + 0.5) * DISTRIBUTION_BIN);
  return {
    data: [{ type: 'bar', x: centres, y: counts, width: counts.map(() => DISTRIBUTION_BIN), marker: { color: '#bbb', line: { color: '#666', width: 1 } }, hovertemplate: '%{x:.3f} ± 0.025: %{y}<extra></extra>' } as Data],
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
