/**
 * The Patient tab end to end on the production build (issue 5): load the demo model card shipped
 * in public/models, fill the clinical predictors, extract the demo study's DCE phase 1 tumour
 * ROI with the card's own parameters, see probability + interval + contributions, print (the
 * page's window.print is intercepted, then the print layout is rendered with page.pdf), keep the
 * result in IndexedDB across a reload. The probability shown must equal `applyModelCard` and the
 * headless CLI's `predict` on the same inputs (the page exposes the exact inputs it scored) to
 * 1e-9. The demo card is trained on a synthetic cohort whose images come from the same generator
 * as the demo study, so the demo patient's probability is not saturated and few of her inputs
 * lie outside the training ranges.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { applyModelCard } from '../src/modelcard/applyModelCard.ts';
import { parseModelCard } from '../src/modelcard/parseModelCard.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CARD = fileURLToPath(new URL('../public/models/demo-chemoresistance.json', import.meta.url));

test('demo card → clinical form → extract the demo ROI → probability, interval, contributions, print, keep', async ({ page }, info) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  await page.goto('/?lang=en');
  await page.getByTestId('tab-patient').click();
  await page.getByTestId('patient-demo-card').click();
  await expect(page.getByTestId('patient-card-summary')).toContainText('clinical_radscore');
  await expect(page.getByTestId('patient-settings')).toContainText('Original');

  await page.getByTestId('patient-input-er_pos').selectOption('1');
  await page.getByTestId('patient-input-ki67_high').selectOption('1');
  await page.getByTestId('patient-input-dose_intensity_pct').fill('85');
  await page.getByTestId('patient-label').fill('DEMO^BREAST');

  // Cancel stops the work and leaves no features behind
  await page.getByTestId('patient-use-demo').click();
  await expect(page.getByTestId('patient-progress')).toBeVisible();
  await page.getByTestId('patient-cancel').click();
  await expect(page.getByTestId('patient-progress')).toHaveCount(0);
  await expect(page.getByTestId('patient-features-done')).toHaveCount(0);
  await expect(page.getByTestId('patient-image-error')).toHaveCount(0);

  const t0 = Date.now();
  await page.getByTestId('patient-use-demo').click();
  await expect(page.getByTestId('patient-progress')).toBeVisible();
  await expect(page.getByTestId('patient-cancel')).toBeVisible();
  await expect(page.getByTestId('patient-features-done')).toBeVisible({ timeout: 540_000 });
  console.log(`patient e2e: click → features in ${Date.now() - t0} ms`);

  const prob = page.getByTestId('patient-probability');
  // not saturated: a whole percent between 1 % and 99 %
  await expect(prob).toHaveText(/^Chemoresistance: [1-9]\d? %$/);
  await expect(page.getByTestId('patient-interval')).toHaveText(/95 % interval [\d.]+ % – [\d.]+ % \(delta method\)/);
  await expect(page.getByTestId('patient-band')).toHaveText(/risk band/);
  await expect(page.getByTestId('patient-keyimage')).toBeVisible();
  await expect(page.getByTestId('patient-waterfall').locator('.main-svg').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('patient-distribution').locator('.main-svg').first()).toBeVisible({ timeout: 60_000 });

  // the waterfall exports as PNG
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('patient-waterfall-png').click()]);
  expect(png.suggestedFilename()).toMatch(/^patient_contributions_en\.png$/);

  // the same inputs through the headless CLI: the same probability to 1e-9
  const shownP = Number(await prob.getAttribute('data-p'));
  const shownEta = Number(await prob.getAttribute('data-eta'));
  const inputs = JSON.parse((await page.getByTestId('patient-inputs-json').textContent())!) as Record<string, number>;
  const names = Object.keys(inputs);
  const csv = info.outputPath('patient.csv');
  writeFileSync(csv, `patient_id,${names.join(',')}\nP1,${names.map((n) => String(inputs[n])).join(',')}\n`);
  const out = info.outputPath('predict.json');
  execFileSync('npx', ['tsx', 'src/cli/main.ts', 'predict', '--card', CARD, '--data', csv, '--out', out], { cwd: ROOT, stdio: 'pipe' });
  const cli = (JSON.parse(readFileSync(out, 'utf8')) as { predictions: { p: number; eta: number }[] }).predictions[0]!;
  const direct = applyModelCard(parseModelCard(readFileSync(CARD, 'utf8')), inputs);
  console.log(`patient e2e: page P = ${shownP}, η = ${shownEta}; CLI P = ${cli.p}, η = ${cli.eta}; applyModelCard P = ${direct.p}`);
  expect(shownP).toBeGreaterThan(0.01);
  expect(shownP).toBeLessThan(0.99);
  expect(Math.abs(shownP - cli.p)).toBeLessThan(1e-9);
  expect(Math.abs(shownP - direct.p)).toBeLessThan(1e-9);
  expect(Math.abs(shownEta - cli.eta)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(cli.eta)));
  // at most a few inputs outside the training ranges, and the demo series is on the training grid
  const warnings = await page.getByTestId('patient-warnings').locator('li').allTextContents().catch(() => [] as string[]);
  console.log(`patient e2e: ${warnings.length} warnings: ${warnings.join(' | ')}`);
  expect(warnings.filter((w) => /outside the training range/.test(w)).length).toBeLessThanOrEqual(3);
  expect(warnings.filter((w) => /voxel spacing/.test(w))).toEqual([]);
  // the demo card records every acquisition fact (scripts/model-card/demoGeometry.ts reads them from the
  // generator's DICOM): each agrees with the demo series and none is left unchecked
  expect(warnings.filter((w) => /differs from the training images/.test(w))).toEqual([]);
  expect(warnings.filter((w) => /^Not checked/.test(w))).toEqual([]);
  // the key image is shown with the series' own window and is not dark (it was 94 % black)
  await expect(page.locator('.patient-keyimage figcaption')).toContainText('the series\' own window centre / width');
  const keyStats = await page.getByTestId('patient-keyimage').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let black = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] === 0 && d[i + 1] === 0 && d[i + 2] === 0) black++;
    return { black: black / (d.length / 4) };
  });
  console.log(`patient e2e: key image black fraction ${keyStats.black.toFixed(4)}`);
  expect(keyStats.black).toBeLessThan(0.05);

  // print: the button calls window.print; the print layout is one page without the label
  await page.evaluate(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed++; }; });
  await page.getByTestId('patient-print').click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await expect(page.getByTestId('patient-report-label')).toHaveCount(0);
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: info.outputPath('patient-print.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(info.outputPath('patient-report.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBe(1);
  await page.emulateMedia({ media: 'screen' });
  await page.screenshot({ path: info.outputPath('patient-screen.png'), fullPage: true });

  // keep it with the patient; a reload still lists it
  await page.getByTestId('patient-save').click();
  await expect(page.getByTestId('patient-saved')).toBeVisible();
  await page.reload();
  await page.getByTestId('tab-patient').click();
  await expect(page.getByTestId('patient-saved-list')).toContainText('clinical_radscore');
  await expect(page.getByTestId('patient-saved-list')).toContainText('DEMO^BREAST');

  // the features were kept too: the same card offers them, and the same inputs give the same P
  await page.getByTestId('patient-demo-card').click();
  await page.getByTestId('patient-stored-features').getByRole('button').first().click();
  await page.getByTestId('patient-input-er_pos').selectOption('1');
  await page.getByTestId('patient-input-ki67_high').selectOption('1');
  await page.getByTestId('patient-input-dose_intensity_pct').fill('85');
  await expect(page.getByTestId('patient-probability')).toHaveAttribute('data-eta', String(shownEta));
  // the stored record carries its acquisition facts: checked, not "cannot be checked"
  const reused = await page.getByTestId('patient-warnings').locator('li').allTextContents().catch(() => [] as string[]);
  expect(reused.filter((w) => /cannot be checked/.test(w))).toEqual([]);
  expect(reused.filter((w) => /^Not checked|differs from the training images/.test(w))).toEqual([]);
  expect(errors).toEqual([]);
});
