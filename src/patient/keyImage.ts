/**
 * The key image beside the number: the axial slice of the image with the largest ROI area, grey
 * levels windowed to the ROI's 1st–99th percentile range (widened by half its width on each side
 * so the surroundings stay visible), the ROI's outline drawn in colour. Pure: returns RGBA pixels
 * for a canvas (ImageData), so it runs in Vitest without a DOM.
 *
 * Outline: an ROI voxel with at least one 4-neighbour outside the ROI (or at the slice edge).
 */
import type { Mask, Volume } from '../geometry/volume.ts';

export interface KeyImage {
  width: number;
  height: number;
  /** slice index k (0-based) */
  slice: number;
  /** ROI voxels on that slice */
  area: number;
  /** RGBA, row-major, width × height × 4 */
  rgba: Uint8ClampedArray;
  /** physical pixel size (mm) along x and y, for the aspect ratio */
  spacing: [number, number];
}

export const OUTLINE_RGB: [number, number, number] = [255, 64, 64];

export function keyImage(image: Volume, mask: Mask, label = 1): KeyImage {
  const [nx, ny, nz] = image.size;
  if (mask.size[0] !== nx || mask.size[1] !== ny || mask.size[2] !== nz) throw new Error(`key image: the mask (${mask.size.join('×')}) is not on the image grid (${image.size.join('×')})`);
  const plane = nx * ny;
  let best = -1;
  let bestArea = 0;
  for (let k = 0; k < nz; k++) {
    let a = 0;
    for (let i = k * plane; i < (k + 1) * plane; i++) if (mask.data[i] === label) a++;
    if (a > bestArea) { bestArea = a; best = k; }
  }
  if (best < 0) throw new Error('key image: the ROI is empty');
  const off = best * plane;
  const inside: number[] = [];
  for (let i = 0; i < plane; i++) if (mask.data[off + i] === label) inside.push(Number(image.data[off + i]));
  inside.sort((a, b) => a - b);
  const q = (f: number) => inside[Math.min(inside.length - 1, Math.floor(f * (inside.length - 1)))]!;
  const lo0 = q(0.01);
  const hi0 = q(0.99);
  const w = Math.max(hi0 - lo0, 1e-6);
  const lo = lo0 - w / 2;
  const hi = hi0 + w / 2;
  const rgba = new Uint8ClampedArray(plane * 4);
  const isRoi = (x: number, y: number) => x >= 0 && y >= 0 && x < nx && y < ny && mask.data[off + y * nx + x] === label;
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const i = y * nx + x;
      const g = Math.round((255 * (Number(image.data[off + i]) - lo)) / (hi - lo));
      const edge = isRoi(x, y) && (!isRoi(x - 1, y) || !isRoi(x + 1, y) || !isRoi(x, y - 1) || !isRoi(x, y + 1));
      rgba[4 * i] = edge ? OUTLINE_RGB[0] : g;
      rgba[4 * i + 1] = edge ? OUTLINE_RGB[1] : g;
      rgba[4 * i + 2] = edge ? OUTLINE_RGB[2] : g;
      rgba[4 * i + 3] = 255;
    }
  }
  return { width: nx, height: ny, slice: best, area: bestArea, rgba, spacing: [image.spacing[0], image.spacing[1]] };
}
