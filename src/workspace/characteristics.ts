/**
 * Table 1 and the univariable logistic table of a run, from the cohort table and the runner's
 * results: which patients were training / validation (the ids of the results' predictions), the
 * chosen variables typed for Table 1 — by the cohort panel's column types when the cohort has them
 * (binary and categorical → counts per level, continuous → mean / median; id, date and free text
 * are refused by name), otherwise guessed (text, or numbers with at most 5 integer levels →
 * categorical; other numbers → continuous) — complete cases only, then `stats/table1.ts` and
 * `stats/logistic.ts` (a categorical column treatment-coded against the panel's reference level).
 * Pure: no React, no DOM.
 */
import type { ColumnType } from '../cohort/columnTypes.ts';
import type { CohortTable } from '../modelling/csv.ts';
import type { StudyResults } from '../modelling/runStudy.ts';
import type { StudySpec } from '../modelling/spec.ts';
import type { CoefficientRow } from '../panels/resultsShape.ts';
import { logisticFit, treatmentCoding } from '../stats/logistic.ts';
import { table1, type Table1Row, type Table1Variable } from '../stats/table1.ts';

export type PatientSet = 'train' | 'validation' | 'all';

/** Patient ids of each set, as the run split them (the union over models of their predictions). */
export function setsOfRun(results: StudyResults): { train: Set<string>; validation: Set<string> } {
  const train = new Set<string>();
  const validation = new Set<string>();
  for (const m of Object.values(results.models)) {
    for (const id of m.train.predictions.id) train.add(id);
    for (const id of m.validation.predictions.id) validation.add(id);
  }
  return { train, validation };
}

/** The variables worth a Table 1 by default: every plain cohort column a listed-predictor model uses. */
export function defaultVariables(spec: StudySpec, table: CohortTable): string[] {
  const out: string[] = [];
  for (const m of spec.models) {
    if (!Array.isArray(m.predictors)) continue;
    for (const p of m.predictors) if (!p.startsWith('radscore:') && table.columns.has(p) && !out.includes(p)) out.push(p);
  }
  return out;
}

/** Categorical when text, or numeric with ≤ 5 distinct integer values; otherwise continuous. */
export function isCategorical(table: CohortTable, name: string): boolean {
  const c = table.columns.get(name);
  if (!c) throw new Error(`${table.source}: no column "${name}"`);
  if (c.kind === 'text') return true;
  const distinct = new Set<number>();
  for (const v of c.values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return false;
    distinct.add(v);
    if (distinct.size > 5) return false;
  }
  return true;
}

/** The cohort panel's column types (`CohortProject.types`), absent for a table without a project. */
export type ColumnTypes = Readonly<Record<string, ColumnType>>;

/**
 * How Table 1 treats `name`: the cohort panel's type when it has one (binary / categorical →
 * categorical, continuous → continuous; id, date and free text throw, naming the column and its
 * type), otherwise {@link isCategorical}'s guess.
 */
export function table1Kind(table: CohortTable, name: string, types?: ColumnTypes): 'categorical' | 'continuous' {
  const type = types?.[name];
  if (!type) return isCategorical(table, name) ? 'categorical' : 'continuous';
  if (type.kind === 'binary' || type.kind === 'categorical') return 'categorical';
  if (type.kind === 'continuous') {
    if (table.columns.get(name)?.kind !== 'number') throw new Error(`${table.source}: column "${name}" is typed continuous in the cohort panel but holds text`);
    return 'continuous';
  }
  throw new Error(`${table.source}: column "${name}" is typed ${type.kind} in the cohort panel, not a Table 1 variable`);
}

interface Rows {
  y: number[];
  rows: number[];
}

