/** Helpers for the viewer e2e specs: the demo study on disk, canvas pixel checks, request guards. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

const demoDir = join(process.cwd(), 'public', 'demo');

export interface DemoOnDisk { files: string[]; broken: string[] }

/** The generated demo study (public/demo/manifest.json) as absolute paths for setInputFiles. */
export function demoOnDisk(): DemoOnDisk {
  let manifest: { files: string[]; broken?: (string | { file: string })[] };
  try {
    manifest = JSON.parse(readFileSync(join(demoDir, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch (e) {
    throw new Error(`public/demo/manifest.json is missing or unreadable (run "node scripts/ensure-demo.mjs"): ${String(e)}`);
  }
  return { files: manifest.files.map((f) => join(demoDir, f)), broken: (manifest.broken ?? []).map((b) => join(demoDir, typeof b === 'string' ? b : b.file)) };
}

export interface PixelStats { width: number; height: number; std: number; nonBlack: number; checksum: number }

/** Luminance statistics of the canvas inside a viewport element (cornerstone draws into a 2-D canvas). */
export function viewportPixels(page: Page, testId = 'viewport-main'): Promise<PixelStats | null> {
  return page.evaluate((id) => {
    // cornerstone's own canvas (the viewport also holds overlay canvases, e.g. mapped ROIs on the reformats)
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"] canvas.cornerstone-canvas`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width === 0 || canvas.height === 0) return null;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0, sum2 = 0, nonBlack = 0, checksum = 0;
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const y = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
      sum += y; sum2 += y * y;
      if (y > 8) nonBlack++;
      checksum = (checksum * 31 + data[i] + 7 * data[i + 1]) % 1_000_000_007;
    }
    const mean = sum / n;
    return { width: canvas.width, height: canvas.height, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), nonBlack: nonBlack / n, checksum };
  }, testId);
}

/** Wait until a viewport shows a real image: luminance std > 5 and more than 10 % non-black pixels. */
export async function expectRendered(page: Page, testId = 'viewport-main', timeout = 30_000): Promise<PixelStats> {
  let last: PixelStats | null = null;
  await expect.poll(async () => {
    last = await viewportPixels(page, testId);
    return !!last && last.std > 5 && last.nonBlack > 0.1;
  }, { timeout, message: `${testId} never showed an image (last pixels: ${JSON.stringify(last)})` }).toBe(true);
  return last!;
}

/** Collect requests to any host other than the app's own, and page errors / console errors. */
export function guardPage(page: Page): { foreign: string[]; errors: string[] } {
  const foreign: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) foreign.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return { foreign, errors };
}

/** A performance.measure duration recorded by the app (ms; the last one, or the first), or null. */
export function measure(page: Page, name: string, which: 'first' | 'last' = 'last'): Promise<number | null> {
  return page.evaluate(([n, w]) => {
    const e = performance.getEntriesByName(n, 'measure');
    return e.length ? e[w === 'first' ? 0 : e.length - 1].duration : null;
  }, [name, which] as const);
}

/** What the read-only mapped-ROI overlay shows (src/viewer/mappedRois.ts `mappedRoisDebug`), with the source ROIs' voxels. */
export interface MappedOverlayState {
  targetSeries: string;
  slice: number;
  affine: number[] | null;
  entries: { roiId: string; label: string; reader: string; source: string; rule?: string; pending: boolean; targetVoxels?: number; sliceVoxels?: number; error?: string }[];
  notices: string[];
  sources?: Record<string, { geometry: { size: number[]; spacing: number[]; origin: number[]; direction: number[] }; voxels: [number, number, number][] }>;
}

export function mappedOverlayState(page: Page): Promise<MappedOverlayState | null> {
  return page.evaluate(() => {
    const hook = (window as unknown as { __brwMappedRois?: (withSources: boolean) => unknown }).__brwMappedRois;
    return (hook ? hook(true) : null) as MappedOverlayState | null;
  });
}

/**
 * The mapped overlay canvas read back: `painted` = canvas pixels with alpha > 0; `atCentres` =
 * how many of the given voxels (pixel indices of the shown slice) have a painted pixel at their
 * centre, placed with the overlay's affine (CSS px); `texelArea` = device pixels per voxel.
 */
export function mappedOverlayPixels(page: Page, affine: number[], voxels: [number, number][]): Promise<{ painted: number; atCentres: number; texelArea: number } | null> {
  return page.evaluate(([A, vs]) => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="roi-mapped-overlay"]');
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !c.width) return null;
    const dpr = c.width / c.getBoundingClientRect().width;
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    let atCentres = 0;
    for (const [i, j] of vs) {
      const x = Math.floor((A[0] * i + A[2] * j + A[4]) * dpr), y = Math.floor((A[1] * i + A[3] * j + A[5]) * dpr);
      if (x >= 0 && y >= 0 && x < c.width && y < c.height && data[4 * (x + c.width * y) + 3] > 0) atCentres++;
    }
    return { painted, atCentres, texelArea: Math.abs(A[0] * A[3] - A[1] * A[2]) * dpr * dpr };
  }, [affine, voxels] as const);
}
