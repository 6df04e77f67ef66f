/**
 * The structured pipeline editor as pure functions over the study.json object the text editor
 * holds (two-way: the form writes the same object the text shows, and reads back whatever the text
 * says). Editing is immutable (`setAt`), steps get the runner's defaults (`defaultStep`), the cohort
 * panel's own split becomes a spec split (`splitFromCohort`), and combinations the runner would
 * refuse or that cannot mean what the user wants are named in words (`pipelineProblems`, message
 * keys of src/panels/studyText.ts with their values). No React, no DOM.
 */
import type { SplitDefinition } from '../cohort/splits.ts';
import type { StudyTextKey } from '../panels/studyText.ts';

export type Raw = Record<string, unknown>;
export type RawModel = Record<string, unknown>;
export type Path = readonly (string | number)[];

export const STEP_KINDS = ['nearZeroVariance', 'correlation', 'icc', 'univariate', 'lasso', 'stepwise'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** The study.json object of the editor text, or null when the text is not a JSON object. */
export function parseRaw(text: string): Raw | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : null;
  } catch {
    return null;
  }
}

/** A copy of `obj` with the value at `path` replaced (`undefined` deletes an object key, a list item). */
export function setAt(obj: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const arr = Array.isArray(obj) ? obj.slice() : [];
    if (rest.length === 0 && value === undefined) { arr.splice(head, 1); return arr; }
    arr[head] = setAt(arr[head], rest, value);
    return arr;
  }
  const o: Record<string, unknown> = typeof obj === 'object' && obj !== null && !Array.isArray(obj) ? { ...(obj as Record<string, unknown>) } : {};
  const next = setAt(o[head!], rest, value);
  if (next === undefined) delete o[head!];
  else o[head!] = next;
  return o;
}

