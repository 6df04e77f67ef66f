/**
 * JPEG Baseline (1.2.840.10008.1.2.4.50) and 8-bit JPEG Extended (.51): libjpeg-turbo compiled to
 * WASM (@cornerstonejs/codec-libjpeg-turbo-8bit). Colour output is interleaved.
 *
 * Colour: the wrapper always lets libjpeg convert what it takes for YCbCr into RGB. libjpeg
 * decides from the stream (JFIF marker → YCbCr; Adobe marker → its transform flag; else
 * component IDs 'R','G','B' → RGB, anything else → YCbCr). DICOM's Photometric Interpretation is
 * what counts: when it says RGB but libjpeg would convert (e.g. IDs 0,1,2 and no marker, as
 * written by some encoders), the stream is given an Adobe "no transform" marker first (undoing
 * the conversion afterwards is not possible: it clips). When libjpeg does not convert, the
 * samples keep the header's interpretation (YBR_FULL_422 is upsampled, so YBR_FULL).
 */
import factory from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
import type { DecodedFrame, FrameLayout } from './types.ts';
import { runDecoder, startModule } from './wasm.ts';

const wasmUrl = new URL('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm', import.meta.url);
let mod: Promise<EmscriptenCodecModule> | undefined;

/** Whether libjpeg will treat a 3-component stream as YCbCr (its jdapimin.c default_decompress_parms rule). */
export function libjpegSeesYCbCr(data: Uint8Array): boolean {
  let jfif = false;
  let adobeTransform: number | undefined;
  let ids: number[] | undefined;
  let p = 2;
  while (p + 4 <= data.length && data[p] === 0xff) {
    const marker = data[p + 1];
    if (marker === 0xff) {
      p++;
      continue;
    }
    const len = (data[p + 2] << 8) | data[p + 3];
    const body = p + 4;
    if (marker === 0xe0 && data[body] === 0x4a && data[body + 1] === 0x46 && data[body + 2] === 0x49 && data[body + 3] === 0x46) jfif = true;
    if (marker === 0xee && len >= 14 && data[body] === 0x41 && data[body + 1] === 0x64 && data[body + 2] === 0x6f && data[body + 3] === 0x62 && data[body + 4] === 0x65) adobeTransform = data[body + 11];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const n = data[body + 5];
      ids = Array.from({ length: n }, (_, k) => data[body + 6 + 3 * k]);
    }
    if (marker === 0xda) break;
    p += 2 + len;
  }
  if (jfif) return true;
  if (adobeTransform !== undefined) return adobeTransform !== 0;
  return !(ids && ids[0] === 0x52 && ids[1] === 0x47 && ids[2] === 0x42);
}

/**
 * The stream made to read as RGB by libjpeg: a JFIF marker's identifier is spoilt ("JFIX") and an
 * Adobe APP14 marker with transform 0 (no colour transform) is put right after SOI.
 */
export function markedAsRgb(data: Uint8Array): Uint8Array {
  const adobe = [0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00];
  const out = new Uint8Array(data.length + adobe.length);
  out.set(data.subarray(0, 2), 0);
  out.set(adobe, 2);
  out.set(data.subarray(2), 2 + adobe.length);
  let p = 2 + adobe.length;
  while (p + 4 <= out.length && out[p] === 0xff && out[p + 1] !== 0xda) {
    const len = (out[p + 2] << 8) | out[p + 3];
    if (out[p + 1] === 0xe0 && out[p + 4] === 0x4a && out[p + 5] === 0x46 && out[p + 6] === 0x49 && out[p + 7] === 0x46) out[p + 7] = 0x58;
    if (out[p + 1] === 0xee && p !== 2) out[p + 15] = 0; // an existing Adobe marker: transform 0 as well
    p += 2 + len;
  }
  return out;
}

export async function decode(data: Uint8Array, layout: FrameLayout): Promise<DecodedFrame> {
  const m = await (mod ??= startModule(factory, wasmUrl));
  let stream = data;
  let converted = layout.samplesPerPixel === 3 && libjpegSeesYCbCr(data);
  if (converted && layout.photometric === 'RGB') {
    stream = markedAsRgb(data);
    converted = false;
  }
  const header = layout.photometric.replace(/_42[02]$/, '');
  return runDecoder(m, (x) => new x.JPEGDecoder(), stream, layout, (d) => d.decode(), () => ({ planar: false, photometric: converted ? 'RGB' : header }));
}
