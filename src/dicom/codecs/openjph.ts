/** HTJ2K (1.2.840.10008.1.2.4.201 / .202 / .203): OpenJPH compiled to WASM (@cornerstonejs/codec-openjph). */
import factory from '@cornerstonejs/codec-openjph/wasmjs';
import type { DecodedFrame, FrameLayout } from './types.ts';
import { j2kPhotometric, runDecoder, startModule } from './wasm.ts';

const wasmUrl = new URL('@cornerstonejs/codec-openjph/wasm', import.meta.url);
let mod: Promise<EmscriptenCodecModule> | undefined;

export async function decode(data: Uint8Array, layout: FrameLayout): Promise<DecodedFrame> {
  const m = await (mod ??= startModule(factory, wasmUrl));
  return runDecoder(m, (x) => new x.HTJ2KDecoder(), data, layout, (d) => d.decodeSubResolution(0), () => ({ planar: false, photometric: j2kPhotometric(layout.photometric) }));
}
