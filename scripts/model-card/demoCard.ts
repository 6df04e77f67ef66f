/**
 * The demo model card shipped in `public/models/`: `demo-spec.json` run on the synthetic demo
 * cohort (`scripts/model-card/demo-cohort.csv`, made by `make-demo-cohort.ts` from images of the
 * demo generator's phantom, see `demoCohort.ts`), its `clinical_radscore` model written as a card
 * with the Study A extraction preset restricted to the Original image type
 * (`public/params/studyA.yaml` minus Wavelet; DCE phase 1, tumour ROI) and the training geometry
 * (grid, slice thickness, matrix, modality, manufacturer, field strength) read from the DCE series
 * the demo generator writes (`demoGeometry.ts`).
 * Shared by the generating script and the test that checks the committed file is current.
 */
import { createHash } from 'node:crypto';
import { parseCohortCsv } from '../../src/modelling/csv.ts';
import { runStudy } from '../../src/modelling/runStudy.ts';
import { parseStudySpec } from '../../src/modelling/spec.ts';
import { buildModelCard, type ModelCard } from '../../src/modelcard/modelCard.ts';
import type { TrainingGeometry } from '../../src/modelcard/trainingGeometry.ts';

export const DEMO_CARD_FILE = 'demo-chemoresistance.json';
export const DEMO_MODEL = 'clinical_radscore';

export interface DemoInputs {
  cohortCsv: string;
  specJson: string;
  presetYaml: string;
  version: string;
  /** The training grid and acquisition facts: `demoTrainingGeometry(await demoSeriesFacts())` (demoGeometry.ts). */
  geometry: TrainingGeometry;
}

/**
 * Study A's parameter file restricted to the Original image type: the card uses only
 * `original_` features, whose settings (binWidth, label, …) are exactly Study A's, so a patient
 * needs 107 features, not 851.
 */
export function originalOnlyYaml(studyAYaml: string): string {
  const out = studyAYaml.replace(/^  Wavelet:\n    wavelet: coif1\n/m, '');
  if (out === studyAYaml) throw new Error('studyA.yaml: the Wavelet image type block was not found (update originalOnlyYaml)');
  return `# Demo model card: public/params/studyA.yaml with only the Original image type (the card uses original_ features only).\n${out}`;
}

export function makeDemoCard(inp: DemoInputs): ModelCard {
  const table = parseCohortCsv(inp.cohortCsv, 'demo-cohort.csv');
  const spec = parseStudySpec(JSON.parse(inp.specJson));
  const results = runStudy(table, spec, { bootstrapResamples: 0 });
  return buildModelCard(results, DEMO_MODEL, {
    extraction: {
      preset: 'studyA (Original image type only)', yaml: originalOnlyYaml(inp.presetYaml), image_type: 'DCE phase 1', roi_label: 'tumour',
      training_geometry: inp.geometry,
    },
    cohort: {
      description: `SYNTHETIC demo cohort (${table.nRows} simulated patients; images from the demo generator's phantom with varied lesion size, margin, signal and heterogeneity; clinical predictors drawn like Study A; outcome from a known logistic model: scripts/model-card/demoCohort.ts), temporal split at 2023-07-01`,
      data_hash: `sha256:${createHash('sha256').update(inp.cohortCsv).digest('hex')}`,
    },
    outcome: { label: 'Chemoresistance', definition: 'resistant = RCB ≥ II or tumour shrinkage < 30 % after neoadjuvant chemotherapy (Study A)' },
    intended_use: 'Demonstration only: a model fitted on a SYNTHETIC cohort to show how a model card is applied. Not for any clinical decision.',
    software: { name: 'breast-radiomics-workstation', version: inp.version },
    created: '2026-11-23T00:00:00Z',
  });
}

/** The card as written to disk (stable key order, 1-space indent, final newline). */
export function demoCardText(card: ModelCard): string {
  return `${JSON.stringify(card, null, 1)}\n`;
}
