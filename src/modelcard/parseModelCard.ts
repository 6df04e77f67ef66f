/**
 * Read a model card from JSON text or a parsed object, checking every key `applyModelCard`
 * relies on. Errors name the key by its JSON path (e.g. `model.covariance[2][1]`).
 */
import type { ModelParams } from '../modelling/pipeline.ts';
import { MODEL_CARD_FORMAT, type ModelCard } from './modelCard.ts';

export class ModelCardError extends Error {
  constructor(readonly path: string, message: string) {
    super(`model card, ${path}: ${message}`);
    this.name = 'ModelCardError';
  }
}

type Obj = Record<string, unknown>;

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function obj(v: unknown, path: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ModelCardError(path, `must be an object, got ${kindOf(v)}`);
  return v as Obj;
}
function str(o: Obj, k: string, path: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw new ModelCardError(`${path}${k}`, v === undefined ? 'is missing' : `must be a string, got ${kindOf(v)}`);
  return v;
}
function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ModelCardError(path, v === undefined ? 'is missing' : `must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}
function numArray(v: unknown, path: string, length?: number): number[] {
  if (!Array.isArray(v)) throw new ModelCardError(path, v === undefined ? 'is missing' : `must be an array of numbers, got ${kindOf(v)}`);
  if (length !== undefined && v.length !== length) throw new ModelCardError(path, `must have ${length} entries, has ${v.length}`);
  v.forEach((x, i) => num(x, `${path}[${i}]`));
  return v as number[];
}
function strArray(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) throw new ModelCardError(path, v === undefined ? 'is missing' : `must be an array of strings, got ${kindOf(v)}`);
  v.forEach((x, i) => { if (typeof x !== 'string') throw new ModelCardError(`${path}[${i}]`, `must be a string, got ${kindOf(x)}`); });
  return v as string[];
}

function checkParams(v: unknown, path: string): ModelParams {
  const o = obj(v, path);
  const kind = str(o, 'kind', `${path}.`);
  const terms = strArray(o.terms, `${path}.terms`);
  const p = terms.length;
  if (!Array.isArray(o.training) || o.training.length !== p) throw new ModelCardError(`${path}.training`, `must be an array of ${p} term summaries`);
  o.training.forEach((t, j) => {
    const s = obj(t, `${path}.training[${j}]`);
    if (s.name !== terms[j]) throw new ModelCardError(`${path}.training[${j}].name`, `must be "${terms[j]}", got ${JSON.stringify(s.name)}`);
    for (const k of ['mean', 'sd', 'min', 'max']) num(s[k], `${path}.training[${j}].${k}`);
  });
  if (kind === 'logistic') {
    num(o.intercept, `${path}.intercept`);
    numArray(o.beta, `${path}.beta`, p);
    if (!Array.isArray(o.covariance) || o.covariance.length !== p + 1) throw new ModelCardError(`${path}.covariance`, `must be a ${p + 1}×${p + 1} matrix`);
    o.covariance.forEach((r, a) => numArray(r, `${path}.covariance[${a}]`, p + 1));
  } else if (kind === 'lasso') {
    num(o.a0, `${path}.a0`);
    numArray(o.beta, `${path}.beta`, p);
    num(o.lambda, `${path}.lambda`);
  } else if (kind === 'knn') {
    const k = num(o.k, `${path}.k`);
    const y = numArray(o.y, `${path}.y`);
    if (!Array.isArray(o.x) || o.x.length !== y.length) throw new ModelCardError(`${path}.x`, `must have one row per training patient (${y.length})`);
    o.x.forEach((r, i) => numArray(r, `${path}.x[${i}]`, p));
    y.forEach((v, i) => { if (v !== 0 && v !== 1) throw new ModelCardError(`${path}.y[${i}]`, `must be 0 or 1, got ${v}`); });
    if (!Number.isInteger(k) || k < 1 || k > y.length) throw new ModelCardError(`${path}.k`, `must be an integer in 1..${y.length}, got ${k}`);
    numArray(o.center, `${path}.center`, p);
    numArray(o.scale, `${path}.scale`, p);
  } else throw new ModelCardError(`${path}.kind`, `must be "logistic", "lasso" or "knn", got ${JSON.stringify(kind)}`);
  return o as unknown as ModelParams;
}

/** Parse and check a model card (JSON text or object). */
export function parseModelCard(json: string | unknown, source = 'model card'): ModelCard {
  let v: unknown = json;
  if (typeof json === 'string') {
    try { v = JSON.parse(json); } catch (e) { throw new ModelCardError('(root)', `${source} is not JSON: ${(e as Error).message}`); }
  }
  const o = obj(v, '(root)');
  if (o.format !== MODEL_CARD_FORMAT) throw new ModelCardError('format', `must be "${MODEL_CARD_FORMAT}", got ${JSON.stringify(o.format)}`);
  str(o, 'name', '');
  const outcome = obj(o.outcome, 'outcome');
  for (const k of ['column', 'label', 'definition']) str(outcome, k, 'outcome.');
  const ex = obj(o.extraction, 'extraction');
  for (const k of ['preset', 'yaml', 'image_type', 'roi_label']) str(ex, k, 'extraction.');
  if (ex.image_type !== 'DCE phase 1' && ex.image_type !== 'ultrasound') throw new ModelCardError('extraction.image_type', `must be "DCE phase 1" or "ultrasound", got ${JSON.stringify(ex.image_type)}`);
  if (ex.training_geometry !== undefined) {
    const g = obj(ex.training_geometry, 'extraction.training_geometry');
    const sp = g.spacing_mm;
    if (!Array.isArray(sp) || sp.length !== 3 || !sp.every((s) => typeof s === 'number' && Number.isFinite(s) && s > 0)) throw new ModelCardError('extraction.training_geometry.spacing_mm', `must be three positive numbers (mm), got ${JSON.stringify(sp)}`);
    if (typeof g.tolerance !== 'number' || !(g.tolerance >= 0)) throw new ModelCardError('extraction.training_geometry.tolerance', `must be a number ≥ 0, got ${JSON.stringify(g.tolerance)}`);
    str(g, 'description', 'extraction.training_geometry.');
    const pos = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
    const bad = (k: string, want: string) => { throw new ModelCardError(`extraction.training_geometry.${k}`, `must be ${want}, got ${JSON.stringify(g[k])}`); };
    if (g.slice_thickness_mm !== undefined && !pos(g.slice_thickness_mm)) bad('slice_thickness_mm', 'a positive number (mm)');
    if (g.matrix !== undefined && !(Array.isArray(g.matrix) && g.matrix.length === 2 && g.matrix.every((v) => pos(v) && Number.isInteger(v)))) bad('matrix', 'two positive integers (columns, rows)');
    for (const k of ['modality', 'manufacturer']) if (g[k] !== undefined && !(typeof g[k] === 'string' && g[k].trim() !== '')) bad(k, 'a non-empty string');
    if (g.field_strength_t !== undefined && !pos(g.field_strength_t)) bad('field_strength_t', 'a positive number (tesla)');
  }
  if (!Array.isArray(o.inputs)) throw new ModelCardError('inputs', 'must be an array');
  o.inputs.forEach((inp, i) => {
    const q = obj(inp, `inputs[${i}]`);
    str(q, 'name', `inputs[${i}].`);
    if (q.source !== 'clinical' && q.source !== 'radiomics') throw new ModelCardError(`inputs[${i}].source`, `must be "clinical" or "radiomics", got ${JSON.stringify(q.source)}`);
    if (q.coding === 'factor') strArray(q.levels, `inputs[${i}].levels`);
    else if (q.coding !== 'continuous' && q.coding !== 'binary') throw new ModelCardError(`inputs[${i}].coding`, `must be "continuous", "binary" or "factor", got ${JSON.stringify(q.coding)}`);
  });
  const model = checkParams(o.model, 'model');
  const chain = obj(o.chain, 'chain');
  for (const [k, p] of Object.entries(chain)) checkParams(p, `chain.${k}`);
  const needs = (p: ModelParams, path: string): void => p.terms.forEach((t, j) => {
    if (t.startsWith('radscore:') && !chain[t.slice(9)]) throw new ModelCardError(`${path}.terms[${j}]`, `"${t}" needs chain.${t.slice(9)}, which is missing`);
  });
  needs(model, 'model');
  for (const [k, p] of Object.entries(chain)) needs(p as ModelParams, `chain.${k}`);
  const th = obj(o.threshold, 'threshold');
  const t = num(th.value, 'threshold.value');
  if (t < 0 || t > 1) throw new ModelCardError('threshold.value', `must be a probability in 0..1, got ${t}`);
  numArray(o.training_predictions, 'training_predictions');
  obj(o.metrics, 'metrics');
  return o as unknown as ModelCard;
}
