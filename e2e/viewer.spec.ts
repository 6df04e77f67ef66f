import { basename } from 'node:path';
import { expect, test } from '@playwright/test';
import { demoOnDisk, expectRendered, guardPage, measure, viewportPixels } from './viewerHelpers.ts';

/**
 * The viewer on the production build: the demo study opened through the file input together with
 * a broken file; first post-contrast phase, phase and b-value switches, ultrasound at its true
 * size, the named error, the language switch, and no request beyond the app's own origin.
 */
test('opens the demo study from the file input and browses DCE phases, b-values and ultrasound', async ({ page }, testInfo) => {
  const guard = guardPage(page);
  const demo = demoOnDisk();
  expect(demo.broken.length, 'the demo manifest lists at least one broken file').toBeGreaterThan(0);
  const broken = demo.broken[0];
  await page.goto('/');
  await expect(page.getByTestId('render-mode')).toContainText('WebGL');

  const t0 = Date.now();
  await page.getByTestId('open-files').setInputFiles([...demo.files, broken]);
  await expect(page.getByTestId('series-card').first()).toBeVisible({ timeout: 60_000 });
  const tIndexed = Date.now();

  // The first post-contrast DCE phase opens by itself.
  const phase = page.getByTestId('phase-select');
  await expect(phase).toBeVisible();
  await expect(page.getByTestId('overlay-group')).toContainText(/first post-contrast/i);
  const first = await expectRendered(page);
  const tFirst = Date.now();
  await expect(page.getByTestId('viewport-sagittal')).toBeVisible();
  await expectRendered(page, 'viewport-sagittal');
  await page.screenshot({ path: testInfo.outputPath('01-dce-first-post-contrast.png') });

  // The broken file is named in the errors panel; everything else loaded.
  await expect(page.getByTestId('index-errors')).toContainText(basename(broken));

  // Switch phase: another image on screen.
  const options = await phase.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const current = await phase.inputValue();
  const other = options.find((v) => v !== current && v === options[options.length - 1]) ?? options.find((v) => v !== current)!;
  await phase.selectOption(other);
  await expect.poll(async () => (await viewportPixels(page))?.checksum, { message: 'pixels change after a phase switch' }).not.toBe(first.checksum);
  await expectRendered(page);
  const switchMs = await measure(page, 'brw:group-switch');
  await page.screenshot({ path: testInfo.outputPath('02-dce-last-phase.png') });

  // Key 3 applies the subtraction-like window: W/L in the overlay changes.
  const wlBefore = await page.getByTestId('overlay-wl').textContent();
  await page.getByTestId('viewport-main').hover();
  await page.keyboard.press('3');
  await expect(page.getByTestId('overlay-wl')).not.toHaveText(wlBefore ?? '');

  // C plays the slices as a cine loop (the slice number moves), C again stops it.
  const sliceBefore = await page.getByTestId('overlay-slice').textContent();
  await page.keyboard.press('c');
  await expect(page.getByTestId('overlay-slice')).not.toHaveText(sliceBefore ?? '');
  await page.keyboard.press('c');
  await expect(page.getByTestId('cine')).toHaveText('Cine');

  // PageUp goes back one phase (keyboard shortcut).
  const before = await phase.inputValue();
  await page.getByTestId('viewport-main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('PageUp');
  await expect(phase).not.toHaveValue(before);

  // DWI: open the series, switch b-value.
  await page.locator('[data-testid="series-card"][data-kind="dwi"]').first().click();
  const bsel = page.getByTestId('bvalue-select');
  await expect(bsel).toBeVisible();
  const dwi = await expectRendered(page);
  const bOptions = await bsel.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const bNow = await bsel.inputValue();
  await bsel.selectOption(bOptions.find((v) => v !== bNow)!);
  await expect.poll(async () => (await viewportPixels(page))?.checksum, { message: 'pixels change after a b-value switch' }).not.toBe(dwi.checksum);
  await page.screenshot({ path: testInfo.outputPath('03-dwi.png') });

  // Ultrasound: stack only, true pixel size in the overlay.
  await page.locator('[data-testid="series-card"][data-kind="us"]').first().click();
  await expectRendered(page);
  await expect(page.getByTestId('viewport-sagittal')).toHaveCount(0);
  await expect(page.getByTestId('overlay-pixel-size')).toContainText(/0\.\d+ × 0\.\d+ mm/);
  await page.screenshot({ path: testInfo.outputPath('04-ultrasound.png') });

  // Help overlay and language switch.
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  await page.getByTestId('lang').selectOption('zh');
  await expect(page.getByTestId('open-demo')).toHaveText('打开示例检查');
  await expect(page.getByTestId('help-overlay')).toContainText('窗宽');
  await page.screenshot({ path: testInfo.outputPath('05-chinese.png') });
  await page.getByTestId('lang').selectOption('en');

  const firstAfterIndex = await measure(page, 'brw:first-image-after-index');
  const figures = {
    setInputFilesToCardsMs: tIndexed - t0,
    setInputFilesToFirstImageMs: tFirst - t0,
    firstImageAfterIndexMs: firstAfterIndex,
    phaseSwitchMs: switchMs,
    openBreakdownMs: {
      headers: await measure(page, 'brw:open:headers', 'first'),
      decode: await measure(page, 'brw:open:decode', 'first'),
      display: await measure(page, 'brw:open:display', 'first'),
      viewports: await measure(page, 'brw:open:viewports', 'first'),
      indexToOpen: await measure(page, 'brw:index-to-open', 'first'),
    },
    files: demo.files.length,
  };
  console.log(`viewer figures: ${JSON.stringify(figures)}`);
  await testInfo.attach('figures.json', { body: JSON.stringify(figures, null, 2), contentType: 'application/json' });
  expect(guard.foreign).toEqual([]);
  expect(guard.errors).toEqual([]);
});

test('CPU rendering fallback (?cpu=1): the demo button opens the study as stacks, with a notice', async ({ page }, testInfo) => {
  const guard = guardPage(page);
  await page.goto('/?cpu=1');
  await expect(page.getByTestId('render-mode')).toContainText('CPU');
  await page.getByTestId('open-demo').click();
  await expect(page.getByTestId('series-card').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('cpu-notice')).toBeVisible();
  await expect(page.getByTestId('viewport-sagittal')).toHaveCount(0);
  const first = await expectRendered(page);
  await page.getByTestId('phase-select').selectOption({ index: 0 });
  await expect.poll(async () => (await viewportPixels(page))?.checksum).not.toBe(first.checksum);
  await page.locator('[data-testid="series-card"][data-kind="us"]').first().click();
  await expectRendered(page);
  await page.screenshot({ path: testInfo.outputPath('cpu-ultrasound.png') });
  expect(guard.foreign).toEqual([]);
  expect(guard.errors).toEqual([]);
});

test('a drop ADDS to what is loaded, and a bad file in it removes nothing', async ({ page }) => {
  const guard = guardPage(page);
  await page.goto('/');
  const demo = demoOnDisk();
  const usFile = demo.files.find((f) => f.includes('/us/'));
  expect(usFile, 'the demo has an ultrasound file').toBeTruthy();
  const dceFiles = demo.files.filter((f) => f.includes('/dce/')).slice(0, 3);
  await page.getByTestId('open-files').setInputFiles(dceFiles);
  await expect(page.getByTestId('series-card').first()).toBeVisible({ timeout: 60_000 });
  const before = await page.getByTestId('series-card').count();

  // Drop the ultrasound and a broken file, as a browser drop of files (DataTransfer) built in the page.
  const rel = (p: string) => p.slice(p.indexOf('/public/demo/') + '/public/demo/'.length);
  await page.evaluate(async (paths) => {
    const dt = new DataTransfer();
    for (const p of paths) {
      const blob = await (await fetch(`/demo/${p}`)).blob();
      dt.items.add(new File([blob], p.split('/').pop()!));
    }
    const zone = document.querySelector('[data-testid="drop-zone"]')!;
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [rel(usFile!), rel(demo.broken[0])]);

  await expect(page.locator('[data-testid="series-card"][data-kind="us"]')).toHaveCount(1, { timeout: 60_000 });
  expect(await page.getByTestId('series-card').count()).toBe(before + 1);
  await expect(page.getByTestId('index-errors')).toContainText(basename(demo.broken[0]));
  expect(guard.foreign).toEqual([]);
  expect(guard.errors).toEqual([]);
});

test('Cancel stops indexing and keeps what was loaded before', async ({ page }) => {
  const guard = guardPage(page);
  await page.goto('/');
  const demo = demoOnDisk();
  // The demo indexes in well under a second on an idle machine, faster than Playwright's
  // actionability checks: press Cancel from the page the moment the button appears, which is
  // while the worker is still indexing.
  await page.evaluate(() => {
    const press = (obs: MutationObserver): void => {
      const b = document.querySelector<HTMLButtonElement>('[data-testid="index-cancel"]');
      if (b) { obs.disconnect(); b.click(); }
    };
    const obs = new MutationObserver(() => press(obs));
    obs.observe(document.body, { childList: true, subtree: true });
  });
  await page.getByTestId('open-files').setInputFiles(demo.files);
  await expect(page.getByTestId('index-progress')).toHaveCount(0);
  await expect(page.getByRole('status')).toContainText('cancelled');
  await expect(page.getByTestId('series-card')).toHaveCount(0);
  expect(guard.foreign).toEqual([]);
  expect(guard.errors).toEqual([]);
});
