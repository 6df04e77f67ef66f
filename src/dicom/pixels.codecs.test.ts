/**
 * readFrames on compressed Pixel Data (JPEG family, JPEG-LS, JPEG 2000, HTJ2K; codecs/) against
 * outside decoders run at test time: dcmtk's dcmdjpeg / dcmdjpls and GDCM's gdcmconv --raw
 * decompress each file into a temp dir, and the native copy is read by the same readFrames
 * (native path, itself checked against pydicom in pixels.test.ts). HTJ2K: the codestream is
 * written out by dcmdump +W and decoded by OpenJPEG's opj_decompress (PPM). All of them are
 * installed by scripts/ensure-system-deps.sh.
 *
 * Lossless syntaxes (and JPEG-LS near-lossless, whose decoding is integer arithmetic fixed by
 * ISO 14495-1) must match exactly. Lossy JPEG and JPEG 2000 get the tolerance stated per case.
 * 12-bit JPEG Extended goes through the loader's JS decoder with a level-shift fix
 * (codecs/jpeg12.ts): without the fix every voxel would be 15 off dcmdjpeg.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexFiles } from './indexer.ts';
import { sourceFromPath } from './nodeSource.ts';
import { readFrames } from './pixels.ts';
import { readHeader } from './headerReader.ts';
import { codecsLoaded } from './codecs/index.ts';
import type { SourceFile, VolumeGroup } from './types.ts';
import type { Volume } from '../geometry/volume.ts';
import { runTool } from '../testing/dicomTools.ts';
import { SHARED_DICOM_DIR } from './manifest.testdata.ts';

const tmp = mkdtempSync(join(tmpdir(), 'brw-codecs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));


function fileSource(abs: string, path = abs): SourceFile {
  return sourceFromPath(abs, statSync(abs).size, path);
}

async function groupsOf(file: SourceFile): Promise<VolumeGroup[]> {
  const index = await indexFiles([file]);
  expect(index.errors).toEqual([]);
  return index.series.flatMap((s) => s.groups);
}

/** readFrames of every group of one file. */
async function volumes(file: SourceFile): Promise<Volume[]> {
  const out: Volume[] = [];
  for (const g of await groupsOf(file)) out.push(await readFrames([file], g));
  return out;
}

function diff(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; mean: number } {
  expect(a.length).toBe(b.length);
  let max = 0;
  let sum = 0;
  for (let k = 0; k < a.length; k++) {
    const d = Math.abs(a[k] - b[k]);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.length };
}

type Tool = 'dcmdjpeg' | 'dcmdjpls' | 'gdcmconv';
interface Case {
  path: string;
  tool: Tool;
  /** Largest |ours − reference| allowed per voxel (0 = identical), and on the mean. */
  max: number;
  mean?: number;
}

const DATA = 'pydicom-data/data_store/data/';
const PYD = 'pydicom/src/pydicom/data/test_files/';
const MULTI = 'dicomParser/testImages/encapsulated/multi-frame/';
/*
 * Tolerances for the lossy cases (measured today: every 8-bit JPEG and JPEG 2000 case is
 * identical, the 12-bit JPEG cases differ by at most 1, on 3–9 % of voxels):
 * - JPEG 8-bit: ISO/IEC 10918-2 lets a conforming decoder's IDCT output differ by 1 per sample;
 *   libjpeg-turbo and dcmtk's IJG libjpeg share the "islow" IDCT, so they agree, but another
 *   build may not. Colour: the luminance of RGB converted from a Y off by 1 (Cb/Cr errors
 *   cancel in 0.299 R + 0.587 G + 0.114 B up to the rounding of each channel) → max 1.5.
 * - JPEG 12-bit: the loader's pdf.js-derived IDCT (fixed point with 8/12 fraction bits) vs IJG's
 *   islow: the same ±1 per sample of 10918-2 → max 1.
 * - JPEG 2000 irreversible (9/7 wavelet, floating point): two builds of OpenJPEG (WASM vs GDCM's)
 *   may round the last step differently: ±1 per sample, and on the luminance.
 * Means bound the share of voxels that may differ.
 */
