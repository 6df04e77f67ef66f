/**
 * The Study tab: the cohort table (CohortPanel), a study.json editor (Study A / B examples, checked
 * with parseStudySpec as you type, bootstrap count editable), Run in the modelling worker with
 * progress and Cancel, then every study figure and table drawn from the runner's results
 * (fromStudyResults with the cohort's outcomes), and exports of results.json and study.json for
 * `npm run -s cli -- study`. The last pipeline and results are kept in IndexedDB.
 */
import { Component, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import studyA from '../../examples/studyA.json';
import studyB from '../../examples/studyB.json';
import { distinctLevels } from '../cohort/columnTypes.ts';
import { CohortPanel } from '../cohort/ui/CohortPanel.tsx';
import type { Lang } from '../i18n/catalogue.ts';
import type { StudyProgress, StudyResults } from '../modelling/runStudy.ts';
import { runStudyInWorker, StudyWorkerError, type WorkerLike } from '../modelling/studyInWorker.ts';
import { CalibrationPanel } from '../panels/CalibrationPanel.tsx';
import { DecisionCurvePanel } from '../panels/DecisionCurvePanel.tsx';
import { downloadBlob, fileSafe } from '../panels/download.ts';
import { EXPORT_SIZE } from '../panels/journalStyle.ts';
import { loadPlotly } from '../panels/plotlyLoader.ts';
import type { TableSpec } from '../panels/tableSpec.ts';
import pkg from '../../package.json';
import { reportFigures, reportHtml, reportTables, sha256Hex, svgFromDataUrl } from './report.ts';
import { ForestPlotPanel, forestRows } from '../panels/ForestPlotPanel.tsx';
import { fromStudyResults } from '../panels/fromStudyResults.ts';
import { HonestValidationPanel } from '../panels/honestValidation.tsx';
import { LazyFigures } from '../panels/lazyFigures.tsx';
import { LassoPanel } from '../panels/LassoPanel.tsx';
import { studyText, studyTranslator } from '../panels/studyText.ts';
import { RocPanel } from '../panels/RocPanel.tsx';
import { BootstrapTablePanel, PerformanceTablePanel } from '../panels/StudyTablePanels.tsx';
import { useCohort } from '../store/cohort.ts';
import { useSettings } from '../store/settings.ts';
import { WorkspaceStore } from './persistence.ts';
import { PipelineForm } from './PipelineForm.tsx';
import { CharacteristicsSection } from './CharacteristicsSection.tsx';
import { tablesZip } from './tablesZip.ts';
import { ModelCardExport } from './ModelCardExport.tsx';
import { cohortMatchesRun } from './characteristics.ts';
import { parseRaw, type Raw } from './pipelineForm.ts';
import { bootstrapCount, checkSpecText, outcomesByPatient, readerKeys, withBootstrap } from './specText.ts';
import { workspaceTranslator, type WorkspaceT } from './workspaceText.ts';

/** A worker the workspace can run a study in and stop (a DOM Worker, or a test stand-in). */
export type StudyWorker = WorkerLike & { terminate(): void; onerror?: ((e: { message?: string }) => void) | null };

const defaultWorker = (): StudyWorker =>
  new Worker(new URL('../../workers/modelling.worker.ts', import.meta.url), { type: 'module' }) as unknown as StudyWorker;

/** After Cancel, a worker still busy inside one long step is stopped outright after this long. */
const CANCEL_GRACE_MS = 2000;

type RunState =
  | { status: 'idle' }
  | { status: 'running'; progress: StudyProgress | null }
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

const section: React.CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start', marginBottom: 24 };

let store: WorkspaceStore | null = null;
function workspaceStore(): WorkspaceStore | null {
  if (store) return store;
  if (typeof indexedDB === 'undefined') return null;
  store = new WorkspaceStore(indexedDB);
  return store;
}

/** Catches an exception thrown while drawing the results and shows it instead of a blank tab. */
class ResultsBoundary extends Component<{ t: WorkspaceT; children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  render() {
    return this.state.error ? <p role="alert" data-testid="workspace-panel-error">{this.props.t('workspace.panelError', { message: this.state.error })}</p> : this.props.children;
  }
}

export function StudyWorkspace({ createWorker = defaultWorker }: { createWorker?: () => StudyWorker }) {
  const lang = useSettings((s) => s.lang);
  const t = workspaceTranslator(lang);
  const view = useCohort((s) => s.view);
  const [specText, setSpecText] = useState('');
  const [bootstrapN, setBootstrapN] = useState('0');
  const [readers, setReaders] = useState<Record<string, { csv: string; source: string }>>({});
  const [run, setRun] = useState<RunState>({ status: 'idle' });
  const [results, setResults] = useState<StudyResults | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  const active = useRef<{ id: number; controller: AbortController; worker: StudyWorker } | null>(null);
  const runId = useRef(0);

  // The cohort panel (875 columns for Study A) must not re-render on every progress message.
  const cohortPanel = useMemo(() => <CohortPanel />, []);
  const check = useMemo(() => (specText.trim() === '' ? null : checkSpecText(specText)), [specText]);
  const n = Number(bootstrapN);
  const nOk = bootstrapN.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 1e6;
  const effective = check?.ok && nOk ? withBootstrap(check.raw, n) : null;
  const neededReaders = check?.ok ? readerKeys(check.spec) : [];
  const missingReader = neededReaders.find((k) => !readers[k]);
  const formRaw = useMemo(() => parseRaw(specText), [specText]);
  const columns = useMemo(() => (view ? view.table.names : null), [view]);
  // levels of the cohort's text columns (at most 50 levels: not an id or free text), for the form's factor reference levels
  const textLevels = useMemo(() => {
    const out: Record<string, string[]> = {};
    if (!view) return out;
    for (const [name, col] of view.table.columns) {
      if (col.kind !== 'text') continue;
      const levels = distinctLevels(col);
      if (levels.length >= 2 && levels.length <= 50) out[name] = levels;
    }
    return out;
  }, [view]);
  const onForm = useCallback((next: Raw) => setSpecText(JSON.stringify(next, null, 2)), []);

  // Restore the last pipeline and results once, then keep them.
  useEffect(() => {
    const s = workspaceStore();
    if (!s) { setRestored(true); return; }
    s.load()
      .then((r) => {
        if (r) {
          setSpecText((cur) => (cur === '' ? r.specText : cur));
          setBootstrapN(String(r.bootstrapN));
          setResults((cur) => cur ?? r.results);
          if (r.readers) setReaders((cur) => ({ ...r.readers, ...cur }));
        }
      })
      .catch((e: unknown) => setSaveError(e instanceof Error ? e.message : String(e)))
      .finally(() => setRestored(true));
  }, []);
  useEffect(() => {
    const s = workspaceStore();
    if (!s || !restored) return;
    const timer = setTimeout(() => {
      s.save({ specText, bootstrapN: nOk ? n : 0, results, readers })
        .then(() => setSaveError(null))
        .catch((e: unknown) => setSaveError(e instanceof Error ? e.message : String(e)));
    }, 300);
    return () => clearTimeout(timer);
  }, [specText, n, nOk, results, readers, restored]);
  // Leaving the tab stops a running study.
  useEffect(() => () => { active.current?.worker.terminate(); active.current = null; }, []);

  const loadExample = (example: unknown) => {
    const raw = example as Record<string, unknown>;
    setSpecText(JSON.stringify(raw, null, 2));
    setBootstrapN(String(bootstrapCount(raw)));
  };

  const finish = (id: number, next: RunState) => {
    if (active.current?.id !== id) return;
    active.current.worker.terminate();
    active.current = null;
    setRun(next);
  };

  const start = () => {
    const v = useCohort.getState().view;
    if (!v || !effective || missingReader) return;
    const csv = v.derived.length === 0 ? v.project.csvText : useCohort.getState().exportTable();
    if (csv === null) return;
    const id = ++runId.current;
    const controller = new AbortController();
    const worker = createWorker();
    active.current = { id, controller, worker };
    setRun({ status: 'running', progress: null });
    // a worker script that fails to load (or crashes) posts nothing: say so instead of waiting forever
    worker.onerror = (e) => finish(id, { status: 'error', message: studyText(useSettings.getState().lang, 'study.workerFailed', { message: e.message ?? '' }) });
    runStudyInWorker(
      worker,
      {
        type: 'run',
        csv,
        source: v.project.source,
        spec: effective,
        readers: neededReaders.map((key) => ({ key, csv: readers[key]!.csv, source: readers[key]!.source })),
      },
      (p) => { if (active.current?.id === id) setRun({ status: 'running', progress: p }); },
      controller.signal,
    )
      .then((r) => {
        if (active.current?.id !== id) return;
        setResults(r);
        finish(id, { status: 'idle' });
      })
      .catch((e: unknown) => {
        if (e instanceof StudyWorkerError && e.kind === 'cancelled') finish(id, { status: 'cancelled' });
        else finish(id, { status: 'error', message: e instanceof Error ? e.message : String(e) });
      });
  };

  const cancel = () => {
    const a = active.current;
    if (!a) return;
    a.controller.abort();
    setTimeout(() => finish(a.id, { status: 'cancelled' }), CANCEL_GRACE_MS);
  };

  const running = run.status === 'running';
  const progress = run.status === 'running' ? run.progress : null;

  return (
    <div className="study-workspace" data-testid="study-workspace" style={{ padding: 12 }}>
      <h2>{t('workspace.title')}</h2>
      {cohortPanel}
      <section data-testid="workspace-pipeline" style={{ marginTop: 16 }}>
        <h3>{t('workspace.pipeline')}</h3>
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center', marginBottom: 8 }}>
          <button type="button" data-testid="load-study-a" disabled={running} onClick={() => loadExample(studyA)}>{t('workspace.loadA')}</button>
          <button type="button" data-testid="load-study-b" disabled={running} onClick={() => loadExample(studyB)}>{t('workspace.loadB')}</button>
          <label>
            {t('workspace.bootstrap')}{' '}
            <input type="number" min={0} step={1} value={bootstrapN} disabled={running} onChange={(e) => setBootstrapN(e.target.value)} data-testid="bootstrap-n" style={{ width: 90 }} aria-invalid={!nOk} />
          </label>
          <small>{t('workspace.bootstrapHint')}</small>
        </div>
        <PipelineForm raw={formRaw} columns={columns} cohortSplit={view?.project.split ?? null} nRows={view?.table.nRows ?? 0} readers={Object.keys(readers)} textLevels={textLevels} lang={lang} disabled={running} onChange={onForm} />
        <textarea
          value={specText}
          onChange={(e) => setSpecText(e.target.value)}
          readOnly={running}
          spellCheck={false}
          rows={18}
          data-testid="spec-editor"
          aria-label={t('workspace.pipeline')}
          style={{ width: '100%', boxSizing: 'border-box', fontFamily: 'monospace', fontSize: 12 }}
        />
        <p data-testid="spec-status" role={check && !check.ok ? 'alert' : undefined} style={{ color: check && !check.ok ? '#b00020' : undefined }}>
          {!check ? t('workspace.specEmpty') : check.ok ? t('workspace.specOk', { models: check.spec.models.length, outcome: check.spec.outcome }) : check.error}
          {!nOk && ` ${t('workspace.bootstrap')}: ${JSON.stringify(bootstrapN)}?`}
        </p>
        {neededReaders.map((key) => (
          <label key={key} style={{ display: 'block' }}>
            {t('workspace.reader2', { key })}{' '}
            <input type="file" accept=".csv,text/csv" data-testid="reader2-file" onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) { const csv = await f.text(); setReaders((r) => ({ ...r, [key]: { csv, source: f.name } })); }
              e.target.value = '';
            }} />
            {readers[key] && <span> {readers[key]!.source}</span>}
          </label>
        ))}
        <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
          <button type="button" data-testid="run-study" disabled={running || !view || !effective || !!missingReader} onClick={start}>{t('workspace.run')}</button>
          {running && <button type="button" data-testid="cancel-study" onClick={cancel}>{t('workspace.cancel')}</button>}
          <button type="button" data-testid="export-spec" disabled={!effective} onClick={() => effective && downloadBlob(new Blob([JSON.stringify(effective, null, 2) + '\n'], { type: 'application/json' }), 'study.json')}>{t('workspace.exportSpec')}</button>
          {!view && <span>{t('workspace.noCohort')}</span>}
          {view && missingReader && <span>{t('workspace.reader2Missing', { key: missingReader })}</span>}
        </div>
        {view && <p><small data-testid="cli-hint">{t('workspace.cliHint', { data: view.project.source })}</small></p>}
        {running && (
          <div data-testid="study-progress" aria-live="polite">
            <progress value={progress ? progress.done : undefined} max={progress ? Math.max(1, progress.total) : undefined} style={{ width: 320 }} />{' '}
            {progress && t('workspace.progress', { stage: t(`workspace.stage.${progress.stage}`), done: progress.done, total: progress.total })}
          </div>
        )}
        {run.status === 'cancelled' && <p data-testid="study-cancelled">{t('workspace.cancelled')}</p>}
        {run.status === 'error' && <p role="alert" data-testid="study-error" style={{ color: '#b00020' }}>{t('workspace.failed', { message: run.message })}</p>}
        {saveError && <p role="alert">{t('workspace.saveError', { reason: saveError })}</p>}
      </section>
      {results && (
        <ResultsBoundary key={results.seconds.fit + results.data.source} t={t}>
          <StudyResultsView results={results} lang={lang} t={t} />
        </ResultsBoundary>
      )}
    </div>
  );
}

