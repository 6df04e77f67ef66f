import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { SHARED_DIR } from '../src/testing/sharedData.ts';
import { guardPage } from './viewerHelpers.ts';

/**
 * 12-bit JPEG Extended (1.2.840.10008.1.2.4.51) in the viewer: the values cornerstone holds for
 * the shown image equal dcmtk's dcmdjpeg decode of the same file (run at test time) within 1.
 * The files are every 16-bit-allocated .51 file of the shared data's MANIFEST.csv. Without the
 * viewer's fix (src/viewer/jpeg12Loader.ts) every value is 15 too high.
 */
const DICOM = join(SHARED_DIR, 'data', 'dicom');

/** Rows of MANIFEST.csv (quoted fields may hold commas). */
function manifest(): Record<string, string>[] {
  const rows: string[][] = [];
  const text = readFileSync(join(DICOM, 'MANIFEST.csv'), 'utf8');
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k] ?? ''])));
}

/**
 * Every such file, including CT0012.fragmented_no_bot_jpeg_baseline.51.dcm, whose frames are split
 * over several fragments with an empty offset table: the loader alone hands the decoder one
 * fragment per 'frame' ('marker was not found'); the viewer regroups them (src/viewer/part10Fixes.ts).
 */
const FILES = manifest()
  .filter((r) => r.transfer_syntax_uid === '1.2.840.10008.1.2.4.51' && r.bits_allocated === '16')
  .map((r) => r.path);

/** dcmdjpeg's decode: stored values of every frame, with the header's rescale (dcmdump of the original). */
function reference(file: string): { rows: number; columns: number; frames: ArrayLike<number>[]; slope: number; intercept: number; headerWindow: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'brw-jpeg12-'));
  try {
    const out = join(dir, 'out.dcm');
    execFileSync('dcmdjpeg', [file, out]);
    const bytes = new Uint8Array(readFileSync(out));
    const ds = dicomParser.parseDicom(bytes);
    const rows = ds.uint16('x00280010')!, columns = ds.uint16('x00280011')!;
    const el = ds.elements.x7fe00010;
    const buf = bytes.slice(el.dataOffset, el.dataOffset + el.length).buffer;
    const all = ds.uint16('x00280103') === 1 ? new Int16Array(buf) : new Uint16Array(buf);
    const n = rows * columns;
    const frames = Array.from({ length: Math.floor(all.length / n) }, (_, k) => all.subarray(k * n, (k + 1) * n));
    const dump = execFileSync('dcmdump', [file], { encoding: 'utf8' });
    const ds1 = (tag: string, dflt: number) => { const m = new RegExp(`\\(${tag}\\) DS \\[([^\\]]+)\\]`).exec(dump); return m ? Number(m[1]) : dflt; };
    return { rows, columns, frames, slope: ds1('0028,1053', 1), intercept: ds1('0028,1052', 0), headerWindow: /\(0028,1050\)/.test(dump) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface MainImage { imageId: string; width: number; height: number; values: number[]; preScaled: boolean; slope: number; intercept: number; voi?: { lower: number; upper: number } }

test('the manifest lists 12-bit JPEG Extended files the viewer can show, the fragmented one among them', () => {
  expect(FILES.length).toBeGreaterThan(0);
  expect(FILES.filter((p) => p.endsWith('CT0012.fragmented_no_bot_jpeg_baseline.51.dcm'))).toHaveLength(1);
});

for (const rel of FILES) {
  test(`12-bit JPEG Extended in the viewer equals dcmdjpeg within 1: ${rel}`, async ({ page }) => {
    const guard = guardPage(page);
    const ref = reference(join(DICOM, rel));
    await page.goto('/');
    await page.getByTestId('open-files').setInputFiles([join(DICOM, rel)]);
    await page.getByTestId('series-card').first().click();
    let img: MainImage | null = null;
    await expect.poll(async () => {
      img = await page.evaluate(() => (window as unknown as { __brwMainImage?: () => unknown }).__brwMainImage?.() ?? null) as MainImage | null;
      return !!img;
    }, { timeout: 60_000, message: 'the viewer never showed the image' }).toBe(true);
    const shown = img! as MainImage;
    expect([shown.width, shown.height]).toEqual([ref.columns, ref.rows]);
    // the loader names frame k of a multi-frame file `?frame=k` (1-based); a single frame has none
    const frame = Number(/[?&]frame=(\d+)/.exec(shown.imageId)?.[1] ?? 1) - 1;
    const want = ref.frames[frame];
    expect(want, `dcmdjpeg gave frame ${frame + 1}`).toBeDefined();
    if (shown.preScaled) expect([shown.slope, shown.intercept]).toEqual([ref.slope, ref.intercept]);
    let max = 0, sum = 0;
    for (let k = 0; k < want.length; k++) {
      const stored = shown.preScaled ? (shown.values[k] - ref.intercept) / ref.slope : shown.values[k];
      const d = stored - want[k];
      sum += d;
      max = Math.max(max, Math.abs(d));
    }
    const mean = sum / want.length;
    test.info().annotations.push({ type: 'difference', description: `max |viewer − dcmdjpeg| = ${max}, mean = ${mean.toFixed(3)} over ${want.length} values (frame ${frame + 1})` });
    expect(shown.values.length).toBe(want.length);
    expect(max, `mean difference ${mean}`).toBeLessThanOrEqual(1);
    expect(Math.abs(mean)).toBeLessThan(0.5);
    // no window in the header: the opening W/L spans the image's range, which is dcmdjpeg's (within 1)
    if (!ref.headerWindow) {
      let lo = Infinity, hi = -Infinity;
      for (let k = 0; k < want.length; k++) { lo = Math.min(lo, want[k]); hi = Math.max(hi, want[k]); }
      const m = (s: number) => (shown.preScaled ? s * ref.slope + ref.intercept : s);
      expect(shown.voi, 'the main viewport has a VOI range').toBeDefined();
      expect(Math.abs(shown.voi!.lower - m(lo)), `W/L lower ${shown.voi!.lower} vs dcmdjpeg min ${m(lo)}`).toBeLessThanOrEqual(1);
      expect(Math.abs(shown.voi!.upper - m(hi)), `W/L upper ${shown.voi!.upper} vs dcmdjpeg max ${m(hi)}`).toBeLessThanOrEqual(1);
    }
    expect(guard.errors).toEqual([]);
  });
}