const CASES: Case[] = [
  { path: MULTI + 'CT0012.fragmented_no_bot_jpeg_lossless.57.dcm', tool: 'dcmdjpeg', max: 0 },
  { path: DATA + 'JPEG-LL.dcm', tool: 'dcmdjpeg', max: 0 },
  { path: DATA + 'JPGLosslessP14SV1_1s_1f_8b.dcm', tool: 'dcmdjpeg', max: 0 },
  { path: DATA + 'bad_sequence.dcm', tool: 'dcmdjpeg', max: 0 },
  { path: PYD + 'SC_rgb_jpeg_gdcm.dcm', tool: 'dcmdjpeg', max: 0 },
  { path: MULTI + 'IM00001.fragmented_no_bot_jpeg_baseline.50.dcm', tool: 'dcmdjpeg', max: 1.5, mean: 0.5 },
  { path: PYD + 'SC_jpeg_no_color_transform.dcm', tool: 'dcmdjpeg', max: 1.5, mean: 0.5 },
  { path: PYD + 'SC_rgb_dcmtk_+eb+cy+np.dcm', tool: 'dcmdjpeg', max: 1.5, mean: 0.5 },
  { path: PYD + 'SC_rgb_jpeg_dcmtk.dcm', tool: 'dcmdjpeg', max: 1.5, mean: 0.5 },
  { path: MULTI + 'CT0012.fragmented_no_bot_jpeg_baseline.51.dcm', tool: 'dcmdjpeg', max: 1, mean: 0.2 },
  { path: PYD + 'JPGExtended.dcm', tool: 'dcmdjpeg', max: 1, mean: 0.2 },
  { path: PYD + 'JPEG-lossy.dcm', tool: 'dcmdjpeg', max: 1, mean: 0.2 },
  { path: MULTI + 'CT0012.fragmented_no_bot_jpeg_ls.80.dcm', tool: 'dcmdjpls', max: 0 },
  { path: PYD + 'MR_small_jpeg_ls_lossless.dcm', tool: 'dcmdjpls', max: 0 },
  { path: DATA + 'JLSL_16_15_1_1F.dcm', tool: 'dcmdjpls', max: 0 },
  { path: DATA + 'emri_small_jpeg_ls_lossless.dcm', tool: 'dcmdjpls', max: 0 },
  { path: PYD + 'JPEGLSNearLossless_08.dcm', tool: 'dcmdjpls', max: 0 },
  { path: DATA + 'JLSN_RGB_ILV0.dcm', tool: 'dcmdjpls', max: 0 },
  { path: PYD + 'MR_small_jp2klossless.dcm', tool: 'gdcmconv', max: 0 },
  { path: DATA + 'MR2_J2KR.dcm', tool: 'gdcmconv', max: 0 },
  { path: DATA + 'US1_J2KR.dcm', tool: 'gdcmconv', max: 0 },
  { path: DATA + 'emri_small_jpeg_2k_lossless.dcm', tool: 'gdcmconv', max: 0 },
  { path: DATA + 'explicit_VR-UN.dcm', tool: 'gdcmconv', max: 0 },
  { path: DATA + 'MR2_J2KI.dcm', tool: 'gdcmconv', max: 1, mean: 0.1 },
  { path: DATA + 'US1_J2KI.dcm', tool: 'gdcmconv', max: 1, mean: 0.1 },
];

function decompress(c: Case): string {
  const out = join(tmp, c.path.replace(/[^A-Za-z0-9._-]/g, '_'));
  if (c.tool === 'gdcmconv') runTool('gdcmconv', ['--raw', SHARED_DICOM_DIR + c.path, out]);
  else runTool(c.tool, [SHARED_DICOM_DIR + c.path, out]);
  return out;
}

describe('lazy codec loading', () => {
  it('loads no codec for a native series, then only the one a series needs', async () => {
    await volumes(fileSource(SHARED_DICOM_DIR + DATA + 'emri_small.dcm', DATA + 'emri_small.dcm'));
    expect(codecsLoaded()).toEqual([]);
    await volumes(fileSource(SHARED_DICOM_DIR + PYD + 'MR_small_jpeg_ls_lossless.dcm', PYD + 'MR_small_jpeg_ls_lossless.dcm'));
    expect(codecsLoaded()).toEqual(['charls']);
  });
});

describe('compressed pixel data matches dcmtk / GDCM decompression', () => {
  it.each(CASES.map((c) => [c.path, c] as const))('%s', async (_p, c) => {
    const ours = await volumes(fileSource(SHARED_DICOM_DIR + c.path, c.path));
    const ref = await volumes(fileSource(decompress(c)));
    expect(ours.length).toBe(ref.length);
    ours.forEach((v, i) => {
      expect(v.size).toEqual(ref[i].size);
      const d = diff(v.data, ref[i].data);
      expect(d.max, `max |ours − ${c.tool}|`).toBeLessThanOrEqual(c.max);
      if (c.mean !== undefined) expect(d.mean, `mean |ours − ${c.tool}|`).toBeLessThanOrEqual(c.mean);
    });
  });
});

