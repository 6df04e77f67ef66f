/**
 * Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99) end to end in Node: indexing
 * (header), radiomics pixels (readFrames) and a broken deflate stream. References, made at test
 * time by dcmtk in a temp dir: `dcmconv +te` writes the file inflated (Explicit VR Little
 * Endian), `dcmconv +td` deflates a native file, `dcmdump` lists the header values and
 * `dcmdump +W` writes the raw Pixel Data bytes out. Stored values must match exactly.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexFiles } from './indexer.ts';
import { readFrames } from './pixels.ts';
import { readHeader } from './headerReader.ts';
import { sourceFromBytes } from './memorySource.ts';
import { sourceFromPath, sourcesFromFolder } from './nodeSource.ts';
import { inflateDataSet, inflatePart10, InflateError, readPart10Meta } from './codecs/deflate.ts';
import { dumpedPixelBytes, runTool } from '../testing/dicomTools.ts';
import { SHARED_DICOM_DIR } from './manifest.testdata.ts';
import type { SeriesIndexEntry, SourceFile } from './types.ts';

const DFL = 'pydicom/src/pydicom/data/test_files/image_dfl.dcm';
const EMRI = 'pydicom-data/data_store/data/emri_small.dcm';
const DEFLATED = '1.2.840.10008.1.2.1.99';

const tmp = mkdtempSync(join(tmpdir(), 'brw-deflate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));


function fileSource(abs: string, path = abs): SourceFile {
  return sourceFromPath(abs, statSync(abs).size, path);
}

/** A value of dcmdump's listing: `(gggg,eeee) VR value` → the value without brackets / '='. */
function dumped(dump: string, tag: string): string | undefined {
  const m = new RegExp(`^\\(${tag}\\) \\w\\w (.*?)\\s+#`, 'm').exec(dump);
  if (!m) return undefined;
  const v = m[1].trim();
  if (v === '(no value available)') return '';
  return v.replace(/^\[(.*)\]$/, '$1').replace(/^=/, '');
}

/** dcmdump +W: the raw Pixel Data bytes of a native file, as stored values. */
function rawPixels(abs: string, bitsAllocated: number, signed: boolean): ArrayLike<number> {
  const buf = dumpedPixelBytes(abs, tmp).buffer;
  if (bitsAllocated === 8) return signed ? new Int8Array(buf) : new Uint8Array(buf);
  return signed ? new Int16Array(buf) : new Uint16Array(buf);
}

async function onlySeries(files: SourceFile[]): Promise<SeriesIndexEntry> {
  const index = await indexFiles(files);
  expect(index.errors).toEqual([]);
  expect(index.series).toHaveLength(1);
  return index.series[0];
}

