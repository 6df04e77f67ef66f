/**
 * Prints how the demo patient (public/demo DCE phase 1 + tumour mask) fares with the committed
 * demo card: features outside the training ranges, P, interval, warnings.
 * Run: `npx tsx scripts/model-card/check-demo-patient.ts`
 */
import { readFileSync } from 'node:fs';
import { parseModelCard } from '../../src/modelcard/parseModelCard.ts';
import { DEMO_CARD_FILE } from './demoCard.ts';
import { DEMO_CLINICAL, scoreDemoPatient } from './demoPatient.ts';

const card = parseModelCard(readFileSync(new URL(`../../public/models/${DEMO_CARD_FILE}`, import.meta.url), 'utf8'));
const s = await scoreDemoPatient(card);
// all 107 original_ features against the cohort CSV's ranges (not only the card's inputs)
const lines = readFileSync(new URL('demo-cohort.csv', import.meta.url), 'utf8').trimEnd().split('\n');
const header = lines[0]!.split(',');
const all = await (async () => {
  const { readImageInput, readMaskInput } = await import('../../src/cli/extractCommand.ts');
  const { extract } = await import('../../src/radiomics/extractor.ts');
  const { parseParams } = await import('../../src/radiomics/settings.ts');
  const dir = new URL('../../public/demo/', import.meta.url).pathname;
  const image = await readImageInput(`${dir}dce`, { group: 'phase1' });
  return extract(image, readMaskInput(`${dir}masks/dce_lesion.nrrd`, image), parseParams(card.extraction.yaml));
})();
const outside = header.filter((h) => h.startsWith('original_')).filter((h) => {
  const k = header.indexOf(h);
  const col = lines.slice(1).map((l) => Number(l.split(',')[k]));
  const v = all[h] as number;
  return v < Math.min(...col) || v > Math.max(...col);
});
const p = s.prediction;
const radiomics = card.inputs.filter((i) => i.source === 'radiomics');
process.stdout.write([
  `card ${card.name}: ${radiomics.length} radiomics inputs, clinical ${JSON.stringify(DEMO_CLINICAL)}`,
  `spacing ${s.spacing.join(' × ')} mm; geometry warnings: ${s.geometry.length}`,
  `of all 107 original_ features, outside the cohort's range: ${outside.length} (${outside.join(', ') || 'none'})`,
  `card inputs outside the training range: ${s.outOfRange.length} (${s.outOfRange.join(', ') || 'none'})`,
  ...radiomics.map((i) => `  ${i.name} = ${s.features[i.name]} (training ${i.training?.min} – ${i.training?.max})`),
  `terms ${JSON.stringify(p.terms)}`,
  `P = ${p.p}, η = ${p.eta}, interval ${p.interval ? `${p.interval.lower} – ${p.interval.upper}` : 'none'}, band ${p.band}, percentile ${p.training_percentile}`,
  `warnings: ${p.warnings.length}`, ...p.warnings.map((w) => `  ${w}`),
].join('\n') + '\n');
