/**
 * 12-bit JPEG Extended (1.2.840.10008.1.2.4.51, Process 4): the JS decoder that
 * @cornerstonejs/dicom-image-loader itself uses for it (its `decoders.JPEGBaseline12Bit`, a
 * pdf.js-derived JpegImage; libjpeg-turbo in WASM is 8-bit only). Grey images only (as the
 * loader). The loader's main module is imported for it, lazily: in the browser it is already in
 * the app bundle; in Node the import takes ~1.5 s once.
 *
 * Level-shift fix: that decoder descales the IDCT output (4 fractional bits) with
 * `(q + 2056 / bitConversion) >> 4`, bitConversion = 255 / 4095, i.e. q/16 + 2063.56 instead of
 * the 12-bit level shift q/16 + 2048 + 0.5: every sample comes out 15 too high (exactly 15:
 * ⌊x/16 + 15.06⌋ − ⌊x/16⌋ = 15 for every integer x), and it clamps low values at −33017 instead
 * of −32776. So the result here is max(0, v − 15). A decoder output of 4095 is its upper clamp
 * (true value 4080–4095) and becomes 4080. Checked against dcmtk's dcmdjpeg in
 * pixels.codecs.test.ts (the viewer, which uses the same decoder, shows such images 15 too bright).
 */
import type { DecodedFrame, FrameLayout } from './types.ts';

/** ⌊(2056 · 4095 / 255 − 32776) / 16⌋: what the loader's decoder adds to every 12-bit sample (0 for 8-bit). */
const LEVEL_SHIFT_ERROR: Record<number, number> = { 8: 0, 12: 15 };

interface LoaderFrame {
  rows: number;
  columns: number;
  bitsAllocated: number;
  samplesPerPixel: number;
  pixelRepresentation: number;
  pixelData?: Uint16Array | Uint8Array;
}

export async function decode(data: Uint8Array, layout: FrameLayout): Promise<DecodedFrame> {
  if (layout.samplesPerPixel !== 1) throw new Error('12-bit JPEG with colour samples is not supported');
  const sof = startOfFrame(data);
  if (!sof) throw new Error('no JPEG start-of-frame marker');
  const shift = LEVEL_SHIFT_ERROR[sof.precision];
  if (shift === undefined) throw new Error(`JPEG sample precision ${sof.precision} (8 or 12 expected)`);
  const { decoders } = await import('@cornerstonejs/dicom-image-loader');
  const decode12 = decoders.JPEGBaseline12Bit as unknown as (f: LoaderFrame, d: Uint8Array) => Promise<LoaderFrame>;
  const frame: LoaderFrame = { rows: layout.rows, columns: layout.columns, bitsAllocated: 16, samplesPerPixel: 1, pixelRepresentation: layout.pixelRepresentation };
  let out: LoaderFrame;
  try {
    out = await decode12(frame, data);
  } catch (e) {
    throw new Error(e instanceof Error ? e.message : String(e));
  }
  const px = out.pixelData;
  if (!px) throw new Error('the JPEG decoder returned no samples');
  const fixed = new Uint16Array(px.length);
  for (let k = 0; k < px.length; k++) fixed[k] = px[k] > shift ? px[k] - shift : 0;
  const bytes = new Uint8Array(fixed.buffer);
  // getData16 scales to the requested size, so the codestream's own size (SOF) is reported.
  return { bytes, columns: sof.columns, rows: sof.rows, bitsAllocated: 16, samplesPerPixel: 1, planar: false, photometric: layout.photometric };
}

/** Precision, width and height from the first SOF marker. */
function startOfFrame(d: Uint8Array): { precision: number; columns: number; rows: number } | undefined {
  let p = 2;
  while (p + 9 <= d.length && d[p] === 0xff) {
    const m = d[p + 1];
    if (m === 0xff) {
      p++;
      continue;
    }
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return { precision: d[p + 4], rows: (d[p + 5] << 8) | d[p + 6], columns: (d[p + 7] << 8) | d[p + 8] };
    p += 2 + ((d[p + 2] << 8) | d[p + 3]);
  }
  return undefined;
}
