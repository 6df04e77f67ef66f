/**
 * Apply a model card to every row of a table (a cohort CSV, or a CSV of new patients): the code
 * path of `npm run -s cli -- predict`. Each row's inputs are read from the columns named as the
 * card's inputs; a missing column is an error naming the file and the column, a bad value an
 * error naming the file, row and column.
 */
import type { CohortTable } from '../modelling/csv.ts';
import { applyModelCard, type ApplyOptions, type CardPrediction, type PatientInputs } from './applyModelCard.ts';
import type { ModelCard } from './modelCard.ts';

export interface TablePrediction {
  id: string;
  /** CSV line (header = line 1). */
  line: number;
  prediction: CardPrediction;
}

/** The inputs of row i, as `applyModelCard` reads them. */
export function rowInputs(card: ModelCard, table: CohortTable, i: number): PatientInputs {
  const out: Record<string, number | string | null> = {};
  for (const inp of card.inputs) {
    const c = table.columns.get(inp.name);
    if (!c) throw new Error(`${table.source}: no column "${inp.name}" (input of model card "${card.name}")`);
    const v = c.values[i]!;
    out[inp.name] = c.kind === 'number' ? (Number.isNaN(v as number) ? null : (v as number)) : (v as string | null);
  }
  return out;
}

export function predictTable(card: ModelCard, table: CohortTable, idColumn = 'patient_id', options: ApplyOptions = {}): TablePrediction[] {
  const ids = table.columns.get(idColumn);
  const out: TablePrediction[] = [];
  for (let i = 0; i < table.nRows; i++) {
    const id = ids ? String(ids.values[i] ?? `row ${i + 2}`) : `row ${i + 2}`;
    try {
      out.push({ id, line: i + 2, prediction: applyModelCard(card, rowInputs(card, table, i), options) });
    } catch (e) {
      throw new Error(`${table.source} line ${i + 2} (${id}): ${(e as Error).message}`);
    }
  }
  return out;
}
