/**
 * JPEG Lossless, Process 14 (1.2.840.10008.1.2.4.57) and its SV1 form (.70): the pure-JS decoder
 * @cornerstonejs/jpeg-lossless-decoder-js. Colour samples come out interleaved, untransformed.
 */
import { Decoder } from '@cornerstonejs/jpeg-lossless-decoder-js';
import type { DecodedFrame, FrameLayout } from './types.ts';

export async function decode(data: Uint8Array, layout: FrameLayout): Promise<DecodedFrame> {
  const d = new Decoder();
  const bytesPerSample = layout.bitsAllocated <= 8 ? 1 : 2;
  const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
  const out = d.decode(own.buffer as ArrayBuffer, 0, own.byteLength, bytesPerSample);
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  return { bytes, columns: d.xDim, rows: d.yDim, bitsAllocated: bytesPerSample * 8, samplesPerPixel: d.numComp, planar: false, photometric: layout.photometric };
}