/** Rows of `set` with an outcome and every variable present (complete cases), and their outcomes. */
function completeRows(table: CohortTable, spec: StudySpec, variables: readonly string[], ids: Set<string> | null): Rows {
  const idName = spec.id ?? 'patient_id';
  const idCol = table.columns.get(idName);
  const yCol = table.columns.get(spec.outcome);
  if (!idCol) throw new Error(`${table.source}: no id column "${idName}"`);
  if (!yCol || yCol.kind !== 'number') throw new Error(`${table.source}: no numeric outcome column "${spec.outcome}"`);
  const cols = variables.map((v) => {
    const c = table.columns.get(v);
    if (!c) throw new Error(`${table.source}: no column "${v}"`);
    return c;
  });
  const out: Rows = { y: [], rows: [] };
  for (let r = 0; r < table.nRows; r++) {
    const id = idCol.kind === 'number' ? String(idCol.values[r]) : idCol.values[r];
    if (id === null || id === undefined || (ids && !ids.has(id))) continue;
    const y = yCol.values[r]!;
    if (y !== 0 && y !== 1) continue;
    if (cols.some((c) => (c.kind === 'number' ? Number.isNaN(c.values[r]!) : c.values[r] === null || c.values[r] === ''))) continue;
    out.y.push(y);
    out.rows.push(r);
  }
  return out;
}

function valuesAt(table: CohortTable, name: string, rows: readonly number[]): (string | number)[] {
  const c = table.columns.get(name)!;
  return rows.map((r) => (c.kind === 'number' ? c.values[r]! : c.values[r]!));
}

/** Table 1 of `variables` for one set of patients (complete cases). */
export function table1OfSet(table: CohortTable, spec: StudySpec, variables: readonly string[], ids: Set<string> | null, types?: ColumnTypes): { rows: Table1Row[]; n: number } {
  if (variables.length === 0) return { rows: [], n: 0 };
  const kinds = variables.map((name) => table1Kind(table, name, types));
  const { y, rows } = completeRows(table, spec, variables, ids);
  const vars: Table1Variable[] = variables.map((name, i) =>
    kinds[i] === 'categorical'
      ? { name, kind: 'categorical', values: valuesAt(table, name, rows) }
      : { name, kind: 'continuous', values: valuesAt(table, name, rows) as number[] },
  );
  return { rows: table1(vars, y), n: y.length };
}

/**
 * One univariable logistic fit per variable on the training patients: rows as the multivariable
 * table shows them (Wald χ², OR with its Wald 95 % CI). A text column, or one the cohort panel
 * types categorical (numbers too), is treatment-coded as R's factor: reference = the panel's
 * reference level, otherwise the first sorted level; a two-level text binary against its
 * non-positive level.
 */
export function univariableFits(table: CohortTable, spec: StudySpec, variables: readonly string[], ids: Set<string>, types?: ColumnTypes): { variable: string; coefficients: CoefficientRow[] }[] {
  return variables.map((name) => {
    const { y, rows } = completeRows(table, spec, [name], ids);
    const c = table.columns.get(name)!;
    const type = types?.[name];
    let x: ArrayLike<number>[];
    let names: string[];
    if (c.kind === 'text' || type?.kind === 'categorical') {
      const values = valuesAt(table, name, rows);
      let reference: string | undefined;
      if (type?.kind === 'categorical') reference = type.reference;
      else if (type?.kind === 'binary' && type.positive !== undefined) reference = [...new Set(values.map(String))].find((v) => v !== type.positive);
      // the panel's reference may be absent from these patients: then R's default (first level)
      if (reference !== undefined && !values.some((v) => String(v) === reference)) reference = undefined;
      const coded = treatmentCoding(values, name, reference);
      x = coded.columns;
      names = coded.names;
    } else {
      x = [Float64Array.from(rows, (r) => c.values[r]!)];
      names = [name];
    }
    const fit = logisticFit(y, x, names);
    return {
      variable: name,
      coefficients: fit.coefficients.map((k) => ({ name: k.name, beta: k.beta, se: k.se, wald: k.wald, p: k.p, or: k.or, or_lo: k.orLo, or_hi: k.orHi })),
    };
  });
}

/** Whether `table` is the cohort the run used: it has the id and outcome columns and every predicted patient. */
export function cohortMatchesRun(table: CohortTable, results: StudyResults): boolean {
  const idName = results.spec.id ?? 'patient_id';
  const idCol = table.columns.get(idName);
  if (!idCol || !table.columns.has(results.spec.outcome)) return false;
  const ids = new Set<string>();
  for (let r = 0; r < table.nRows; r++) {
    const v = idCol.kind === 'number' ? String(idCol.values[r]) : idCol.values[r];
    if (v) ids.add(v);
  }
  const { train, validation } = setsOfRun(results);
  for (const id of train) if (!ids.has(id)) return false;
  for (const id of validation) if (!ids.has(id)) return false;
  return true;
}
