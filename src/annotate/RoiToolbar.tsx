/**
 * The ROI toolbar: reader (set once per session, always visible), label, tool, brush size,
 * undo/redo, interpolation, and import/export (DICOM SEG referencing the source series, NRRD for
 * PyRadiomics / 3D Slicer, NIfTI .nii.gz for ITK-SNAP). Keyboard: F contour, B brush, E eraser, Esc navigate, I interpolate,
 * Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo / redo — handled with the viewer's shortcuts (ViewportArea).
 * Undo / redo act on the history of the series shown in the main viewport only (roi/history.ts);
 * the buttons are enabled from that series' stacks.
 */
import { useEffect, useRef, useState } from 'react';
import type { SeriesIndexEntry, VolumeGroup } from '../dicom/types.ts';
import { readNifti, writeNifti } from '../radiomics/io/nifti.ts';
import { readNrrd, writeNrrd } from '../radiomics/io/nrrd.ts';
import { LABEL_VALUE, ROI_LABELS, type Roi, type RoiLabel } from '../roi/roi.ts';
import { readSeg, REFERENCE_SEGMENT, segToMask, TUMOUR_SEGMENT, writeSeg } from '../roi/seg.ts';
import { mapMask } from '../roi/mapping.ts';
import { flushRois, useRois, type Reader } from '../store/rois.ts';
import { useT } from '../store/settings.ts';
import { sourceSeriesFor } from './segSource.ts';
import type { RoiTool } from './RoiOverlay.tsx';

const APP_VERSION = '0.1.0';

