/**
 * The Patient tab (issue 5): one patient, one model card, the number that matters.
 *
 * 1. Model card: the demo card shipped in `public/models/`, or a card file (parseModelCard).
 * 2. Clinical predictors: a form typed from the card's inputs (binary 0/1, factor levels,
 *    numbers with the training range shown; out-of-range values are flagged, not refused).
 * 3. Image features: extracted here with the card's OWN parameter file (never another preset),
 *    on the series the card expects (DCE phase 1 or ultrasound) — from the demo study with its
 *    tumour ROI, or the Viewer tab's series and tumour ROI. Reading and extraction run in workers
 *    (extractRoi's preparation + extractParallel), with progress and Cancel. A feature the card
 *    needs that the extraction did not produce is refused with its name.
 * 4. Result: "Chemoresistance: 73 %", 95 % interval, risk band, contributions waterfall (or KNN
 *    neighbours), the training distribution, warnings, the key image with the ROI — all by
 *    `applyModelCard`, the code the CLI `predict` runs.
 * 5. Print / save as PDF (one page, print CSS; the patient label only when asked) and keep the
 *    result with the patient in IndexedDB (patientDb.ts).
 *
 * For tests the page exposes the exact inputs it scored (`data-testid="patient-inputs-json"`)
 * and the unrounded probability (`data-p`).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { indexInWorker } from '../dicom/indexInWorker.ts';
import { sourceFromFile } from '../dicom/sourceFile.ts';
import type { SeriesIndexEntry, VolumeGroup } from '../dicom/types.ts';
import { filesFromMap, prepareRoiExtraction, STUDY_B_GREY_RANGE, type ExtractRoiInput, type RoiForExtraction } from '../features/extractRoi.ts';
import { loadParamsText, paramsHash } from '../features/presets.ts';
import { acquisitionFacts, type AcquisitionFacts, type StoredFeatures } from '../features/featureDb.ts';
import { useFeatures } from '../store/features.ts';
import type { Mask } from '../geometry/volume.ts';
import { applyModelCard, type CardPrediction } from '../modelcard/applyModelCard.ts';
import { geometryLinesFor } from './geometryText.ts';
import { readFrameHeaderFacts, type FrameHeaderFacts } from './seriesHeader.ts';
import { needsWorker, scoreInWorker } from './scoreInWorker.ts';
import type { CardInput, ModelCard } from '../modelcard/modelCard.ts';
import { parseModelCard } from '../modelcard/parseModelCard.ts';
import { Figure } from '../panels/Figure.tsx';
import { extractParallel } from '../radiomics/extractInWorker.ts';
import type { ExtractProgress } from '../radiomics/extractor.ts';
import { readNrrd } from '../radiomics/io/nrrd.ts';
import { useRois } from '../store/rois.ts';
import { useSettings } from '../store/settings.ts';
import { useStudies } from '../store/studies.ts';
import { keyImage, type KeyImage } from './keyImage.ts';
import { CardFromWorkspace, PatientFromCohort, SavedCards } from './PatientSources.tsx';
import { PatientDb, type StoredPatientResult } from './patientDb.ts';
import { distributionFigure, waterfallFigure } from './patientFigures.ts';
import { patientTranslator, type PatientT } from './patientText.ts';
import './patient.css';

export const DEMO_CARD_URL = 'models/demo-chemoresistance.json';

interface ImageFeatures {
  values: Record<string, number>;
  source: string;
  patientId: string | null;
  key: KeyImage | null;
  notes: string[];
  /**
   * The image's acquisition facts and extraction settings, checked against the card's training
   * geometry; null = a stored record kept before they were recorded (cannot be checked);
   * undefined = no image features.
   */
  acquisition?: AcquisitionFacts | null;
}

interface ExtractionSource {
  entry: SeriesIndexEntry;
  group: VolumeGroup;
  files: ExtractRoiInput['files'];
  roi: RoiForExtraction;
  what: string;
}

const pct = (p: number, digits = 0) => `${(100 * p).toFixed(digits)} %`;
/** The headline probability: whole percent, but never "100 %" or "0 %" for a model's estimate. */
const headline = (p: number) => (p >= 0.995 ? '> 99 %' : p < 0.005 ? '< 1 %' : pct(p));
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));

async function fetchOk(url: string): Promise<Response> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r;
}

