/**
 * `npm run -s cli -- predict --card card.json --data patients.csv [--acquisition acq.json] [--out out.json] [--id patient_id] [--resamples N] [--seed S]`
 *
 * Applies a model card (src/modelcard) to every row of a CSV whose columns are named as the
 * card's inputs — the same `applyModelCard` the patient view runs. Writes JSON
 * `{ format, card, data, predictions: [{ id, line, p, eta, interval, band, warnings, … }] }` to
 * --out (or stdout). Exit codes: 0 done (also with warnings), 2 bad arguments / card / data /
 * acquisition file (the message names the key, or the file, line and column), 1 other failures.
 *
 * `--acquisition acq.json`: the acquisition facts of the patients' images, as the features store
 * records them with each extraction (`acquisition` of src/features/featureDb.ts StoredFeatures):
 * `{ spacingMm: [x, y, z], sliceThicknessMm, matrix: [columns, rows], modality, manufacturer,
 * fieldStrengthT, settings: { binWidth, binCount, resampledPixelSpacing, normalize, normalizeScale } }`,
 * every field optional. The file holds either those facts (for every row), or an object with an
 * `acquisition` key (a stored features record; its other keys are ignored), or an array of such
 * records, each with `patientId` (or `id`) matched to the --id column. Every row is then checked
 * against the card's `training_geometry` and its own YAML by `checkAcquisition`, and gets
 * `acquisition` (the check: differences, notInCard, notInPatient, tolerance) and
 * `acquisitionWarnings` (the patient view's lines, English), also printed to stderr as
 * `predict: <id>: <line>`. A row the array has no record for gets one line saying it was not
 * checked. Without --acquisition nothing is checked and the output is as before.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseCohortCsv } from '../modelling/csv.ts';
import { parseModelCard } from '../modelcard/parseModelCard.ts';
import { predictTable } from '../modelcard/predictTable.ts';
import type { ModelCard } from '../modelcard/modelCard.ts';
import { checkAcquisition, DEFAULT_TOLERANCE, trainingFacts, type AcquisitionCheck, type AcquisitionFacts } from '../modelcard/trainingGeometry.ts';
import { acquisitionLines } from '../patient/geometryText.ts';
import { patientTranslator } from '../patient/patientText.ts';
import { parseParams, type ExtractionParams } from '../radiomics/settings.ts';

const USAGE = `usage: npm run -s cli -- predict --card card.json --data patients.csv [--acquisition acq.json] [--out out.json] [--id patient_id] [--resamples N] [--seed S]
  --card         model card JSON (format breast-radiomics-model-card/1)
  --data         CSV, one patient per row, columns named as the card's inputs
  --acquisition  JSON acquisition facts of the patients' images, as the features store records them:
                 {"spacingMm":[x,y,z],"sliceThicknessMm":t,"matrix":[columns,rows],"modality":"MR",
                  "manufacturer":"…","fieldStrengthT":3,"settings":{"binWidth":25,"binCount":null,
                  "resampledPixelSpacing":null,"normalize":false,"normalizeScale":1}} (every field optional),
                 or {"acquisition":{…}} (a stored features record), both for every row, or
                 [{"patientId":"P1","acquisition":{…}}, …] matched to the --id column.
                 Each row is checked against the card's training geometry; what differs (and by how
                 much) or is not checked is listed in "acquisitionWarnings" and on stderr; exit code 0.
  --out          write the JSON here (default stdout)
  --id           the CSV's patient id column (default patient_id)
  --resamples N, --seed S   KNN bootstrap interval (default 1000, seed 1)`;

class UsageError extends Error {}

function parseArgs(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument "${a}"`);
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
    out[a.slice(2)] = v;
    i++;
  }
  for (const k of Object.keys(out)) if (!['card', 'data', 'acquisition', 'out', 'id', 'resamples', 'seed'].includes(k)) throw new UsageError(`unknown option --${k}`);
  for (const k of ['card', 'data']) if (!out[k]) throw new UsageError(`missing --${k}`);
  return out;
}

function int(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
}

/** The acquisition facts of --acquisition: one set for every row, or one per patient id. */
export interface AcquisitionInput {
  all?: AcquisitionFacts;
  byId?: Map<string, AcquisitionFacts>;
}

