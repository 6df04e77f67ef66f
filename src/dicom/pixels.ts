/**
 * Reads the pixels of one volume group of the index for the CLI and radiomics (Node and browser):
 * NATIVE (uncompressed) pixel data in pure TypeScript, RLE Lossless in pure TypeScript (see
 * rleDecoder.ts), and the compressed syntaxes with the codecs that ship with cornerstone
 * (codecs/): JPEG Baseline / 8-bit Extended (libjpeg-turbo WASM), 12-bit JPEG Extended (the
 * loader's JS decoder, level shift corrected), JPEG Lossless 14 and SV1 (jpeg-lossless-decoder-js),
 * JPEG-LS (CharLS WASM), JPEG 2000 (OpenJPEG WASM) and HTJ2K (OpenJPH WASM). A codec is loaded the
 * first time a frame of its syntax is read. Encapsulated frames are found per PS3.5 A.4 (Basic
 * Offset Table, or none: one frame, one fragment per frame, or a new frame at each fragment that
 * opens a codestream), fragments concatenated. Deflated Explicit VR Little Endian: the header
 * reader inflates the data set (codecs/deflate.ts) and its native frames are read from the inflated
 * bytes. Still refused, with an error naming the syntax: syntaxes without a decoder. Every error
 * on a frame names the file, the frame (1-based) and the syntax.
 *
 * Values: stored value v (masked to BitsStored, sign-extended when PixelRepresentation = 1)
 * → v · RescaleSlope + RescaleIntercept (per frame for enhanced images). The result is an
 * Int16Array when every value is an integer in [−32768, 32767], else a Float32Array. Colour
 * images become luminance: RGB → 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601), YBR → Y.
 *
 * Geometry (LPS, the Volume contract): origin = ImagePositionPatient of the first sorted frame;
 * direction columns = row cosine, column cosine, slice normal (row × column);
 * spacing = [PixelSpacing column spacing, PixelSpacing row spacing, slice spacing]. Frames
 * without a position (ultrasound) give origin 0, identity direction and the calibrated
 * ultrasound region's pixel size when there is one.
 */
import type { Vec3, Volume } from '../geometry/volume.ts';
import type { SourceFile, VolumeGroup } from './types.ts';
import { readHeader } from './headerReader.ts';
import { instanceInfoFromDataSet, type InstanceInfo } from './instanceInfo.ts';
import { BIG_ENDIAN_TRANSFER_SYNTAX, DEFLATED_TRANSFER_SYNTAX, EXPLICIT_LITTLE_ENDIAN, NATIVE_TRANSFER_SYNTAXES, describeTransferSyntax } from './transferSyntax.ts';
import { sourceFromBytes } from './memorySource.ts';
import { dot, sliceNormal } from './sliceGeometry.ts';
import { pixelSpacingFromRegions } from './ultrasoundRegions.ts';
import { listEncapsulatedItems, type EncapsulatedItem } from './encapsulatedCheck.ts';
import { decodeRleFrame } from './rleDecoder.ts';
import { decodeCompressedFrame, framesOfFragments, hasCodec, readFrameCodestream } from './codecs/index.ts';

const RLE_LOSSLESS = '1.2.840.10008.1.2.5';

/** Per-call caches: a file's encapsulated items and, for codecs, its frames' fragments. */
interface FileCaches {
  items: Map<string, EncapsulatedItem[]>;
  frames: Map<string, EncapsulatedItem[][]>;
}

function newCaches(): FileCaches {
  return { items: new Map(), frames: new Map() };
}

function withoutPath(message: string, path: string): string {
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}

/**
 * One stored frame as native bytes plus the layout to read them with: native frames are read in
 * place (deflated files: `file` is the file with its data set inflated), RLE and the codecs
 * (codecs/index.ts) decode their fragments. Errors name the file, the frame (1-based) and the
 * transfer syntax.
 */
