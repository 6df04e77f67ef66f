/**
 * readFrames against volumes built by pydicom + numpy (scripts/fixtures/dicom/pixel_reference.py,
 * fixture pixel_reference.json): size, spacing, origin, direction, value statistics and voxels,
 * for Explicit/Implicit/Big Endian files, a GE DWI b=0 volume, a Siemens XA30 enhanced
 * multi-frame volume, Philips rescaled fMRI, an RGB ultrasound image and RLE Lossless files
 * (grey 16-bit, 10-frame enhanced, 2-frame RGB). The JPEG / JPEG-LS / JPEG 2000 / HTJ2K codecs
 * are checked against dcmtk, GDCM and OpenJPEG in pixels.codecs.test.ts.
 */
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { indexFiles } from './indexer.ts';
import { sourceFromPath } from './nodeSource.ts';
import { readFrames } from './pixels.ts';
import type { SourceFile, VolumeGroup } from './types.ts';
import { SHARED_DICOM_DIR } from './manifest.testdata.ts';

interface RefCase {
  files: string[];
  size: number[];
  spacing: number[];
  origin: number[];
  direction: number[];
  sum: number;
  min: number;
  max: number;
  voxels: { at: [number, number, number]; value: number }[];
}
const ref = JSON.parse(readFileSync(new URL('../../scripts/fixtures/dicom/pixel_reference.json', import.meta.url), 'utf8')) as { tool: string; cases: Record<string, RefCase> };

async function sources(paths: string[]): Promise<SourceFile[]> {
  return Promise.all(paths.map(async (p) => sourceFromPath(SHARED_DICOM_DIR + p, (await stat(SHARED_DICOM_DIR + p)).size, p)));
}

/** Index exactly the reference files; the case must come out as ONE group holding all of them. */
async function groupOf(files: SourceFile[]): Promise<VolumeGroup> {
  const index = await indexFiles(files);
  expect(index.errors).toEqual([]);
  const all = index.series.flatMap((s) => s.groups);
  expect(all, 'the reference files form one volume').toHaveLength(1);
  return all[0];
}

describe(`readFrames matches pydicom (${ref.tool})`, () => {
  it.each(Object.entries(ref.cases))('%s', async (_name, c) => {
    const files = await sources(c.files);
    const vol = await readFrames(files, await groupOf(files));
    expect(vol.size).toEqual(c.size);
    vol.spacing.forEach((v, i) => expect(v).toBeCloseTo(c.spacing[i], 4));
    vol.origin.forEach((v, i) => expect(v).toBeCloseTo(c.origin[i], 3));
    vol.direction.forEach((v, i) => expect(v).toBeCloseTo(c.direction[i], 5));
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const v of vol.data) {
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(sum / c.sum).toBeCloseTo(1, 6);
    expect(min).toBeCloseTo(c.min, 3);
    expect(max).toBeCloseTo(c.max, 3);
    for (const { at, value } of c.voxels) {
      const k = at[0] + vol.size[0] * (at[1] + vol.size[1] * at[2]);
      expect(vol.data[k]).toBeCloseTo(value, 3);
    }
  });

  it('gives Int16 for integer values and Float32 when the rescale makes fractions', async () => {
    const small = await sources(ref.cases['MR_small.dcm'].files);
    expect((await readFrames(small, await groupOf(small))).data).toBeInstanceOf(Int16Array);
    const ph = await sources(ref.cases['Philips fMRI dynamic 2'].files);
    expect((await readFrames(ph, await groupOf(ph))).data).toBeInstanceOf(Float32Array);
  });

  it('names the file and transfer syntax when a syntax has no decoder here', async () => {
    // The index is built from the JPEG-LS file; the bytes read then claim JPEG-LS 4.82 (no such
    // syntax: same length, so the header stays valid).
    const path = 'pydicom/src/pydicom/data/test_files/MR_small_jpeg_ls_lossless.dcm';
    const files = await sources([path]);
    const group = await groupOf(files);
    const bytes = new Uint8Array(readFileSync(SHARED_DICOM_DIR + path));
    const text = new TextDecoder('latin1').decode(bytes);
    const at = text.indexOf('1.2.840.10008.1.2.4.80');
    expect(at).toBeGreaterThan(0);
    bytes[at + 21] = 0x32; // ...4.80 -> ...4.82
    const { sourceFromBytes } = await import('./memorySource.ts');
    await expect(readFrames([sourceFromBytes(path, bytes)], group)).rejects.toThrow(
      /MR_small_jpeg_ls_lossless\.dcm: pixel data in unknown transfer syntax 1\.2\.840\.10008\.1\.2\.4\.82 cannot be read for radiomics/,
    );
  });
});

describe('Siemens MOSAIC (nibabel siemens_dwi_1000.dcm)', () => {
  // The nibabel test file's pixel values are all zero, so a known pattern is written into its
  // Pixel Data: stored pixel (column c, row r) of tile k holds k·50 + (r mod 128) mod 50 (below 4096: BitsStored is 12).
  async function patterned(): Promise<SourceFile> {
    const path = 'nibabel/nibabel/nicom/tests/data/siemens_dwi_1000.dcm';
    const bytes = new Uint8Array(readFileSync(SHARED_DICOM_DIR + path));
    const file = sourceFromPath(SHARED_DICOM_DIR + path, bytes.length, path);
    const { readHeader } = await import('./headerReader.ts');
    const h = await readHeader(file);
    const view = new DataView(bytes.buffer, bytes.byteOffset + h.pixelData!.offset);
    for (let r = 0; r < 896; r++) {
      for (let c = 0; c < 896; c++) {
        const k = Math.floor(r / 128) * 7 + Math.floor(c / 128);
        view.setUint16((r * 896 + c) * 2, k < 48 ? k * 50 + ((r % 128) % 50) : 0, true);
      }
    }
    const { sourceFromBytes } = await import('./memorySource.ts');
    return sourceFromBytes(path, bytes);
  }

  it('unpacks 48 tiles of 128×128 into slices, with the geometry dipy publishes for this file', async () => {
    const file = await patterned();
    const vol = await readFrames([file], await groupOf([file]));
    expect(vol.size).toEqual([128, 128, 48]);
    for (const [x, y, z] of [
      [0, 0, 0],
      [127, 127, 47],
      [5, 99, 20],
      [64, 100, 7],
    ]) {
      expect(vol.data[x + 128 * (y + 128 * z)]).toBe(z * 50 + (y % 50));
    }
    // dipy/io/tests/test_dicomreaders.py: expected_affine (RAS) of siemens_dwi_1000 =
    //   [[-1.796875, 0, 0, 115], [0, -1.79684984, -0.01570896, 135.028779], [0, -0.0094084375, 2.99995887, -78.710481]]
    // In LPS the first two rows change sign; columns are the x, y, z axes times their spacing.
    const expectedLps = [
      [1.796875, 0, 0, -115],
      [0, 1.79684984, 0.01570896, -135.028779],
      [0, -0.0094084375, 2.99995887, -78.710481],
    ];
    for (let row = 0; row < 3; row++) {
      for (let col = 0; col < 3; col++) expect(vol.direction[row * 3 + col] * vol.spacing[col]).toBeCloseTo(expectedLps[row][col], 5);
      expect(vol.origin[row]).toBeCloseTo(expectedLps[row][3], 4);
    }
  });
});
