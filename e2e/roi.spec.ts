import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { demoOnDisk, expectRendered, guardPage } from './viewerHelpers.ts';

/**
 * ROIs on the production build: draw a tumour contour with the mouse on DCE phase 1 and see its
 * area; reload — the ROI is back; export a DICOM SEG and import it into a fresh session — same
 * voxels; draw the same lesion as reader 2 — Dice shown.
 */
const dceFiles = () => demoOnDisk().files.filter((f) => /[\\/]dce[\\/]/.test(f));

async function openDce(page: Page) {
  await page.goto('/');
  await page.getByTestId('open-files').setInputFiles(dceFiles());
  await expect(page.getByTestId('overlay-group')).toContainText(/first post-contrast/i, { timeout: 60_000 });
  await expectRendered(page);
}

/** A closed freehand contour: an ellipse around (cx, cy) in viewport CSS pixels. */
async function drawContour(page: Page, cx: number, cy: number, rx: number, ry: number) {
  const box = (await page.getByTestId('viewport-main').boundingBox())!;
  const at = (a: number) => [box.x + cx + rx * Math.cos(a), box.y + cy + ry * Math.sin(a)] as const;
  await page.getByTestId('roi-tool-contour').click();
  await page.mouse.move(...at(0));
  await page.mouse.down();
  for (let i = 1; i <= 40; i++) await page.mouse.move(...at((i / 40) * 2 * Math.PI), { steps: 2 });
  await page.mouse.up();
}

async function overlayAlphaAt(page: Page, x: number, y: number): Promise<number> {
  return page.evaluate(([px, py]) => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="roi-overlay"]');
    if (!c) return -1;
    const dpr = c.width / c.getBoundingClientRect().width;
    return c.getContext('2d')!.getImageData(Math.round(px * dpr), Math.round(py * dpr), 1, 1).data[3];
  }, [x, y]);
}

test('draw, reload, export SEG, re-import in a fresh session, second reader Dice', async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000); // opens the 420-file DCE three times (first session, reload, fresh session)
  const guard = guardPage(page);
  await openDce(page);
  const box = (await page.getByTestId('viewport-main').boundingBox())!;
  const cx = box.width / 2, cy = box.height / 2;
  await drawContour(page, cx, cy, 40, 28);
  await expect(page.getByTestId('roi-area')).toContainText('mm²');
  const area = await page.getByTestId('roi-area').textContent();
  const volume = await page.getByTestId('roi-volume').textContent();
  expect(parseFloat(area!)).toBeGreaterThan(50);
  await expect(page.getByTestId('roi-slices')).toHaveText('1');
  // the overlay paints the ROI where it was drawn, not elsewhere
  const after = (await page.getByTestId('viewport-main').boundingBox())!;
  expect(Math.abs(after.height - box.height), 'the viewport keeps its size when the first ROI appears').toBeLessThan(1);
  expect(await overlayAlphaAt(page, cx, cy)).toBeGreaterThan(0);
  expect(await overlayAlphaAt(page, cx + 80, cy + 70)).toBe(0);
  await page.screenshot({ path: testInfo.outputPath('01-roi-drawn.png') });

  // the same ROI on another phase of the series (same grid): switch phase and back
  const phase = page.getByTestId('phase-select');
  const phase1 = await phase.inputValue();
  const options = await phase.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  await phase.selectOption(options[options.length - 1]);
  await expect(page.getByTestId('roi-area')).toHaveText(area!);
  await phase.selectOption(phase1);

  // undo / redo from the keyboard
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('roi-panel')).not.toContainText('mm²');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('roi-area')).toHaveText(area!);
  // the redo is written before the reload: the status says Saved only when nothing is pending
  await expect(page.getByTestId('roi-save-state')).toHaveText('Saved', { timeout: 10_000 });

  // reload: the ROI comes back from IndexedDB when the same study is opened again
  await page.reload();
  await page.getByTestId('open-files').setInputFiles(dceFiles());
  await expect(page.getByTestId('roi-area')).toHaveText(area!, { timeout: 60_000 });
  await expect(page.getByTestId('roi-volume')).toHaveText(volume!);

  // export a DICOM SEG
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('roi-export-seg').click()]);
  const segPath = testInfo.outputPath('roi.seg.dcm');
  await download.saveAs(segPath);
  expect(readFileSync(segPath).subarray(128, 132).toString('latin1')).toBe('DICM');

  // a fresh session (new browser context: empty IndexedDB) imports it: same size
  const fresh = await browser.newContext();
  const page2 = await fresh.newPage();
  await openDce(page2);
  await expect(page2.getByTestId('roi-panel')).not.toContainText('mm²');
  await page2.getByTestId('roi-import-file').setInputFiles(segPath);
  await expect(page2.getByTestId('roi-message')).toContainText('roi.seg.dcm');
  await expect(page2.getByTestId('roi-volume')).toHaveText(volume!);
  await page2.screenshot({ path: testInfo.outputPath('02-seg-reimported.png') });
  await fresh.close();

  // reader 2 draws the same lesion a little differently: Dice between the readers is shown
  await page.getByTestId('roi-reader').selectOption('reader 2');
  await drawContour(page, cx + 4, cy + 2, 38, 29);
  await expect(page.getByTestId('roi-dice')).toBeVisible();
  const dice = parseFloat((await page.getByTestId('roi-dice').textContent())!);
  expect(dice).toBeGreaterThan(0.7);
  expect(dice).toBeLessThan(1);
  await page.screenshot({ path: testInfo.outputPath('03-reader2-dice.png') });
  expect(guard.errors).toEqual([]);
  expect(guard.foreign).toEqual([]);
});
