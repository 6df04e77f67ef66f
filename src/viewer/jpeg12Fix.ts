/**
 * The display side of the 12-bit JPEG Extended fix (1.2.840.10008.1.2.4.51, Process 4).
 *
 * @cornerstonejs/dicom-image-loader (5.14.0, the latest release) decodes that syntax with a
 * pdf.js-derived JS decoder whose descaling step `(q + 2056 / bitConversion) >> 4` (bitConversion
 * = 255 / (2^P − 1)) is right for P = 8 but adds 15 to every 12-bit sample (see
 * src/dicom/codecs/jpeg12.ts, which removes it for extraction). The loader has no decode hook (its
 * `imageCreated` option is never called, the worker's post-decode callback cannot cross the worker
 * boundary), so the viewer wraps the `dicomfile` image loader (jpeg12Loader.ts) and corrects the
 * decoded image here, before cornerstone caches or shows it: every stored value d becomes
 * max(0, d − 15), as jpeg12.ts does, undoing the loader's sign extension and rescale first when it
 * applied them. Pure (no cornerstone import) so it is unit-tested in Node.
 */

/** The only syntax corrected (the retired .53/.55 go through the same decoder but are left as they are). */
export const JPEG_EXTENDED = '1.2.840.10008.1.2.4.51';

/**
 * What the loader's decoder adds to every sample of precision P: its descaling constant
 * 2056 · (2^P − 1) / 255 against the correct 16 · 2^(P−1) + 8 (level shift plus rounding, in the
 * IDCT's 4 fractional bits), floored. 0 for P = 8, 15 for P = 12.
 */
export function decoderLevelShiftError(precision: number): number {
  const used = (2056 * (2 ** precision - 1)) / 255;
  const correct = 16 * 2 ** (precision - 1) + 8;
  return Math.floor((used - correct) / 16);
}

/** Sample precision (bits) of the first JPEG start-of-frame marker, or undefined. */
export function sofPrecision(d: Uint8Array): number | undefined {
  if (d.length < 4 || d[0] !== 0xff || d[1] !== 0xd8) return undefined;
  let p = 2;
  while (p + 4 < d.length) {
    if (d[p] !== 0xff) return undefined;
    const m = d[p + 1];
    if (m === 0xff) {
      p++;
      continue;
    }
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return d[p + 4];
    p += 2 + ((d[p + 2] << 8) | d[p + 3]);
  }
  return undefined;
}

/** How the loader turned the decoder's samples into the image's values. */
export interface LoaderTransform {
  /** Pixel Representation 1: the loader sign-extended the low `bitsStored` bits. */
  signed: boolean;
  bitsStored: number;
  /** Set when the loader applied the modality rescale (image.preScale.scaled). */
  rescale?: { slope: number; intercept: number };
}

/**
 * Remove the decoder's `error` from image values in place and return their new min and max.
 * Each value is taken back to the decoder's sample d (rescale and sign extension undone), replaced
 * by max(0, d − error), and carried forward again.
 */
export function removeLevelShiftError(values: { length: number; [i: number]: number }, error: number, t: LoaderTransform): { min: number; max: number } {
  const mask = 2 ** t.bitsStored - 1;
  const signBit = 2 ** (t.bitsStored - 1);
  const slope = t.rescale?.slope ?? 1;
  const intercept = t.rescale?.intercept ?? 0;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < values.length; k++) {
    let s = t.rescale ? Math.round((values[k] - intercept) / slope) : values[k];
    let d = t.signed ? s & mask : s;
    d = d > error ? d - error : 0;
    s = t.signed && d >= signBit ? d - 2 * signBit : d;
    const v = t.rescale ? s * slope + intercept : s;
    values[k] = v;
    const w = values[k];
    if (w < min) min = w;
    if (w > max) max = w;
  }
  return values.length ? { min, max } : { min: 0, max: 0 };
}