/** Binary PPM (P6, maxval ≤ 255) → luminance 0.299 R + 0.587 G + 0.114 B, row by row. */
function ppmLuminance(bytes: Uint8Array): { width: number; height: number; lum: Float64Array } {
  let pos = 0;
  const tokens: string[] = [];
  while (tokens.length < 4) {
    while (bytes[pos] === 0x23) while (bytes[pos++] !== 0x0a); // comment line
    let t = '';
    while (bytes[pos] > 0x20) t += String.fromCharCode(bytes[pos++]);
    pos++;
    if (t) tokens.push(t);
  }
  expect(tokens[0]).toBe('P6');
  const width = Number(tokens[1]);
  const height = Number(tokens[2]);
  const lum = new Float64Array(width * height);
  for (let k = 0; k < lum.length; k++) {
    const p = pos + 3 * k;
    lum[k] = 0.299 * bytes[p] + 0.587 * bytes[p + 1] + 0.114 * bytes[p + 2];
  }
  return { width, height, lum };
}

describe('HTJ2K matches OpenJPEG opj_decompress', () => {
  // Lossless (.201): exact up to the float32 of the luminance. Lossy (.203): the irreversible 9/7
  // wavelet in OpenJPH vs OpenJPEG rounds differently by at most 1 per sample.
  it.each([
    [DATA + 'HTJ2KLossless_08_RGB.dcm', 1e-4, 1e-5],
    [DATA + 'HTJ2K_08_RGB.dcm', 1, 0.1],
  ])('%s', async (path, max, mean) => {
    const name = path.split('/').pop()!;
    runTool('dcmdump', ['-q', '+W', tmp, SHARED_DICOM_DIR + path]);
    const j2k = join(tmp, `${name}.j2k`);
    writeFileSync(j2k, readFileSync(join(tmp, `${name}.1.raw`)));
    runTool('opj_decompress', ['-quiet', '-i', j2k, '-o', join(tmp, `${name}.ppm`)]);
    const ref = ppmLuminance(new Uint8Array(readFileSync(join(tmp, `${name}.ppm`))));
    const [v] = await volumes(fileSource(SHARED_DICOM_DIR + path, path));
    expect(v.size).toEqual([ref.width, ref.height, 1]);
    const d = diff(v.data, ref.lum);
    expect(d.max).toBeLessThanOrEqual(max);
    expect(d.mean).toBeLessThanOrEqual(mean);
  });
});

describe('PS3.5 A.4: frames split over several fragments, with and without a Basic Offset Table', () => {
  // dcmtk re-encodes the native 10-frame emri_small.dcm with fragments of at most 1 KiB
  // (+fs 1), so each ~4 KB frame spans several fragments; +ot writes the offset table, -ot leaves
  // it empty (frames then start at each fragment opening with SOI).
  const native = DATA + 'emri_small.dcm';
  it.each([
    ['dcmcjpls', '+ot'],
    ['dcmcjpls', '-ot'],
    ['dcmcjpeg', '+ot'],
    ['dcmcjpeg', '-ot'],
  ])('%s +fs 1 %s decodes to the native frames exactly', async (tool, bot) => {
    const out = join(tmp, `emri_${tool}${bot}.dcm`);
    // dcmcjpeg +e14 = lossless, first-order prediction (SV1)
    runTool(tool, [...(tool === 'dcmcjpeg' ? ['+e1'] : []), '+fs', '1', bot, SHARED_DICOM_DIR + native, out]);
    const file = fileSource(out);
    const h = await readHeader(file);
    const { listEncapsulatedItems } = await import('./encapsulatedCheck.ts');
    const items = await listEncapsulatedItems(file, h.pixelData!.offset);
    expect(items.length - 1, 'fragments').toBeGreaterThan(2 * 10);
    expect(items[0].length, 'Basic Offset Table bytes').toBe(bot === '+ot' ? 40 : 0);
    const [ours] = await volumes(file);
    const [ref] = await volumes(fileSource(SHARED_DICOM_DIR + native, native));
    expect(ours.size).toEqual([64, 64, 10]);
    expect(diff(ours.data, ref.data).max).toBe(0);
  });
});

