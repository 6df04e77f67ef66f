/**
 * ROI figures: DICOM SEG export/import size and time for a 160-slice mask, NIfTI/NRRD export,
 * rasterising a contour, mapping an ROI onto another series' grid (mapMask), and the autosave write (run-length encoding + IndexedDB put; in Node against
 * fake-indexeddb — the browser's IndexedDB is measured in the e2e log).
 */
import 'fake-indexeddb/auto';
import type { Mask } from '../src/geometry/volume.ts';
import { readNifti, writeNifti } from '../src/radiomics/io/nifti.ts';
import { writeNrrd } from '../src/radiomics/io/nrrd.ts';
import { RoiStore } from '../src/roi/persistence.ts';
import { rasterizePolygon } from '../src/roi/rasterize.ts';
import { newUid, readSeg, segToMask, TUMOUR_SEGMENT, writeSeg } from '../src/roi/seg.ts';
import { agreement } from '../src/roi/agreement.ts';
import { mapMask, type Geometry } from '../src/roi/mapping.ts';

function time<T>(f: () => T, reps = 5): { ms: number; value: T } {
  let value = f();
  const t: number[] = [];
  for (let r = 0; r < reps; r++) { const t0 = performance.now(); value = f(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  return { ms: t[Math.floor(t.length / 2)], value };
}

function lesion(nx: number, ny: number, nz: number, rMm: number, sp: [number, number, number]): Mask {
  const data = new Uint8Array(nx * ny * nz);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const d = ((x - nx / 2) * sp[0]) ** 2 + ((y - ny / 2) * sp[1]) ** 2 + ((z - nz / 2) * sp[2]) ** 2;
    if (d < rMm * rMm) data[x + nx * (y + ny * z)] = 1;
  }
  return { data, size: [nx, ny, nz], spacing: sp, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], frameOfReferenceUID: '1.2.3' };
}

export default async function (): Promise<void> {
  const rows: [string, string][] = [];
  for (const [name, m] of [
    ['256×256×160, 30 mm lesion (≈14 slices)', lesion(256, 256, 160, 15, [0.7, 0.7, 1])],
    ['256×256×160, lesion on all 160 slices', lesion(256, 256, 160, 90, [0.7, 0.7, 1])],
  ] as const) {
    const source = { patientName: 'B^B', patientId: 'B', studyInstanceUID: newUid(), seriesInstanceUID: newUid(), frameOfReferenceUID: '1.2.3', images: Array.from({ length: 160 }, () => ({ sopClassUID: '1.2.840.10008.5.1.4.1.1.4', sopInstanceUID: newUid() })) };
    const w = time(() => writeSeg(m, [{ number: 1, ...TUMOUR_SEGMENT }], source, { reader: 'reader 1', softwareVersion: 'bench' }), 3);
    const r = time(() => segToMask(readSeg(w.value), m), 3);
    const nii = time(() => writeNifti(m, { gzip: true }), 3);
    const nrrd = time(() => writeNrrd(m), 3);
    const niiRead = time(() => readNifti(nii.value), 3);
    const store = new RoiStore(indexedDB);
    const roi = { id: name, studyInstanceUID: 'S', seriesInstanceUID: 'SE', groupKey: 'g', label: 'tumour' as const, reader: 'reader 1', createdAt: '', modifiedAt: '', mask: m };
    const saves: number[] = [];
    for (let i = 0; i < 5; i++) { const t0 = performance.now(); await store.save([roi]); saves.push(performance.now() - t0); }
    saves.sort((a, b) => a - b);
    rows.push([`${name}: SEG write`, `${w.ms.toFixed(1)} ms, ${(w.value.length / 1024).toFixed(0)} KiB`]);
    rows.push([`${name}: SEG read + place`, `${r.ms.toFixed(1)} ms`]);
    rows.push([`${name}: NIfTI .nii.gz write / read`, `${nii.ms.toFixed(1)} / ${niiRead.ms.toFixed(1)} ms, ${(nii.value.length / 1024).toFixed(1)} KiB`]);
    rows.push([`${name}: NRRD (gzip) write`, `${nrrd.ms.toFixed(1)} ms, ${(nrrd.value.length / 1024).toFixed(1)} KiB`]);
    rows.push([`${name}: autosave write (run-length + fake-indexeddb put), median of 5`, `${saves[2].toFixed(1)} ms`]);
  }
  const poly: [number, number][] = Array.from({ length: 400 }, (_, i) => [256 + 150 * Math.cos(i / 63.66), 256 + 120 * Math.sin(i / 63.66)]);
  const ras = time(() => rasterizePolygon(poly, 512, 512, new Uint8Array(512 * 512)), 20);
  rows.push(['rasterise a 400-point contour on 512×512', `${ras.ms.toFixed(2)} ms`]);
  const a = lesion(256, 256, 60, 15, [0.7, 0.7, 2]);
  const b = lesion(256, 256, 60, 14, [0.7, 0.7, 2]);
  const ag = time(() => agreement(a.data, b.data, a.size, a.spacing), 3);
  rows.push(['Dice + HD95 (exact EDT), 256×256×60, 30 mm lesion', `${ag.ms.toFixed(1)} ms`]);
  // mapMask: a 256×256×160 DCE-like ROI (the demo's field of view, 0.75×0.75×0.94 mm) onto the demo
  // DWI grid (96×96×38, 2×2×4 mm) and onto a same-resolution grid shifted by (0.3, −0.2, 0.25) mm,
  // axis-aligned and turned 7.5° in the axial plane. Median of 5 after one warm-up run.
  const dceSp: [number, number, number] = [0.75, 0.75, 150 / 160];
  const dceOrigin: [number, number, number] = [-96 + 0.375, -110.5 + 0.375, -75 + 150 / 320];
  const dwi: Geometry = { size: [96, 96, 38], spacing: [2, 2, 4], origin: [-95, -109.5, -74], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], frameOfReferenceUID: '1.2.3' };
  const same: Geometry = { size: [256, 256, 160], spacing: dceSp, origin: [dceOrigin[0] + 0.3, dceOrigin[1] - 0.2, dceOrigin[2] + 0.25], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], frameOfReferenceUID: '1.2.3' };
  const turn = Math.PI / 24;
  const sameTurned: Geometry = { ...same, direction: [Math.cos(turn), -Math.sin(turn), 0, Math.sin(turn), Math.cos(turn), 0, 0, 0, 1] };
  for (const [lname, r] of [['30 mm lesion', 15], ['lesion on all slices', 90]] as const) {
    const roi = { ...lesion(256, 256, 160, r, dceSp), origin: dceOrigin };
    for (const [tname, target, rule] of [
      ['DWI 96×96×38, majority 3×3×3', dwi, 'majority'],
      ['DWI 96×96×38, nearest', dwi, 'nearest'],
      ['same resolution, nearest', same, 'nearest'],
      ['same resolution, majority 3×3×3', same, 'majority'],
      ['same resolution turned 7.5°, nearest', sameTurned, 'nearest'],
    ] as const) {
      const t = time(() => mapMask(roi, target, rule), 5);
      rows.push([`mapMask 256×256×160 (${lname}) → ${tname}`, `${t.ms.toFixed(1)} ms`]);
    }
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
}
