/**
 * The key image on a real image: the demo study's DCE phase 1 (public/demo, made by
 * `node scripts/ensure-demo.mjs`, which `npm test` runs first) with the generator's tumour mask,
 * read through the same DICOM reader the patient view uses.
 *
 * Outside references: the generator writes Window Center 600 / Width 1200 and Magnetic Field
 * Strength 3 T into every DCE file (scripts/demo/dce.ts, scripts/demo/demoStudy.ts), on a grid of
 * 256 × 256 × 60 voxels over 192 × 192 × 150 mm (scripts/demo/dce.ts DEMO_FOV_MM), slice
 * thickness = slice spacing. The grey levels expected below come from a plain re-implementation
 * of the DICOM linear VOI function (PS3.3 C.11.2.1.2.1) and of a nearest-rank percentile written
 * here, and from properties any readable display must have (not from numbers the code printed).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMaskInput } from '../cli/extractCommand.ts';
import { indexFiles } from '../dicom/indexer.ts';
import { sourcesFromFolder } from '../dicom/nodeSource.ts';
import { readFrames } from '../dicom/pixels.ts';
import type { SeriesIndexEntry, SourceFile, VolumeGroup } from '../dicom/types.ts';
import { acquisitionFacts } from '../features/featureDb.ts';
import type { Mask, Volume } from '../geometry/volume.ts';
import { parseParams } from '../radiomics/settings.ts';
import { keyImage, OUTLINE_RGB, type KeyImage } from './keyImage.ts';
import { readFrameHeaderFacts } from './seriesHeader.ts';

const DEMO = fileURLToPath(new URL('../../public/demo/', import.meta.url));

let files: SourceFile[];
let entry: SeriesIndexEntry;
let group: VolumeGroup;
let image: Volume;
let mask: Mask;

beforeAll(async () => {
  if (!existsSync(`${DEMO}manifest.json`)) throw new Error('public/demo is missing: run `node scripts/ensure-demo.mjs` (npm test does)');
  files = await sourcesFromFolder(`${DEMO}dce`);
  const index = await indexFiles(files);
  entry = index.series.find((s) => s.kind === 'dce')!;
  group = entry.groups.find((g) => g.key === 'phase1')!;
  image = await readFrames(files, group);
  mask = readMaskInput(`${DEMO}masks/dce_lesion.nrrd`, image);
}, 60_000);

/** DICOM PS3.3 C.11.2.1.2.1, written out plainly, output range 0–255. */
function dicomLinear(x: number, c: number, w: number): number {
  if (x <= c - 0.5 - (w - 1) / 2) return 0;
  if (x > c - 0.5 + (w - 1) / 2) return 255;
  return ((x - (c - 0.5)) / (w - 1) + 0.5) * 255;
}

/** The slice's pixels, outline or not, and the tumour neighbourhood recomputed here. */
function pixels(k: KeyImage) {
  const [nx, ny] = image.size;
  const off = k.slice * nx * ny;
  let x0 = nx, y0 = ny, x1 = -1, y1 = -1;
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) if (mask.data[off + y * nx + x] === 1) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  const g = Math.max(x1 - x0 + 1, y1 - y0 + 1);
  const nb = [Math.max(0, x0 - g), Math.max(0, y0 - g), Math.min(nx - 1, x1 + g), Math.min(ny - 1, y1 + g)];
  const all: { raw: number; grey: number; outline: boolean; inNb: boolean; inRoi: boolean }[] = [];
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const i = y * nx + x;
    const rgb = [k.rgba[4 * i], k.rgba[4 * i + 1], k.rgba[4 * i + 2]];
    const outline = rgb[0] === OUTLINE_RGB[0] && rgb[1] === OUTLINE_RGB[1] && rgb[2] === OUTLINE_RGB[2];
    all.push({ raw: Number(image.data[off + i]), grey: rgb[0]!, outline, inNb: x >= nb[0]! && x <= nb[2]! && y >= nb[1]! && y <= nb[3]!, inRoi: mask.data[off + i] === 1 });
  }
  return { all, nb };
}
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const median = (a: number[]) => { const s = [...a].sort((p, q) => p - q); return s[Math.floor((s.length - 1) / 2)]!; };
const frac = (a: number[], f: (v: number) => boolean) => a.filter(f).length / a.length;

