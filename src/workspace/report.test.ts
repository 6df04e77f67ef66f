import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import studyA from '../../examples/studyA.json';
import { run as runCli } from '../cli/studyCommand.ts';
import { parseCohortCsv } from '../modelling/csv.ts';
import { runStudyAsync, type StudyResults } from '../modelling/runStudy.ts';
import { parseStudySpec } from '../modelling/spec.ts';
import { fromStudyResults } from '../panels/fromStudyResults.ts';
import { SHARED_DIR } from '../testing/sharedData.ts';
import { reportHtml, reportTables, seedsOf, sha256Hex, svgFromDataUrl } from './report.ts';
import { withBootstrap } from './specText.ts';

const CSV = join(SHARED_DIR, 'data/cohorts/studyA.csv');

describe('study report', () => {
  it('SHA-256 of the cohort text (FIPS 180-2 example "abc")', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('names every seed of the spec', () => {
    expect(seedsOf(parseStudySpec(studyA))).toEqual([
      { where: 'models.radiomics.lasso.foldSeed', seed: 101 },
      { where: 'bootstrap.seed', seed: 404 },
    ]);
  });

  it('reads Plotly.toImage SVG data URLs (url-encoded or base64)', () => {
    expect(svgFromDataUrl('data:image/svg+xml,%3Csvg%3E%3C%2Fsvg%3E')).toBe('<svg></svg>');
    expect(svgFromDataUrl(`data:image/svg+xml;base64,${btoa('<svg/>')}`)).toBe('<svg/>');
    expect(() => svgFromDataUrl('data:image/png;base64,AAAA')).toThrow('not an SVG data URL');
  });

  // The exported study.json (the editor's spec with the bootstrap count set) rerun by the CLI gives
  // the numbers the in-browser run (the worker's runStudyAsync) gives; the spec embedded in the report too.
  it('the exported spec reruns headless with identical AUCs; the report holds them, no script, no external reference', async () => {
    const exported = withBootstrap(studyA as Record<string, unknown>, 2);
    const dir = mkdtempSync(join(tmpdir(), 'brw-report-'));
    try {
      writeFileSync(join(dir, 'study.json'), JSON.stringify(exported, null, 2));
      const code = await runCli(['--data', CSV, '--spec', join(dir, 'study.json'), '--out', join(dir, 'results.json'), '--quiet']);
      expect(code).toBe(0);
      const cli = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as StudyResults;
      const csv = readFileSync(CSV, 'utf8');
      const inApp = await runStudyAsync(parseCohortCsv(csv, 'studyA.csv'), parseStudySpec(exported, 'study.json'));
      for (const [name, m] of Object.entries(inApp.models)) {
        expect(cli.models[name]!.train.auc, name).toBe(m.train.auc);
        expect(cli.models[name]!.validation.auc, name).toBe(m.validation.auc);
        expect(cli.models[name]!.bootstrap?.corrected_auc, name).toBe(m.bootstrap?.corrected_auc);
      }
      // the spec written into the report (results.spec) reruns to the same numbers as well
      writeFileSync(join(dir, 'study2.json'), JSON.stringify(inApp.spec));
      expect(await runCli(['--data', CSV, '--spec', join(dir, 'study2.json'), '--out', join(dir, 'results2.json'), '--quiet'])).toBe(0);
      const again = JSON.parse(readFileSync(join(dir, 'results2.json'), 'utf8')) as StudyResults;
      expect(again.models.combined!.validation.auc).toBe(inApp.models.combined!.validation.auc);

      const shown = fromStudyResults(inApp);
      const html = reportHtml({
        lang: 'en',
        results: inApp,
        tables: reportTables(shown, 'en'),
        figures: [{ name: 'roc_validation', svg: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text>ROC</text></svg>' }],
        software: 'breast-radiomics-workstation 0.1.0',
        dataSha256: await sha256Hex(csv),
        generatedAt: '2026-01-01T00:00:00Z',
      });
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/(src|href)="https?:/i);
      expect(html).toContain(inApp.models.combined!.validation.auc!.toFixed(3));
      expect(html).toContain('<svg xmlns');
      expect(html).toContain('bootstrap.seed = 404');
      expect(html).toContain('"outcome": "resistant"');
      const zh = reportHtml({ lang: 'zh', results: inApp, tables: reportTables(shown, 'zh'), figures: [], software: 'x', dataSha256: null, generatedAt: 'd' });
      expect(zh).toContain('<html lang="zh-CN">');
      expect(zh).toContain('研究报告');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
