/** JPEG 2000 (1.2.840.10008.1.2.4.90 / .91): OpenJPEG compiled to WASM (@cornerstonejs/codec-openjpeg). */
import factory from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import type { DecodedFrame, FrameLayout } from './types.ts';
import { j2kPhotometric, runDecoder, startModule } from './wasm.ts';

const wasmUrl = new URL('@cornerstonejs/codec-openjpeg/decodewasm', import.meta.url);
let mod: Promise<EmscriptenCodecModule> | undefined;

export async function decode(data: Uint8Array, layout: FrameLayout): Promise<DecodedFrame> {
  const m = await (mod ??= startModule(factory, wasmUrl));
  return runDecoder(m, (x) => new x.J2KDecoder(), data, layout, (d) => d.decode(), () => ({ planar: false, photometric: j2kPhotometric(layout.photometric) }));
}