async function storedFrame(file: SourceFile, info: InstanceInfo, frame: number, caches: FileCaches): Promise<{ layout: InstanceInfo; bytes: Uint8Array }> {
  const ts = info.transferSyntaxUID;
  if (!info.pixelData) throw new Error(`${info.path}: no Pixel Data`);
  const deflated = ts === DEFLATED_TRANSFER_SYNTAX;
  if (NATIVE_TRANSFER_SYNTAXES.has(ts) || deflated) {
    const size = frameBytes(info);
    const start = info.pixelData.offset + frame * size;
    const bytes = await file.read(start, start + size);
    if (bytes.length < size) throw new Error(`${info.path}: frame ${frame + 1} is truncated (${bytes.length} of ${size} bytes${deflated ? ' in the inflated data set' : ''})`);
    return { layout: deflated ? { ...info, transferSyntaxUID: EXPLICIT_LITTLE_ENDIAN } : info, bytes };
  }
  const where = `${info.path}: frame ${frame + 1} (${describeTransferSyntax(ts)})`;
  let items = caches.items.get(info.path);
  if (!items) {
    try {
      items = await listEncapsulatedItems(file, info.pixelData.offset);
    } catch (e) {
      throw new Error(`${where}: ${withoutPath((e as Error).message, info.path)}`);
    }
    caches.items.set(info.path, items);
  }
  if (ts === RLE_LOSSLESS) {
    const item = rleFragment(items, frame, info.path);
    const decoded = decodeRleFrame(await file.read(item.offset, item.offset + item.length), info.rows, info.columns, info.samplesPerPixel, info.bitsAllocated, `${info.path} frame ${frame + 1}`);
    return { layout: { ...info, transferSyntaxUID: EXPLICIT_LITTLE_ENDIAN, planarConfiguration: 1 }, bytes: decoded };
  }
  try {
    let perFrame = caches.frames.get(info.path);
    if (!perFrame) caches.frames.set(info.path, (perFrame = await framesOfFragments(file, items, info.numberOfFrames)));
    const fragments = perFrame[frame];
    if (!fragments) throw new Error(`no fragments for this frame (${perFrame.length} frames found)`);
    const d = await decodeCompressedFrame(ts, await readFrameCodestream(file, fragments), {
      rows: info.rows,
      columns: info.columns,
      samplesPerPixel: info.samplesPerPixel,
      bitsAllocated: info.bitsAllocated,
      bitsStored: info.bitsStored ?? info.bitsAllocated,
      pixelRepresentation: info.pixelRepresentation,
      photometric: info.photometric ?? 'MONOCHROME2',
    });
    const layout: InstanceInfo = {
      ...info,
      transferSyntaxUID: EXPLICIT_LITTLE_ENDIAN,
      bitsAllocated: d.bitsAllocated,
      bitsStored: Math.min(info.bitsStored ?? info.bitsAllocated, d.bitsAllocated),
      samplesPerPixel: d.samplesPerPixel,
      planarConfiguration: d.planar ? 1 : 0,
      photometric: d.photometric,
    };
    return { layout, bytes: d.bytes };
  } catch (e) {
    throw new Error(`${where}: ${withoutPath(e instanceof Error ? e.message : String(e), info.path)}`);
  }
}

