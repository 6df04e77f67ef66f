/**
 * Writes `scripts/model-card/demo-cohort.csv`, the demo model card's synthetic training cohort
 * (see `demoCohort.ts` for how every patient, image and outcome is made).
 * Run: `npx tsx scripts/model-card/make-demo-cohort.ts [n]` (reads public/params/studyA.yaml),
 * then `npx tsx scripts/model-card/make-demo-card.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseParams } from '../../src/radiomics/settings.ts';
import { originalOnlyYaml } from './demoCard.ts';
import { DEMO_COHORT_SIZE, makeDemoCohortCsv } from './demoCohort.ts';

const root = new URL('../../', import.meta.url);
const n = process.argv[2] ? Number(process.argv[2]) : DEMO_COHORT_SIZE;
if (!(Number.isInteger(n) && n >= 10)) throw new Error(`make-demo-cohort: n must be an integer ≥ 10 (got ${process.argv[2]})`);
const params = parseParams(originalOnlyYaml(readFileSync(new URL('public/params/studyA.yaml', root), 'utf8')), 'studyA.yaml (Original only)');
const t0 = Date.now();
const csv = makeDemoCohortCsv(params, n, (i) => { if ((i + 1) % 20 === 0) process.stdout.write(`${i + 1}/${n} patients, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`); });
const out = new URL('scripts/model-card/demo-cohort.csv', root);
writeFileSync(out, csv);
process.stdout.write(`wrote ${out.pathname}: ${n} patients, ${csv.length} bytes, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
