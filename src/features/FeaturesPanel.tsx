/**
 * "Extract features" for the current ROI: parameter preset (Study A / Study B / the user's own
 * PyRadiomics YAML) with the settings that will be used, an Extract button, progress by image
 * type and class with Cancel (all work in the radiomics worker, so the page stays responsive),
 * and the results: count, search, grouped table (image type → class, diagnostics collapsible),
 * CSV export in PyRadiomics' layout for this ROI or for every stored record with the same
 * parameters (a cohort: several patients / readers). Errors are shown in words; earlier results
 * stay. Results go to the features store (IndexedDB), so they survive a reload.
 *
 * Props contract (the app mounts it; see FeaturesPanelConnected for the wiring to the stores):
 *   entry, group  the indexed series and the volume group to extract from
 *   files         resolver of the group's frame paths to SourceFiles (filesFromMap)
 *   roi           the ROI to use (any geometry of the same frame of reference), or null
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SeriesIndexEntry, VolumeGroup } from '../dicom/types.ts';
import type { ExtractProgress } from '../radiomics/extractor.ts';
import type { WorkerLike } from '../radiomics/extractInWorker.ts';
import { featureCatalogue } from '../radiomics/featureCatalogue.ts';
import { useSettings } from '../store/settings.ts';
import { useFeatures } from '../store/features.ts';
import { acquisitionFacts, featureKey, type StoredFeatures } from './featureDb.ts';
import { extractRoi, FeatureInputError, STUDY_B_GREY_RANGE, type ExtractRoiInput, type FeatureErrorKind, type RoiForExtraction } from './extractRoi.ts';
import { featuresCsv } from './featureCsv.ts';
import { featureCount, groupFeatures } from './featureGroups.ts';
import { featuresTranslator, type FeaturesT } from './featuresText.ts';
import { expectedSteps, parallelWorkers } from './progressSteps.ts';
import './features.css';
import { defaultPresetFor, describeParams, loadParamsText, loadPreset, paramsHash, type LoadedParams, type PresetChoice } from './presets.ts';

export interface FeaturesPanelProps {
  entry: SeriesIndexEntry | null;
  group: VolumeGroup | null;
  files: ExtractRoiInput['files'];
  roi: (RoiForExtraction & { modifiedAt?: string }) | null;
  /** Where `params/` is served from (default: Vite's BASE_URL). */
  baseUrl?: string;
  /** Tests only: a worker stand-in. */
  makeWorker?: () => WorkerLike;
}

type ErrorShown = { kind: FeatureErrorKind | 'params'; message: string };

