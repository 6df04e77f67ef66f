/**
 * The demo card's training geometry equals what the demo generator writes: its parameters (the
 * field of view over `generateDceStudy`'s default matrix and slice count) and the header of a
 * generated DCE phase-1 file as dcmtk's dcmdump reads it (an outside reader, not our indexer).
 * dcmdump comes from `bash scripts/ensure-system-deps.sh`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FOV_MM, generateDceStudy, type DceResult } from '../demo/dce.ts';
import { parseModelCard } from '../../src/modelcard/parseModelCard.ts';
import { DEMO_CARD_FILE } from './demoCard.ts';
import { demoTrainingGeometry } from './demoGeometry.ts';

const card = parseModelCard(readFileSync(new URL(`../../public/models/${DEMO_CARD_FILE}`, import.meta.url), 'utf8'));

/** Tag values of a file as dcmdump prints them: `(gggg,eeee) VR [value]` or `(gggg,eeee) US 256`. */
function dcmdumpTags(file: string, tags: string[]): Record<string, string> {
  const out = execFileSync('dcmdump', ['-q', ...tags.flatMap((t) => ['+P', t]), file], { encoding: 'utf8' });
  const r: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^\((\w{4},\w{4})\) \w\w (?:\[([^\]]*)\]|(\S+))/.exec(line.trim());
    if (m) r[m[1]!.toLowerCase()] = m[2] ?? m[3]!;
  }
  return r;
}

describe('demo card training geometry = the demo generator\'s DCE series', () => {
  let dir: string;
  let dce: DceResult;
  beforeAll(() => {
    if (spawnSync('sh', ['-c', 'command -v dcmdump']).status !== 0) throw new Error('dcmdump is missing: run `bash scripts/ensure-system-deps.sh` (dcmtk)');
    dir = mkdtempSync(join(tmpdir(), 'demo-geometry-test-'));
    // the generator's defaults (the demo study's grid); two phases are enough for phase 1
    dce = generateDceStudy({ outDir: dir, phases: 2, masks: false });
  }, 60_000);
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('records the generator\'s grid: FOV / default matrix and slice count', () => {
    const g = card.extraction.training_geometry!;
    const { rows, cols, slices } = dce.geometry;
    expect([rows, cols, slices]).toEqual([256, 256, 60]); // generateDceStudy's documented defaults
    expect(g.spacing_mm).toEqual([DEMO_FOV_MM.x / cols, DEMO_FOV_MM.y / rows, DEMO_FOV_MM.z / slices]);
    expect(g.matrix).toEqual([cols, rows]);
    expect(g.slice_thickness_mm).toBe(DEMO_FOV_MM.z / slices);
  });

  it('records what the generated phase-1 header says (dcmdump): modality, manufacturer, field strength, thickness, matrix, spacing', () => {
    // temporal layout: phase 1 (first post-contrast) = temporal position 2, files IM_t02_s*
    const [first, second] = ['dce/IM_t02_s001.dcm', 'dce/IM_t02_s002.dcm'].map((f) => dcmdumpTags(join(dir, f), ['0008,0060', '0008,0070', '0018,0087', '0018,0050', '0028,0010', '0028,0011', '0028,0030', '0020,0032', '0020,0100']));
    expect(first!['0020,0100']).toBe('2');
    const ps = first!['0028,0030']!.split('\\').map(Number); // row spacing (y), column spacing (x)
    const dz = Math.abs(Number(second!['0020,0032']!.split('\\')[2]) - Number(first!['0020,0032']!.split('\\')[2]));
    const g = card.extraction.training_geometry!;
    expect(g.modality).toBe(first!['0008,0060']);
    expect(g.manufacturer).toBe(first!['0008,0070']);
    expect(g.field_strength_t).toBe(Number(first!['0018,0087']));
    expect(g.slice_thickness_mm).toBe(Number(first!['0018,0050']));
    expect(g.matrix).toEqual([Number(first!['0028,0011']), Number(first!['0028,0010'])]);
    expect(g.spacing_mm[0]).toBeCloseTo(ps[1]!, 9);
    expect(g.spacing_mm[1]).toBeCloseTo(ps[0]!, 9);
    expect(g.spacing_mm[2]).toBeCloseTo(dz, 9);
  });

  it('refuses series facts off the cohort\'s grid or missing a fact, naming it', () => {
    const ok = { spacingMm: [0.75, 0.75, 2.5] as [number, number, number], sliceThicknessMm: 2.5, matrix: [256, 256] as [number, number], modality: 'MR', manufacturer: 'X', fieldStrengthT: 3 };
    expect(demoTrainingGeometry(ok).field_strength_t).toBe(3);
    expect(() => demoTrainingGeometry({ ...ok, spacingMm: [0.5, 0.5, 2.5] })).toThrow(/spacing 0\.5 × 0\.5 × 2\.5 mm is not the cohort's grid/);
    expect(() => demoTrainingGeometry({ ...ok, matrix: [384, 384] })).toThrow(/matrix 384 × 384/);
    const { fieldStrengthT: _f, ...noField } = ok;
    expect(() => demoTrainingGeometry(noField)).toThrow(/MagneticFieldStrength/);
  });
});