/** The demo study's series the card expects, with the generator's lesion mask as tumour ROI. */
async function demoSource(base: string, card: ModelCard, signal: AbortSignal): Promise<ExtractionSource> {
  const which = card.extraction.image_type === 'ultrasound' ? 'us' : 'dce';
  const manifest = (await (await fetchOk(`${base}demo/manifest.json`)).json()) as { files: string[] };
  const paths = manifest.files.filter((f) => f.startsWith(`${which}/`));
  const files = await Promise.all(paths.map(async (p) => new File([await (await fetchOk(`${base}demo/${p}`)).arrayBuffer()], p)));
  if (signal.aborted) throw new Error('cancelled');
  const job = indexInWorker(files);
  signal.addEventListener('abort', () => job.cancel(), { once: true });
  const index = await job.promise;
  const entry = index.series.find((s) => s.kind === which);
  if (!entry) throw new Error(`the demo has no ${which} series`);
  const group = which === 'dce' ? entry.groups.find((g) => g.key === 'phase1') : entry.groups[0];
  if (!group) throw new Error('the demo DCE series has no phase 1');
  const path = `masks/${which}_lesion.nrrd`;
  const mask = readNrrd(new Uint8Array(await (await fetchOk(`${base}demo/${path}`)).arrayBuffer()), path) as Mask;
  return {
    entry, group, files: filesFromMap(new Map(files.map((f) => [f.name, f])), sourceFromFile),
    roi: { id: `demo-${which}-lesion`, reader: 'reader 1', label: 'tumour', groupKey: group.key, seriesInstanceUID: entry.seriesInstanceUID, mask },
    what: `demo ${which === 'dce' ? 'DCE phase 1' : 'ultrasound'}, ${path}`,
  };
}

function KeyImageCanvas({ img, caption }: { img: KeyImage; caption: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    c.width = img.width;
    c.height = img.height;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(img.rgba), img.width, img.height), 0, 0);
  }, [img]);
  const aspect = (img.height * img.spacing[1]) / (img.width * img.spacing[0]);
  return (
    <figure className="patient-keyimage">
      <canvas ref={ref} data-testid="patient-keyimage" style={{ width: 256, height: 256 * aspect }} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

function InputField({ inp, value, onChange, t }: { inp: CardInput; value: string; onChange: (v: string) => void; t: PatientT }) {
  const tr = inp.training;
  let problem: string | null = null;
  if (value !== '' && inp.coding !== 'factor') {
    const x = Number(value);
    if (!Number.isFinite(x)) problem = t('patient.form.notNumber');
    else if (tr && (x < tr.min || x > tr.max)) problem = t('patient.form.outOfRange');
  }
  const id = `patient-input-${inp.name}`;
  return (
    <div className="patient-field">
      <label htmlFor={id}>{inp.name}</label>
      {inp.coding === 'binary' ? (
        <select id={id} data-testid={id} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('patient.form.choose')}</option>
          <option value="0">{t('patient.form.binary.no')}</option>
          <option value="1">{t('patient.form.binary.yes')}</option>
        </select>
      ) : inp.coding === 'factor' ? (
        <select id={id} data-testid={id} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('patient.form.choose')}</option>
          {[...(inp.reference ? [inp.reference] : []), ...inp.levels!].map((l) => <option key={l} value={l}>{l}</option>)}
        </select>
      ) : (
        <input id={id} data-testid={id} type="number" step="any" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={problem !== null} />
      )}
      {tr && inp.coding === 'continuous' && <small>{t('patient.form.range', { min: fmt(tr.min), max: fmt(tr.max) })}</small>}
      {problem && <small className="patient-problem" role="alert">{problem}</small>}
    </div>
  );
}

