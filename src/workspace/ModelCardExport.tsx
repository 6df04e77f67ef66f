/**
 * "Export model card" for one model of the run: what the results do not know (extraction preset,
 * outcome label and definition, ROI label, intended use) is asked here — prefilled for Study A
 * (outcome "resistant": "Chemoresistance") and Study B ("pcr": "pCR"), editable — the preset's PyRadiomics
 * file is fetched from the app's `params/`, `buildModelCard` (src/modelcard) makes the card, which
 * is downloaded as JSON and saved in IndexedDB (modelCardStore.ts) for the Patient tab.
 */
import { useState } from 'react';
import { loadPreset, type PresetChoice } from '../features/presets.ts';
import type { Lang } from '../i18n/catalogue.ts';
import { buildModelCard } from '../modelcard/modelCard.ts';
import type { StudyResults } from '../modelling/runStudy.ts';
import { downloadBlob, fileSafe } from '../panels/download.ts';
import { studyTranslator } from '../panels/studyText.ts';
import pkg from '../../package.json';
import { ModelCardStore } from './modelCardStore.ts';

let store: ModelCardStore | null = null;
function cardStore(): ModelCardStore | null {
  if (store) return store;
  if (typeof indexedDB === 'undefined') return null;
  store = new ModelCardStore(indexedDB);
  return store;
}

const PRESETS: { value: string; label: 'study.card.presetA' | 'study.card.presetApre' | 'study.card.presetB'; choice: PresetChoice; image: 'DCE phase 1' | 'ultrasound' }[] = [
  { value: 'studyA', label: 'study.card.presetA', choice: { id: 'studyA', preprocess: false }, image: 'DCE phase 1' },
  { value: 'studyA-pre', label: 'study.card.presetApre', choice: { id: 'studyA', preprocess: true }, image: 'DCE phase 1' },
  { value: 'studyB', label: 'study.card.presetB', choice: { id: 'studyB' }, image: 'ultrasound' },
];

export function ModelCardExport({ results, lang, dataHash }: { results: StudyResults; lang: Lang; dataHash?: () => Promise<string | null> }) {
  const t = studyTranslator(lang);
  const names = Object.keys(results.models);
  const [model, setModel] = useState(names[names.length - 1] ?? '');
  const [preset, setPreset] = useState(results.spec.outcome === 'pcr' ? 'studyB' : 'studyA');
  // defaults by the outcome column of the two studies (Study A "resistant", Study B "pcr"); all editable
  const which = results.spec.outcome === 'resistant' ? 'A' : results.spec.outcome === 'pcr' ? 'B' : 'Other';
  const vars = { column: results.spec.outcome, source: results.data.source };
  const [label, setLabel] = useState(which === 'A' ? t('study.card.labelA') : which === 'B' ? t('study.card.labelB') : results.spec.outcome);
  const [definition, setDefinition] = useState(t(`study.card.definition${which}`, vars));
  const [intendedUse, setIntendedUse] = useState(t(`study.card.intendedUse${which}`, { ...vars, label }));
  const [roiLabel, setRoiLabel] = useState('tumour');
  const [state, setState] = useState<{ kind: 'idle' | 'working' } | { kind: 'saved'; model: string } | { kind: 'error'; message: string }>({ kind: 'idle' });

  const run = async () => {
    setState({ kind: 'working' });
    try {
      const p = PRESETS.find((x) => x.value === preset)!;
      const params = await loadPreset(p.choice, async (url) => {
        const r = await fetch(url);
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        return r.text();
      });
      const hash = dataHash ? await dataHash() : null;
      const card = buildModelCard(results, model, {
        extraction: { preset: params.source, yaml: params.text, params_hash: params.hash, image_type: p.image, roi_label: roiLabel.trim() || 'tumour' },
        cohort: { description: results.data.source, ...(hash ? { data_hash: hash } : {}) },
        outcome: { label: label.trim() || results.spec.outcome, definition },
        ...(intendedUse.trim() ? { intended_use: intendedUse.trim() } : {}),
        software: { name: pkg.name, version: pkg.version },
        created: new Date().toISOString(),
      });
      downloadBlob(new Blob([JSON.stringify(card, null, 2) + '\n'], { type: 'application/json' }), `model_card_${fileSafe(model)}.json`);
      await cardStore()?.save(results.data.source, model, card);
      setState({ kind: 'saved', model });
    } catch (e) {
      setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <div data-testid="model-card-export" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center', marginBottom: 12 }}>
      <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="model-card-model">
        {names.map((n) => <option key={n} value={n}>{n}</option>)}
      </select>
      <select value={preset} onChange={(e) => setPreset(e.target.value)} data-testid="model-card-preset">
        {PRESETS.map((p) => <option key={p.value} value={p.value}>{t(p.label)}</option>)}
      </select>
      <label>{t('study.card.label')} <input data-testid="model-card-label" value={label} onChange={(e) => setLabel(e.target.value)} style={{ width: 140 }} /></label>
      <label>{t('study.card.roi')} <input data-testid="model-card-roi" value={roiLabel} onChange={(e) => setRoiLabel(e.target.value)} style={{ width: 80 }} /></label>
      <label style={{ flexBasis: '100%' }}>{t('study.card.definition')} <input data-testid="model-card-definition" value={definition} onChange={(e) => setDefinition(e.target.value)} style={{ width: '70%' }} /></label>
      <label style={{ flexBasis: '100%', display: 'flex', gap: 8, alignItems: 'flex-start' }}>{t('study.card.intendedUse')} <textarea data-testid="model-card-intended-use" value={intendedUse} onChange={(e) => setIntendedUse(e.target.value)} rows={2} style={{ flex: 1, font: 'inherit' }} /></label>
      <button type="button" data-testid="export-model-card" disabled={state.kind === 'working' || !model} onClick={() => void run()}>{t('study.card.export')}</button>
      {state.kind === 'saved' && <span data-testid="model-card-saved">{t('study.card.saved', { model: state.model })}</span>}
      {state.kind === 'error' && <span role="alert" data-testid="model-card-error">{t('study.card.failed', { message: state.message })}</span>}
    </div>
  );
}
