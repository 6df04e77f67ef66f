/**
 * The demo card's training geometry, read from what the demo generator writes: the DCE series of
 * `generateDceStudy` at its default grid (the grid the cohort's images are sampled on,
 * `DEMO_GRID`) is written to a temporary folder, indexed with the workstation's own DICOM indexer
 * and its phase-1 header read as the patient view reads a patient's series (`acquisitionFacts`,
 * `readFrameHeaderFacts`). So the card records exactly the facts the patient view will compare
 * for the demo study: voxel spacing, SliceThickness, Columns × Rows, Modality, Manufacturer and
 * MagneticFieldStrength. ~4 s (two phases of 256 × 256 × 60).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDceStudy } from '../demo/dce.ts';
import { indexFiles } from '../../src/dicom/indexer.ts';
import { sourcesFromFolder } from '../../src/dicom/nodeSource.ts';
import { acquisitionFacts, type AcquisitionFacts } from '../../src/features/featureDb.ts';
import type { TrainingGeometry } from '../../src/modelcard/trainingGeometry.ts';
import { readFrameHeaderFacts } from '../../src/patient/seriesHeader.ts';
import { parseParams } from '../../src/radiomics/settings.ts';
import { DEMO_GRID } from './demoCohort.ts';

/** The acquisition facts (without extraction settings) of the generator's DCE phase 1 on the demo grid. */
export async function demoSeriesFacts(): Promise<Omit<AcquisitionFacts, 'settings'>> {
  const dir = mkdtempSync(join(tmpdir(), 'demo-card-geometry-'));
  try {
    const [cols, rows, slices] = DEMO_GRID.size;
    generateDceStudy({ outDir: dir, rows, cols, slices, phases: 2, masks: false });
    const files = await sourcesFromFolder(join(dir, 'dce'));
    const index = await indexFiles(files);
    const entry = index.series.find((s) => s.kind === 'dce');
    const group = entry?.groups.find((g) => g.key === 'phase1');
    if (!entry || !group) throw new Error('demo geometry: the generated DCE series has no phase1 group');
    const ref = group.frames[0]!;
    const header = await readFrameHeaderFacts(files.find((f) => f.path === ref.path)!, ref.frame);
    // the settings come from the card's own YAML, not from here: any parameters do
    const { settings: _settings, ...facts } = acquisitionFacts(entry, group, parseParams('imageType:\n  Original: {}\n', 'demo geometry'), { fieldStrengthT: header.fieldStrengthT });
    return facts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TOLERANCE = 0.1;

/**
 * The card's `training_geometry` from the generated series' facts. The cohort's images were
 * sampled on `DEMO_GRID`, so the series must be on it too (checked: a generator change that moves
 * the grid fails here instead of writing a card whose spacing the cohort never had).
 */
export function demoTrainingGeometry(f: Omit<AcquisitionFacts, 'settings'>): TrainingGeometry {
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`demo geometry: the generated DCE series does not say its ${what}`);
    return v;
  };
  const spacing = need(f.spacingMm, 'voxel spacing');
  if (spacing.some((s, k) => Math.abs(s - DEMO_GRID.spacing[k]!) > 1e-9)) throw new Error(`demo geometry: the generated series' spacing ${spacing.join(' × ')} mm is not the cohort's grid ${DEMO_GRID.spacing.join(' × ')} mm`);
  const matrix = need(f.matrix, 'matrix (Columns, Rows)');
  if (matrix[0] !== DEMO_GRID.size[0] || matrix[1] !== DEMO_GRID.size[1]) throw new Error(`demo geometry: the generated series' matrix ${matrix.join(' × ')} is not the cohort's grid ${DEMO_GRID.size[0]} × ${DEMO_GRID.size[1]}`);
  const thickness = need(f.sliceThicknessMm, 'SliceThickness');
  const modality = need(f.modality, 'Modality');
  const manufacturer = need(f.manufacturer, 'Manufacturer');
  const field = need(f.fieldStrengthT, 'MagneticFieldStrength');
  const fov = DEMO_GRID.size.map((n, k) => Number((n * DEMO_GRID.spacing[k]!).toPrecision(6)));
  return {
    spacing_mm: [...DEMO_GRID.spacing],
    tolerance: TOLERANCE,
    description: `Synthetic axial fat-suppressed T1w DCE-MRI, phase 1 (first post-contrast, 60 s), ${DEMO_GRID.spacing[0]} × ${DEMO_GRID.spacing[1]} mm pixels, ${thickness} mm slices (the demo study's grid: ${DEMO_GRID.size.join(' × ')} over ${fov.join(' × ')} mm), made by the demo generator's breast phantom (scripts/demo; its headers say ${modality}, "${manufacturer}", ${field} T); tumour mask = lesion fraction ≥ 0.5`,
    slice_thickness_mm: thickness,
    matrix: [matrix[0], matrix[1]],
    modality,
    manufacturer,
    field_strength_t: field,
  };
}
