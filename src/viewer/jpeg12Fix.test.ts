import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../testing/sharedData.ts';
import { decoderLevelShiftError, removeLevelShiftError, sofPrecision } from './jpeg12Fix.ts';

/** The loader's decoder's descaling of one IDCT output q (4 fractional bits), as in its jpeg.js, unclamped. */
function loaderDescale(q: number, precision: number): number {
  const bitConversion = 255 / (2 ** precision - 1);
  return (q + 2056 / bitConversion) >> 4;
}
/** The correct one: level shift 2^(P−1) and rounding, ⌊q/16 + 2^(P−1) + 1/2⌋ (ITU T.81 A.3.1). */
function correctDescale(q: number, precision: number): number {
  return Math.floor(q / 16 + 2 ** (precision - 1) + 0.5);
}

describe('decoderLevelShiftError', () => {
  for (const precision of [8, 12]) {
    it(`equals the loader's offset for every IDCT output of a ${precision}-bit sample`, () => {
      const half = 16 * 2 ** (precision - 1);
      const offsets = new Set<number>();
      // every q from the lowest correct sample (0) up to the decoder's upper clamp (2024 / bitConversion)
      const top = (2024 * (2 ** precision - 1)) / 255;
      for (let q = -half; q < top; q++) offsets.add(loaderDescale(q, precision) - correctDescale(q, precision));
      expect([...offsets]).toEqual([decoderLevelShiftError(precision)]);
    });
  }
  it('is 0 for 8-bit and positive for 12-bit samples', () => {
    expect(decoderLevelShiftError(8)).toBe(0);
    expect(decoderLevelShiftError(12)).toBeGreaterThan(0);
  });
});

describe('sofPrecision', () => {
  it('reads the precision of the first SOF after other segments', () => {
    // SOI, APP0 (length 4), DQT stub (length 3), SOF1: length 11, P = 12, 16 × 8, 1 component
    const bytes = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 1, 2, 0xff, 0xdb, 0, 3, 9, 0xff, 0xc1, 0, 11, 12, 0, 8, 0, 16, 1, 1, 0x11, 0]);
    expect(sofPrecision(bytes)).toBe(12);
    bytes[17] = 8;
    expect(sofPrecision(bytes)).toBe(8);
  });
  it('skips DHT (0xC4), which is no frame header', () => {
    const bytes = Uint8Array.from([0xff, 0xd8, 0xff, 0xc4, 0, 3, 0, 0xff, 0xc0, 0, 11, 8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
    expect(sofPrecision(bytes)).toBe(8);
  });
  it('is undefined for data that is not a JPEG codestream', () => {
    expect(sofPrecision(Uint8Array.from([0, 1, 2, 3, 4, 5]))).toBeUndefined();
    expect(sofPrecision(Uint8Array.from([0xff, 0xd8, 0x00, 0x00, 0, 0]))).toBeUndefined();
  });
  it('finds the header\'s Bits Stored (12) in a real JPEG Extended codestream (pydicom JPGExtended.dcm)', () => {
    const file = new Uint8Array(readFileSync(join(SHARED_DIR, 'data/dicom/pydicom/src/pydicom/data/test_files/JPGExtended.dcm')));
    let soi = -1;
    for (let i = 132; i + 2 < file.length; i++) if (file[i] === 0xff && file[i + 1] === 0xd8 && file[i + 2] === 0xff) { soi = i; break; }
    expect(soi).toBeGreaterThan(0);
    expect(sofPrecision(file.subarray(soi))).toBe(12);
  });
});

describe('removeLevelShiftError', () => {
  const E = 15;
  // decoder outputs across the 12-bit range, including the clamps 0 and 4095 and values below E
  const decoded = [0, 1, 14, 15, 16, 17, 100, 2047, 2048, 2049, 3000, 4080, 4094, 4095];
  const fixed = (d: number) => Math.max(0, d - E);

  it('unsigned, not rescaled: each value d becomes max(0, d − E)', () => {
    const v = Uint16Array.from(decoded);
    const r = removeLevelShiftError(v, E, { signed: false, bitsStored: 12 });
    expect([...v]).toEqual(decoded.map(fixed));
    expect(r).toEqual({ min: Math.min(...decoded.map(fixed)), max: Math.max(...decoded.map(fixed)) });
  });

  it('rescaled by the loader (CT: slope 1, intercept −1024; slope 2, intercept 10): the correction is on the stored value', () => {
    for (const [slope, intercept] of [[1, -1024], [2, 10], [0.5, -3]]) {
      const v = Float32Array.from(decoded, (d) => d * slope + intercept);
      removeLevelShiftError(v, E, { signed: false, bitsStored: 12, rescale: { slope, intercept } });
      expect([...v]).toEqual(decoded.map((d) => fixed(d) * slope + intercept));
    }
  });

  it('signed 12-bit: the loader\'s sign extension is undone, corrected on the decoder sample, and redone', () => {
    const ext = (d: number) => (d >= 2048 ? d - 4096 : d);
    const v = Int16Array.from(decoded, ext);
    const r = removeLevelShiftError(v, E, { signed: true, bitsStored: 12 });
    const want = decoded.map((d) => ext(fixed(d)));
    expect([...v]).toEqual(want);
    expect(r).toEqual({ min: Math.min(...want), max: Math.max(...want) });
  });

  it('an error of 0 changes nothing', () => {
    const v = Uint16Array.from(decoded);
    removeLevelShiftError(v, 0, { signed: false, bitsStored: 12 });
    expect([...v]).toEqual(decoded);
  });
});
