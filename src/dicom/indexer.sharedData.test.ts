/**
 * Runs the indexer over EVERY file in shared/data/dicom and compares, file by file, with
 * MANIFEST.csv (written with DCMTK's dcmdump, an outside reference): modality, rows/columns,
 * number of frames, transfer syntax, b-value, ultrasound regions, pixel spacing. Every file
 * must either join a series or be in `errors` with a named reason; the files expected to fail
 * are the deliberately broken ones the manifest notes describe.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { indexFiles } from './indexer.ts';
import { sourcesFromFolder } from './nodeSource.ts';
import type { SeriesIndexEntry, StudyIndex, VolumeGroup } from './types.ts';
import { SHARED_DICOM_DIR, manifestBValue, manifestRegions, readManifest, type ManifestRow } from './manifest.testdata.ts';

const manifest = readManifest();
let index: StudyIndex;
const where = new Map<string, { series: SeriesIndexEntry; groups: VolumeGroup[]; frames: number }>();

/** Files the manifest's notes describe as broken / non-image / re-encoded copies, with the reason expected. */
const EXPECTED_ERRORS: Record<string, RegExp> = {
  'pydicom/src/pydicom/data/test_files/MR_truncated.dcm': /^truncated: Pixel Data declares 8192 bytes/,
  'pydicom/src/pydicom/data/test_files/no_meta.dcm': /^not DICOM/,
  'pydicom/src/pydicom/data/test_files/meta_missing_tsyntax.dcm': /^no transfer syntax/,
  'pydicom/src/pydicom/data/test_files/test-SR.dcm': /^no pixel data: Comprehensive SR/,
  'pydicom-data/data_store/data/emri_small_jpeg_2k_lossless_too_short.dcm': /^truncated: the compressed Pixel Data/,
  'pydicom/src/pydicom/data/test_files/dicomdirtests/DICOMDIR-nooffset': /^cannot parse DICOM header/,
  // Same SOP instance in the same encoding as another file (manifest: "same image as MR_small.dcm …", "JPGExtended.dcm is the fixed version").
  'pydicom/src/pydicom/data/test_files/MR_small_padded.dcm': /^duplicate: same SOP Instance UID and encoding as .*MR_small\.dcm/,
  'pydicom/src/pydicom/data/test_files/MR_small_expb.dcm': /^duplicate: same SOP Instance UID and encoding as .*MR_small_bigendian\.dcm/,
  'pydicom/src/pydicom/data/test_files/JPGExtended.dcm': /^duplicate: same SOP Instance UID and encoding as .*JPEG-lossy\.dcm/,
};

beforeAll(async () => {
  const files = await sourcesFromFolder(SHARED_DICOM_DIR);
  let last = -1;
  index = await indexFiles(files, {
    onProgress(done, total) {
      expect(total).toBe(files.length);
      expect(done).toBeGreaterThan(last);
      last = done;
    },
  });
  expect(last).toBe(files.length);
  for (const s of index.series) {
    for (const g of s.groups) {
      for (const f of g.frames) {
        const w = where.get(f.path) ?? { series: s, groups: [], frames: 0 };
        expect(w.series, `${f.path} appears in two series`).toBe(s);
        if (!w.groups.includes(g)) w.groups.push(g);
        w.frames++;
        where.set(f.path, w);
      }
    }
  }
});

function rowLabel(r: ManifestRow): string {
  return r.path;
}