const FACT_KEYS = ['spacingMm', 'sliceThicknessMm', 'matrix', 'modality', 'manufacturer', 'fieldStrengthT', 'settings'] as const;
const SETTING_KEYS = ['binWidth', 'binCount', 'resampledPixelSpacing', 'normalize', 'normalizeScale'] as const;

class AcquisitionFileError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const shownValue = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Checks one `acquisition` object field by field; `at` is its JSON path, used in every message. */
export function parseAcquisitionFacts(v: unknown, at: string): AcquisitionFacts {
  const bad = (key: string, want: string, got: unknown): never => { throw new AcquisitionFileError(`${at}.${key} must be ${want}, got ${shownValue(got)}`); };
  if (!isObject(v)) throw new AcquisitionFileError(`${at} must be an object of acquisition facts, got ${shownValue(v)}`);
  for (const k of Object.keys(v)) if (!(FACT_KEYS as readonly string[]).includes(k)) throw new AcquisitionFileError(`${at}.${k} is not an acquisition fact (known: ${FACT_KEYS.join(', ')})`);
  const out: AcquisitionFacts = {};
  const positives = (key: string, x: unknown, n: number, want: string): number[] => (Array.isArray(x) && x.length === n && x.every(positive) ? (x as number[]) : bad(key, want, x));
  if (v.spacingMm !== undefined) { const a = positives('spacingMm', v.spacingMm, 3, 'three positive numbers (mm: x, y, z)'); out.spacingMm = [a[0]!, a[1]!, a[2]!]; }
  if (v.sliceThicknessMm !== undefined) out.sliceThicknessMm = positive(v.sliceThicknessMm) ? v.sliceThicknessMm : bad('sliceThicknessMm', 'a positive number (mm)', v.sliceThicknessMm);
  if (v.matrix !== undefined) {
    const a = positives('matrix', v.matrix, 2, 'two positive integers (columns, rows)');
    if (!a.every(Number.isInteger)) bad('matrix', 'two positive integers (columns, rows)', v.matrix);
    out.matrix = [a[0]!, a[1]!];
  }
  for (const key of ['modality', 'manufacturer'] as const) {
    const x = v[key];
    if (x !== undefined) out[key] = typeof x === 'string' && x.trim() !== '' ? x : bad(key, 'a non-empty string', x);
  }
  if (v.fieldStrengthT !== undefined) out.fieldStrengthT = positive(v.fieldStrengthT) ? v.fieldStrengthT : bad('fieldStrengthT', 'a positive number (tesla)', v.fieldStrengthT);
  if (v.settings !== undefined) {
    const st = v.settings;
    if (!isObject(st)) bad('settings', `an object with ${SETTING_KEYS.join(', ')}`, st);
    const o = st as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!(SETTING_KEYS as readonly string[]).includes(k)) throw new AcquisitionFileError(`${at}.settings.${k} is not an extraction setting (known: ${SETTING_KEYS.join(', ')})`);
    const sk = (k: string) => `settings.${k}`;
    const binWidth = positive(o.binWidth) ? o.binWidth : bad(sk('binWidth'), 'a positive number', o.binWidth);
    const binCount = o.binCount === null || (positive(o.binCount) && Number.isInteger(o.binCount)) ? (o.binCount as number | null) : bad(sk('binCount'), 'a positive integer or null', o.binCount);
    const rps = o.resampledPixelSpacing;
    const resampledPixelSpacing = rps === null ? null : positives(sk('resampledPixelSpacing'), rps, 3, 'three positive numbers (mm) or null');
    const normalize = typeof o.normalize === 'boolean' ? o.normalize : bad(sk('normalize'), 'true or false', o.normalize);
    const normalizeScale = positive(o.normalizeScale) ? o.normalizeScale : bad(sk('normalizeScale'), 'a positive number', o.normalizeScale);
    out.settings = { binWidth, binCount, resampledPixelSpacing: resampledPixelSpacing ? [...resampledPixelSpacing] : null, normalize, normalizeScale };
  }
  return out;
}

/**
 * The --acquisition file: facts for every row (bare, or under `acquisition`), or an array of
 * records `{ patientId | id, acquisition }` (the features store's shape) keyed by patient id.
 * Throws naming the file and the JSON path of what is wrong.
 */
