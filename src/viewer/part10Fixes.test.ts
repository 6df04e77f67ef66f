/**
 * The viewer's Part 10 fixes (part10Fixes.ts) in the metadata chain cornerstone's `dicomfile`
 * loader reads from: @cornerstonejs/metadata's own default providers run in Node, the file goes
 * in with `addDicomPart10Instance` (what src/viewer/viewer.ts calls) and the loader's per-frame
 * bytes come out of COMPRESSED_FRAME_DATA (what `loadImageFromNaturalizedMetadata` decodes).
 * First without the fix (the two gaps), then with `naturalizeFixed` registered as the viewer does.
 * References made by dcmtk at test time: `dcmconv +te` (inflated copy), `dcmconv +td`
 * (a deflated copy of a native multi-frame file), `dcmdump +W` (raw Pixel Data bytes). That the
 * reassembled JPEG frames decode to dcmdjpeg's values is checked in the browser
 * (e2e/compressedViewer.spec.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Enums, metaData, registerDefaultProviders, utilities } from '@cornerstonejs/metadata';
import { dumpedPixelBytes, runTool } from '../testing/dicomTools.ts';
import { SHARED_DICOM_DIR } from '../dicom/manifest.testdata.ts';
import { naturalizeFixed, NATURALIZE_FIX_PRIORITY, regroupFragments } from './part10Fixes.ts';

const DFL = 'pydicom/src/pydicom/data/test_files/image_dfl.dcm';
const EMRI = 'pydicom-data/data_store/data/emri_small.dcm';
const MULTI = 'dicomParser/testImages/encapsulated/multi-frame/';
/** Frames split over several fragments, empty Basic Offset Table (dicomParser's test images). */
const NO_BOT = [
  { path: MULTI + 'CT0012.fragmented_no_bot_jpeg_baseline.51.dcm', frames: 2 },
  { path: MULTI + 'CT0012.fragmented_no_bot_jpeg_lossless.57.dcm', frames: 2 },
  { path: MULTI + 'CT0012.fragmented_no_bot_jpeg_ls.80.dcm', frames: 2 },
  { path: MULTI + 'IM00001.fragmented_no_bot_jpeg_baseline.50.dcm', frames: 8 },
];

