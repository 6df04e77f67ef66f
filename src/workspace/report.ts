/**
 * The study report as one self-contained HTML file: every table (HTML, with its CSV as a data: link)
 * and every figure (inline SVG, made by Plotly.toImage), the spec that ran (the study.json the CLI
 * reruns), software version, seeds, SHA-256 of the cohort data, date, in English or Chinese.
 * No script, no external resource: it opens offline. Pure except `sha256Hex` (crypto.subtle,
 * present in browsers, workers and Node ≥ 20).
 */
import type { Lang } from '../i18n/catalogue.ts';
import type { StudyResults as RunnerResults } from '../modelling/runStudy.ts';
import type { StudySpec } from '../modelling/spec.ts';
import { buildCalibrationFigure } from '../panels/CalibrationPanel.tsx';
import { buildDecisionCurveFigure } from '../panels/DecisionCurvePanel.tsx';
import type { FigureSpec } from '../panels/Figure.tsx';
import { buildForestFigure, forestRows } from '../panels/ForestPlotPanel.tsx';
import { honestSpec } from '../panels/honestValidation.tsx';
import { buildLassoCvFigure, buildLassoPathFigure } from '../panels/LassoPanel.tsx';
import type { StudyResults } from '../panels/resultsShape.ts';
import { buildRocFigure } from '../panels/RocPanel.tsx';
import { studyTranslator } from '../panels/studyText.ts';
import { bootstrapSpec, performanceSpec, radscoreSpec } from '../panels/studyTables.ts';
import { tableToCsv, type TableSpec } from '../panels/tableSpec.ts';

/** Lower-case hex SHA-256 of a text's UTF-8 bytes. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Every seed the spec uses, named by where it is (split, LASSO folds per model, CV, bootstrap). */
export function seedsOf(spec: StudySpec): { where: string; seed: number }[] {
  const out: { where: string; seed: number }[] = [];
  if ('random' in spec.split) out.push({ where: 'split.random.seed', seed: spec.split.random.seed });
  spec.models.forEach((m) => (m.selection ?? []).forEach((s) => {
    if ('lasso' in s && s.lasso.foldSeed !== undefined) out.push({ where: `models.${m.name}.lasso.foldSeed`, seed: s.lasso.foldSeed });
  }));
  if (spec.cv) out.push({ where: 'cv.seed', seed: spec.cv.seed });
  if (spec.bootstrap) out.push({ where: 'bootstrap.seed', seed: spec.bootstrap.seed });
  return out;
}

export interface NamedFigure { name: string; spec: FigureSpec }

/**
 * The caption of a report figure from its name (`roc_train`, `calibration_validation`,
 * `dca_train`, `lasso_path_<model>`, `lasso_cv_<model>`, `forest_<model>`), e.g. "ROC curves,
 * training set"; an unknown name gives "Figure <n>: <name>".
 */
export function figureCaption(name: string, lang: Lang, n = 0): string {
  const t = studyTranslator(lang);
  const split = (s: string) => (s === 'train' ? t('study.report.split.train') : s === 'validation' ? t('study.report.split.validation') : s);
  let m: RegExpExecArray | null;
  if ((m = /^(roc|calibration|dca)_(train|validation)$/.exec(name))) {
    const key = m[1] === 'roc' ? 'study.report.fig.roc' : m[1] === 'calibration' ? 'study.report.fig.calibration' : 'study.report.fig.dca';
    return t(key, { split: split(m[2]!) });
  }
  if ((m = /^lasso_path_(.+)$/.exec(name))) return t('study.report.fig.lassoPath', { model: m[1]! });
  if ((m = /^lasso_cv_(.+)$/.exec(name))) return t('study.report.fig.lassoCv', { model: m[1]! });
  if ((m = /^forest_(.+)$/.exec(name))) return t('study.report.fig.forest', { model: m[1]! });
  return `${t('study.report.fig.figure', { n })}: ${name}`;
}