describe('image_dfl.dcm (pydicom) against dcmconv +te', () => {
  const abs = SHARED_DICOM_DIR + DFL;
  const te = join(tmp, 'image_dfl_te.dcm');
  runTool('dcmconv', ['+te', abs, te]);
  const dump = runTool('dcmdump', ['+L', te]); // +L: long values in full

  it('is indexed with the header values dcmdump lists for the inflated file', async () => {
    const file = fileSource(abs, DFL);
    const s = await onlySeries([file]);
    expect(s.transferSyntaxUID).toBe(DEFLATED);
    expect(s.modality).toBe(dumped(dump, '0008,0060'));
    expect(s.rows).toBe(Number(dumped(dump, '0028,0010')));
    expect(s.columns).toBe(Number(dumped(dump, '0028,0011')));
    expect(s.photometric).toBe(dumped(dump, '0028,0004'));
    expect(s.seriesInstanceUID).toBe(dumped(dump, '0020,000e'));
    expect(s.studyInstanceUID).toBe(dumped(dump, '0020,000d'));
    const frames = s.groups.flatMap((g) => g.frames);
    expect(frames.map((f) => f.sopInstanceUID)).toEqual([dumped(dump, '0008,0018')]);
    const h = await readHeader(file);
    expect(h.dataSet.uint16('x00280100')).toBe(Number(dumped(dump, '0028,0100')));
    expect(h.dataSet.uint16('x00280101')).toBe(Number(dumped(dump, '0028,0101')));
    expect(h.dataSet.uint16('x00280103')).toBe(Number(dumped(dump, '0028,0103')));
    expect(h.dataSet.string('x00204000')).toBe(dumped(dump, '0020,4000'));
    expect(h.pixelData).toMatchObject({ encapsulated: false, length: 512 * 512 });
  });

  it('pixels equal the Pixel Data dcmtk inflated, value for value', async () => {
    const file = fileSource(abs, DFL);
    const s = await onlySeries([file]);
    const v = await readFrames([file], s.groups[0]);
    const want = rawPixels(te, 8, false);
    expect(v.size).toEqual([512, 512, 1]);
    expect(v.data.length).toBe(want.length);
    let differ = 0;
    for (let k = 0; k < want.length; k++) if (v.data[k] !== want[k]) differ++;
    expect(differ).toBe(0);
    // not a blank image: the test would pass trivially on one
    expect(new Set(Array.from(want)).size).toBeGreaterThan(10);
  });

  it('reads the same file without its 128-byte preamble and DICM (meta group first)', async () => {
    const whole = new Uint8Array(readFileSync(abs));
    const bare = sourceFromBytes('no-preamble.dcm', whole.subarray(132));
    const h = await readHeader(bare);
    expect(h.layout).toBe('meta-no-preamble');
    expect(h.transferSyntaxUID).toBe(DEFLATED);
    const s = await onlySeries([bare]);
    const v = await readFrames([bare], s.groups[0]);
    const want = rawPixels(te, 8, false);
    expect(Array.from(v.data)).toEqual(Array.from(want));
  });

  it('inflatePart10 keeps the meta group and gives the data set dcmtk writes, element for element', () => {
    const whole = new Uint8Array(readFileSync(abs));
    const meta = readPart10Meta(whole)!;
    expect(meta.transferSyntaxUID).toBe(DEFLATED);
    const out = inflatePart10(whole)!;
    expect(Array.from(out.subarray(0, meta.dataSetStart))).toEqual(Array.from(whole.subarray(0, meta.dataSetStart)));
    // dcmtk's inflated file: same data set after its own (re-written) meta group
    const ref = new Uint8Array(readFileSync(te));
    const refBody = ref.subarray(readPart10Meta(ref)!.dataSetStart);
    const body = out.subarray(meta.dataSetStart);
    expect(body.length).toBe(refBody.length);
    expect(Buffer.compare(Buffer.from(body), Buffer.from(refBody))).toBe(0);
    expect(inflatePart10(ref), 'not deflated: left alone').toBeUndefined();
  });
});