describe('key image on the demo study (DCE phase 1, generator tumour mask)', () => {
  it('reads the series\' own window and field strength from the key slice\'s header', async () => {
    const k = keyImage(image, mask);
    const ref = group.frames[k.slice]!;
    const h = await readFrameHeaderFacts(files.find((f) => f.path === ref.path)!, ref.frame);
    expect(h).toEqual({ window: { center: 600, width: 1200, fn: 'LINEAR' }, fieldStrengthT: 3 });
  });

  it('with the series\' window: every pixel is the DICOM linear VOI of its value, and the display is not dark', async () => {
    const k = keyImage(image, mask, 1, { window: { center: 600, width: 1200, fn: 'LINEAR' } });
    expect(k.window).toMatchObject({ source: 'dicom', lower: 0, upper: 1199 });
    const { all, nb } = pixels(k);
    expect(k.neighbourhood).toEqual(nb);
    expect(Math.max(...all.filter((p) => !p.outline).map((p) => Math.abs(p.grey - dicomLinear(p.raw, 600, 1200))))).toBeLessThanOrEqual(0.5);
    const grey = all.filter((p) => !p.outline);
    const around = grey.filter((p) => p.inNb).map((p) => p.grey);
    const tumour = grey.filter((p) => p.inRoi).map((p) => p.grey);
    // the former window left 94 % of this slice at 0: now black is only true background
    expect(frac(grey.map((p) => p.grey), (v) => v === 0)).toBeLessThan(0.05);
    expect(frac(around, (v) => v === 0 || v === 255)).toBeLessThan(0.05);
    expect(mean(around)).toBeGreaterThan(40);
    expect(mean(around)).toBeLessThan(215);
    // the enhancing tumour is brighter than its surroundings and not clipped
    expect(median(tumour)).toBeGreaterThan(median(around) + 50);
    expect(frac(tumour, (v) => v === 255)).toBeLessThan(0.05);
  });

  it('without a window: the 1st–99th percentile of the tumour neighbourhood, spread over the grey scale', () => {
    const k = keyImage(image, mask);
    const { all } = pixels(k);
    const raw = all.filter((p) => p.inNb).map((p) => p.raw).sort((a, b) => a - b);
    const rank = (f: number) => raw[Math.floor(f * (raw.length - 1))]!; // nearest rank below
    expect(k.window).toMatchObject({ source: 'percentile', lower: rank(0.01), upper: rank(0.99) });
    const around = all.filter((p) => p.inNb && !p.outline).map((p) => p.grey);
    // at most the 1 % tails (plus ties at the percentiles) are clipped at either end
    expect(frac(around, (v) => v === 0)).toBeLessThan(0.03);
    expect(frac(around, (v) => v === 255)).toBeLessThan(0.03);
    expect(Math.max(...around) - Math.min(...around)).toBe(255);
    expect(mean(around)).toBeGreaterThan(40);
    expect(mean(around)).toBeLessThan(215);
    const lo = rank(0.01), hi = rank(0.99);
    const expected = (v: number) => (v <= lo ? 0 : v >= hi ? 255 : (255 * (v - lo)) / (hi - lo));
    expect(Math.max(...all.filter((p) => !p.outline).map((p) => Math.abs(p.grey - expected(p.raw))))).toBeLessThanOrEqual(0.5);
  });

  it('falls back to the percentile window when the series\' window leaves the neighbourhood flat', () => {
    expect(keyImage(image, mask, 1, { window: { center: -5000, width: 10, fn: 'LINEAR' } }).window.source).toBe('percentile');
  });

  it('stores the acquisition facts of the demo series with its features', () => {
    const params = parseParams('imageType:\n  Original: {}\nsetting:\n  binWidth: 25\n', 'test');
    const f = acquisitionFacts(entry, group, params, { spacing: image.spacing, fieldStrengthT: 3 });
    expect(f.spacingMm!.map((v) => Number(v.toFixed(6)))).toEqual([192 / 256, 192 / 256, 150 / 60]);
    expect(f).toMatchObject({ sliceThicknessMm: 150 / 60, matrix: [256, 256], modality: 'MR', manufacturer: 'Synthetic demo (not a device)', fieldStrengthT: 3, settings: { binWidth: 25, binCount: null, resampledPixelSpacing: null, normalize: false, normalizeScale: 1 } });
    // without the volume: the same spacing from the index (pixel spacing, slice spacing)
    expect(acquisitionFacts(entry, group, params).spacingMm!.map((v) => Number(v.toFixed(6)))).toEqual([0.75, 0.75, 2.5]);
  });
});
