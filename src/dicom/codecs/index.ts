/**
 * Compressed (encapsulated) Pixel Data for the pure-TS reader: which codec decodes a transfer
 * syntax, which fragments make up a frame (PS3.5 A.4), and the decode itself. Each codec module
 * (and its WASM) is imported only when the first frame of its syntax is decoded.
 */
import type { SourceFile } from '../types.ts';
import type { EncapsulatedItem } from '../encapsulatedCheck.ts';
import type { DecodedFrame, FrameDecoder, FrameLayout } from './types.ts';

export type { DecodedFrame, FrameLayout } from './types.ts';

type CodecName = 'libjpeg-turbo' | 'jpeg12' | 'jpeg-lossless' | 'charls' | 'openjpeg' | 'openjph';

const CODEC_OF: Record<string, CodecName> = {
  '1.2.840.10008.1.2.4.50': 'libjpeg-turbo',
  '1.2.840.10008.1.2.4.51': 'libjpeg-turbo',
  '1.2.840.10008.1.2.4.57': 'jpeg-lossless',
  '1.2.840.10008.1.2.4.70': 'jpeg-lossless',
  '1.2.840.10008.1.2.4.80': 'charls',
  '1.2.840.10008.1.2.4.81': 'charls',
  '1.2.840.10008.1.2.4.90': 'openjpeg',
  '1.2.840.10008.1.2.4.91': 'openjpeg',
  '1.2.840.10008.1.2.4.201': 'openjph',
  '1.2.840.10008.1.2.4.202': 'openjph',
  '1.2.840.10008.1.2.4.203': 'openjph',
};

/** Syntaxes whose samples are exactly the original ones (reference decoders must agree bit for bit). */
export const LOSSLESS_SYNTAXES: ReadonlySet<string> = new Set([
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.4.202',
]);

const loaders: Record<CodecName, () => Promise<{ decode: FrameDecoder }>> = {
  'libjpeg-turbo': () => import('./libjpegTurbo.ts'),
  jpeg12: () => import('./jpeg12.ts'),
  'jpeg-lossless': () => import('./jpegLossless.ts'),
  charls: () => import('./charls.ts'),
  openjpeg: () => import('./openjpeg.ts'),
  openjph: () => import('./openjph.ts'),
};
const loaded = new Map<CodecName, Promise<{ decode: FrameDecoder }>>();
/** Codecs whose module has been asked for (for tests of the lazy loading). */
export function codecsLoaded(): CodecName[] {
  return [...loaded.keys()];
}

export function hasCodec(transferSyntaxUID: string): boolean {
  return transferSyntaxUID in CODEC_OF;
}

/**
 * Decode one frame's codestream. Throws with the codec's reason (the caller adds file, frame and
 * syntax); the decoded size and sample count are checked against the header.
 */
export async function decodeCompressedFrame(transferSyntaxUID: string, data: Uint8Array, layout: FrameLayout): Promise<DecodedFrame> {
  let name = CODEC_OF[transferSyntaxUID];
  if (!name) throw new Error('no decoder for this transfer syntax');
  // 12-bit lossy JPEG (Process 4): libjpeg-turbo here is 8-bit only
  if (name === 'libjpeg-turbo' && layout.bitsAllocated > 8) name = 'jpeg12';
  let codec = loaded.get(name);
  if (!codec) loaded.set(name, (codec = loaders[name]()));
  const out = await (await codec).decode(data, layout);
  if (out.columns !== layout.columns || out.rows !== layout.rows) {
    throw new Error(`the codestream is ${out.columns}×${out.rows}, the header says ${layout.columns}×${layout.rows}`);
  }
  if (out.samplesPerPixel !== layout.samplesPerPixel) {
    throw new Error(`the codestream has ${out.samplesPerPixel} component(s), the header says ${layout.samplesPerPixel} sample(s) per pixel`);
  }
  const want = layout.rows * layout.columns * layout.samplesPerPixel * (out.bitsAllocated / 8);
  if (out.bytes.length < want) throw new Error(`the decoder returned ${out.bytes.length} of ${want} bytes`);
  return out;
}

