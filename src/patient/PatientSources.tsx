/**
 * Where else a card and a patient can come from, read from the other tabs' IndexedDB stores:
 * - the model cards the Study tab exported ("Export model card", IndexedDB `brw-model-cards`), newest
 *   first, re-checked by `parseModelCard` when chosen;
 * - a model card built from the Study tab's last results (`WorkspaceStore`), for a model the user
 *   picks and the PyRadiomics preset its features were extracted with (the results do not record
 *   it: the user says which; Study B's preset means ultrasound, the others DCE phase 1);
 * - the clinical predictors of one patient of the Study tab's cohort (`CohortStore`): only the
 *   clinical inputs are filled — image features are always extracted with the card's settings.
 */
import { useEffect, useState } from 'react';
import { CohortStore } from '../cohort/persistence.ts';
import { loadPreset, type PresetChoice } from '../features/presets.ts';
import { parseCohortCsv, type CohortTable } from '../modelling/csv.ts';
import type { StudyResults } from '../modelling/runStudy.ts';
import { buildModelCard, type ModelCard } from '../modelcard/modelCard.ts';
import { ModelCardStore, type SavedModelCard } from '../workspace/modelCardStore.ts';
import { WorkspaceStore } from '../workspace/persistence.ts';
import type { PatientT } from './patientText.ts';

const PRESETS: { label: string; choice: PresetChoice }[] = [
  { label: 'studyA.yaml', choice: { id: 'studyA', preprocess: false } },
  { label: 'studyA-preprocessed.yaml', choice: { id: 'studyA', preprocess: true } },
  { label: 'studyB.yaml', choice: { id: 'studyB' } },
];

const fetchText = async (url: string): Promise<string> => {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.text();
};

/** The cards saved by the Study tab's "Export model card", newest first; `onPick` gets the stored card. */
export function SavedCards({ t, onPick }: { t: PatientT; onPick: (c: SavedModelCard) => void }) {
  const [cards, setCards] = useState<SavedModelCard[] | null>(null);
  useEffect(() => {
    if (typeof indexedDB === 'undefined') { setCards([]); return; }
    new ModelCardStore(indexedDB).list().then(setCards, () => setCards([]));
  }, []);
  if (cards === null) return null;
  return (
    <div className="patient-sub" data-testid="patient-saved-cards">
      <h3>{t('patient.card.saved')}</h3>
      {cards.length === 0 ? <p className="patient-hint">{t('patient.card.saved.none')}</p> : (
        <ul className="patient-stored">
          {cards.map((c) => (
            <li key={c.key}>
              <button type="button" data-testid={`patient-saved-card-${c.model}`} onClick={() => onPick(c)}>{t('patient.card.saved.use')}</button>{' '}
              {t('patient.card.saved.item', { model: c.model, outcome: c.card.outcome?.label ?? '—', source: c.source, when: c.savedAt.slice(0, 16).replace('T', ' ') })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function CardFromWorkspace({ t, base, onCard, onError }: { t: PatientT; base: string; onCard: (c: ModelCard) => void; onError: (m: string) => void }) {
  const [results, setResults] = useState<StudyResults | null>(null);
  const [model, setModel] = useState('');
  const [preset, setPreset] = useState(0);
  useEffect(() => {
    if (typeof indexedDB === 'undefined') return;
    new WorkspaceStore(indexedDB).load().then((r) => setResults(r?.results ?? null), () => setResults(null));
  }, []);
  const models = results ? Object.entries(results.models).filter(([, m]) => m.params).map(([n]) => n) : [];
  useEffect(() => { if (models.length > 0 && !models.includes(model)) setModel(models[0]!); }, [models, model]);
  async function build() {
    if (!results || !model) return;
    try {
      const p = PRESETS[preset]!;
      const params = await loadPreset(p.choice, fetchText, base);
      const us = p.choice.id === 'studyB';
      onCard(buildModelCard(results, model, {
        extraction: { preset: p.label, yaml: params.text, params_hash: params.hash, image_type: us ? 'ultrasound' : 'DCE phase 1', roi_label: 'tumour', preprocessing: us ? 'ultrasound: crop to the calibrated region, grey levels standardised to 0–600' : undefined },
        cohort: { description: `${results.data.source} (${results.data.rows} patients), split ${results.split.kind}` },
        outcome: { label: results.spec.outcome, definition: `${results.spec.outcome} = 1 in ${results.data.source}` },
      }));
    } catch (e) {
      onError((e as Error).message);
    }
  }
  return (
    <details className="patient-sub" data-testid="patient-card-workspace">
      <summary>{t('patient.card.workspace')}</summary>
      {models.length === 0 ? <p>{t('patient.card.workspace.none')}</p> : (
        <div className="patient-row">
          <label>{t('patient.card.workspace.model')}{' '}
            <select value={model} onChange={(e) => setModel(e.target.value)}>{models.map((m) => <option key={m} value={m}>{m}</option>)}</select>
          </label>
          <label>{t('patient.card.workspace.preset')}{' '}
            <select value={preset} onChange={(e) => setPreset(Number(e.target.value))}>{PRESETS.map((p, i) => <option key={p.label} value={i}>{p.label}</option>)}</select>
          </label>
          <button type="button" onClick={() => void build()}>{t('patient.card.workspace.build')}</button>
        </div>
      )}
    </details>
  );
}

export function PatientFromCohort({ t, card, onFill }: { t: PatientT; card: ModelCard; onFill: (values: Record<string, string>, note: string) => void }) {
  const [table, setTable] = useState<{ t: CohortTable; id: string } | null>(null);
  const [row, setRow] = useState(-1);
  useEffect(() => {
    if (typeof indexedDB === 'undefined') return;
    new CohortStore(indexedDB).load().then((p) => {
      if (!p) return;
      try { setTable({ t: parseCohortCsv(p.csvText, p.source), id: p.idColumn ?? 'patient_id' }); } catch { setTable(null); }
    }, () => setTable(null));
  }, []);
  if (!table) return <p className="patient-hint">{t('patient.cohort.none')}</p>;
  const ids = table.t.columns.get(table.id);
  const idOf = (i: number) => String(ids?.values[i] ?? `row ${i + 2}`);
  function fill(i: number) {
    setRow(i);
    if (i < 0 || !table) return;
    const out: Record<string, string> = {};
    for (const inp of card.inputs) {
      if (inp.source !== 'clinical') continue;
      const c = table.t.columns.get(inp.name);
      const v = c?.values[i];
      if (v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
      out[inp.name] = String(v);
    }
    onFill(out, t('patient.cohort.filled', { source: table.t.source, id: idOf(i) }));
  }
  return (
    <div className="patient-row" data-testid="patient-from-cohort">
      <label>{t('patient.cohort.pick')}{' '}
        <select value={row} onChange={(e) => fill(Number(e.target.value))}>
          <option value={-1}>{t('patient.form.choose')}</option>
          {Array.from({ length: table.t.nRows }, (_, i) => <option key={i} value={i}>{idOf(i)}</option>)}
        </select>
      </label>
    </div>
  );
}
