/** JPEG-LS (1.2.840.10008.1.2.4.80 / .81): CharLS compiled to WASM (@cornerstonejs/codec-charls). */
import factory from '@cornerstonejs/codec-charls/decodewasmjs';
import type { DecodedFrame, FrameLayout } from './types.ts';
import { runDecoder, startModule } from './wasm.ts';

const wasmUrl = new URL('@cornerstonejs/codec-charls/decodewasm', import.meta.url);
let mod: Promise<EmscriptenCodecModule> | undefined;

export async function decode(data: Uint8Array, layout: FrameLayout): Promise<DecodedFrame> {
  const m = await (mod ??= startModule(factory, wasmUrl));
  return runDecoder(m, (x) => new x.JpegLSDecoder(), data, layout, (d) => d.decode(), (d, fi) => ({
    // CharLS writes the samples in the stream's interleave mode: 0 (none) = one plane per component.
    planar: fi.componentCount > 1 && d.getInterleaveMode() === 0,
    // JPEG-LS has no colour transform in DICOM: the samples are what the header says.
    photometric: layout.photometric,
  }));
}
