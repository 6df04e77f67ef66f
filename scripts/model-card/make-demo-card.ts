/**
 * Writes `public/models/demo-chemoresistance.json` (the demo model card).
 * Run: `npx tsx scripts/model-card/make-demo-card.ts` (reads scripts/model-card/demo-cohort.csv,
 * written by make-demo-cohort.ts, scripts/model-card/demo-spec.json and public/params/studyA.yaml)
 * and the training geometry from a DCE series the demo generator writes to a temporary folder
 * (demoGeometry.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DEMO_CARD_FILE, demoCardText, makeDemoCard } from './demoCard.ts';
import { demoSeriesFacts, demoTrainingGeometry } from './demoGeometry.ts';

const root = new URL('../../', import.meta.url);
const geometry = demoTrainingGeometry(await demoSeriesFacts());
const card = makeDemoCard({
  cohortCsv: readFileSync(new URL('scripts/model-card/demo-cohort.csv', root), 'utf8'),
  specJson: readFileSync(new URL('scripts/model-card/demo-spec.json', root), 'utf8'),
  presetYaml: readFileSync(new URL('public/params/studyA.yaml', root), 'utf8'),
  version: (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version,
  geometry,
});
const out = new URL(`public/models/${DEMO_CARD_FILE}`, root);
writeFileSync(out, demoCardText(card));
process.stdout.write(`wrote ${out.pathname}: model ${card.name}, ${card.inputs.length} inputs (${card.inputs.filter((i) => i.source === 'radiomics').length} radiomics), training AUC ${card.metrics.train.auc?.toFixed(3)}, validation AUC ${card.metrics.validation.auc?.toFixed(3)}, cut-off ${card.threshold.value.toFixed(4)}\n`);