describe('a 10-frame 16-bit file deflated by dcmtk (dcmconv +td emri_small.dcm)', () => {
  const orig = SHARED_DICOM_DIR + EMRI;
  const dfl = join(tmp, 'emri_small_td.dcm');
  runTool('dcmconv', ['+td', orig, dfl]);

  it('is longer than the header reader first chunk, indexed with every frame, pixels equal the native original', async () => {
    expect(statSync(dfl).size).toBeGreaterThan(32 * 1024);
    const file = fileSource(dfl, 'emri_small_td.dcm');
    const s = await onlySeries([file]);
    expect(s.transferSyntaxUID).toBe(DEFLATED);
    expect(s.groups.flatMap((g) => g.frames)).toHaveLength(10);
    const raw = rawPixels(orig, 16, false);
    const n = 64 * 64;
    for (const g of s.groups) {
      const v = await readFrames([file], g);
      expect(v.size.slice(0, 2)).toEqual([64, 64]);
      g.frames.forEach((f, z) => {
        const want = Array.from(raw as Uint16Array).slice(f.frame * n, (f.frame + 1) * n);
        expect(Array.from(v.data.subarray(z * n, (z + 1) * n)), `frame ${f.frame + 1}`).toEqual(want);
      });
    }
    // and the same volume as the native file through the native path
    const native = fileSource(orig, EMRI);
    const sn = await onlySeries([native]);
    const a = await readFrames([file], s.groups[0]);
    const b = await readFrames([native], sn.groups[0]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(a.spacing).toEqual(b.spacing);
    expect(a.origin).toEqual(b.origin);
  });
});

describe('a series of single-frame files, each deflated by dcmconv +td', () => {
  it('indexes into the same groups as the native files, and every volume reads the same', async () => {
    const src = SHARED_DICOM_DIR + 'dcm_qa_nih/In/20180918GE/mr_0004/';
    const names = readdirSync(src).filter((f) => f.endsWith('.dcm')).sort().slice(0, 24);
    const nativeDir = join(tmp, 'series-native');
    const deflatedDir = join(tmp, 'series-deflated');
    mkdirSync(nativeDir);
    mkdirSync(deflatedDir);
    for (const f of names) {
      copyFileSync(src + f, join(nativeDir, f));
      runTool('dcmconv', ['+td', src + f, join(deflatedDir, f)]);
    }
    const native = await sourcesFromFolder(nativeDir);
    const deflated = await sourcesFromFolder(deflatedDir);
    const a = await indexFiles(native);
    const b = await indexFiles(deflated);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    const shape = (i: typeof a) => i.series.map((s) => s.groups.map((g) => g.frames.map((f) => f.path.replace(/.*\//, ''))));
    expect(shape(b)).toEqual(shape(a));
    expect(b.series.map((s) => s.transferSyntaxUID)).toEqual(b.series.map(() => DEFLATED));
    let volumes = 0;
    for (const [i, s] of b.series.entries()) {
      for (const [j, g] of s.groups.entries()) {
        const vb = await readFrames(deflated, g);
        const va = await readFrames(native, a.series[i].groups[j]);
        expect(vb.size).toEqual(va.size);
        expect(Buffer.compare(Buffer.from(vb.data.buffer), Buffer.from(va.data.buffer))).toBe(0);
        volumes++;
      }
    }
    expect(volumes).toBeGreaterThan(0);
    expect(b.series.flatMap((s) => s.groups).some((g) => g.frames.length > 1), 'a volume of several files').toBe(true);
  });
});

describe('a broken deflate stream', () => {
  const whole = new Uint8Array(readFileSync(SHARED_DICOM_DIR + DFL));
  const start = readPart10Meta(whole)!.dataSetStart;

  it('a truncated copy among good files: an error naming the file and the truncation; every other file loads and reads', async () => {
    const dir = join(tmp, 'truncated');
    mkdirSync(dir);
    const cut = start + Math.floor((whole.length - start) / 2);
    writeFileSync(join(dir, 'image_dfl_cut.dcm'), whole.subarray(0, cut));
    copyFileSync(SHARED_DICOM_DIR + DFL, join(dir, 'image_dfl_ok.dcm'));
    copyFileSync(SHARED_DICOM_DIR + EMRI, join(dir, 'emri_small.dcm'));
    const files = await sourcesFromFolder(dir);
    expect(files).toHaveLength(3);
    const index = await indexFiles(files);
    expect(index.errors).toHaveLength(1);
    const e = index.errors[0];
    expect(e.file).toMatch(/image_dfl_cut\.dcm$/);
    expect(e.reason).toMatch(/^cannot inflate: the deflated data set ends before its last deflate block \(\d+ compressed bytes; the file is truncated\)$/);
    const paths = index.series.flatMap((s) => s.groups.flatMap((g) => g.frames.map((f) => f.path)));
    expect(paths.filter((p) => p.endsWith('image_dfl_ok.dcm'))).toHaveLength(1);
    expect(paths.filter((p) => p.endsWith('emri_small.dcm'))).toHaveLength(10);
    for (const s of index.series) for (const g of s.groups) {
      const v = await readFrames(files, g);
      expect(v.data.length).toBe(v.size[0] * v.size[1] * v.size[2]);
    }
  });

  it('a stream with an invalid block type: the error says the data set is corrupt', async () => {
    const bad = whole.slice();
    bad[start] |= 0x06; // BTYPE = 11 (reserved, RFC 1951 §3.2.3)
    const index = await indexFiles([sourceFromBytes('bad_block.dcm', bad)]);
    expect(index.series).toEqual([]);
    expect(index.errors).toEqual([{ file: 'bad_block.dcm', reason: expect.stringMatching(/^cannot inflate: the deflated data set is corrupt: invalid block type$/) }]);
  });

  it('a file cut after indexing: readFrames names the file and the truncation', async () => {
    const good = sourceFromBytes('later_cut.dcm', whole);
    const s = await onlySeries([good]);
    const cut = sourceFromBytes('later_cut.dcm', whole.subarray(0, whole.length - 200));
    await expect(readFrames([cut], s.groups[0])).rejects.toThrow(/^later_cut\.dcm: cannot inflate: .*truncated/);
  });

  it('a file that ends after its meta group', () => {
    expect(() => inflateDataSet(new Uint8Array(0))).toThrow(InflateError);
    expect(() => inflateDataSet(new Uint8Array(0))).toThrow(/empty/);
  });
});
