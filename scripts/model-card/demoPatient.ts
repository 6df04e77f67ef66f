/**
 * The demo patient scored with the demo card, outside the browser: the demo study's DCE phase 1
 * (`public/demo/dce`, volume group `phase1`) with the generator's tumour mask
 * (`public/demo/masks/dce_lesion.nrrd`), extracted with the card's own parameter file — the
 * series, mask and parameters the patient view uses — then `applyModelCard`.
 * Used by `demoPatient.test.ts` and `check-demo-patient.ts`.
 */
import { fileURLToPath } from 'node:url';
import { readImageInput, readMaskInput } from '../../src/cli/extractCommand.ts';
import { extract } from '../../src/radiomics/extractor.ts';
import { parseParams } from '../../src/radiomics/settings.ts';
import { applyModelCard, type CardPrediction, type PatientInputs } from '../../src/modelcard/applyModelCard.ts';
import type { ModelCard } from '../../src/modelcard/modelCard.ts';
import { geometryWarnings } from '../../src/modelcard/trainingGeometry.ts';

const demoDir = fileURLToPath(new URL('../../public/demo/', import.meta.url));

/** The clinical predictors the e2e types in (ER+, Ki-67 high, dose intensity 85 %). */
export const DEMO_CLINICAL = { er_pos: 1, ki67_high: 1, dose_intensity_pct: 85 };

export interface DemoPatientScore {
  features: Record<string, number>;
  spacing: number[];
  /** Radiomics inputs of the card whose value lies outside the training range. */
  outOfRange: string[];
  prediction: CardPrediction;
  geometry: string[];
}

export async function scoreDemoPatient(card: ModelCard): Promise<DemoPatientScore> {
  const params = parseParams(card.extraction.yaml, `model card ${card.name}`);
  const image = await readImageInput(`${demoDir}dce`, { group: 'phase1' });
  const mask = readMaskInput(`${demoDir}masks/dce_lesion.nrrd`, image);
  const rec = extract(image, mask, params);
  const features: Record<string, number> = {};
  const outOfRange: string[] = [];
  const inputs: Record<string, number> = { ...DEMO_CLINICAL };
  for (const inp of card.inputs.filter((i) => i.source === 'radiomics')) {
    const v = rec[inp.name];
    if (typeof v !== 'number') throw new Error(`demo patient: the extraction gave no ${inp.name}`);
    features[inp.name] = v;
    inputs[inp.name] = v;
    if (inp.training && (v < inp.training.min || v > inp.training.max)) outOfRange.push(inp.name);
  }
  return { features, spacing: [...image.spacing], outOfRange, prediction: applyModelCard(card, inputs as PatientInputs), geometry: geometryWarnings(card.extraction.training_geometry, image.spacing) };
}