function download(bytes: Uint8Array, name: string, type: string) {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The current reader's ROIs on the target, merged into one label mask (1 = tumour, 2 = reference). */
function mergedMask(rois: Roi[]) {
  const first = rois[0];
  const data = new Uint8Array(first.mask.data.length);
  for (const r of rois) {
    const v = LABEL_VALUE[r.label];
    r.mask.data.forEach((x, i) => { if (x) data[i] = v; });
  }
  return { ...first.mask, data };
}

export function RoiToolbar(props: {
  tool: RoiTool;
  setTool(t: RoiTool): void;
  brushMm: number;
  setBrushMm(mm: number): void;
  entry: SeriesIndexEntry | null;
  group: VolumeGroup | null;
}) {
  const t = useT();
  const s = useRois();
  const fileInput = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { tool, setTool } = props;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement)?.closest('input, select, textarea')) return;
      const k = e.key.toLowerCase();
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (k === 'f') setTool('contour');
      else if (k === 'b') setTool('brush');
      else if (k === 'e') setTool('eraser');
      else if (k === 'escape') setTool('navigate');
      else if (k === 'i') useRois.getState().interpolate();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setTool]);

  // the store's target is the shown series once it is opened; until then nothing is undone
  const shownSeries = props.entry?.seriesInstanceUID;
  const onShown = !!shownSeries && s.target?.seriesInstanceUID === shownSeries;
  const mine = Object.values(s.rois).filter((r) => s.target && r.reader === s.reader && r.seriesInstanceUID === s.target.seriesInstanceUID && r.groupKey === s.target.groupKey && r.mask.data.some(Boolean));

  const exportSeg = async () => {
    if (!props.entry || !props.group || !mine.length) return;
    try {
      await flushRois();
      const labels = [...new Set(mine.map((r) => r.label))];
      const segments = labels.map((l) => ({ number: LABEL_VALUE[l], ...(l === 'tumour' ? TUMOUR_SEGMENT : REFERENCE_SEGMENT) }));
      const bytes = writeSeg(mergedMask(mine), segments, sourceSeriesFor(props.entry, props.group), { reader: s.reader, softwareVersion: APP_VERSION });
      download(bytes, `roi-${props.entry.patientId}-${s.reader.replace(' ', '')}.seg.dcm`, 'application/dicom');
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const exportNrrd = () => {
    if (!mine.length) return;
    download(writeNrrd(mergedMask(mine)), `roi-${props.entry?.patientId ?? 'series'}-${s.reader.replace(' ', '')}.nrrd`, 'application/octet-stream');
  };
  const exportNifti = () => {
    if (!mine.length) return;
    download(writeNifti(mergedMask(mine), { gzip: true, description: `ROI ${s.reader}` }), `roi-${props.entry?.patientId ?? 'series'}-${s.reader.replace(' ', '')}.nii.gz`, 'application/gzip');
  };
  const importFiles = async (files: FileList | null) => {
    if (!files?.length || !s.target) return;
    for (const f of Array.from(files)) {
      try {
        const bytes = new Uint8Array(await f.arrayBuffer());
        const g = s.target.geometry;
        const name = f.name.toLowerCase();
        // NRRD / NIfTI label maps are placed through patient coordinates like a SEG; labels 1 and 2 kept
        const labelMap = name.endsWith('.nrrd') ? readNrrd(bytes, f.name) : name.endsWith('.nii') || name.endsWith('.nii.gz') ? readNifti(bytes, f.name) : null;
        const labelled = labelMap
          ? mapMask({ ...labelMap, data: Uint8Array.from(labelMap.data, (v) => (v === 1 || v === 2 ? v : 0)) }, g, 'nearest').mask
          : segToMask(readSeg(bytes, f.name), g);
        const now = new Date().toISOString();
        const rois: Roi[] = [];
        for (const label of ROI_LABELS) {
          const v = LABEL_VALUE[label];
          const data = Uint8Array.from(labelled.data, (x) => (x === v ? 1 : 0));
          if (!data.some(Boolean)) continue;
          rois.push({ id: `${s.target.studyInstanceUID}|${s.target.seriesInstanceUID}|${s.target.groupKey}|${s.reader}|${label}`, studyInstanceUID: s.target.studyInstanceUID, seriesInstanceUID: s.target.seriesInstanceUID, groupKey: s.target.groupKey, label, reader: s.reader, createdAt: now, modifiedAt: now, mask: { ...labelled, data } });
        }
        if (!rois.length) throw new Error('the file holds no voxel of a tumour (1) or reference (2) label');
        useRois.getState().addImported(rois);
        setMessage(t('roi.imported', { n: rois.length, file: f.name }));
      } catch (e) {
        setMessage(t('roi.importError', { file: f.name, reason: (e as Error).message }));
      }
    }
  };

  return (
    <div className="roi-toolbar" data-testid="roi-toolbar">
      <label>
        {t('roi.reader')}{' '}
        <select data-testid="roi-reader" value={s.reader} onChange={(e) => s.setReader(e.target.value as Reader)}>
          <option value="reader 1">{t('roi.reader1')}</option>
          <option value="reader 2">{t('roi.reader2')}</option>
        </select>
      </label>
      <label>
        {t('roi.label')}{' '}
        <select data-testid="roi-label" value={s.label} onChange={(e) => s.setLabel(e.target.value as RoiLabel)}>
          {ROI_LABELS.map((l) => <option key={l} value={l}>{t(`roi.label.${l}`)}</option>)}
        </select>
      </label>
      {(['navigate', 'contour', 'brush', 'eraser'] as const).map((k) => (
        <button key={k} data-testid={`roi-tool-${k}`} aria-pressed={tool === k} title={t(`roi.tool.${k}`)} onClick={() => setTool(k)}>
          {t(`roi.tool.${k}`)}
        </button>
      ))}
      {(tool === 'brush' || tool === 'eraser') && (
        <label>
          {t('roi.brushSize', { mm: props.brushMm })}
          <input type="range" min={0.5} max={15} step={0.5} value={props.brushMm} onChange={(e) => props.setBrushMm(Number(e.target.value))} />
        </label>
      )}
      <button data-testid="roi-undo" disabled={!s.canUndo || !onShown} onClick={() => s.undo(shownSeries)} title={t('roi.undo')}>↶</button>
      <button data-testid="roi-redo" disabled={!s.canRedo || !onShown} onClick={() => s.redo(shownSeries)} title={t('roi.redo')}>↷</button>
      <button data-testid="roi-interpolate" onClick={s.interpolate}>{t('roi.interpolate')}</button>
      <button data-testid="roi-delete" disabled={!mine.some((r) => r.label === s.label)} onClick={s.deleteCurrent} title={t('roi.deleteHint')}>{t('roi.delete')}</button>
      <button data-testid="roi-export-seg" disabled={!mine.length} onClick={() => void exportSeg()}>{t('roi.exportSeg')}</button>
      <button data-testid="roi-export-nrrd" disabled={!mine.length} onClick={exportNrrd}>{t('roi.exportNrrd')}</button>
      <button data-testid="roi-export-nifti" disabled={!mine.length} onClick={exportNifti}>{t('roi.exportNifti')}</button>
      <button data-testid="roi-import" onClick={() => fileInput.current?.click()}>{t('roi.import')}</button>
      <input ref={fileInput} data-testid="roi-import-file" type="file" accept=".dcm,.nrrd,.nii,.gz,application/dicom" multiple hidden onChange={(e) => void importFiles(e.target.files)} />
      {s.readOnly && (
        <span className="roi-readonly" role="status">
          {t('roi.readOnly')} <button onClick={() => void s.takeOver()}>{t('roi.takeOver')}</button>
        </span>
      )}
      <span className="roi-save-state" data-testid="roi-save-state" role="status">
        {s.saveError ?? (s.saving ? t('roi.saving') : s.lastSavedAt ? t('roi.saved') : '')}
      </span>
      {message && <span className="roi-message" data-testid="roi-message" role="status">{message}</span>}
    </div>
  );
}