export function parseAcquisitionFile(text: string, source: string): AcquisitionInput {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (e) { throw new AcquisitionFileError(`${source}: not valid JSON (${(e as Error).message})`); }
  try {
    if (Array.isArray(raw)) {
      const byId = new Map<string, AcquisitionFacts>();
      raw.forEach((r, i) => {
        if (!isObject(r)) throw new AcquisitionFileError(`[${i}] must be an object { patientId, acquisition }, got ${shownValue(r)}`);
        const id = r.patientId ?? r.id;
        if (typeof id !== 'string' && typeof id !== 'number') throw new AcquisitionFileError(`[${i}].patientId must be the patient's id (string), got ${shownValue(id)}`);
        if (byId.has(String(id))) throw new AcquisitionFileError(`[${i}].patientId "${id}" appears twice`);
        byId.set(String(id), parseAcquisitionFacts(r.acquisition, `[${i}].acquisition`));
      });
      return { byId };
    }
    if (isObject(raw) && 'acquisition' in raw) return { all: parseAcquisitionFacts(raw.acquisition, 'acquisition') };
    return { all: parseAcquisitionFacts(raw, 'acquisition') };
  } catch (e) {
    if (e instanceof AcquisitionFileError) throw new AcquisitionFileError(`${source}: ${e.message}`);
    throw e;
  }
}

/** The check of one row and its lines (the patient view's, English). */
function acquisitionOf(card: ModelCard, params: ExtractionParams | null, facts: AcquisitionFacts | undefined, source: string): { acquisition: AcquisitionCheck | null; acquisitionWarnings: string[] } {
  if (!facts) return { acquisition: null, acquisitionWarnings: [`Not checked — ${source} has no acquisition facts for this patient.`] };
  const check = checkAcquisition(trainingFacts(card.extraction, params), facts, card.extraction.training_geometry?.tolerance ?? DEFAULT_TOLERANCE);
  return { acquisition: check, acquisitionWarnings: acquisitionLines(check, patientTranslator('en')) };
}

/** JSON with non-finite numbers written as null. */
function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x), 1);
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let opts: Record<string, string>;
  let text: { card: string; data: string; acquisition?: string };
  try {
    opts = parseArgs(args);
    const rd = (k: string): string => {
      try { return readFileSync(resolve(opts[k]!), 'utf8'); } catch (e) { throw new UsageError(`cannot read --${k} ${opts[k]}: ${(e as Error).message}`); }
    };
    text = { card: rd('card'), data: rd('data'), ...(opts.acquisition ? { acquisition: rd('acquisition') } : {}) };
  } catch (e) {
    process.stderr.write(`predict: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let out: unknown;
  try {
    const card = parseModelCard(text.card, basename(opts.card!));
    const table = parseCohortCsv(text.data, basename(opts.data!));
    const acqSource = opts.acquisition ? basename(opts.acquisition) : '';
    const acq = text.acquisition !== undefined ? parseAcquisitionFile(text.acquisition, acqSource) : null;
    const rows = predictTable(card, table, opts.id ?? 'patient_id', { resamples: int(opts.resamples, 'resamples'), seed: int(opts.seed, 'seed') });
    let params: ExtractionParams | null = null;
    if (acq) {
      try { params = parseParams(card.extraction.yaml, `model card ${card.name}`); } catch { params = null; } // its settings are then listed as not checked
    }
    const predictions = rows.map((r) => {
      const base = { id: r.id, line: r.line, ...r.prediction };
      if (!acq) return base;
      const checked = acquisitionOf(card, params, acq.all ?? acq.byId!.get(r.id), acqSource);
      for (const w of checked.acquisitionWarnings) process.stderr.write(`predict: ${r.id}: ${w}\n`);
      return { ...base, ...checked };
    });
    out = {
      format: 'breast-radiomics-predictions/1',
      card: { name: card.name, outcome: card.outcome, created: card.created },
      data: basename(opts.data!),
      ...(acq ? { acquisition: acqSource } : {}),
      predictions,
    };
  } catch (e) {
    process.stderr.write(`predict: ${(e as Error).message}\n`);
    return 2;
  }
  const json = toJson(out);
  if (opts.out) writeFileSync(resolve(opts.out), json);
  else process.stdout.write(`${json}\n`);
  return 0;
}
