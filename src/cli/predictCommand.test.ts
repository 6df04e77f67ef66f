/**
 * `cli predict`: the demo card on its own training cohort (scripts/model-card/demo-cohort.csv)
 * gives what the study runner predicted for the same patients (the card was built from that run),
 * and bad input exits 2 naming the problem. With --acquisition: facts equal to the card's training
 * geometry give no warning, other facts give the patient view's lines, whose numbers are worked
 * out here from the inputs (relative difference |p − t| / t against the card's tolerance, field
 * strength in tesla), and a wrong acquisition file exits 2 naming the field.
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

  describe('--acquisition: the training-geometry check of the patient view', () => {
    const card = JSON.parse(readFileSync(CARD, 'utf8')) as { extraction: { training_geometry: { spacing_mm: number[]; tolerance: number; slice_thickness_mm: number; matrix: number[]; modality: string; manufacturer: string; field_strength_t: number } } };
    const g = card.extraction.training_geometry;
    // the card's YAML sets no bin count, resampling or normalisation: PyRadiomics' defaults (binWidth 25)
    const cardSettings = { binWidth: 25, binCount: null, resampledPixelSpacing: null, normalize: false, normalizeScale: 1 };
    const same = { spacingMm: g.spacing_mm, sliceThicknessMm: g.slice_thickness_mm, matrix: g.matrix, modality: g.modality, manufacturer: g.manufacturer, fieldStrengthT: g.field_strength_t, settings: cardSettings };
    const lines = readFileSync(DATA, 'utf8').split('\n');
    const csv = join(dir, 'two.csv');
    writeFileSync(csv, `${lines.slice(0, 3).join('\n')}\n`);
    const ids = lines.slice(1, 3).map((l) => l.split(',')[0]!);
    const write = (name: string, v: unknown) => { const f = join(dir, name); writeFileSync(f, JSON.stringify(v)); return f; };
    type Out = { acquisition?: string; predictions: { id: string; p: number; acquisition: { differences: unknown[]; notInCard: string[]; notInPatient: string[] } | null; acquisitionWarnings: string[] }[] };
    const predict = async (acq: string | null): Promise<{ code: number; out: Out | null; stderr: string[] }> => {
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const out = join(dir, `out-${Math.random().toString(36).slice(2)}.json`);
      const code = await run(['--card', CARD, '--data', csv, '--out', out, ...(acq ? ['--acquisition', acq] : [])]);
      const stderr = err.mock.calls.map((c) => String(c[0]));
      err.mockRestore();
      return { code, out: code === 0 ? (JSON.parse(readFileSync(out, 'utf8')) as Out) : null, stderr };
    };
    // the message, written out from the inputs: p and t in mm or T, relative difference in % to 4 digits
    const num = (v: number) => String(Number(v.toPrecision(4)));
    const pct = (p: number, t: number) => { const r = (100 * (p - t)) / t; return `${r >= 0 ? '+' : '−'}${num(Math.abs(r))} %`; };
    const tail = ' Features may not be comparable with the model\'s training data.';
    const tol = `tolerance ${num(100 * g.tolerance)} %`;

    it('facts equal to the card\'s training geometry: no warning, exit 0, same P as without them', async () => {
      const plain = await predict(null);
      const r = await predict(write('same.json', same));
      expect(r.code).toBe(0);
      expect(r.out!.acquisition).toBe('same.json');
      expect(r.out!.predictions.map((p) => p.id)).toEqual(ids);
      for (const [i, p] of r.out!.predictions.entries()) {
        expect(p.acquisitionWarnings).toEqual([]);
        expect(p.acquisition).toMatchObject({ differences: [], notInCard: [], notInPatient: [] });
        expect(p.p).toBe(plain.out!.predictions[i]!.p);
      }
      expect(r.stderr).toEqual([]);
      expect(plain.out!.predictions[0]!.acquisitionWarnings).toBeUndefined(); // nothing checked without --acquisition
      // within the tolerance: 5 % finer pixels, 0.1 T off, the maker's other name (first word) still agree
      const near = await predict(write('near.json', { ...same, spacingMm: g.spacing_mm.map((s) => s * 0.95), fieldStrengthT: g.field_strength_t - 0.04, manufacturer: `${g.manufacturer.split(' ')[0]} Healthcare` }));
      expect(near.out!.predictions[0]!.acquisitionWarnings).toEqual([]);
    });

    it('other facts: one line per fact that differs, with both values and by how much; exit 0', async () => {
      const other = { spacingMm: [0.5, 0.5, 3], sliceThicknessMm: 3, matrix: [384, 384], modality: 'US', manufacturer: 'GE MEDICAL SYSTEMS', fieldStrengthT: 1.5, settings: { ...cardSettings, binWidth: 5 } };
      const r = await predict(write('other.json', other));
      expect(r.code).toBe(0);
      const want = [
        `This patient's voxel spacing differs from the training images': ${other.spacingMm.map(num).join(' × ')} mm here, ${g.spacing_mm.map(num).join(' × ')} mm in training (${['x', 'y', 'z'].map((a, k) => `${a} ${pct(other.spacingMm[k]!, g.spacing_mm[k]!)}`).join(', ')}; ${tol}).${tail}`,
        `This patient's slice thickness differs from the training images': ${num(other.sliceThicknessMm)} mm here, ${num(g.slice_thickness_mm)} mm in training (${pct(other.sliceThicknessMm, g.slice_thickness_mm)}; ${tol}).${tail}`,
        `This patient's in-plane matrix differs from the training images': ${other.matrix.join(' × ')} here, ${g.matrix.join(' × ')} in training (x ${pct(other.matrix[0]!, g.matrix[0]!)}, y ${pct(other.matrix[1]!, g.matrix[1]!)}; ${tol}).${tail}`,
        `This patient's modality differs from the training images': US here, ${g.modality} in training.${tail}`,
        `This patient's scanner manufacturer differs from the training images': GE MEDICAL SYSTEMS here, ${g.manufacturer} in training.${tail}`,
        `This patient's field strength differs from the training images': ${num(other.fieldStrengthT)} T here, ${num(g.field_strength_t)} T in training (${other.fieldStrengthT >= g.field_strength_t ? '+' : '−'}${num(Math.abs(other.fieldStrengthT - g.field_strength_t))} T).${tail}`,
        `This patient's bin width differs from the training images': 5 here, 25 in training (${pct(5, 25)}).${tail}`,
      ];
      // the spacing, thickness and matrix differ by more than the tolerance on every axis given here
      expect([...other.spacingMm.map((p, k) => Math.abs(p - g.spacing_mm[k]!) / g.spacing_mm[k]!), Math.abs(other.matrix[0]! - g.matrix[0]!) / g.matrix[0]!].every((d) => d > g.tolerance)).toBe(true);
      for (const p of r.out!.predictions) expect(p.acquisitionWarnings).toEqual(want);
      expect(r.stderr).toEqual(ids.flatMap((id) => want.map((w) => `predict: ${id}: ${w}\n`)));
    });

    it('per patient (the features store\'s records), a stored record\'s `acquisition`, facts the patient lacks, a patient without facts', async () => {
      const { settings: _s, ...noSettings } = same;
      const r = await predict(write('per.json', [{ patientId: ids[0], acquisition: noSettings, record: { original_firstorder_Mean: 1 } }, { patientId: 'someone else', acquisition: same }]));
      expect(r.code).toBe(0);
      expect(r.out!.predictions[0]!.acquisitionWarnings).toEqual(['Not checked — not recorded for this patient\'s image: bin width, bin count, resampling, normalisation.']);
      expect(r.out!.predictions[1]!.acquisitionWarnings).toEqual(['Not checked — per.json has no acquisition facts for this patient.']);
      expect(r.out!.predictions[1]!.acquisition).toBeNull();
      const stored = await predict(write('stored.json', { key: 'k', patientId: ids[0], record: {}, acquisition: { ...same, fieldStrengthT: 1.5 } }));
      expect(stored.out!.predictions.map((p) => p.acquisitionWarnings)).toEqual(ids.map(() => [`This patient's field strength differs from the training images': 1.5 T here, ${num(g.field_strength_t)} T in training (−${num(g.field_strength_t - 1.5)} T).${tail}`]));
    });

    it('a wrong acquisition file exits 2 naming the field', async () => {
      const cases: [string, unknown, RegExp][] = [
        ['unknown.json', { ...same, spacing: [1, 1, 1] }, /unknown\.json: acquisition\.spacing is not an acquisition fact/],
        ['type.json', { ...same, fieldStrengthT: '3' }, /type\.json: acquisition\.fieldStrengthT must be a positive number \(tesla\), got "3"/],
        ['matrix.json', { acquisition: { matrix: [256.5, 256] } }, /acquisition\.matrix must be two positive integers/],
        ['spacing.json', { spacingMm: [0.75, 0.75] }, /acquisition\.spacingMm must be three positive numbers/],
        ['setting.json', [{ patientId: 'P1', acquisition: same }, { patientId: 'P2', acquisition: { settings: { ...cardSettings, binCount: 'none' } } }], /setting\.json: \[1\]\.acquisition\.settings\.binCount must be a positive integer or null/],
        ['extra.json', { settings: { ...cardSettings, binwidth: 25 } }, /acquisition\.settings\.binwidth is not an extraction setting/],
        ['noid.json', [{ acquisition: same }], /\[0\]\.patientId must be the patient's id/],
        ['twice.json', [{ patientId: 'P1', acquisition: same }, { id: 'P1', acquisition: same }], /\[1\]\.patientId "P1" appears twice/],
      ];
      for (const [name, v, re] of cases) {
        const r = await predict(write(name, v));
        expect(r.code, name).toBe(2);
        expect(r.stderr.at(-1), name).toMatch(re);
      }
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{"spacingMm": [');
      const r = await predict(broken);
      expect(r.code).toBe(2);
      expect(r.stderr.at(-1)).toMatch(/broken\.json: not valid JSON/);
    });
  });
});