/** Every figure and table of one run, with its exports. */
export function StudyResultsView({ results, lang, t }: { results: StudyResults; lang: Lang; t: WorkspaceT }) {
  const view = useCohort((s) => s.view);
  const matches = useMemo(() => !!view && cohortMatchesRun(view.table, results), [view, results]);
  const outcomes = useMemo(() => (view && matches ? outcomesByPatient(view.table, results.spec) : undefined), [view, matches, results]);
  const shown = useMemo(() => fromStudyResults(results, outcomes), [results, outcomes]);
  const models = shown.models;
  const st = studyTranslator(lang);
  const ownOutcomes = useMemo(() => Object.values(results.models).some((m) => Array.isArray((m.train.predictions as { y?: unknown }).y)), [results]);
  // Forest plots need odds-ratio CIs: unpenalised logistic models (a LASSO model's coefficients have none).
  const withCoefficients = models.filter((m) => {
    try {
      return forestRows(m.coefficients ?? [], m.name).length > 0;
    } catch {
      return false;
    }
  });
  const [forestModel, setForestModel] = useState<string>('');
  const forest = withCoefficients.find((m) => m.name === forestModel) ?? withCoefficients.find((m) => m.name === 'combined') ?? withCoefficients[withCoefficients.length - 1];
  const hasValidation = models.some((m) => m.validation);
  const [cohortTables, setCohortTables] = useState<TableSpec[]>([]);
  const [report, setReport] = useState<{ status: 'idle' | 'working' } | { status: 'error'; message: string }>({ status: 'idle' });
  const exportReport = async () => {
    setReport({ status: 'working' });
    try {
      const Plotly = await loadPlotly();
      const { figures } = reportFigures(shown, lang);
      const svgs: { name: string; svg: string }[] = [];
      for (const f of figures) {
        // every figure is rendered here, drawn on screen or not; one per task so the page keeps answering
        await new Promise((resolve) => setTimeout(resolve, 0));
        const url = await Plotly.toImage(
          { data: f.spec.data, layout: { ...f.spec.layout, width: EXPORT_SIZE.width, height: EXPORT_SIZE.height } },
          { format: 'svg', width: EXPORT_SIZE.width, height: EXPORT_SIZE.height },
        );
        svgs.push({ name: f.name, svg: svgFromDataUrl(url) });
      }
      const dataSha256 = await cohortHash();
      const html = reportHtml({
        lang,
        results,
        tables: reportTables(shown, lang, cohortTables),
        figures: svgs,
        software: `${pkg.name} ${pkg.version}`,
        dataSha256,
        generatedAt: new Date().toISOString(),
      });
      downloadBlob(new Blob([html], { type: 'text/html;charset=utf-8' }), `study_report_${lang}.html`);
      setReport({ status: 'idle' });
    } catch (e) {
      setReport({ status: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  const cohortHash = useCallback(async () => {
    const v = useCohort.getState().view;
    const csv = v && matches ? (v.derived.length === 0 ? v.project.csvText : useCohort.getState().exportTable()) : null;
    return csv ? sha256Hex(csv) : null;
  }, [matches]);
  const exportCsvs = () => {
    const tables = reportTables(shown, lang, cohortTables);
    const zip = tablesZip(tables, { lang, source: results.data.source, software: `${pkg.name} ${pkg.version}`, generatedAt: new Date().toISOString() });
    downloadBlob(new Blob([zip as BlobPart], { type: 'application/zip' }), `study_tables_${fileSafe(results.data.source.replace(/\.csv$/i, ''))}_${lang}.zip`);
  };
  const exportResults = useCallback(() => downloadBlob(new Blob([JSON.stringify(results, null, 2) + '\n'], { type: 'application/json' }), 'results.json'), [results]);
  const s = results.split;
  const seconds = results.seconds.fit + results.seconds.evaluate + results.seconds.bootstrap;

  // figures are drawn as they come near the viewport, one per frame (drawing all ~12 at once froze the page ~1.4 s)
  return (
    <LazyFigures>
      <section data-testid="workspace-results" lang={lang === 'zh' ? 'zh-CN' : 'en'} style={{ background: '#fff', color: '#000', padding: 12 }}>
        <h3>{t('workspace.results')}</h3>
        <p data-testid="results-summary" data-lasso-kernels={results.engine?.lasso_kernels}>
          {t('workspace.ranOn', { source: results.data.source, train: s.train, trainEvents: s.train_events, validation: s.validation, validationEvents: s.validation_events, seconds: seconds.toFixed(1) })}
        </p>
        <div style={{ display: 'flex', gap: 8, marginBottom: 12 }}>
          <button type="button" data-testid="export-results" onClick={exportResults}>{t('workspace.exportResults')}</button>
          <button type="button" data-testid="export-report" disabled={report.status === 'working'} onClick={() => void exportReport()}>{st('study.report.export')}</button>
          <button type="button" data-testid="export-csvs" onClick={exportCsvs}>{st('study.report.exportCsv')}</button>
          {report.status === 'working' && <span data-testid="report-working">{st('study.report.working')}</span>}
          {report.status === 'error' && <span role="alert" data-testid="report-error">{st('study.report.failed', { message: report.message })}</span>}
        </div>
        <ModelCardExport results={results} lang={lang} dataHash={cohortHash} />
        {ownOutcomes && !matches && <p data-testid="outcomes-from-results"><small>{st('study.results.fromResults')}</small></p>}
        {!ownOutcomes && !matches && <p role="alert" data-testid="outcomes-missing">{st('study.results.noOutcomes', { source: results.data.source })}</p>}
        <table data-testid="auc-summary" style={{ borderCollapse: 'collapse', marginBottom: 16 }}>
          <thead>
            <tr><th style={{ textAlign: 'left', paddingRight: 16 }}>{t('workspace.model')}</th><th style={{ paddingRight: 16 }}>{t('workspace.trainAuc')}</th><th>{t('workspace.validationAuc')}</th></tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.name}>
                <td style={{ paddingRight: 16 }}>{m.name}</td>
                <td data-testid={`auc-train-${m.name}`} data-value={String(m.train.auc)} style={{ paddingRight: 16, textAlign: 'right' }}>{m.train.auc.toFixed(3)}</td>
                <td data-testid={`auc-validation-${m.name}`} data-value={m.validation ? String(m.validation.auc) : ''} style={{ textAlign: 'right' }}>{m.validation ? m.validation.auc.toFixed(3) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div style={section} data-testid="results-roc">
          <RocPanel models={models} split="train" lang={lang} />
          {hasValidation && <RocPanel models={models} split="validation" lang={lang} />}
        </div>
        <div style={section} data-testid="results-calibration">
          <CalibrationPanel models={models} split="train" lang={lang} />
          {hasValidation && <CalibrationPanel models={models} split="validation" lang={lang} />}
        </div>
        <div style={section} data-testid="results-dca">
          <DecisionCurvePanel models={models} split="train" lang={lang} />
          {hasValidation && <DecisionCurvePanel models={models} split="validation" lang={lang} />}
        </div>
        {models.some((m) => m.lasso) && (
          <div style={section} data-testid="results-lasso">
            {models.filter((m) => m.lasso).map((m) => <LassoPanel key={m.name} model={m} lang={lang} />)}
          </div>
        )}
        {forest && (
          <div style={section} data-testid="results-forest">
            <div>
              <label>
                {t('workspace.model')}{' '}
                <select value={forest.name} onChange={(e) => setForestModel(e.target.value)} data-testid="forest-model">
                  {withCoefficients.map((m) => <option key={m.name} value={m.name}>{m.name}</option>)}
                </select>
              </label>
              <ForestPlotPanel key={forest.name} coefficients={forest.coefficients!} title={forest.name} lang={lang} />
            </div>
          </div>
        )}
        {matches && view && (
          <CharacteristicsSection onTables={setCohortTables} table={view.table} types={view.project.types} results={results} lang={lang} modelName={forest?.name ?? models[0]?.name ?? ''} multivariable={forest?.coefficients} />
        )}
        <div style={section} data-testid="results-tables">
          <PerformanceTablePanel models={models} comparisons={shown.comparisons} lang={lang} initialReference={models[0]?.name} />
          {models.some((m) => m.bootstrap) && <BootstrapTablePanel models={models} lang={lang} />}
        </div>
        {models.some((m) => m.bootstrap) && (
          <div style={section} data-testid="results-honest">
            <div style={{ maxWidth: 760 }}>
              <HonestValidationPanel models={models} lang={lang} />
            </div>
          </div>
        )}
      </section>
    </LazyFigures>
  );
}

export default StudyWorkspace;