describe('every file in shared/data/dicom against MANIFEST.csv', () => {
  it('reads all 326 manifest files plus the non-DICOM licence/readme files', () => {
    expect(manifest.length).toBe(326);
    expect(index.stats.files).toBe(326 + 12);
    const nonDicom = index.errors.filter((e) => /(LICENSE|COPYING|README\.md|MANIFEST\.csv)$/.test(e.file));
    expect(nonDicom).toHaveLength(12);
    for (const e of nonDicom) expect(e.reason).toMatch(/^not DICOM/);
  });

  it.each(manifest.map((r) => [rowLabel(r), r] as const))('%s', (_label, row) => {
    const err = index.errors.find((e) => e.file === row.path);
    const expectedErr = EXPECTED_ERRORS[row.path];
    if (expectedErr) {
      expect(err?.reason, `${row.path} should fail`).toMatch(expectedErr);
      return;
    }
    if (row.sop_class_uid === '1.2.840.10008.1.3.10') {
      expect(err).toBeUndefined();
      const d = index.dicomdirs?.find((x) => x.path === row.path);
      expect(d, `${row.path}: DICOMDIR recognised`).toBeDefined();
      expect(d!.missing).toBe(0);
      return;
    }
    expect(err?.reason, `${row.path} should load`).toBeUndefined();
    const w = where.get(row.path);
    expect(w, `${row.path} joins a series`).toBeDefined();
    const s = w!.series;
    expect(s.modality).toBe(row.modality);
    expect(s.rows).toBe(Number(row.rows));
    expect(s.columns).toBe(Number(row.columns));
    expect(w!.frames).toBe(row.number_of_frames ? Number(row.number_of_frames) : 1);
    if (row.transfer_syntax_uid) expect(s.transferSyntaxUID).toBe(row.transfer_syntax_uid);
    else expect(s.transferSyntaxUID).toBe('1.2.840.10008.1.2'); // bare data set: Implicit VR LE guessed
    if (row.photometric) expect(s.photometric).toBe(row.photometric);

    const b = manifestBValue(row.b_value);
    if (s.kind === 'dwi') {
      expect(b, `${row.path}: DWI series needs a manifest b-value`).toBeDefined();
      for (const g of w!.groups) expect(g.bValue).toBeCloseTo(b!, 6);
      expect(s.bValues).toContain(w!.groups[0].bValue);
    } else if (b !== undefined) {
      // b = 0 everywhere in a non-diffusion series (fMRI, field map): not a DWI
      expect(b).toBe(0);
      expect(s.bValues).toBeUndefined();
    }

    const regions = manifestRegions(row.us_regions);
    if (regions) {
      expect(s.usRegions).toHaveLength(regions.length);
      regions.forEach((r, i) => {
        const got = s.usRegions![i];
        expect([got.spatialFormat, got.dataType, got.unitsX, got.unitsY]).toEqual([r.fmt, r.type, r.unitsX, r.unitsY]);
        expect(got.deltaXmm).toBeCloseTo(Math.abs(r.dX) * (r.unitsX === 3 ? 10 : 1), 6);
        expect(got.deltaYmm).toBeCloseTo(Math.abs(r.dY) * (r.unitsY === 3 ? 10 : 1), 6);
      });
      const tissue = regions.find((r) => r.fmt === 1 && r.type === 1 && r.unitsX === 3);
      if (tissue) expect(s.pixelSpacing![1]).toBeCloseTo(Math.abs(tissue.dX) * 10, 6);
    } else if (row.modality === 'US') {
      expect(s.usRegions).toBeUndefined();
    }
    if (row.pixel_spacing && row.modality !== 'US') {
      const ps = row.pixel_spacing.split('\\').map(Number);
      expect(s.pixelSpacing![0]).toBeCloseTo(ps[0], 5);
      expect(s.pixelSpacing![1]).toBeCloseTo(ps[1], 5);
    }
  });

  it('names a reason for every file that does not load, and only for the expected ones', () => {
    const dicomErrors = index.errors.filter((e) => !/(LICENSE|COPYING|README\.md|MANIFEST\.csv)$/.test(e.file));
    expect(dicomErrors.map((e) => e.file).sort()).toEqual(Object.keys(EXPECTED_ERRORS).sort());
  });
});

function seriesByDescription(desc: string): SeriesIndexEntry {
  const s = index.series.find((x) => x.description === desc);
  if (!s) throw new Error(`no series "${desc}" in the index`);
  return s;
}