export default function PatientView() {
  const lang = useSettings((s) => s.lang);
  const t = useMemo(() => patientTranslator(lang), [lang]);
  const base = import.meta.env?.BASE_URL || './';
  const [card, setCard] = useState<ModelCard | null>(null);
  const [cardError, setCardError] = useState<string | null>(null);
  const [form, setForm] = useState<Record<string, string>>({});
  const [label, setLabel] = useState('');
  const [filledFrom, setFilledFrom] = useState<string | null>(null);
  const [includeIds, setIncludeIds] = useState(false);
  const [features, setFeatures] = useState<ImageFeatures | null>(null);
  const [running, setRunning] = useState<{ stage: 'load' | 'extract'; progress: ExtractProgress | null; cancel: () => void } | null>(null);
  const [imageError, setImageError] = useState<string | null>(null);
  const [saved, setSaved] = useState<StoredPatientResult[]>([]);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const db = useMemo(() => (typeof indexedDB === 'undefined' ? null : new PatientDb(indexedDB)), []);

  // viewer's current series and tumour ROI
  const index = useStudies((s) => s.index);
  const selected = useStudies((s) => s.selected);
  const files = useStudies((s) => s.files);
  const rois = useRois((s) => s.rois);
  const reader = useRois((s) => s.reader);

  useEffect(() => { db?.all().then(setSaved, () => undefined); }, [db]);

  function adoptCard(c: ModelCard) {
    setCard(c);
    setCardError(null);
    // a card without image features (e.g. a clinical-only KNN) needs no extraction
    setFeatures(c.inputs.some((i) => i.source === 'radiomics') ? null : { values: {}, source: t('patient.image.noneSource'), patientId: null, key: null, notes: [] });
    setForm({});
    setFilledFrom(null);
    setSavedAt(null);
  }
  async function loadDemoCard() {
    try { adoptCard(parseModelCard(await (await fetchOk(`${base}${DEMO_CARD_URL}`)).text(), DEMO_CARD_URL)); } catch (e) { setCardError((e as Error).message); }
  }
  async function loadCardFile(f: File) {
    try { adoptCard(parseModelCard(await f.text(), f.name)); } catch (e) { setCardError((e as Error).message); }
  }

  // memoised: `inputs` below depends on them, and a new `inputs` object restarts a KNN card's worker
  const clinical = useMemo(() => (card ? card.inputs.filter((i) => i.source === 'clinical') : []), [card]);
  const radiomics = useMemo(() => (card ? card.inputs.filter((i) => i.source === 'radiomics') : []), [card]);
  const params = useMemo(() => {
    if (!card) return null;
    try { return { ok: loadParamsText(card.extraction.yaml, `model card "${card.name}"`), error: null }; } catch (e) { return { ok: null, error: (e as Error).message }; }
  }, [card]);

  // the features store's hash of the card's settings (with the ultrasound pre-processing, as the features panel hashes it)
  const expectedHash = useMemo(() => {
    if (!card || !params?.ok) return null;
    return paramsHash(params.ok.params, card.extraction.image_type === 'ultrasound' ? { ultrasound: STUDY_B_GREY_RANGE } : undefined);
  }, [card, params]);
  const featureEntries = useFeatures((s) => s.entries);
  useEffect(() => { void useFeatures.getState().restore(); }, []);
  /** Features already extracted with exactly the card's settings, on the series and ROI it expects. */
  const storedFeatures = useMemo((): StoredFeatures[] => {
    if (!card || !expectedHash) return [];
    const us = card.extraction.image_type === 'ultrasound';
    return Object.values(featureEntries)
      .filter((e) => e.paramsHash === expectedHash && e.label === card.extraction.roi_label && (us || e.groupKey === 'phase1'))
      .filter((e) => card.inputs.every((i) => i.source !== 'radiomics' || typeof e.record[i.name] === 'number'))
      .sort((a, b) => b.extractedAt.localeCompare(a.extractedAt))
      .slice(0, 10);
  }, [card, expectedHash, featureEntries]);
  function adoptStored(e: StoredFeatures) {
    if (!card) return;
    const values: Record<string, number> = {};
    for (const inp of radiomics) values[inp.name] = e.record[inp.name] as number;
    setFeatures({ values, source: `stored: ${e.patientId || '—'}, ${e.groupKey}, ${e.reader} ${e.label} ROI, ${e.extractedAt.slice(0, 16)}; params ${e.paramsHash}`, patientId: e.patientId || null, key: null, notes: [...e.warnings, ...e.notes], acquisition: e.acquisition ?? null });
  }

  const viewerSource = useMemo((): ExtractionSource | string | null => {
    if (!card || !index || !selected) return null;
    const entry = index.series.find((s) => (s.id ?? s.seriesInstanceUID) === selected.seriesInstanceUID || s.seriesInstanceUID === selected.seriesInstanceUID);
    const group = entry?.groups.find((g) => g.key === selected.groupKey);
    if (!entry || !group) return null;
    const wantUs = card.extraction.image_type === 'ultrasound';
    const okSeries = wantUs ? entry.kind === 'us' : entry.kind === 'dce' && group.key === 'phase1';
    if (!okSeries) return t('patient.image.wrongSeries', { kind: `${entry.kind} ${group.label}`, image: card.extraction.image_type });
    const roi = Object.values(rois).find((r) => r.studyInstanceUID === entry.studyInstanceUID && r.reader === reader && r.label === 'tumour');
    if (!roi) return t('patient.image.noViewer', { image: card.extraction.image_type });
    return { entry, group, files: filesFromMap(files, sourceFromFile), roi, what: `${entry.description ?? entry.seriesInstanceUID}, ${group.label}, ${roi.reader} tumour ROI` };
  }, [card, index, selected, rois, reader, files, t]);

  // each extraction gets a token; Cancel (or a newer run) makes an older run's late results void
  const runToken = useRef(0);
  async function extractFrom(getSource: (signal: AbortSignal) => Promise<ExtractionSource>) {
    const loaded = params?.ok ?? null;
    if (!card || !loaded) return;
    setImageError(null);
    const token = ++runToken.current;
    const current = () => token === runToken.current;
    const abort = new AbortController();
    let cancelWorker: (() => void) | null = null;
    const cancel = () => { runToken.current++; abort.abort(); cancelWorker?.(); setRunning(null); };
    setRunning({ stage: 'load', progress: null, cancel });
    try {
      const src = await getSource(abort.signal);
      if (!current()) return;
      const us = card.extraction.image_type === 'ultrasound';
      const input: ExtractRoiInput = { entry: src.entry, group: src.group, files: src.files, roi: src.roi, params: loaded.params, ultrasound: us ? { enabled: true, target: STUDY_B_GREY_RANGE } : undefined };
      const prepared = await prepareRoiExtraction(input, abort.signal);
      if (!current()) return;
      // the key slice's header: the series' own display window, and the field strength
      let header: FrameHeaderFacts = { window: null };
      let key: KeyImage | null = null;
      try {
        const lbl = loaded.params.setting.label ?? 1;
        let k = -1, most = 0;
        const plane = prepared.mask.size[0] * prepared.mask.size[1];
        for (let z = 0; z < prepared.mask.size[2]; z++) { let a = 0; for (let i = z * plane; i < (z + 1) * plane; i++) if (prepared.mask.data[i] === lbl) a++; if (a > most) { most = a; k = z; } }
        const ref = src.group.frames[Math.max(0, k)];
        const file = ref ? (await src.files([ref.path]))[0] : undefined;
        if (file && ref) header = await readFrameHeaderFacts(file, ref.frame);
      } catch { header = { window: null }; }
      if (!current()) return;
      // ultrasound grey levels were standardised after reading: the series' window no longer applies
      try { key = keyImage(prepared.image, prepared.mask, loaded.params.setting.label ?? 1, { window: us ? null : header.window }); } catch { key = null; }
      const acquisition = acquisitionFacts(src.entry, src.group, loaded.params, { spacing: prepared.image.spacing, fieldStrengthT: header.fieldStrengthT });
      setRunning({ stage: 'extract', progress: null, cancel });
      const job = extractParallel({ image: prepared.image, mask: prepared.mask, params: loaded.params, onProgress: (p) => { if (current()) setRunning({ stage: 'extract', progress: p, cancel }); } });
      cancelWorker = job.cancel;
      const res = await job.promise;
      if (!current()) return;
      const values: Record<string, number> = {};
      for (const inp of radiomics) {
        const v = res.record[inp.name];
        if (typeof v !== 'number') throw new Error(t('patient.image.missing', { name: inp.name }));
        values[inp.name] = v;
      }
      setFeatures({ values, source: `${src.what}; ${card.extraction.preset}, params ${expectedHash}`, patientId: src.entry.patientId ?? null, key, notes: [...prepared.notes, ...res.warnings], acquisition });
      setRunning(null);
      // keep the features with the patient in the features store (same record as the features panel's)
      if (expectedHash) {
        void useFeatures.getState().add({
          studyInstanceUID: src.entry.studyInstanceUID, seriesInstanceUID: src.entry.seriesInstanceUID, groupKey: src.group.key,
          roiId: src.roi.id, reader: src.roi.reader, label: src.roi.label, patientId: src.entry.patientId, paramsHash: expectedHash,
          paramsSource: `model card ${card.name}`, record: res.record, warnings: res.warnings, notes: prepared.notes,
          extractedAt: new Date().toISOString(), acquisition,
        }).catch(() => undefined);
      }
    } catch (e) {
      if (!current()) return;
      setImageError(e instanceof Error ? e.message : String(e));
      setRunning(null);
    }
  }

  const inputs = useMemo((): Record<string, number | string> | null => {
    if (!card || !features) return null;
    const out: Record<string, number | string> = { ...features.values };
    for (const inp of clinical) {
      const v = form[inp.name] ?? '';
      if (v === '') return null;
      out[inp.name] = inp.coding === 'factor' ? v : Number(v);
    }
    return out;
  }, [card, features, form, clinical]);

  // logistic / LASSO: scored on the page (microseconds); KNN: its bootstrap runs in a worker
  const slow = card ? needsWorker(card) : false;
  const scoredHere = useMemo((): { r: CardPrediction } | { error: string } | null => {
    if (!card || !inputs || slow) return null;
    try { return { r: applyModelCard(card, inputs) }; } catch (e) { return { error: (e as Error).message }; }
  }, [card, inputs, slow]);
  const [scoredInWorker, setScoredInWorker] = useState<{ key: unknown; s: { r: CardPrediction } | { error: string } } | null>(null);
  useEffect(() => {
    if (!card || !inputs || !slow) return;
    const job = scoreInWorker(card, inputs);
    job.promise.then((r) => setScoredInWorker({ key: inputs, s: { r } }), (e: Error) => setScoredInWorker({ key: inputs, s: { error: e.message } }));
    return () => job.cancel();
  }, [card, inputs, slow]);
  const scored = slow ? (scoredInWorker && scoredInWorker.key === inputs ? scoredInWorker.s : null) : scoredHere;
  const result = scored && 'r' in scored ? scored.r : null;

  async function save() {
    if (!db || !card || !result || !inputs || !features) return;
    const when = new Date().toISOString();
    await db.put({
      key: `${label || features.patientId || 'patient'}|${card.name}|${when}`, patientLabel: label, patientId: features.patientId,
      card: { name: card.name, created: card.created, outcome: card.outcome.label }, inputs, featureSource: features.source, prediction: result, savedAt: when,
    });
    setSavedAt(when);
    setSaved(await db.all());
  }

  /** The patient's acquisition against the card's training geometry, in the reader's language. */
  const geometryLines = useMemo((): string[] => {
    if (!card || !features || features.acquisition === undefined) return [];
    return geometryLinesFor(card.extraction, params?.ok?.params ?? null, features.acquisition, t);
  }, [card, features, params, t]);
  const shownWarnings = result ? [...result.warnings, ...geometryLines, ...(features?.notes ?? [])] : [];

  const outcome = card?.outcome.label ?? '';
  const intervalText = result?.interval
    ? t('patient.result.interval', {
      lo: pct(result.interval.lower, 1), hi: pct(result.interval.upper, 1),
      method: result.interval.method === 'delta' ? t('patient.result.method.delta') : t('patient.result.method.bootstrap', { n: result.interval.resamples ?? 0 }),
    })
    : result ? t('patient.result.noInterval', { why: result.interval_note ?? '' }) : '';

  return (
    <div className="patient-view" data-testid="patient-view">
      <section className="patient-controls">
        <h2>{t('patient.card.title')}</h2>
        <div className="patient-row">
          <button type="button" data-testid="patient-demo-card" onClick={() => void loadDemoCard()}>{t('patient.card.demo')}</button>
          <label className="patient-file">
            {t('patient.card.file')}{' '}
            <input type="file" accept=".json,application/json" data-testid="patient-card-file" onChange={(e) => { const f = e.target.files?.[0]; if (f) void loadCardFile(f); }} />
          </label>
        </div>
        <SavedCards t={t} onPick={(c) => { try { adoptCard(parseModelCard(c.card, `saved card ${c.key}`)); } catch (e) { setCardError((e as Error).message); } }} />
        <CardFromWorkspace t={t} base={base} onCard={adoptCard} onError={setCardError} />
        {cardError && <p role="alert" data-testid="patient-card-error">{cardError}</p>}
        {!card && <p>{t('patient.card.none')}</p>}
        {card && (
          <>
            <p data-testid="patient-card-summary">
              {radiomics.length === 0
                ? t('patient.card.loadedClinical', { name: card.name, outcome, inputs: card.inputs.length })
                : t('patient.card.loaded', { name: card.name, outcome, inputs: card.inputs.length, radiomics: radiomics.length, preset: card.extraction.preset, image: card.extraction.image_type })}{' '}
              {t('patient.card.metrics', { train: card.metrics.train.auc?.toFixed(3) ?? '—', validation: card.metrics.validation.auc?.toFixed(3) ?? '—', threshold: card.threshold.value.toFixed(3) })}
            </p>
            <h2>{t('patient.form.title')}</h2>
            <PatientFromCohort t={t} card={card} onFill={(v, note) => { setForm((f) => ({ ...f, ...v })); setFilledFrom(note); }} />
            {filledFrom && <p className="patient-hint">{filledFrom}</p>}
            <div className="patient-field">
              <label htmlFor="patient-label">{t('patient.form.label')}</label>
              <input id="patient-label" data-testid="patient-label" value={label} onChange={(e) => setLabel(e.target.value)} />
            </div>
            <div className="patient-form">
              {clinical.map((inp) => <InputField key={inp.name} inp={inp} t={t} value={form[inp.name] ?? ''} onChange={(v) => setForm((f) => ({ ...f, [inp.name]: v }))} />)}
            </div>
            <h2>{t('patient.image.title')}</h2>
            {radiomics.length === 0 ? <p data-testid="patient-no-image">{t('patient.image.noneNeeded')}</p> : (<>
            <p>{t('patient.image.needs', { n: radiomics.length, image: card.extraction.image_type, roi: card.extraction.roi_label, preset: card.extraction.preset })}</p>
            <details data-testid="patient-settings"><summary>{t('patient.image.settings')}</summary><pre>{card.extraction.yaml}</pre></details>
            {params?.error && <p role="alert">{params.error}</p>}
            <div className="patient-row">
              <button type="button" data-testid="patient-use-demo" disabled={running !== null || !params?.ok} onClick={() => void extractFrom((signal) => demoSource(base, card, signal))}>{t('patient.image.demo')} — {t('patient.image.extract')}</button>
              <button type="button" data-testid="patient-use-viewer" disabled={running !== null || !viewerSource || typeof viewerSource === 'string'} onClick={() => { const s = viewerSource; if (s && typeof s !== 'string') void extractFrom(async () => s); }}>{t('patient.image.viewer')} — {t('patient.image.extract')}</button>
              {running && <button type="button" data-testid="patient-cancel" onClick={running.cancel}>{t('patient.image.cancel')}</button>}
            </div>
            {storedFeatures.length > 0 && (
              <ul className="patient-stored" data-testid="patient-stored-features">
                {storedFeatures.map((e) => (
                  <li key={e.key}><button type="button" disabled={running !== null} onClick={() => adoptStored(e)}>{t('patient.image.stored', { what: `${e.patientId || '—'}, ${e.groupKey}, ${e.reader}, ${e.extractedAt.slice(0, 16).replace('T', ' ')}` })}</button></li>
                ))}
              </ul>
            )}
            {typeof viewerSource === 'string' && <p className="patient-hint">{viewerSource}</p>}
            {!viewerSource && <p className="patient-hint">{t('patient.image.noViewer', { image: card.extraction.image_type })}</p>}
            {running && (
              <p data-testid="patient-progress">
                {running.stage === 'load' || !running.progress ? t('patient.image.loading') : t('patient.image.progress', { done: running.progress.done, total: running.progress.total })}
                {running.progress && <progress max={running.progress.total} value={running.progress.done} />}
              </p>
            )}
            {imageError && <p role="alert" data-testid="patient-image-error">{imageError}</p>}
            {features && <p data-testid="patient-features-done">{t('patient.image.done', { n: Object.keys(features.values).length, source: features.source })}</p>}
            </>)}
          </>
        )}
      </section>

      {card && (
        <section className="patient-report" data-testid="patient-report">
          <h2>{t('patient.report.title', { model: card.name })}</h2>
          {includeIds && label && <p data-testid="patient-report-label">{label}</p>}
          {!result && !(scored && 'error' in scored) && <p>{t('patient.result.waiting')}</p>}
          {scored && 'error' in scored && <p role="alert" data-testid="patient-score-error">{t('patient.result.error', { message: scored.error })}</p>}
          {result && inputs && (
            <>
              <div className="patient-headline">
                <div>
                  <output className="patient-probability" data-testid="patient-probability" data-p={String(result.p)} data-eta={result.eta === null ? '' : String(result.eta)}>
                    {t('patient.result.probability', { outcome, p: headline(result.p) })}
                  </output>
                  <p data-testid="patient-interval">{intervalText}</p>
                  <p data-testid="patient-band" className={`patient-band patient-band-${result.band}`}>
                    {t(result.band === 'high' ? 'patient.result.band.high' : 'patient.result.band.low', { threshold: pct(result.threshold, 1) })}
                  </p>
                  {result.training_percentile !== null && <p>{t('patient.result.percentile', { pct: pct(result.training_percentile) })}</p>}
                </div>
                {features?.key && <KeyImageCanvas img={features.key} caption={`${t('patient.keyImage')}; ${t(features.key.window.source === 'dicom' ? 'patient.keyImage.window.dicom' : 'patient.keyImage.window.percentile', { lower: fmt(features.key.window.lower), upper: fmt(features.key.window.upper) })}`} />}
              </div>
              {shownWarnings.length > 0 && (
                <div className="patient-warnings" data-testid="patient-warnings">
                  <h3>{t('patient.result.warnings')}</h3>
                  <ul>{shownWarnings.map((w) => <li key={w}>{w}</li>)}</ul>
                </div>
              )}
              <div className="patient-figures">
                {result.contributions && <Figure build={(l) => waterfallFigure(result, l)} fileName="patient_contributions" testId="patient-waterfall" exportSize={{ width: 640, height: 420 }} />}
                {result.neighbours && (
                  <table data-testid="patient-neighbours">
                    <caption>{t('patient.neighbours.title')}</caption>
                    <thead><tr><th>#</th><th>{t('patient.neighbours.distance')}</th><th>{t('patient.neighbours.outcome')}</th>{card.model.terms.map((n) => <th key={n}>{n}</th>)}</tr></thead>
                    <tbody>{result.neighbours.map((nb) => <tr key={nb.row}><td>{nb.row + 1}</td><td>{nb.distance.toFixed(3)}</td><td>{nb.y}</td>{card.model.terms.map((n) => <td key={n}>{fmt(nb.values[n]!)}</td>)}</tr>)}</tbody>
                  </table>
                )}
                <Figure build={(l) => distributionFigure(card.training_predictions, result, l)} fileName="patient_training_distribution" testId="patient-distribution" exportSize={{ width: 520, height: 360 }} />
              </div>
              <p className="patient-small">{t('patient.report.disclaimer', { text: card.intended_use })}</p>
              <p className="patient-small">{t('patient.report.generated', { when: new Date().toISOString().slice(0, 10), software: card.software.name, version: card.software.version })}</p>
              <pre hidden data-testid="patient-inputs-json">{JSON.stringify(inputs)}</pre>
            </>
          )}
          <div className="patient-row patient-noprint">
            <label><input type="checkbox" data-testid="patient-include-ids" checked={includeIds} onChange={(e) => setIncludeIds(e.target.checked)} /> {t('patient.print.identifiers')}</label>
            <button type="button" data-testid="patient-print" disabled={!result} onClick={() => window.print()}>{t('patient.print')}</button>
            <button type="button" data-testid="patient-save" disabled={!result || !db} onClick={() => void save()}>{t('patient.save')}</button>
            {savedAt && <span data-testid="patient-saved">{t('patient.saved', { when: savedAt })}</span>}
          </div>
        </section>
      )}
      {saved.length > 0 && (
        <section className="patient-noprint" data-testid="patient-saved-list">
          <h3>{t('patient.saved.list')}</h3>
          <ul>{saved.map((s) => <li key={s.key}>{s.savedAt.slice(0, 16).replace('T', ' ')} — {s.patientLabel || s.patientId || '—'} — {s.card.name}: {s.card.outcome} {pct(s.prediction.p)}</li>)}</ul>
        </section>
      )}
    </div>
  );
}