const fetchText = async (url: string): Promise<string> => {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.text();
};

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const safe = (s: string) => s.trim().replace(/[\\/:*?"<>|\s]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');

function formatValue(v: number | string): string {
  if (typeof v !== 'number') return v;
  if (!Number.isFinite(v)) return String(v);
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

let helpMap: Map<string, string> | null = null;
function helpText(cls: string, feature: string): string | undefined {
  if (!helpMap) helpMap = new Map(featureCatalogue().map((f) => [`${f.featureClass}_${f.name}`, f.doc]));
  return helpMap.get(`${cls}_${feature}`);
}

export function FeaturesPanel({ entry, group, files, roi, baseUrl, makeWorker }: FeaturesPanelProps) {
  const lang = useSettings((s) => s.lang);
  const t = useMemo(() => featuresTranslator(lang), [lang]);
  const entries = useFeatures((s) => s.entries);
  const saveError = useFeatures((s) => s.saveError);
  const [choice, setChoice] = useState<PresetChoice>(() => defaultPresetFor(entry?.kind ?? 'mr'));
  const [custom, setCustom] = useState<LoadedParams | null>(null);
  const [preset, setPreset] = useState<LoadedParams | null>(null);
  const [usPre, setUsPre] = useState(entry?.kind === 'us');
  const [running, setRunning] = useState<{ progress: ExtractProgress | null } | null>(null);
  const [error, setError] = useState<ErrorShown | null>(null);
  const [shownKey, setShownKey] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const cancelRef = useRef<(() => void) | null>(null);
  const base = baseUrl ?? (import.meta.env?.BASE_URL || './');

  useEffect(() => { void useFeatures.getState().restore(); }, []);
  useEffect(() => {
    setChoice(defaultPresetFor(entry?.kind ?? 'mr'));
    setUsPre(entry?.kind === 'us');
  }, [entry?.kind]);
  useEffect(() => () => cancelRef.current?.(), []);

  useEffect(() => {
    if (choice.id === 'custom') return;
    let live = true;
    loadPreset(choice, fetchText, base).then(
      (p) => { if (live) { setPreset(p); setError((e) => (e?.kind === 'params' ? null : e)); } },
      (e: unknown) => { if (live) { setPreset(null); setError({ kind: 'params', message: (e as Error).message }); } },
    );
    return () => { live = false; };
  }, [choice.id, choice.preprocess, base]);

  const params = choice.id === 'custom' ? custom : preset;
  const usOption = entry?.kind === 'us' && usPre ? { enabled: true, target: STUDY_B_GREY_RANGE } : { enabled: false, target: STUDY_B_GREY_RANGE };
  const hash = params ? paramsHash(params.params, usOption.enabled ? { ultrasound: usOption.target } : undefined) : null;
  const currentKey = entry && group && roi && hash
    ? featureKey({ studyInstanceUID: entry.studyInstanceUID, seriesInstanceUID: entry.seriesInstanceUID, groupKey: group.key, roiId: roi.id, reader: roi.reader, paramsHash: hash })
    : null;
  const shown: StoredFeatures | undefined = (shownKey ? entries[shownKey] : undefined) ?? (currentKey ? entries[currentKey] : undefined);

  const onYaml = async (file: File | undefined) => {
    if (!file) return;
    try {
      setCustom(loadParamsText(await file.text(), file.name));
      setError((e) => (e?.kind === 'params' ? null : e));
    } catch (e) {
      setCustom(null);
      setError({ kind: 'params', message: (e as Error).message });
    }
  };

  const start = () => {
    if (!entry || !group || !roi || !params || !hash || running) return;
    setError(null);
    setRunning({ progress: null });
    const job = extractRoi({ entry, group, files, roi, params: params.params, ultrasound: usOption, makeWorker, onProgress: (p) => setRunning({ progress: p }) });
    cancelRef.current = job.cancel;
    job.promise.then(
      async (r) => {
        const stored = await useFeatures.getState().add({
          studyInstanceUID: entry.studyInstanceUID, seriesInstanceUID: entry.seriesInstanceUID, groupKey: group.key,
          roiId: roi.id, reader: roi.reader, label: roi.label, patientId: entry.patientId, paramsHash: hash,
          paramsSource: params.source, record: r.record, warnings: r.warnings, notes: r.notes,
          extractedAt: new Date().toISOString(), roiModifiedAt: roi.modifiedAt,
          acquisition: acquisitionFacts(entry, group, params.params, { record: r.record }),
        });
        setShownKey(stored.key);
      },
      (e: unknown) => setError(e instanceof FeatureInputError ? { kind: e.kind, message: e.message } : { kind: 'other', message: e instanceof Error ? e.message : String(e) }),
    ).finally(() => {
      cancelRef.current = null;
      setRunning(null);
    });
  };

  const cohort = shown ? Object.values(entries).filter((e) => e.paramsHash === shown.paramsHash) : [];
  const exportOne = () => {
    if (!shown) return;
    download(featuresCsv([{ patientId: shown.patientId, reader: shown.reader, record: shown.record }]), `features_${safe(shown.patientId || 'patient')}_${safe(shown.reader)}_${safe(shown.label)}.csv`);
  };
  const exportCohort = () => {
    const rows = [...cohort].sort((a, b) => (a.patientId + a.reader < b.patientId + b.reader ? -1 : 1));
    download(featuresCsv(rows.map((r) => ({ patientId: r.patientId, reader: r.reader, record: r.record }))), `features_${rows.length}_rows_${safe(shown?.paramsSource.replace(/\.ya?ml$/i, '') ?? 'params')}.csv`);
  };

  const described = params ? describeParams(params.params) : null;
  const p = running?.progress;
  const steps = p && params ? Math.max(p.total, expectedSteps(params.params, parallelWorkers())) : 0;

  return (
    <section className="features-panel" data-testid="features-panel" lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <h2>{t('features.title')}</h2>
      <label>
        {t('features.preset')}{' '}
        <select data-testid="features-preset" value={choice.id} onChange={(e) => setChoice({ id: e.target.value as PresetChoice['id'], preprocess: false })} disabled={!!running}>
          <option value="studyA">{t('features.preset.studyA')}</option>
          <option value="studyB">{t('features.preset.studyB')}</option>
          <option value="custom">{t('features.preset.custom')}</option>
        </select>
      </label>
      {choice.id === 'studyA' && (
        <label className="features-option">
          <input type="checkbox" data-testid="features-preprocess" checked={!!choice.preprocess} onChange={(e) => setChoice({ id: 'studyA', preprocess: e.target.checked })} disabled={!!running} /> {t('features.preprocessA')}
        </label>
      )}
      {choice.id === 'custom' && (
        <label className="features-option">
          {t('features.loadYaml')} <input type="file" accept=".yaml,.yml,.json,text/yaml" data-testid="features-yaml" onChange={(e) => void onYaml(e.target.files?.[0])} disabled={!!running} />
        </label>
      )}
      {entry?.kind === 'us' && (
        <label className="features-option">
          <input type="checkbox" data-testid="features-us-preprocess" checked={usPre} onChange={(e) => setUsPre(e.target.checked)} disabled={!!running} /> {t('features.preprocessUs')}
        </label>
      )}
      {params && described && (
        <details className="features-settings" data-testid="features-settings">
          <summary>{t('features.settingsUsed', { source: params.source })}</summary>
          <p>{t('features.imageTypes')}: {described.imageTypes.join(', ')}</p>
          <p>{t('features.classes')}: {described.classes.join(', ')}</p>
          <table><tbody>{described.settings.map(([k, v]) => <tr key={k}><td>{k}</td><td>{v}</td></tr>)}</tbody></table>
          {usOption.enabled && <p>{t('features.preprocessUs')}</p>}
          <details><summary>{t('features.yamlText')}</summary><pre>{params.text}</pre></details>
        </details>
      )}

      {!entry || !group ? <p>{t('features.noSeries')}</p> : !roi ? <p>{t('features.noRoi')}</p> : (
        <p className="features-roi">{t('features.roiInfo', { label: roi.label, reader: roi.reader, group: roi.groupKey })}</p>
      )}
      <div className="features-actions">
        <button type="button" data-testid="extract-features" onClick={start} disabled={!entry || !group || !roi || !params || !!running}>{t('features.extract')}</button>
        {running && <button type="button" data-testid="cancel-extraction" onClick={() => cancelRef.current?.()}>{t('features.cancel')}</button>}
      </div>
      {running && (
        <div className="features-progress" data-testid="extract-progress">
          <progress value={p ? Math.min(p.done, steps) : undefined} max={p ? steps : undefined} />
          <span data-testid="extract-stage">{p ? t('features.progress', { stage: p.stage, cls: p.featureClass ?? '—', done: p.done, total: steps }) : t('features.reading')}</span>
        </div>
      )}
      {error && (
        <div className="errors" role="alert" data-testid="features-error" data-kind={error.kind}>
          <strong>{t(`features.error.${error.kind}`)}</strong> <span>{error.message}</span>
          {shown && error.kind !== 'cancelled' && <div>{t('features.keptResults')}</div>}
        </div>
      )}
      {saveError && <div className="errors" role="alert">{t('features.saveError', { reason: saveError })}</div>}
      {shown && <Results shown={shown} t={t} query={query} setQuery={setQuery} stale={!!(roi?.modifiedAt && shown.roiModifiedAt && roi.id === shown.roiId && roi.modifiedAt > shown.roiModifiedAt)} cohortRows={cohort.length} onExport={exportOne} onExportCohort={exportCohort} />}
    </section>
  );
}

interface ResultsProps {
  shown: StoredFeatures;
  t: FeaturesT;
  query: string;
  setQuery(q: string): void;
  stale: boolean;
  cohortRows: number;
  onExport(): void;
  onExportCohort(): void;
}

function Results({ shown, t, query, setQuery, stale, cohortRows, onExport, onExportCohort }: ResultsProps) {
  const groups = useMemo(() => groupFeatures(shown.record, query), [shown.record, query]);
  const n = featureCount(shown.record);
  const diag = groups.find((g) => g.imageType === 'diagnostics');
  const rest = groups.filter((g) => g.imageType !== 'diagnostics');
  const diagCount = diag ? diag.classes.reduce((a, c) => a + c.entries.length, 0) : 0;
  return (
    <div className="features-results">
      <p>
        <strong data-testid="features-count">{t('features.count', { n })}</strong>{' · '}
        <span>{t('features.extractedAt', { when: new Date(shown.extractedAt).toLocaleString(), source: shown.paramsSource })}</span>
      </p>
      {stale && <p className="features-stale">{t('features.stale')}</p>}
      {shown.notes.length > 0 && <details open><summary>{t('features.notes')}</summary><ul data-testid="features-notes">{shown.notes.map((x) => <li key={x}>{x}</li>)}</ul></details>}
      {shown.warnings.length > 0 && <details><summary>{t('features.warnings')}</summary><ul>{shown.warnings.map((x) => <li key={x}>{x}</li>)}</ul></details>}
      <div className="features-actions">
        <button type="button" data-testid="export-csv" onClick={onExport}>{t('features.exportCsv')}</button>
        {cohortRows > 1 && <button type="button" data-testid="export-cohort-csv" onClick={onExportCohort}>{t('features.exportCohortCsv', { n: cohortRows })}</button>}
      </div>
      <input type="search" data-testid="features-search" placeholder={t('features.search')} aria-label={t('features.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
      <div data-testid="features-table" className="features-table">
        {diag && (
          <details data-testid="features-diagnostics">
            <summary>{t('features.diagnostics', { n: diagCount })}</summary>
            <table><tbody>
              {diag.classes.flatMap((c) => c.entries).map((e) => <tr key={e.name}><td>{e.name.slice('diagnostics_'.length)}</td><td>{formatValue(e.value)}</td></tr>)}
            </tbody></table>
          </details>
        )}
        {groups.length === 0 && <p>{t('features.noMatch', { q: query })}</p>}
        <table>
          <thead><tr><th>{t('features.feature')}</th><th>{t('features.value')}</th></tr></thead>
          {rest.map((g) => (
            <tbody key={g.imageType} data-image-type={g.imageType}>
              <tr className="features-image-type"><th colSpan={2}>{g.imageType}</th></tr>
              {g.classes.flatMap((c) => [
                <tr key={`${g.imageType}_${c.featureClass}`} className="features-class"><th colSpan={2}>{c.featureClass}</th></tr>,
                ...c.entries.map((e) => (
                  <tr key={e.name} className="feature-row" data-name={e.name} title={helpText(c.featureClass, e.feature)}>
                    <td>{e.feature}</td>
                    <td title={String(e.value)}>{formatValue(e.value)}</td>
                  </tr>
                )),
              ])}
            </tbody>
          ))}
        </table>
      </div>
    </div>
  );
}