/** A list with item `i` moved by `by` places (−1 up, +1 down); unchanged at the ends. */
export function moveItem<T>(list: readonly T[], i: number, by: number): T[] {
  const j = i + by;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return list.slice();
  const out = list.slice();
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

/** A selection step with the parameters the runner uses by default (caret's NZV 95/5 and 10 %). */
export function defaultStep(kind: StepKind, readerKey = 'reader2.csv'): Record<string, unknown> {
  switch (kind) {
    case 'nearZeroVariance': return { nearZeroVariance: { freqCut: 19, uniqueCut: 10 } };
    case 'correlation': return { correlation: { cutoff: 0.9, method: 'pearson' } };
    case 'icc': return { icc: { reader2: readerKey, cutoff: 0.75, form: 'icc2' } };
    case 'univariate': return { univariate: { test: 'welch', p: 0.05 } };
    case 'lasso': return { lasso: { folds: 10, foldSeed: 101, measure: 'deviance', lambda: 'min' } };
    case 'stepwise': return { stepwise: { entry: 0.05, removal: 0.1, method: 'spss_forward_lr' } };
  }
}

/** The kind of a step object ({"lasso": {...}} → "lasso"), or null. */
export function stepKind(step: unknown): StepKind | null {
  if (typeof step !== 'object' || step === null) return null;
  const k = Object.keys(step)[0];
  return (STEP_KINDS as readonly string[]).includes(k ?? '') ? (k as StepKind) : null;
}

/** A new model: logistic on no predictors yet (the form asks for them). */
export function newModel(existing: readonly string[]): RawModel {
  let i = existing.length + 1;
  while (existing.includes(`model${i}`)) i++;
  return { name: `model${i}`, type: 'logistic', predictors: [] };
}

/**
 * The cohort panel's split as a spec split: temporal (date < cutoff → training), random stratified
 * with its seed and training fraction, or an existing column with its labels. A random split by
 * training size has no spec form (the runner takes a fraction): null.
 */
export function splitFromCohort(def: SplitDefinition | null, nRows: number): Raw | null {
  if (!def) return null;
  if (def.kind === 'temporal') return { temporal: { column: def.dateColumn, cutoff: def.cutoff } };
  if (def.kind === 'column') return { column: def.column, train: def.trainLabel ?? 'train', validation: def.validationLabel ?? 'validation' };
  const fraction = def.trainFraction ?? (def.trainSize !== undefined && nRows > 0 ? def.trainSize / nRows : undefined);
  return fraction === undefined ? null : { random: { fraction, stratify: true, seed: def.seed } };
}

/** Columns a `{ pattern }` predictor list picks from the cohort. */
export function patternColumns(pattern: string, columns: readonly string[]): string[] | null {
  try {
    const re = new RegExp(pattern);
    return columns.filter((c) => re.test(c));
  } catch {
    return null;
  }
}

/** A predictor the runner treatment-codes: its cohort levels and the reference the spec sets (undefined: not declared in `factors`). */
export interface FactorChoice {
  column: string;
  levels: readonly string[];
  reference: string | undefined;
}

/** Columns the runner never takes as predictors: outcome, id and the split's own column. */
function reservedColumns(raw: Raw): Set<string> {
  const out = new Set<string>();
  if (typeof raw.outcome === 'string') out.add(raw.outcome);
  out.add(typeof raw.id === 'string' ? raw.id : 'patient_id');
  const split = raw.split;
  if (isObj(split)) {
    if (isObj(split.temporal) && typeof split.temporal.column === 'string') out.add(split.temporal.column);
    else if (typeof split.column === 'string') out.add(split.column);
  }
  return out;
}

/**
 * Each model's predictor columns as the runner sees them: its list (Rad-scores left out), or the
 * columns of `columns` its pattern matches (outcome, id and split column excluded, as the runner).
 */
export function modelPredictorColumns(raw: Raw, columns: readonly string[]): { model: string; columns: string[] }[] {
  const reserved = reservedColumns(raw);
  const out: { model: string; columns: string[] }[] = [];
  for (const m of Array.isArray(raw.models) ? raw.models : []) {
    if (!isObj(m)) continue;
    const p = m.predictors;
    let cs: string[] = [];
    if (Array.isArray(p)) cs = p.filter((c): c is string => typeof c === 'string' && !c.startsWith('radscore:'));
    else if (isObj(p) && typeof p.pattern === 'string') cs = (patternColumns(p.pattern, columns) ?? []).filter((c) => !reserved.has(c));
    out.push({ model: String(m.name ?? ''), columns: cs });
  }
  return out;
}

/**
 * The factors the form offers a reference level for: every text column (levels given in
 * `textLevels`, from the cohort) a model lists as a predictor or matches by its pattern, and every
 * column the spec's `factors` already names (its levels from the cohort when known, else just the
 * reference; a reference the cohort does not have is kept among the levels so that it shows).
 */
export function factorChoices(raw: Raw, textLevels: Readonly<Record<string, readonly string[]>>): FactorChoice[] {
  const factors = isObj(raw.factors) ? raw.factors : {};
  const refOf = (c: string): string | undefined => {
    const f = factors[c];
    return isObj(f) && (typeof f.reference === 'string' || typeof f.reference === 'number') ? String(f.reference) : undefined;
  };
  const out: FactorChoice[] = [];
  const seen = new Set<string>();
  const add = (c: string) => {
    if (seen.has(c)) return;
    seen.add(c);
    const ref = refOf(c);
    const known = textLevels[c] ?? [];
    out.push({ column: c, levels: ref !== undefined && ref !== '' && !known.includes(ref) ? [...known, ref] : known, reference: ref });
  };
  for (const m of modelPredictorColumns(raw, Object.keys(textLevels))) for (const c of m.columns) if (textLevels[c]) add(c);
  for (const c of Object.keys(factors)) add(c);
  return out;
}

/** Columns the form can declare as a factor (coded numbers too): not yet declared, not outcome, id or split. */
export function factorCandidates(raw: Raw, columns: readonly string[]): string[] {
  const declared = isObj(raw.factors) ? raw.factors : {};
  const reserved = reservedColumns(raw);
  return columns.filter((c) => !(c in declared) && !reserved.has(c));
}

/**
 * `raw` with the factor `column` declared with `reference` (undefined: the declaration removed; an
 * empty `factors` block is left out of study.json). A new factor keeps its place at the end.
 */
export function setFactor(raw: Raw, column: string, reference: string | undefined): Raw {
  const next = setAt(raw, ['factors', column], reference === undefined ? undefined : { reference }) as Raw;
  return isObj(next.factors) && Object.keys(next.factors).length === 0 ? (setAt(next, ['factors'], undefined) as Raw) : next;
}

export interface Problem {
  key: StudyTextKey;
  vars: Record<string, string | number>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Combinations the form should name in words before Run: columns the cohort does not have, a
 * pattern that matches nothing, LASSO not last, a Rad-score of a KNN model or used before it is
 * made, k on a logistic model, k by CV without a CV block, an ICC step without its reader-2 table,
 * a factor reference level the cohort column does not have (`textLevels`) or none at all, a text
 * predictor (listed or matched by a pattern) not declared as a factor, a LASSO fold column or ICC id
 * column the cohort lacks, a fold column next to a fold seed (the seed is ignored), a LASSO thresh
 * outside (0, 1],
 * a comparison of a model with itself or of an unknown model, an empty DCA range.
 * `columns` null: no cohort loaded, column checks skipped.
 */
export function pipelineProblems(raw: Raw, columns: readonly string[] | null, readers: readonly string[] = [], textLevels?: Readonly<Record<string, readonly string[]>>): Problem[] {
  const out: Problem[] = [];
  const has = (c: string) => columns === null || columns.includes(c);
  if (isObj(raw.factors)) {
    for (const [c, f] of Object.entries(raw.factors)) {
      if (!has(c)) out.push({ key: 'study.problem.noColumn', vars: { what: 'factors', column: c } });
      const ref = isObj(f) ? f.reference : undefined;
      const levels = textLevels?.[c];
      if (!((typeof ref === 'string' && ref !== '') || typeof ref === 'number')) out.push({ key: 'study.problem.factorReference', vars: { column: c } });
      else if (levels && !levels.includes(String(ref))) out.push({ key: 'study.problem.factorLevel', vars: { column: c, level: String(ref), levels: levels.join(', ') } });
    }
  }
  // a text predictor (listed or matched by a pattern) that is not declared: the runner refuses it
  if (textLevels && columns !== null) {
    const declared = isObj(raw.factors) ? raw.factors : {};
    for (const m of modelPredictorColumns(raw, columns)) {
      for (const c of m.columns) if (textLevels[c] && !(c in declared)) out.push({ key: 'study.problem.factorUndeclared', vars: { model: m.model, column: c } });
    }
  }
  if (typeof raw.outcome === 'string' && raw.outcome && !has(raw.outcome)) out.push({ key: 'study.problem.noColumn', vars: { what: 'outcome', column: raw.outcome } });
  const split = raw.split;
  if (isObj(split)) {
    const col = isObj(split.temporal) ? split.temporal.column : typeof split.column === 'string' ? split.column : undefined;
    if (typeof col === 'string' && col && !has(col)) out.push({ key: 'study.problem.noColumn', vars: { what: 'split', column: col } });
  }
  const models = Array.isArray(raw.models) ? raw.models.filter(isObj) : [];
  const names = models.map((m) => String(m.name ?? ''));
  const withRadscore = new Set<string>();
  models.forEach((m, i) => {
    const name = names[i]!;
    const type = m.type;
    const steps = Array.isArray(m.selection) ? m.selection : [];
    const kinds = steps.map(stepKind);
    const lassoAt = kinds.indexOf('lasso');
    if (lassoAt >= 0 && kinds.slice(lassoAt + 1).some((k) => k !== 'stepwise')) out.push({ key: 'study.problem.lassoLast', vars: { model: name } });
    if (type === 'knn' && m.radscore === true) out.push({ key: 'study.problem.knnRadscore', vars: { model: name } });
    if (type === 'logistic' && m.k !== undefined) out.push({ key: 'study.problem.kLogistic', vars: { model: name } });
    if (type === 'knn' && (m.k === undefined || m.k === 'cv') && !isObj(raw.cv)) out.push({ key: 'study.problem.knnCv', vars: { model: name } });
    if (names.indexOf(name) !== i) out.push({ key: 'study.problem.duplicate', vars: { model: name } });
    const p = m.predictors;
    if (Array.isArray(p)) {
      if (p.length === 0) out.push({ key: 'study.problem.noPredictors', vars: { model: name } });
      for (const c of p) {
        if (typeof c !== 'string') continue;
        if (c.startsWith('radscore:')) {
          const src = c.slice(9);
          if (!withRadscore.has(src)) out.push({ key: 'study.problem.radscoreOrder', vars: { model: name, source: src } });
        } else if (!has(c)) out.push({ key: 'study.problem.noColumn', vars: { what: name, column: c } });
      }
    } else if (isObj(p) && typeof p.pattern === 'string' && columns !== null) {
      const hit = patternColumns(p.pattern, columns);
      if (hit === null) out.push({ key: 'study.problem.badPattern', vars: { model: name, pattern: p.pattern } });
      else if (hit.length === 0) out.push({ key: 'study.problem.emptyPattern', vars: { model: name, pattern: p.pattern } });
    }
    steps.forEach((s) => {
      if (isObj(s) && isObj(s.icc)) {
        const key = s.icc.reader2;
        if (typeof key !== 'string' || key === '') out.push({ key: 'study.problem.iccReader', vars: { model: name } });
        else if (!readers.includes(key)) out.push({ key: 'study.problem.iccMissing', vars: { model: name, key } });
      }
      if (isObj(s) && isObj(s.lasso) && s.lasso.foldSeed === undefined && s.lasso.foldColumn === undefined) out.push({ key: 'study.problem.lassoFolds', vars: { model: name } });
      if (isObj(s) && isObj(s.lasso) && typeof s.lasso.foldColumn === 'string' && s.lasso.foldColumn && !has(s.lasso.foldColumn)) out.push({ key: 'study.problem.noColumn', vars: { what: `${name} LASSO folds`, column: s.lasso.foldColumn } });
      if (isObj(s) && isObj(s.lasso) && s.lasso.foldSeed !== undefined && typeof s.lasso.foldColumn === 'string' && s.lasso.foldColumn) out.push({ key: 'study.problem.lassoFoldBoth', vars: { model: name, column: s.lasso.foldColumn } });
      if (isObj(s) && isObj(s.lasso) && s.lasso.thresh !== undefined && !(typeof s.lasso.thresh === 'number' && s.lasso.thresh > 0 && s.lasso.thresh <= 1)) out.push({ key: 'study.problem.lassoThresh', vars: { model: name, value: String(s.lasso.thresh) } });
      if (isObj(s) && isObj(s.icc) && typeof s.icc.id === 'string' && s.icc.id && !has(s.icc.id)) out.push({ key: 'study.problem.noColumn', vars: { what: `${name} ICC`, column: s.icc.id } });
    });
    if (m.radscore === true && type === 'logistic') withRadscore.add(name);
  });
  if (Array.isArray(raw.compare)) {
    for (const pair of raw.compare) {
      if (!Array.isArray(pair)) continue;
      const [a, b] = pair as unknown[];
      if (a === b) out.push({ key: 'study.problem.compareSelf', vars: { model: String(a) } });
      for (const x of [a, b]) if (typeof x === 'string' && !names.includes(x)) out.push({ key: 'study.problem.compareUnknown', vars: { model: x } });
    }
  }
  if (isObj(raw.dca)) {
    const { from, to } = raw.dca;
    if (typeof from === 'number' && typeof to === 'number' && !(from > 0 && from <= to && to < 1)) out.push({ key: 'study.problem.dca', vars: { from, to } });
  }
  return out;
}
