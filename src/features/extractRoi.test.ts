/**
 * extractRoi on the shipped demo (public/demo, written by scripts/ensure-demo.mjs): the DCE
 * first post-contrast phase with masks/dce_lesion.nrrd and the Study A preset gives the 851
 * PyRadiomics features (107 original + 8 × 93 wavelet, the count PyRadiomics' own feature tables
 * give) plus diagnostics, and exactly the record the extractor gives when called directly.
 * The worker is replaced by an in-process stand-in that runs the same extractor.
 * A compressed-syntax file (JPEG Extended, from shared/data/dicom) gives an error naming it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexFiles } from '../dicom/indexer.ts';
import { readFrames } from '../dicom/pixels.ts';
import { sourceFromPath, sourcesFromFolder } from '../dicom/nodeSource.ts';
import { sourceFromBytes } from '../dicom/memorySource.ts';
import type { SourceFile } from '../dicom/types.ts';
import type { Mask } from '../geometry/volume.ts';
import { readNrrd } from '../radiomics/io/nrrd.ts';
import { extract, extractAsync } from '../radiomics/extractor.ts';
import type { RadiomicsWorkerReply, RadiomicsWorkerRequest, WorkerLike } from '../radiomics/extractInWorker.ts';
import { FeatureInputError, extractRoi, prepareRoiExtraction, type RoiForExtraction } from './extractRoi.ts';
import { loadPreset } from './presets.ts';

const ROOT = join(import.meta.dirname, '../..');
const DEMO = join(ROOT, 'public/demo');
const readText = async (url: string) => readFileSync(join(ROOT, 'public', url.replace(/^\.\//, '')), 'utf8');

/** A Worker stand-in running the extractor in-process (extractAsync with its part), replying like workers/radiomics.worker.ts. */
function inProcessWorker(log: { transferred: number; progress: number }): () => WorkerLike {
  return () => {
    const w: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(m, transfer) {
        log.transferred += transfer?.length ?? 0;
        const req = m as RadiomicsWorkerRequest;
        setTimeout(async () => {
          const reply = (r: RadiomicsWorkerReply) => w.onmessage?.({ data: r } as MessageEvent<RadiomicsWorkerReply>);
          const warnings: string[] = [];
          try {
            const record = await extractAsync(req.image, req.mask, req.params, { warn: (x) => warnings.push(x), onProgress: (p) => { log.progress++; reply({ type: 'progress', id: req.id, ...p }); }, ...(req.part ? { part: req.part } : {}) });
            reply({ type: 'done', id: req.id, record, warnings });
          } catch (e) {
            reply({ type: 'error', id: req.id, message: (e as Error).message, name: (e as Error).name });
          }
        }, 0);
      },
      terminate() {},
    };
    return w;
  };
}

const byPath = (files: SourceFile[]) => (paths: readonly string[]) => files.filter((f) => paths.includes(f.path));