function u32(b: Uint8Array, p: number): number {
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}

/** True when a fragment starts a codestream: JPEG / JPEG-LS SOI (FFD8), J2K SOC + SIZ (FF4F FF51), or a JP2 signature box. */
export function startsCodestream(b: Uint8Array): boolean {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xd8) return true;
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0x4f && b[2] === 0xff && b[3] === 0x51) return true;
  return b.length >= 8 && u32(b, 0) === 0x0c000000 && b[4] === 0x6a && b[5] === 0x50 && b[6] === 0x20 && b[7] === 0x20;
}

/**
 * The fragments of every frame (PS3.5 A.4). `items` are the encapsulated items (item 0 = Basic
 * Offset Table). With a Basic Offset Table, frame k is the fragments whose item tag lies at
 * offset[k] ≤ o < offset[k + 1] (offsets counted from the first fragment's item tag). Without
 * one: a single frame takes every fragment; as many fragments as frames map one to one;
 * otherwise a frame starts at each fragment that opens a codestream (SOI / SOC / JP2 box).
 */
export async function framesOfFragments(file: SourceFile, items: EncapsulatedItem[], frames: number): Promise<EncapsulatedItem[][]> {
  const bot = items[0];
  const fragments = items.slice(1);
  if (!bot) throw new Error('the compressed Pixel Data has no Basic Offset Table item');
  if (fragments.length === 0) throw new Error('the compressed Pixel Data has no fragments');
  if (bot.length > 0) {
    const table = await file.read(bot.offset, bot.offset + bot.length);
    const offsets = Array.from({ length: Math.floor(bot.length / 4) }, (_, k) => u32(table, 4 * k));
    const base = fragments[0].offset - 8;
    const at = new Map(fragments.map((f, i) => [f.offset - 8 - base, i]));
    const usable = offsets.length === frames && offsets.every((o, k) => at.has(o) && (k === 0 ? o === 0 : o > offsets[k - 1]));
    if (usable) {
      return offsets.map((o, k) => {
        const from = at.get(o)!;
        const to = k + 1 < offsets.length ? at.get(offsets[k + 1])! : fragments.length;
        return fragments.slice(from, to);
      });
    }
    // A Basic Offset Table that does not fit the fragments is ignored, as the standard's empty one.
  }
  if (frames === 1) return [fragments];
  if (fragments.length === frames) return fragments.map((f) => [f]);
  const heads: Uint8Array[] = [];
  for (const f of fragments) heads.push(await file.read(f.offset, f.offset + Math.min(8, f.length)));
  return groupFragmentsByCodestream(heads, frames).map((ks) => ks.map((k) => fragments[k]));
}

/**
 * Without a usable Basic Offset Table, with more fragments than frames: the fragment indices of
 * each frame, a new frame starting at each fragment that opens a codestream (`heads`: the first
 * bytes of every fragment). Throws when that does not give `frames` frames. Also used by the
 * viewer (src/viewer/part10Fixes.ts) to hand cornerstone whole frames.
 */
export function groupFragmentsByCodestream(heads: readonly Uint8Array[], frames: number): number[][] {
  const out: number[][] = [];
  heads.forEach((head, k) => {
    if (startsCodestream(head) || out.length === 0) out.push([k]);
    else out[out.length - 1].push(k);
  });
  if (out.length !== frames) throw new Error(`${heads.length} fragments hold ${out.length} codestreams, the header says ${frames} frames`);
  return out;
}

/** The bytes of one frame: its fragments, concatenated. */
export async function readFrameCodestream(file: SourceFile, fragments: EncapsulatedItem[]): Promise<Uint8Array> {
  if (fragments.length === 1) return file.read(fragments[0].offset, fragments[0].offset + fragments[0].length);
  const total = fragments.reduce((s, f) => s + f.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const f of fragments) {
    out.set(await file.read(f.offset, f.offset + f.length), at);
    at += f.length;
  }
  return out;
}