const tmp = mkdtempSync(join(tmpdir(), 'brw-part10fix-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));


function arrayBufferOf(abs: string): ArrayBuffer {
  const b = readFileSync(abs);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

function bytes(x: unknown): Uint8Array {
  if (x instanceof ArrayBuffer) return new Uint8Array(x);
  if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  throw new Error(`not bytes: ${Object.prototype.toString.call(x)}`);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

interface Natural { TransferSyntaxUID?: string; NumberOfFrames?: number | string; Rows?: number; Columns?: number; PixelData?: unknown }

let n = 0;
/** addDicomPart10Instance as the viewer calls it; a fresh image ID each time (the chain caches). */
async function load(abs: string | ArrayBuffer): Promise<{ id: string; natural: Natural | undefined }> {
  const id = `test:${n++}`;
  await utilities.addDicomPart10Instance(id, typeof abs === 'string' ? arrayBufferOf(abs) : abs);
  return { id, natural: metaData.get(Enums.MetadataModules.NATURALIZED, id) as Natural | undefined };
}

/** The bytes the loader hands its decoder for frame `k` (0-based), fragments concatenated. */
function frameBytes(id: string, k: number): Uint8Array | undefined {
  const d = metaData.getTyped(Enums.MetadataModules.COMPRESSED_FRAME_DATA, `${id}?frame=${k + 1}`, { frameIndex: k }) as { pixelData?: unknown } | undefined;
  if (!d?.pixelData) return undefined;
  return Array.isArray(d.pixelData) ? concat(d.pixelData.map(bytes)) : bytes(d.pixelData);
}

function fragmentsOf(natural: Natural): Uint8Array[] {
  return (natural.PixelData as unknown[]).flatMap((e) => (Array.isArray(e) ? e : [e])).map(bytes);
}

const te = join(tmp, 'image_dfl_te.dcm');
const emriDfl = join(tmp, 'emri_small_td.dcm');

beforeAll(() => {
  registerDefaultProviders();
  runTool('dcmconv', ['+te', SHARED_DICOM_DIR + DFL, te]);
  runTool('dcmconv', ['+td', SHARED_DICOM_DIR + EMRI, emriDfl]);
});

describe("cornerstone's Part 10 naturaliser alone (@cornerstonejs/metadata 5.14.0)", () => {
  it('finds no image in a deflated file', async () => {
    const { id, natural } = await load(SHARED_DICOM_DIR + DFL);
    expect(natural?.Rows).toBeUndefined();
    expect(frameBytes(id, 0)).toBeUndefined();
  });

  it.each(NO_BOT.map((c) => [c.path, c] as const))('makes every fragment a frame: %s', async (_p, c) => {
    const { natural } = await load(SHARED_DICOM_DIR + c.path);
    expect(Number(natural!.NumberOfFrames)).toBe(c.frames);
    expect((natural!.PixelData as unknown[]).length).toBeGreaterThan(c.frames);
  });
});

describe('with naturalizeFixed registered as the viewer does', () => {
  beforeAll(() => {
    metaData.addAddProvider(Enums.MetadataModules.NATURALIZED, naturalizeFixed, { priority: NATURALIZE_FIX_PRIORITY });
  });

  it('image_dfl.dcm: the loader gets the Pixel Data dcmtk inflates, byte for byte', async () => {
    const { id, natural } = await load(SHARED_DICOM_DIR + DFL);
    expect([natural!.Rows, natural!.Columns]).toEqual([512, 512]);
    expect(natural!.TransferSyntaxUID).toBe('1.2.840.10008.1.2.1.99');
    const got = frameBytes(id, 0)!;
    const want = dumpedPixelBytes(te, tmp);
    expect(got.length).toBe(want.length);
    expect(Buffer.compare(Buffer.from(got), Buffer.from(want))).toBe(0);
  });

  it('a 10-frame 16-bit file deflated by dcmconv +td: every frame equals the native original', async () => {
    const { id, natural } = await load(emriDfl);
    expect(Number(natural!.NumberOfFrames)).toBe(10);
    const want = dumpedPixelBytes(SHARED_DICOM_DIR + EMRI, tmp);
    const per = want.length / 10;
    for (let k = 0; k < 10; k++) {
      const got = frameBytes(id, k)!;
      expect(Buffer.compare(Buffer.from(got), Buffer.from(want.subarray(k * per, (k + 1) * per))), `frame ${k + 1}`).toBe(0);
    }
  });

  it('a truncated deflated file: the registration fails saying the file is truncated', async () => {
    const whole = new Uint8Array(readFileSync(SHARED_DICOM_DIR + DFL));
    const cut = whole.slice(0, 2000).buffer;
    await expect(load(cut)).rejects.toThrow(/the deflated data set ends before its last deflate block \(\d+ compressed bytes; the file is truncated\)/);
  });

  it.each(NO_BOT.map((c) => [c.path, c] as const))('one entry per frame, each one whole codestream, nothing lost: %s', async (_p, c) => {
    const plain = new Uint8Array(readFileSync(SHARED_DICOM_DIR + c.path));
    const { id, natural } = await load(SHARED_DICOM_DIR + c.path);
    expect((natural!.PixelData as unknown[]).length).toBe(c.frames);
    const frames = Array.from({ length: c.frames }, (_, k) => frameBytes(id, k)!);
    for (const [k, f] of frames.entries()) {
      expect([f[0], f[1]], `frame ${k + 1} starts with SOI`).toEqual([0xff, 0xd8]);
      let end = f.length;
      while (end > 0 && f[end - 1] === 0) end--; // fragments are padded to an even length
      expect([f[end - 2], f[end - 1]], `frame ${k + 1} ends with EOI`).toEqual([0xff, 0xd9]);
      // exactly one SOI...EOI: no second frame's start inside
      let sois = 0;
      for (let i = 0; i + 2 < f.length; i++) if (f[i] === 0xff && f[i + 1] === 0xd8 && f[i + 2] === 0xff) sois++;
      expect(sois, `frame ${k + 1}: one SOI`).toBe(1);
    }
    // the frames, in order, are all the fragments' bytes, each a run of the file
    const all = concat(frames);
    const frags = fragmentsOf(natural!);
    expect(Buffer.compare(Buffer.from(all), Buffer.from(concat(frags)))).toBe(0);
    const file = Buffer.from(plain);
    let from = 0;
    for (const fr of frags) {
      const at = file.indexOf(Buffer.from(fr), from);
      expect(at, 'fragment found in the file after the previous one').toBeGreaterThan(from - 1);
      from = at + fr.length;
    }
  });

  it('leaves a multi-frame file with a Basic Offset Table and a native one as they are', async () => {
    const rle = await load(SHARED_DICOM_DIR + MULTI + 'CT0012.not_fragmented_bot_rle.dcm');
    expect((rle.natural!.PixelData as unknown[]).length).toBe(2);
    expect(regroupFragments(rle.natural)).toBe(false);
    const native = await load(SHARED_DICOM_DIR + MULTI + 'IM00001.implicit_little_endian.dcm');
    expect(regroupFragments(native.natural)).toBe(false);
    expect(frameBytes(native.id, 7)!.length).toBe(240 * 320 * 3);
  });

  it('regroupFragments leaves the entries alone when the fragments do not open NumberOfFrames codestreams', () => {
    const soi = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]);
    const tail = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const natural = { TransferSyntaxUID: '1.2.840.10008.1.2.4.50', NumberOfFrames: 3, PixelData: [[soi], [tail], [soi], [tail]] };
    expect(regroupFragments(natural)).toBe(false);
    expect(natural.PixelData).toHaveLength(4);
    natural.NumberOfFrames = 2;
    expect(regroupFragments(natural)).toBe(true);
    expect(natural.PixelData).toEqual([[soi, tail], [soi, tail]]);
  });
});