/** The figures the tab draws, as specs in one language (a figure that cannot be built is left out with its reason). */
export function reportFigures(shown: StudyResults, lang: Lang): { figures: NamedFigure[]; skipped: string[] } {
  const figures: NamedFigure[] = [];
  const skipped: string[] = [];
  const add = (name: string, build: () => FigureSpec) => {
    try {
      figures.push({ name, spec: build() });
    } catch (e) {
      skipped.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const models = shown.models;
  const splits = models.some((m) => m.validation) ? (['train', 'validation'] as const) : (['train'] as const);
  for (const s of splits) add(`roc_${s}`, () => buildRocFigure(models, s, lang));
  for (const s of splits) add(`calibration_${s}`, () => buildCalibrationFigure(models, s, lang));
  for (const s of splits) add(`dca_${s}`, () => buildDecisionCurveFigure(models, s, lang));
  for (const m of models) {
    if (!m.lasso) continue;
    if (m.lasso.path) add(`lasso_path_${m.name}`, () => buildLassoPathFigure(m, lang));
    add(`lasso_cv_${m.name}`, () => buildLassoCvFigure(m, lang));
  }
  for (const m of models) {
    let rows = 0;
    try { rows = forestRows(m.coefficients ?? [], m.name).length; } catch { rows = 0; }
    if (rows > 0) add(`forest_${m.name}`, () => buildForestFigure(m.coefficients!, m.name, lang));
  }
  return { figures, skipped };
}

/** The tables the tab shows that need no cohort (Table 1 and univariable fits are passed in as `extra`). */
export function reportTables(shown: StudyResults, lang: Lang, extra: readonly TableSpec[] = []): TableSpec[] {
  const models = shown.models;
  const out: TableSpec[] = [...extra, performanceSpec(models, shown.comparisons, models[0]?.name, lang)];
  if (models.some((m) => m.bootstrap)) out.push(bootstrapSpec(models, lang), honestSpec(models, lang));
  for (const m of models) if (m.lasso && m.coefficients) out.push(radscoreSpec(m, lang));
  return out;
}

const escText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const esc = (s: string) => escText(s).replace(/"/g, '&quot;');

/** A figure's SVG text from Plotly.toImage's data URL (`data:image/svg+xml,<url-encoded>`). */
export function svgFromDataUrl(url: string): string {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:image/svg+xml') || comma < 0) throw new Error(`not an SVG data URL: ${url.slice(0, 40)}…`);
  const body = url.slice(comma + 1);
  return url.slice(0, comma).endsWith(';base64') ? atob(body) : decodeURIComponent(body);
}

function tableHtml(t: TableSpec, index: number): string {
  const head: string[] = [];
  if (t.groups && t.groups.some((g) => g.label)) head.push(`<tr>${t.groups.map((g) => `<th colspan="${g.span}">${esc(g.label)}</th>`).join('')}</tr>`);
  head.push(`<tr>${t.headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`);
  const body = t.rows.map((r) => `<tr>${r.cells.map((c, i) => `<td${i === 0 && r.indent ? ' class="indent"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  const csv = `data:text/csv;charset=utf-8,${encodeURIComponent('\ufeff' + tableToCsv(t))}`;
  const notes = (t.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>`).join('');
  return `<section class="table" id="table-${index + 1}"><h3>${esc(t.title)}</h3><table>\n<thead>${head.join('')}</thead>\n<tbody>\n${body}\n</tbody></table>${notes}<p class="csv"><a download="table_${index + 1}.csv" href="${csv}">CSV</a></p></section>`;
}

export interface ReportInput {
  lang: Lang;
  results: RunnerResults;
  tables: readonly TableSpec[];
  figures: readonly { name: string; svg: string }[];
  software: string;
  dataSha256: string | null;
  generatedAt: string;
}

/** The report: one HTML document, no script, no external reference. */
export function reportHtml(r: ReportInput): string {
  const t = studyTranslator(r.lang);
  const spec = JSON.stringify(r.results.spec, null, 2);
  const seeds = seedsOf(r.results.spec).map((s) => `${esc(s.where)} = ${s.seed}`).join('<br>');
  const s = r.results.split;
  return `<!doctype html>
<html lang="${r.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(t('study.report.title'))} — ${esc(r.results.data.source)}</title>
<style>
body { font-family: Arial, Helvetica, "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff; max-width: 1100px; margin: 24px auto; padding: 0 16px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { padding: 3px 10px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead tr:last-child th { border-bottom: 1px solid #000; }
table { border-top: 2px solid #000; border-bottom: 2px solid #000; }
td.indent { padding-left: 24px; }
.note { font-size: 12px; margin: 2px 0; }
figure { margin: 16px 0; }
figcaption { font-size: 12px; }
pre { background: #f6f6f6; padding: 8px; font-size: 12px; overflow-x: auto; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: 13px; }
dt { font-weight: bold; }
</style>
</head>
<body>
<h1>${esc(t('study.report.title'))}</h1>
<dl>
<dt>${esc(t('study.report.generated'))}</dt><dd data-k="date">${esc(r.generatedAt)}</dd>
<dt>${esc(t('study.report.software'))}</dt><dd data-k="software">${esc(r.software)}</dd>
<dt>${esc(t('study.report.data'))}</dt><dd>${esc(r.results.data.source)}: ${r.results.data.rows} × ${r.results.data.columns}; ${s.kind}: ${s.train} (${s.train_events}) / ${s.validation} (${s.validation_events})</dd>
<dt>${esc(t('study.report.sha'))}</dt><dd data-k="sha256"><code>${esc(r.dataSha256 ?? '—')}</code></dd>
<dt>${esc(t('study.report.seeds'))}</dt><dd data-k="seeds">${seeds || '—'}</dd>
</dl>
<h2>${esc(t('study.report.tables'))}</h2>
${r.tables.map(tableHtml).join('\n')}
<h2>${esc(t('study.report.figures'))}</h2>
${r.figures.map((f, i) => `<figure id="figure-${i + 1}" data-name="${esc(f.name)}">${f.svg.replace(/^<\?xml[^>]*>/, '')}<figcaption>${esc(t('study.report.fig.figure', { n: i + 1 }))}${r.lang === 'zh' ? '　' : '. '}${esc(figureCaption(f.name, r.lang, i + 1))}</figcaption></figure>`).join('\n')}
<h2>${esc(t('study.report.spec'))}</h2>
<pre data-k="spec">${escText(spec)}</pre>
<p>${esc(t('study.report.rerun'))}: <code>npm run -s cli -- study --data ${esc(r.results.data.source)} --spec study.json --out results.json</code></p>
</body>
</html>
`;
}
