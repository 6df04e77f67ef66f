/**
 * `npm run -s cli -- predict --card card.json --data patients.csv [--out out.json] [--id patient_id] [--resamples N] [--seed S]`
 *
 * Applies a model card (src/modelcard) to every row of a CSV whose columns are named as the
 * card's inputs — the same `applyModelCard` the patient view runs. Writes JSON
 * `{ format, card, data, predictions: [{ id, line, p, eta, interval, band, warnings, … }] }` to
 * --out (or stdout). Exit codes: 0 done, 2 bad arguments / card / data (the message names the
 * key, or the file, line and column), 1 other failures.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseCohortCsv } from '../modelling/csv.ts';
import { parseModelCard } from '../modelcard/parseModelCard.ts';
import { predictTable } from '../modelcard/predictTable.ts';

const USAGE = 'usage: npm run -s cli -- predict --card card.json --data patients.csv [--out out.json] [--id patient_id] [--resamples N] [--seed S]';

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
  for (const k of Object.keys(out)) if (!['card', 'data', 'out', 'id', 'resamples', 'seed'].includes(k)) throw new UsageError(`unknown option --${k}`);
  for (const k of ['card', 'data']) if (!out[k]) throw new UsageError(`missing --${k}`);
  return out;
}

function int(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
}

/** JSON with non-finite numbers written as null. */
function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x), 1);
}

export async function run(args: string[]): Promise<number> {
  let opts: Record<string, string>;
  let text: { card: string; data: string };
  try {
    opts = parseArgs(args);
    const rd = (k: string): string => {
      try { return readFileSync(resolve(opts[k]!), 'utf8'); } catch (e) { throw new UsageError(`cannot read --${k} ${opts[k]}: ${(e as Error).message}`); }
    };
    text = { card: rd('card'), data: rd('data') };
  } catch (e) {
    process.stderr.write(`predict: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let out: unknown;
  try {
    const card = parseModelCard(text.card, basename(opts.card!));
    const table = parseCohortCsv(text.data, basename(opts.data!));
    const rows = predictTable(card, table, opts.id ?? 'patient_id', { resamples: int(opts.resamples, 'resamples'), seed: int(opts.seed, 'seed') });
    out = {
      format: 'breast-radiomics-predictions/1',
      card: { name: card.name, outcome: card.outcome, created: card.created },
      data: basename(opts.data!),
      predictions: rows.map((r) => ({ id: r.id, line: r.line, ...r.prediction })),
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