export interface ReadFramesOptions {
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

/**
 * The fragment of RLE frame `frame`: RLE puts each frame in exactly one fragment, so it is item
 * frame + 1 (item 0 is the Basic Offset Table).
 */
function rleFragment(items: EncapsulatedItem[], frame: number, path: string): EncapsulatedItem {
  const item = items[frame + 1];
  if (!item) throw new Error(`${path}: RLE frame ${frame + 1} has no fragment (${items.length - 1} fragments)`);
  return item;
}

/** Bytes of one stored frame. */
function frameBytes(i: InstanceInfo): number {
  const perPixel = i.photometric === 'YBR_FULL_422' || i.photometric === 'YBR_PARTIAL_422' ? 2 : i.samplesPerPixel;
  return (i.rows * i.columns * perPixel * i.bitsAllocated) / 8;
}

/** Stored values of one frame as grey levels (before rescale), into `out` at `at`. */
function decodeFrame(i: InstanceInfo, bytes: Uint8Array, out: Float32Array, at: number): void {
  const n = i.rows * i.columns;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = i.transferSyntaxUID !== BIG_ENDIAN_TRANSFER_SYNTAX;
  const bits = i.bitsStored ?? i.bitsAllocated;
  const signed = i.pixelRepresentation === 1;
  const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  const stored = (raw: number): number => {
    if (bits >= i.bitsAllocated) return raw;
    const v = raw & mask;
    return signed && v & (1 << (bits - 1)) ? v - (1 << bits) : v;
  };
  const sample = (k: number): number => {
    switch (i.bitsAllocated) {
      case 8:
        return stored(signed && bits >= 8 ? view.getInt8(k) : view.getUint8(k));
      case 16:
        return stored(signed && bits >= 16 ? view.getInt16(k * 2, little) : view.getUint16(k * 2, little));
      case 32:
        return stored(signed ? view.getInt32(k * 4, little) : view.getUint32(k * 4, little));
      default:
        throw new Error(`${i.path}: BitsAllocated ${i.bitsAllocated} is not supported`);
    }
  };
  const photo = i.photometric ?? 'MONOCHROME2';
  if (i.samplesPerPixel === 1) {
    for (let k = 0; k < n; k++) out[at + k] = sample(k);
  } else if (photo === 'YBR_FULL_422' || photo === 'YBR_PARTIAL_422') {
    // Y1 Y2 Cb Cr per pair of pixels
    for (let k = 0; k < n; k++) out[at + k] = sample((k >> 1) * 4 + (k & 1));
  } else if (i.samplesPerPixel === 3) {
    const planar = i.planarConfiguration === 1;
    const s = (k: number, c: number): number => (planar ? sample(c * n + k) : sample(k * 3 + c));
    if (photo.startsWith('YBR')) for (let k = 0; k < n; k++) out[at + k] = s(k, 0);
    else for (let k = 0; k < n; k++) out[at + k] = 0.299 * s(k, 0) + 0.587 * s(k, 1) + 0.114 * s(k, 2);
  } else {
    throw new Error(`${i.path}: ${i.samplesPerPixel} samples per pixel (${photo}) are not supported`);
  }
}

/**
 * Siemens MOSAIC: one stored image of T×T tiles holds the slices of a volume; tile k (row-major)
 * is slice k along the CSA SliceNormalVector. ImagePositionPatient refers to the top-left of the
 * whole mosaic, so the first slice's corner is
 *   IPP + colCos · rowSpacing · (Rows − tileRows)/2 + rowCos · colSpacing · (Columns − tileCols)/2
 * (the correction used by nibabel / dipy). Slices are spaced by SpacingBetweenSlices (else
 * SliceThickness); when the CSA normal points against row × column the slice order is reversed
 * so that z runs along row × column like every other volume.
 */
async function readMosaic(file: SourceFile, info: InstanceInfo, opts: ReadFramesOptions): Promise<Volume> {
  const m = info.mosaic!;
  const tr = info.rows / m.tilesPerSide;
  const tc = info.columns / m.tilesPerSide;
  if (!Number.isInteger(tr) || !Number.isInteger(tc)) throw new Error(`${info.path}: MOSAIC ${info.columns}×${info.rows} does not divide into ${m.tilesPerSide}×${m.tilesPerSide} tiles`);
  const { layout, bytes } = await storedFrame(file, info, 0, newCaches());
  const whole = new Float32Array(info.rows * info.columns);
  decodeFrame(layout, bytes, whole, 0);
  const f = info.frames[0];
  const slope = f.rescaleSlope ?? 1;
  const intercept = f.rescaleIntercept ?? 0;
  const iop = f.orientation;
  const ipp = f.position;
  const ps = f.pixelSpacing ?? [1, 1];
  const cross = iop ? sliceNormal(iop) : ([0, 0, 1] as Vec3);
  const reverse = m.sliceNormal ? dot(m.sliceNormal, cross) < 0 : false;
  const out = new Float32Array(tr * tc * m.images);
  for (let k = 0; k < m.images; k++) {
    const z = reverse ? m.images - 1 - k : k;
    const r0 = Math.floor(k / m.tilesPerSide) * tr;
    const c0 = (k % m.tilesPerSide) * tc;
    for (let y = 0; y < tr; y++) {
      const src = (r0 + y) * info.columns + c0;
      const dst = (z * tr + y) * tc;
      for (let x = 0; x < tc; x++) out[dst + x] = whole[src + x] * slope + intercept;
    }
  }
  opts.onProgress?.(1, 1);
  const dz = info.spacingBetweenSlices ?? f.sliceThickness ?? 1;
  let origin: Vec3 = [0, 0, 0];
  let direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  if (iop && ipp) {
    const dr = (ps[0] * (info.rows - tr)) / 2;
    const dc = (ps[1] * (info.columns - tc)) / 2;
    const first: Vec3 = [ipp[0] + iop[3] * dr + iop[0] * dc, ipp[1] + iop[4] * dr + iop[1] * dc, ipp[2] + iop[5] * dr + iop[2] * dc];
    const along = m.sliceNormal ?? cross;
    const steps = reverse ? m.images - 1 : 0;
    origin = [first[0] + along[0] * dz * steps, first[1] + along[1] * dz * steps, first[2] + along[2] * dz * steps];
    direction = [iop[0], iop[3], cross[0], iop[1], iop[4], cross[1], iop[2], iop[5], cross[2]];
  }
  const integer = out.every((v) => Number.isInteger(v) && v >= -32768 && v <= 32767);
  return {
    data: integer ? Int16Array.from(out) : out,
    size: [tc, tr, m.images],
    spacing: [ps[1], ps[0], dz],
    origin,
    direction,
    ...(info.frameOfReferenceUID ? { frameOfReferenceUID: info.frameOfReferenceUID } : {}),
    ...(info.seriesInstanceUID ? { seriesInstanceUID: info.seriesInstanceUID } : {}),
  };
}

/**
 * Decode the frames of `group` (already sorted along the slice normal by the index) from
 * `files` into one Volume.
 */
export async function readFrames(files: SourceFile[], group: VolumeGroup, opts: ReadFramesOptions = {}): Promise<Volume> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const infos = new Map<string, InstanceInfo>();
  /** Deflated files: the file with its data set inflated (the header reader's bytes), read instead. */
  const inflated = new Map<string, SourceFile>();
  const caches = newCaches();
  const frames = group.frames;
  if (frames.length === 0) throw new Error(`group "${group.label}" has no frames`);
  /** Frames of each file still to read: a deflated file's inflated bytes are dropped after its last one. */
  const framesLeft = new Map<string, number>();
  for (const f of frames) framesLeft.set(f.path, (framesLeft.get(f.path) ?? 0) + 1);
  let first: InstanceInfo | undefined;
  let out: Float32Array | undefined;
  let allInteger = true;
  for (let z = 0; z < frames.length; z++) {
    if (opts.signal?.aborted) throw typeof DOMException !== 'undefined' ? new DOMException('reading pixels was cancelled', 'AbortError') : new Error('cancelled');
    const ref = frames[z];
    const given = byPath.get(ref.path);
    if (!given) throw new Error(`${ref.path}: file not among the files given`);
    let info = infos.get(ref.path);
    if (!info) {
      let h;
      try {
        h = await readHeader(given);
      } catch (e) {
        throw new Error(`${ref.path}: ${e instanceof Error ? e.message : String(e)}`);
      }
      info = instanceInfoFromDataSet(h.dataSet, given.path, given.size, h.transferSyntaxUID, h.pixelData);
      infos.set(ref.path, info);
      if (h.inflatedSize !== undefined) inflated.set(ref.path, sourceFromBytes(given.path, (h.dataSet.byteArray as Uint8Array).subarray(h.shift)));
    }
    const file = inflated.get(ref.path) ?? given;
    if (!first) {
      first = info;
      out = new Float32Array(info.rows * info.columns * frames.length);
    }
    if (info.rows !== first.rows || info.columns !== first.columns) {
      throw new Error(`${ref.path}: ${info.columns}×${info.rows} differs from ${first.columns}×${first.rows} of ${first.path}`);
    }
    const ts = info.transferSyntaxUID;
    if (ts !== RLE_LOSSLESS && ts !== DEFLATED_TRANSFER_SYNTAX && !NATIVE_TRANSFER_SYNTAXES.has(ts) && !hasCodec(ts)) {
      throw new Error(`${ref.path}: pixel data in ${describeTransferSyntax(ts)} cannot be read for radiomics (no decoder for it here); convert it to an uncompressed syntax (e.g. dcmconv +te / gdcmconv --raw)`);
    }
    if (info.mosaic) {
      if (frames.length !== 1) throw new Error(`${ref.path}: a group of ${frames.length} Siemens MOSAIC images; expected one mosaic per volume`);
      return readMosaic(file, info, opts);
    }
    if (info.photometric === 'PALETTE COLOR') throw new Error(`${ref.path}: PALETTE COLOR images have no grey levels to read for radiomics`);
    if (!info.pixelData) throw new Error(`${ref.path}: no Pixel Data`);
    const n = info.rows * info.columns;
    const { layout, bytes } = await storedFrame(file, info, ref.frame, caches);
    decodeFrame(layout, bytes, out!, z * n);
    const left = framesLeft.get(ref.path)! - 1;
    framesLeft.set(ref.path, left);
    if (left === 0) inflated.delete(ref.path);
    const fi = info.frames[ref.frame] ?? info.frames[0];
    const slope = fi.rescaleSlope ?? 1;
    const intercept = fi.rescaleIntercept ?? 0;
    const o = out!;
    if (slope !== 1 || intercept !== 0) for (let k = z * n; k < (z + 1) * n; k++) o[k] = o[k] * slope + intercept;
    if (allInteger) for (let k = z * n; k < (z + 1) * n; k++) if (!Number.isInteger(o[k]) || o[k] < -32768 || o[k] > 32767) {
      allInteger = false;
      break;
    }
    opts.onProgress?.(z + 1, frames.length);
  }
  const f0 = first!;
  const data = allInteger ? Int16Array.from(out!) : out!;
  const fi0 = f0.frames[frames[0].frame] ?? f0.frames[0];
  const ps = fi0.pixelSpacing ?? pixelSpacingFromRegions(f0.usRegions) ?? [1, 1];
  const iop = frames[0].orientation;
  const p0 = frames[0].position;
  let spacingZ = group.sliceSpacing;
  let origin: Vec3 = [0, 0, 0];
  let direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  if (iop && p0) {
    const n = sliceNormal(iop);
    origin = [p0[0], p0[1], p0[2]];
    direction = [iop[0], iop[3], n[0], iop[1], iop[4], n[1], iop[2], iop[5], n[2]];
    if (spacingZ === undefined && frames.length > 1 && frames[1].position) spacingZ = Math.abs(dot(frames[1].position, n) - dot(p0, n));
  }
  if (spacingZ === undefined || spacingZ === 0) spacingZ = fi0.sliceThickness ?? 1;
  return {
    data,
    size: [f0.columns, f0.rows, frames.length],
    spacing: [ps[1], ps[0], spacingZ],
    origin,
    direction,
    ...(f0.frameOfReferenceUID ? { frameOfReferenceUID: f0.frameOfReferenceUID } : {}),
    ...(f0.seriesInstanceUID ? { seriesInstanceUID: f0.seriesInstanceUID } : {}),
  };
}