describe('broken compressed pixel data: the error names file, frame and syntax', () => {
  async function items(path: string): Promise<{ bytes: Uint8Array; list: { offset: number; length: number }[]; group: VolumeGroup }> {
    const file = fileSource(SHARED_DICOM_DIR + path, path);
    const h = await readHeader(file);
    const { listEncapsulatedItems } = await import('./encapsulatedCheck.ts');
    return { bytes: new Uint8Array(readFileSync(SHARED_DICOM_DIR + path)), list: await listEncapsulatedItems(file, h.pixelData!.offset), group: (await groupsOf(file))[0] };
  }
  /** The broken bytes written to a copy in the temp dir, read back under the original's path. */
  function brokenCopy(path: string, bytes: Uint8Array): SourceFile {
    const abs = join(tmp, `broken-${path.split('/').pop()}`);
    writeFileSync(abs, bytes);
    return fileSource(abs, path);
  }
  /** The group's frames in stored order, so that frame k of the file is read k-th. */
  function stored(g: VolumeGroup): VolumeGroup {
    return { ...g, frames: [...g.frames].sort((a, b) => a.frame - b.frame) };
  }

  it('file cut short inside the fragments', async () => {
    const path = DATA + 'emri_small_jpeg_ls_lossless.dcm';
    const { bytes, group } = await items(path);
    const cut = bytes.slice(0, Math.floor(bytes.length * 0.6));
    await expect(readFrames([brokenCopy(path, cut)], group)).rejects.toThrow(
      /^pydicom-data\/data_store\/data\/emri_small_jpeg_ls_lossless\.dcm: frame 1 \(JPEG-LS Lossless \(1\.2\.840\.10008\.1\.2\.4\.80\)\): truncated/,
    );
  });

  it('the fragment of frame 4 cut to half its codestream (item length rewritten)', async () => {
    const path = DATA + 'emri_small_jpeg_ls_lossless.dcm';
    const { bytes, list, group } = await items(path);
    const frag = list[4]; // item 0 is the Basic Offset Table; one fragment per frame
    const half = (frag.length >> 2) * 2;
    const broken = new Uint8Array(bytes.length - (frag.length - half));
    broken.set(bytes.subarray(0, frag.offset + half), 0);
    broken.set(bytes.subarray(frag.offset + frag.length), frag.offset + half);
    new DataView(broken.buffer).setUint32(frag.offset - 4, half, true);
    await expect(readFrames([brokenCopy(path, broken)], stored(group))).rejects.toThrow(
      /emri_small_jpeg_ls_lossless\.dcm: frame 4 \(JPEG-LS Lossless \(1\.2\.840\.10008\.1\.2\.4\.80\)\): \S/,
    );
  });

  it('JPEG 2000 codestream of frame 3 overwritten in its main header', async () => {
    const path = DATA + 'emri_small_jpeg_2k_lossless.dcm';
    const { bytes, list, group } = await items(path);
    const broken = bytes.slice();
    broken.fill(0x00, list[3].offset + 4, list[3].offset + 40); // keep SOC + SIZ marker, spoil the SIZ values
    await expect(readFrames([brokenCopy(path, broken)], stored(group))).rejects.toThrow(
      /emri_small_jpeg_2k_lossless\.dcm: frame 3 \(JPEG 2000 \(Lossless Only\) \(1\.2\.840\.10008\.1\.2\.4\.90\)\): \S/,
    );
  });

  it('JPEG Lossless codestream of frame 2 replaced by garbage after SOI', async () => {
    const path = MULTI + 'CT0012.fragmented_no_bot_jpeg_lossless.57.dcm';
    const file = fileSource(SHARED_DICOM_DIR + path, path);
    const group = (await groupsOf(file))[0];
    const { bytes, list } = await items(path);
    // frame 2 starts at the second fragment that opens with SOI
    const starts = list.slice(1).filter((f) => bytes[f.offset] === 0xff && bytes[f.offset + 1] === 0xd8);
    expect(starts.length).toBe(2);
    const broken = bytes.slice();
    for (let k = starts[1].offset + 2; k < starts[1].offset + 200; k++) broken[k] = (k * 37) & 0xff;
    await expect(readFrames([brokenCopy(path, broken)], stored(group))).rejects.toThrow(
      /CT0012\.fragmented_no_bot_jpeg_lossless\.57\.dcm: frame 2 \(JPEG Lossless, Non-Hierarchical \(Process 14\) \(1\.2\.840\.10008\.1\.2\.4\.57\)\): \S/,
    );
  });
});
