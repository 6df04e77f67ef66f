/**
 * `cli predict`: the demo card on its own training cohort (scripts/model-card/demo-cohort.csv)
 * gives what the study runner predicted for the same patients (the card was built from that run),
 * and bad input exits 2 naming the problem.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseCohortCsv } from '../modelling/csv.ts';
import { runStudy } from '../modelling/runStudy.ts';
import { parseStudySpec } from '../modelling/spec.ts';
import { run } from './predictCommand.ts';

const root = new URL('../../', import.meta.url);
const CARD = new URL('public/models/demo-chemoresistance.json', root).pathname;
const DATA = new URL('scripts/model-card/demo-cohort.csv', root).pathname;

describe('cli predict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'predict-cli-'));
  it("writes one prediction per row, equal to the runner's to 1e-9", async () => {
    const out = join(dir, 'out.json');
    expect(await run(['--card', CARD, '--data', DATA, '--out', out, '--resamples', '0'])).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8')) as { predictions: { id: string; p: number; interval: { lower: number; upper: number } }[] };
    const spec = parseStudySpec(JSON.parse(readFileSync(new URL('scripts/model-card/demo-spec.json', root), 'utf8')));
    const study = runStudy(parseCohortCsv(readFileSync(DATA, 'utf8'), 'demo-cohort.csv'), spec, { bootstrapResamples: 0 });
    const m = study.models.clinical_radscore!;
    const want = new Map<string, number>();
    for (const s of [m.train, m.validation]) s.predictions.id.forEach((id, i) => want.set(id, s.predictions.p[i]!));
    expect(res.predictions.length).toBe(200);
    for (const p of res.predictions) {
      expect(Math.abs(p.p - want.get(p.id)!)).toBeLessThan(1e-9);
      expect(p.interval.lower).toBeLessThanOrEqual(p.p);
    }
  });
  it('exits 2 naming a missing column or a bad card key', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const csv = join(dir, 'few.csv');
    writeFileSync(csv, 'patient_id,er_pos\nP1,1\n');
    expect(await run(['--card', CARD, '--data', csv])).toBe(2);
    expect(String(err.mock.calls.at(-1)![0])).toMatch(/few\.csv: no column "ki67_high"/);
    const bad = join(dir, 'bad.json');
    const card = JSON.parse(readFileSync(CARD, 'utf8'));
    card.threshold.value = 2;
    writeFileSync(bad, JSON.stringify(card));
    expect(await run(['--card', bad, '--data', DATA])).toBe(2);
    expect(String(err.mock.calls.at(-1)![0])).toMatch(/threshold\.value/);
    expect(await run(['--card', CARD])).toBe(2);
    err.mockRestore();
  });
});
