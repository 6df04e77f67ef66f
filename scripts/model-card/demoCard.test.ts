import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModelCard } from '../../src/modelcard/parseModelCard.ts';
import { DEMO_CARD_FILE, demoCardText, makeDemoCard } from './demoCard.ts';
import { demoSeriesFacts, demoTrainingGeometry } from './demoGeometry.ts';

const root = new URL('../../', import.meta.url);

describe('demo model card in public/models', () => {
  it('is what make-demo-card.ts writes today (rerun the script if this fails)', async () => {
    const geometry = demoTrainingGeometry(await demoSeriesFacts());
    const card = makeDemoCard({
      cohortCsv: readFileSync(new URL('scripts/model-card/demo-cohort.csv', root), 'utf8'),
      specJson: readFileSync(new URL('scripts/model-card/demo-spec.json', root), 'utf8'),
      presetYaml: readFileSync(new URL('public/params/studyA.yaml', root), 'utf8'),
      version: (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version,
      geometry,
    });
    const committed = readFileSync(new URL(`public/models/${DEMO_CARD_FILE}`, root), 'utf8');
    expect(committed).toBe(demoCardText(card));
    const parsed = parseModelCard(committed);
    expect(parsed.inputs.filter((i) => i.source === 'radiomics').every((i) => i.name.startsWith('original_'))).toBe(true);
    expect(parsed.extraction.image_type).toBe('DCE phase 1');
    expect(parsed.extraction.yaml).not.toMatch(/Wavelet/);
    expect(parsed.extraction.yaml).toMatch(/Original: \{\}/);
  }, 60_000);
});
