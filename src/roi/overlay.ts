/**
 * Drawing an ROI mask over the image exactly where its voxels are: the slice's mask is painted
 * into a small RGBA image (one texel per voxel) and placed on the overlay canvas with the affine
 * transform that maps pixel indices to canvas points — so what is shown is the mask itself, the
 * same voxels that are exported and measured, at any zoom, pan or rotation.
 */
import type { Mask } from '../geometry/volume.ts';

export type Point = readonly [number, number];

/**
 * The 2-D affine [a, b, c, d, e, f] (canvas `setTransform` order) that maps pixel-index (i, j) to
 * canvas (x, y) = (a·i + c·j + e, b·i + d·j + f), from the canvas positions of the pixel centres
 * (0,0), (1,0) and (0,1). Pixel (i, j) covers [i − ½, i + ½): shift by −½ before drawing texels.
 */
export function indexToCanvasAffine(p00: Point, p10: Point, p01: Point): [number, number, number, number, number, number] {
  return [p10[0] - p00[0], p10[1] - p00[1], p01[0] - p00[0], p01[1] - p00[1], p00[0], p00[1]];
}

/** Inverse of `indexToCanvasAffine`: canvas (x, y) → continuous pixel index (i, j). */
export function canvasToIndex(affine: readonly number[], x: number, y: number): [number, number] {
  const [a, b, c, d, e, f] = affine;
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) throw new Error('the view transform is degenerate');
  const dx = x - e;
  const dy = y - f;
  return [(d * dx - c * dy) / det, (-b * dx + a * dy) / det];
}

/**
 * RGBA texels of slice k: `colors[label]` = [r, g, b, a] for each label value present; other voxels
 * transparent. Outline-only rendering sets interior texels to `fillAlpha`.
 */
export function maskSliceRgba(mask: Mask, k: number, colors: Record<number, readonly [number, number, number]>, fillAlpha = 90, edgeAlpha = 255): Uint8ClampedArray {
  const [nx, ny] = mask.size;
  const off = k * nx * ny;
  const out = new Uint8ClampedArray(nx * ny * 4);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const v = mask.data[off + x + nx * y];
      if (!v) continue;
      const c = colors[v] ?? [255, 255, 0];
      const edge = x === 0 || y === 0 || x === nx - 1 || y === ny - 1 ||
        mask.data[off + x - 1 + nx * y] !== v || mask.data[off + x + 1 + nx * y] !== v ||
        mask.data[off + x + nx * (y - 1)] !== v || mask.data[off + x + nx * (y + 1)] !== v;
      const o = 4 * (x + nx * y);
      out[o] = c[0]; out[o + 1] = c[1]; out[o + 2] = c[2]; out[o + 3] = edge ? edgeAlpha : fillAlpha;
    }
  }
  return out;
}

/**
 * Simplifies a freehand pointer path (pixel-index points) before rasterising: drops points closer
 * than `minStep` pixels to the previous kept point. The contour is closed implicitly.
 */
export function thinPath(points: readonly Point[], minStep = 0.5): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const q = out[out.length - 1];
    if (!q || Math.hypot(p[0] - q[0], p[1] - q[1]) >= minStep) out.push(p);
  }
  return out;
}

/**
 * Size an overlay canvas to `element`'s box at the device pixel ratio (only when it changed),
 * reset its transform and clear it; null when there is no 2-D context.
 */
export function clearedOverlayContext(c: HTMLCanvasElement, element: Element): CanvasRenderingContext2D | null {
  const rect = element.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  if (c.width !== Math.round(rect.width * dpr) || c.height !== Math.round(rect.height * dpr)) {
    c.width = Math.round(rect.width * dpr);
    c.height = Math.round(rect.height * dpr);
    c.style.width = `${rect.width}px`;
    c.style.height = `${rect.height}px`;
  }
  const ctx = c.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, c.width, c.height);
  return ctx;
}

/**
 * Paint one slice's RGBA texels (nx × ny, from {@link maskSliceRgba}) on `ctx` with the index →
 * canvas affine `A` at device pixel ratio `dpr`, unsmoothed, texel (i, j) covering [i − ½, i + ½).
 */
export function drawSliceTexels(ctx: CanvasRenderingContext2D, texels: Uint8ClampedArray, nx: number, ny: number, A: readonly number[], dpr: number): void {
  const tile = new OffscreenCanvas(nx, ny);
  const img = new ImageData(nx, ny);
  img.data.set(texels);
  tile.getContext('2d')!.putImageData(img, 0, 0);
  ctx.setTransform(A[0]! * dpr, A[1]! * dpr, A[2]! * dpr, A[3]! * dpr, A[4]! * dpr, A[5]! * dpr);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tile, -0.5, -0.5);
}
