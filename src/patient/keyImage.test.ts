import { describe, expect, it } from 'vitest';
import type { Mask, Volume } from '../geometry/volume.ts';
import { keyImage, OUTLINE_RGB } from './keyImage.ts';

const vol = (size: [number, number, number], f: (x: number, y: number, z: number) => number): Volume => {
  const data = new Float32Array(size[0] * size[1] * size[2]);
  for (let z = 0; z < size[2]; z++) for (let y = 0; y < size[1]; y++) for (let x = 0; x < size[0]; x++) data[x + size[0] * (y + size[1] * z)] = f(x, y, z);
  return { data, size, spacing: [0.5, 0.5, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
};

describe('key image', () => {
  it('picks the slice with the largest ROI and outlines only its border voxels', () => {
    const image = vol([8, 8, 3], (x) => x * 10);
    // slice 0: 1 voxel; slice 1: 3×3 square at (2..4, 2..4); slice 2: 2×2
    const m = vol([8, 8, 3], (x, y, z) => (z === 0 && x === 1 && y === 1) || (z === 1 && x >= 2 && x <= 4 && y >= 2 && y <= 4) || (z === 2 && x < 2 && y < 2) ? 1 : 0);
    const mask: Mask = { ...m, data: Uint8Array.from(m.data) };
    const k = keyImage(image, mask);
    expect(k.slice).toBe(1);
    expect(k.area).toBe(9);
    const px = (x: number, y: number) => Array.from(k.rgba.slice(4 * (y * 8 + x), 4 * (y * 8 + x) + 3));
    expect(px(2, 2)).toEqual(OUTLINE_RGB); // corner of the square
    expect(px(4, 3)).toEqual(OUTLINE_RGB); // right edge
    const centre = px(3, 3);
    expect(centre[0]).toBe(centre[1]); // grey, not outline
    expect(px(0, 0)[0]).toBe(px(0, 7)[0]); // same column, same grey
  });
  it('names an empty ROI and a mask off the grid', () => {
    const image = vol([4, 4, 2], () => 1);
    const empty: Mask = { ...image, data: new Uint8Array(32) };
    expect(() => keyImage(image, empty)).toThrow(/ROI is empty/);
    expect(() => keyImage(image, { ...empty, size: [4, 4, 1], data: new Uint8Array(16) })).toThrow(/not on the image grid/);
  });
});