describe('extractRoi on the demo DCE', () => {
  it('gives 851 features + diagnostics over 2 workers, the same record as the extractor called directly', async () => {
    const files = await sourcesFromFolder(join(DEMO, 'dce'));
    const index = await indexFiles(files);
    const entry = index.series.find((s) => s.kind === 'dce')!;
    expect(entry, 'the demo has a DCE series').toBeTruthy();
    const group = entry.groups.find((g) => g.key === entry.defaultGroup)!;
    const maskFile = readNrrd(new Uint8Array(readFileSync(join(DEMO, 'masks/dce_lesion.nrrd'))), 'dce_lesion.nrrd') as Mask;
    const roi: RoiForExtraction = { id: 'demo-lesion', reader: 'reader 1', label: 'tumour', groupKey: group.key, seriesInstanceUID: entry.seriesInstanceUID, mask: maskFile };
    const { params } = await loadPreset({ id: 'studyA' }, readText);
    const log = { transferred: 0, progress: 0 };
    const maskBefore = maskFile.data.slice();
    const job = extractRoi({ entry, group, files: byPath(files), roi, params, makeWorker: inProcessWorker(log), workers: 2 });
    const result = await job.promise;

    const names = Object.keys(result.record);
    const features = names.filter((n) => !n.startsWith('diagnostics_'));
    expect(features.length).toBe(851);
    expect(features.filter((n) => n.startsWith('original_')).length).toBe(107);
    for (const band of ['LLH', 'LHL', 'LHH', 'HLL', 'HLH', 'HHL', 'HHH', 'LLL']) expect(features.filter((n) => n.startsWith(`wavelet-${band}_`)).length, band).toBe(93);
    expect(names.filter((n) => n.startsWith('diagnostics_')).length).toBeGreaterThan(10);
    expect(result.notes, 'mask in the image geometry: used as is').toEqual([]);
    expect(log.progress).toBeGreaterThan(50);
    expect(log.transferred, 'image and mask buffers: copied to the first of 2 workers, transferred to the last').toBe(4);
    expect(maskFile.data, 'the ROI store\'s mask is copied, not transferred').toEqual(maskBefore);

    const image = await readFrames(files, group);
    const direct = extract(image, maskFile, params);
    expect(Object.keys(result.record)).toEqual(Object.keys(direct));
    for (const k of Object.keys(direct)) {
      if (k === 'diagnostics_Versions_Python' || /Time|Date/.test(k)) continue;
      expect(result.record[k], k).toEqual(direct[k]);
    }
  }, 300_000);

  it('maps an ROI of another geometry through patient coordinates and says so', async () => {
    const files = await sourcesFromFolder(join(DEMO, 'dwi'));
    const index = await indexFiles(files);
    const entry = index.series.find((s) => s.kind === 'dwi')!;
    const group = entry.groups.find((g) => g.key === entry.defaultGroup)!;
    const dceMask = readNrrd(new Uint8Array(readFileSync(join(DEMO, 'masks/dce_lesion.nrrd'))), 'dce_lesion.nrrd') as Mask;
    const dwiMask = readNrrd(new Uint8Array(readFileSync(join(DEMO, 'masks/dwi_lesion.nrrd'))), 'dwi_lesion.nrrd') as Mask;
    const roi: RoiForExtraction = { id: 'x', reader: 'reader 1', label: 'tumour', groupKey: 'dce-phase-1', seriesInstanceUID: 'dce-uid', mask: dceMask };
    const prepared = await prepareRoiExtraction({ entry, group, files: byPath(files), roi, params: (await loadPreset({ id: 'studyA' }, readText)).params });
    expect(prepared.mask.size).toEqual(dwiMask.size);
    expect(prepared.notes[0]).toMatch(/mapped to .* through patient coordinates \(majority/);
    // the generator's own DWI lesion mask is the reference: the mapped ROI must mostly agree (Dice)
    let both = 0, a = 0, b = 0;
    for (let i = 0; i < dwiMask.data.length; i++) {
      const x = prepared.mask.data[i] ? 1 : 0, y = dwiMask.data[i] ? 1 : 0;
      a += x; b += y; both += x & y;
    }
    expect((2 * both) / (a + b)).toBeGreaterThan(0.7);
  }, 60_000);

  it('ultrasound: crops to the calibrated region and standardises to 0–600 (Study B)', async () => {
    const files = await sourcesFromFolder(join(DEMO, 'us'));
    const index = await indexFiles(files);
    const entry = index.series.find((s) => s.kind === 'us')!;
    const group = entry.groups[0];
    const mask = readNrrd(new Uint8Array(readFileSync(join(DEMO, 'masks/us_lesion.nrrd'))), 'us_lesion.nrrd') as Mask;
    const roi: RoiForExtraction = { id: 'us', reader: 'reader 1', label: 'tumour', groupKey: group.key, seriesInstanceUID: entry.seriesInstanceUID, mask };
    const { params } = await loadPreset({ id: 'studyB' }, readText);
    const prepared = await prepareRoiExtraction({ entry, group, files: byPath(files), roi, params });
    const [x0, y0, x1, y1] = entry.usRegions![0].bounds;
    expect(prepared.image.size).toEqual([x1 - x0 + 1, y1 - y0 + 1, 1]);
    let lo = Infinity, hi = -Infinity;
    for (const v of prepared.image.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    expect([lo, hi]).toEqual([0, 600]);
    expect(prepared.notes.join('\n')).toMatch(/calibrated ultrasound region[\s\S]*0–600/);
    const record = extract(prepared.image, prepared.mask, params);
    expect(Object.keys(record).filter((n) => !n.startsWith('diagnostics_')).length).toBe(107);
  }, 60_000);

  it('ultrasound: an ROI on the same pixel grid with other spacing (no patient coordinates) is used pixel for pixel', async () => {
    const files = await sourcesFromFolder(join(DEMO, 'us'));
    const index = await indexFiles(files);
    const entry = index.series.find((s) => s.kind === 'us')!;
    const group = entry.groups[0];
    const mask = readNrrd(new Uint8Array(readFileSync(join(DEMO, 'masks/us_lesion.nrrd'))), 'us_lesion.nrrd') as Mask;
    const px: Mask = { ...mask, spacing: [1, 1, 1], origin: [0, 0, 0] };
    const params = (await loadPreset({ id: 'studyB' }, readText)).params;
    const a = await prepareRoiExtraction({ entry, group, files: byPath(files), roi: { id: 'us', reader: 'reader 1', label: 'tumour', groupKey: group.key, seriesInstanceUID: entry.seriesInstanceUID, mask }, params });
    const b = await prepareRoiExtraction({ entry, group, files: byPath(files), roi: { id: 'us', reader: 'reader 1', label: 'tumour', groupKey: group.key, seriesInstanceUID: entry.seriesInstanceUID, mask: px }, params });
    expect(b.notes[0]).toMatch(/no patient coordinates: the ROI is used on the same 800×600 pixel grid/);
    expect(b.mask.data).toEqual(a.mask.data);
    expect(b.mask.spacing).toEqual(a.mask.spacing);
  }, 60_000);
});

describe('extractRoi errors in words', () => {
  it('a JPEG-compressed series is prepared with the pixels dcmtk decodes (12-bit JPEG Extended: within 1)', async () => {
    const path = join(ROOT, '../shared/data/dicom/pydicom/src/pydicom/data/test_files/JPGExtended.dcm');
    const dir = mkdtempSync(join(tmpdir(), 'extract-jpeg-'));
    try {
      // outside reference: dcmtk's decoder writes the same image uncompressed
      const plain = join(dir, 'plain.dcm');
      execFileSync('dcmdjpeg', [path, plain]);
      const prepare = async (p: string, name: string) => {
        const files = [sourceFromPath(p, statSync(p).size, name)];
        const entry = (await indexFiles(files)).series[0];
        const group = entry.groups[0];
        const mask: Mask = { data: new Uint8Array(entry.columns * entry.rows), size: [entry.columns, entry.rows, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
        mask.data.fill(1, 0, 10);
        const roi: RoiForExtraction = { id: 'c', reader: 'reader 1', label: 'tumour', groupKey: group.key, seriesInstanceUID: entry.seriesInstanceUID, mask };
        const { params } = await loadPreset({ id: 'studyA' }, readText);
        return prepareRoiExtraction({ entry, group, files: byPath(files), roi, params });
      };
      const a = await prepare(path, 'JPGExtended.dcm');
      const b = await prepare(plain, 'plain.dcm');
      expect(a.image.size).toEqual(b.image.size);
      let worst = 0;
      for (let i = 0; i < b.image.data.length; i++) worst = Math.max(worst, Math.abs(a.image.data[i]! - b.image.data[i]!));
      expect(worst).toBeLessThanOrEqual(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a transfer syntax without a decoder gives a "compressed" error naming the file and syntax', async () => {
    // indexed from the JPEG-LS file; the bytes then read claim 1.2.840.10008.1.2.4.82 (no such
    // syntax, same length, so the header stays valid): the file changed on disk after indexing
    const path = join(ROOT, '../shared/data/dicom/pydicom/src/pydicom/data/test_files/MR_small_jpeg_ls_lossless.dcm');
    const name = 'MR_small_jpeg_ls_lossless.dcm';
    const entry = (await indexFiles([sourceFromPath(path, statSync(path).size, name)])).series[0];
    const bytes = new Uint8Array(readFileSync(path));
    const at = new TextDecoder('latin1').decode(bytes).indexOf('1.2.840.10008.1.2.4.80');
    expect(at).toBeGreaterThan(0);
    bytes[at + 21] = 0x32;
    const files = [sourceFromBytes(name, bytes)];
    const group = entry.groups[0];
    const mask: Mask = { data: new Uint8Array(entry.columns * entry.rows * group.frames.length), size: [entry.columns, entry.rows, group.frames.length], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    mask.data.fill(1, 0, 10);
    const roi: RoiForExtraction = { id: 'c', reader: 'reader 1', label: 'tumour', groupKey: group.key, seriesInstanceUID: entry.seriesInstanceUID, mask };
    const { params } = await loadPreset({ id: 'studyA' }, readText);
    const err = await prepareRoiExtraction({ entry, group, files: byPath(files), roi, params }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeatureInputError);
    expect((err as FeatureInputError).kind).toBe('compressed');
    expect((err as Error).message).toMatch(/MR_small_jpeg_ls_lossless\.dcm: pixel data in unknown transfer syntax 1\.2\.840\.10008\.1\.2\.4\.82 cannot be read for radiomics/);
  });

  it('an empty ROI is refused before reading anything', async () => {
    const files = await sourcesFromFolder(join(DEMO, 'us'));
    const index = await indexFiles(files);
    const entry = index.series[0];
    const mask: Mask = { data: new Uint8Array(entry.columns * entry.rows), size: [entry.columns, entry.rows, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const roi: RoiForExtraction = { id: 'e', reader: 'reader 2', label: 'tumour', groupKey: entry.groups[0].key, seriesInstanceUID: entry.seriesInstanceUID, mask };
    const err = await prepareRoiExtraction({ entry, group: entry.groups[0], files: () => { throw new Error('must not read files'); }, roi, params: (await loadPreset({ id: 'studyB' }, readText)).params }).catch((e: unknown) => e);
    expect((err as FeatureInputError).kind).toBe('emptyRoi');
    expect((err as Error).message).toMatch(/ROI "tumour" of reader 2 is empty/);
  });

  it('an ROI of 1 voxel is reported as too small by the extraction', async () => {
    const files = await sourcesFromFolder(join(DEMO, 'us'));
    const index = await indexFiles(files);
    const entry = index.series[0];
    const group = entry.groups[0];
    const full = readNrrd(new Uint8Array(readFileSync(join(DEMO, 'masks/us_lesion.nrrd'))), 'us_lesion.nrrd') as Mask;
    const one = { ...full, data: new Uint8Array(full.data.length) };
    one.data[full.data.indexOf(1)] = 1;
    const roi: RoiForExtraction = { id: 'o', reader: 'reader 1', label: 'tumour', groupKey: group.key, seriesInstanceUID: entry.seriesInstanceUID, mask: one };
    const { params } = await loadPreset({ id: 'studyB' }, readText);
    const err = await extractRoi({ entry, group, files: byPath(files), roi, params, makeWorker: inProcessWorker({ transferred: 0, progress: 0 }) }).promise.catch((e: unknown) => e);
    expect((err as FeatureInputError).kind).toBe('roiTooSmall');
  });
});