describe('vendor DWI sets split by b-value', () => {
  it('GE (dcm_qa_ge): b=0 and six b=1000 volumes of 2 slices, b from (0043,1039) with its offset removed', () => {
    const s = seriesByDescription('Ax DWI TENSOR R2');
    expect(s.kind).toBe('dwi');
    expect(s.bValues).toEqual([0, 1000]);
    expect(s.groups.map((g) => g.bValue)).toEqual([0, 1000, 1000, 1000, 1000, 1000, 1000]);
    for (const g of s.groups) expect(g.frames).toHaveLength(2);
    expect(s.label).toBe('DWI b=0/1000');
    expect(s.groups.find((g) => g.key === s.defaultGroup)!.bValue).toBe(1000);
    expect(s.warnings.filter((w) => /share the same position/.test(w))).toEqual([]);
  });

  it('Philips (dcm_qa_philips_dwi): b = 0, 0.001…0.004 and twelve b=1000 volumes', () => {
    const s = seriesByDescription('DTI_Biobank_2mm_MB3S2_EPI');
    expect(s.kind).toBe('dwi');
    expect(s.bValues).toEqual([0, 0.001, 0.002, 0.003, 0.004, 1000]);
    expect(s.groups).toHaveLength(17);
    expect(s.groups.filter((g) => g.bValue === 1000)).toHaveLength(12);
    for (const g of s.groups) expect(g.frames).toHaveLength(2);
  });

  it('Siemens mosaic (nibabel siemens_dwi_0/1000): b from (0019,100C) of an Implicit VR file', () => {
    const s = seriesByDescription('CBU_DTI_64D_1A');
    expect(s.kind).toBe('dwi');
    expect(s.bValues).toEqual([0, 1000]);
    expect(s.groups.map((g) => [g.bValue, g.frames[0].path.replace(/.*\//, '')])).toEqual([
      [0, 'siemens_dwi_0.dcm'],
      [1000, 'siemens_dwi_1000.dcm'],
    ]);
    expect(s.mosaic).toEqual({ images: 48, tileRows: 128, tileColumns: 128 });
  });

  it('Siemens XA30 enhanced: b=0 and b=2500 from the per-frame functional groups; TRACEW b=2500; ADC has none', () => {
    const dwi = seriesByDescription('DWI_dir80_PA');
    expect(dwi.kind).toBe('dwi');
    expect(dwi.bValues).toEqual([0, 2500]);
    expect(dwi.groups.map((g) => [g.bValue, g.frames.length])).toEqual([
      [0, 39],
      [2500, 39],
    ]);
    const trace = seriesByDescription('DWI_dir80_PA_TRACEW');
    expect(trace.bValues).toEqual([2500]);
    const adc = seriesByDescription('DWI_dir80_PA_ADC');
    expect(adc.kind).toBe('mr');
    expect(adc.bValues).toBeUndefined();
    // slices sorted along the normal, ascending and evenly spaced
    for (const g of dwi.groups) {
      expect(g.sliceSpacing).toBeGreaterThan(0);
      expect(g.warnings).toEqual([]);
    }
  });

  it('never takes a b-value from nested private sequences (Philips fMRI carries 7.23e+75 in (2005,140F))', () => {
    const s = seriesByDescription('EPI_asc');
    expect(s.kind).not.toBe('dwi');
    for (const x of index.series) for (const g of x.groups) if (g.bValue !== undefined) expect(g.bValue).toBeLessThan(10_000);
  });
});

describe('repeated acquisitions are split, not stacked', () => {
  it('Philips fMRI: 3 dynamics of 9 slices by TemporalPositionIdentifier', () => {
    const s = seriesByDescription('EPI_asc');
    expect(s.kind).toBe('mr');
    expect(s.groups.map((g) => g.frames.length)).toEqual([9, 9, 9]);
    expect(s.label).toMatch(/3 time points/);
  });

  it('GE fMRI: 10 time points of 15 slices from repeated positions, in InstanceNumber order', () => {
    const s = seriesByDescription('Axial EPI-FMRI (Interleaved I to S)');
    expect(s.groups.map((g) => g.frames.length)).toEqual(Array(10).fill(15));
    const firstInst = s.groups.map((g) => Math.min(...g.frames.map((f) => f.instanceNumber!)));
    expect(firstInst).toEqual([...firstInst].sort((a, b) => a - b));
    for (const g of s.groups) expect(g.warnings).toEqual([]);
  });
});

describe('warnings for what the browser decoders cannot show (stack-notes §7)', () => {
  it('native YBR_FULL_422 and 16-bit palette colour are flagged on their series', () => {
    const of = (name: string) => where.get(index.series.flatMap((s) => s.groups.flatMap((g) => g.frames)).find((f) => f.path.endsWith(name))!.path)!.series;
    expect(of('SC_ybr_full_422_uncompressed.dcm').warnings.join(' ')).toMatch(/YBR_FULL_422/);
    expect(of('gdcm-US-ALOKA-16.dcm').warnings.join(' ')).toMatch(/16-bit palette colour/);
    expect(of('US1_UNCR.dcm').warnings.join(' ')).not.toMatch(/YBR_FULL_422|palette/);
  });
});

describe('ultrasound', () => {
  it('Philips EPIQ (JPEG Lossless SV1): one 2-D tissue region, 0.0254767 cm → 0.254767 mm/px', () => {
    const s = index.series.find((x) => x.groups.some((g) => g.frames.some((f) => f.path.endsWith('JPGLosslessP14SV1_1s_1f_8b.dcm'))))!;
    expect(s.kind).toBe('us');
    expect(s.pixelSpacing).toEqual([expect.closeTo(0.254767, 6), expect.closeTo(0.254767, 6)]);
    expect(s.label).toBe('US 2-D, 0.25 mm/px');
  });

  it('Acuson cine: 8 frames, the negative PhysicalDeltaX of region 2 is taken without its sign', () => {
    const s = index.series.find((x) => x.groups.some((g) => g.frames.some((f) => f.path.endsWith('IM00001.implicit_little_endian.dcm'))))!;
    expect(s.frames).toBe(8);
    expect(s.pixelSpacing).toEqual([expect.closeTo(2.29375, 6), expect.closeTo(2.29375, 6)]);
    expect(s.label).toBe('US cine, 8 frames, 2.29 mm/px');
  });
});
