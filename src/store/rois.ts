/**
 * The annotations store: every ROI of the open study, for both readers and both labels, with
 * undo/redo and autosave. The viewer calls `drawContour` / `paint` with pixel-index coordinates of
 * the displayed slice; panels read `rois` and `stats`. Pure logic lives in src/roi; this store only
 * wires it to React and to IndexedDB.
 */
import { create } from 'zustand';
import type { Volume } from '../geometry/volume.ts';
import { agreement, type Agreement } from '../roi/agreement.ts';
import { historyKey, SeriesHistory } from '../roi/history.ts';
import type { Geometry } from '../roi/mapping.ts';
import { Autosaver, RoiStore } from '../roi/persistence.ts';
import type { Point2 } from '../roi/rasterize.ts';
import {
  applyBrush, applyPolygon, clearSlice, drawnSlices, interpolateBetweenDrawn, redoEdit, roiStats, undoEdit,
  type EditMode, type Roi, type RoiLabel, type RoiStats, type SliceEdit,
} from '../roi/roi.ts';
import { claimStudy, type TabGuard } from '../roi/tabGuard.ts';

export type Reader = 'reader 1' | 'reader 2';

/** Where the ROIs are drawn: one volume group of one series. */
export interface DrawingTarget {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  groupKey: string;
  geometry: Geometry;
}

interface RoiState {
  reader: Reader;
  label: RoiLabel;
  target: DrawingTarget | null;
  rois: Record<string, Roi>;
  /** Bumped on every change so views re-render (masks are mutated in place). */
  revision: number;
  /** Undo / redo possible on the shown series (the current target and reader): each series has its own history (roi/history.ts). */
  canUndo: boolean;
  canRedo: boolean;
  saveError: string | null;
  lastSavedAt: string | null;
  /** a change is not written yet (the status says "Saving…" until it is) */
  saving: boolean;
  readOnly: boolean;
  setReader(r: Reader): void;
  setLabel(l: RoiLabel): void;
  /** Opens a study's drawing target: restores its saved ROIs and claims the study against other tabs. */
  open(target: DrawingTarget): Promise<void>;
  drawContour(slice: number, polygon: Point2[], mode?: EditMode): void;
  paint(slice: number, cx: number, cy: number, radiusMm: number, mode?: EditMode): void;
  interpolate(): void;
  /** Deletes the current ROI's voxels on every slice (one undoable step). */
  deleteCurrent(): void;
  /**
   * Undo / redo the last gesture on the shown series (the target's own history; other series are
   * never touched). With `seriesInstanceUID` (the series the viewer shows) nothing happens while
   * the target is still another series (it is being opened).
   */
  undo(seriesInstanceUID?: string): void;
  redo(seriesInstanceUID?: string): void;
  /** Adds ROIs from an import (SEG, NIfTI …) without overwriting drawn voxels. */
  addImported(rois: Roi[]): void;
  takeOver(): Promise<void>;
  currentRoi(): Roi | undefined;
  statsFor(id: string, image?: Pick<Volume, 'data' | 'size'>, slice?: number): RoiStats | undefined;
  /** Dice / HD95 between reader 1 and reader 2 for the current label and target, when both exist. */
  readerAgreement(): Agreement | undefined;
}

/** Same voxel grid: size, spacing, origin and orientation (1e-4 mm / cosine). */
function sameGrid(a: Geometry, b: Geometry): boolean {
  const close = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((v, i) => Math.abs(v - y[i]) < 1e-4);
  return close(a.size, b.size) && close(a.spacing, b.spacing) && close(a.origin, b.origin) && close(a.direction, b.direction);
}

const roiKey = (t: DrawingTarget, reader: string, label: RoiLabel) => `${t.studyInstanceUID}|${t.seriesInstanceUID}|${t.groupKey}|${reader}|${label}`;

let store: RoiStore | null = null;
let saver: Autosaver | null = null;
let guard: TabGuard | null = null;
const history = new SeriesHistory();

function persistence(): Autosaver | null {
  if (saver) return saver;
  if (typeof indexedDB === 'undefined') return null;
  store = new RoiStore(indexedDB);
  saver = new Autosaver(store, {
    delayMs: 300,
    onError: (message) => useRois.setState({ saveError: message }),
    onSaved: () => useRois.setState({ saveError: null, lastSavedAt: new Date().toISOString() }),
    onBusy: (saving) => useRois.setState({ saving }),
  });
  // write what is pending at once when the tab is hidden or left (the debounce would lose it)
  if (typeof window !== 'undefined') {
    const s = saver;
    window.addEventListener('pagehide', () => void s.flush());
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') void s.flush(); });
  }
  return saver;
}

export const useRois = create<RoiState>((set, get) => {
  /** The history key of the shown series: the target for the current reader. */
  const shownKey = (): string | undefined => {
    const { target, reader } = get();
    return target ? historyKey({ ...target, reader }) : undefined;
  };
  /** Toolbar state for the shown series' history. */
  const flags = () => {
    const k = shownKey();
    const on = !!k && !get().readOnly;
    return { canUndo: on && history.canUndo(k), canRedo: on && history.canRedo(k) };
  };
  const keyOf = (e: SliceEdit): string => {
    const roi = get().rois[e.roiId];
    return roi ? historyKey(roi) : `?|${e.roiId}`;
  };
  const ensureRoi = (): Roi | undefined => {
    const { target, reader, label, rois, readOnly } = get();
    if (!target || readOnly) return undefined;
    const id = roiKey(target, reader, label);
    if (rois[id]) return rois[id];
    const g = target.geometry;
    const now = new Date().toISOString();
    const roi: Roi = {
      id, studyInstanceUID: target.studyInstanceUID, seriesInstanceUID: target.seriesInstanceUID, groupKey: target.groupKey,
      label, reader, createdAt: now, modifiedAt: now,
      mask: { data: new Uint8Array(g.size[0] * g.size[1] * g.size[2]), size: [...g.size], spacing: [...g.spacing], origin: [...g.origin], direction: [...g.direction], frameOfReferenceUID: g.frameOfReferenceUID },
    };
    set({ rois: { ...rois, [id]: roi } });
    return roi;
  };
  const record = (roi: Roi, edits: (SliceEdit | null)[]) => {
    if (!edits.some(Boolean)) return;
    history.push(edits, keyOf);
    persistence()?.touch(roi);
    set((s) => ({ revision: s.revision + 1, ...flags() }));
  };
  const replay = (seriesInstanceUID: string | undefined, step: (key: string) => SliceEdit[] | undefined, apply: (roi: Roi, e: SliceEdit) => void) => {
    const { target, readOnly } = get();
    const key = shownKey();
    if (!key || readOnly || (seriesInstanceUID !== undefined && target?.seriesInstanceUID !== seriesInstanceUID)) return;
    const edits = step(key);
    if (!edits) return;
    for (const e of edits) {
      const roi = get().rois[e.roiId];
      if (!roi) continue;
      apply(roi, e);
      persistence()?.touch(roi);
    }
    set((s) => ({ revision: s.revision + 1, ...flags() }));
  };
  return {
    reader: 'reader 1',
    label: 'tumour',
    target: null,
    rois: {},
    revision: 0,
    canUndo: false,
    canRedo: false,
    saveError: null,
    lastSavedAt: null,
    saving: false,
    readOnly: false,
    setReader: (reader) => { set({ reader }); set(flags()); },
    setLabel: (label) => set({ label }),
    async open(requested) {
      // Phases of one DCE series share one grid: an ROI drawn on phase 1 is the ROI of every phase.
      // The drawing target is the group the series' ROIs were first drawn on when the grids match.
      const canonical = (t: DrawingTarget): DrawingTarget => {
        const r = Object.values(get().rois).find((x) => x.studyInstanceUID === t.studyInstanceUID && x.seriesInstanceUID === t.seriesInstanceUID && x.groupKey !== t.groupKey && sameGrid(x.mask, t.geometry));
        return r ? { ...t, groupKey: r.groupKey } : t;
      };
      let target = canonical(requested);
      set({ target });
      set(flags());
      guard?.release();
      guard = typeof BroadcastChannel === 'undefined' ? null : await claimStudy(target.studyInstanceUID, { onLostHold: () => set({ readOnly: true, canUndo: false, canRedo: false }) });
      set({ readOnly: guard?.state === 'read-only' });
      set(flags());
      persistence();
      if (!store) return;
      try {
        const saved = await store.loadStudy(target.studyInstanceUID);
        set((s) => {
          const rois = { ...s.rois };
          for (const r of saved) if (!rois[r.id]) rois[r.id] = r; // never replace what is in memory
          return { rois, revision: s.revision + 1 };
        });
        target = canonical(requested);
        if (get().target?.seriesInstanceUID === requested.seriesInstanceUID) { set({ target }); set(flags()); }
      } catch (e) {
        set({ saveError: `restoring saved ROIs failed: ${(e as Error).message}` });
      }
    },
    drawContour(slice, polygon, mode = 'add') {
      const roi = ensureRoi();
      if (roi) record(roi, [applyPolygon(roi, slice, polygon, mode)]);
    },
    paint(slice, cx, cy, radiusMm, mode = 'add') {
      const roi = ensureRoi();
      if (roi) record(roi, [applyBrush(roi, slice, cx, cy, radiusMm, mode)]);
    },
    interpolate() {
      const roi = ensureRoi();
      if (roi) record(roi, interpolateBetweenDrawn(roi));
    },
    deleteCurrent() {
      const roi = get().readOnly ? undefined : get().currentRoi();
      if (roi) record(roi, drawnSlices(roi.mask).map((k) => clearSlice(roi, k)));
    },
    undo: (seriesInstanceUID) => replay(seriesInstanceUID, (k) => history.undo(k), undoEdit),
    redo: (seriesInstanceUID) => replay(seriesInstanceUID, (k) => history.redo(k), redoEdit),
    addImported(imported) {
      set((s) => {
        const rois = { ...s.rois };
        for (const r of imported) {
          // an import fills the reader's slot for that label when it is empty; it never overwrites
          // drawn voxels: then it is kept beside them under a suffixed id
          let id = r.id;
          for (let n = 2; rois[id]?.mask.data.some(Boolean); n++) id = `${r.id} (import ${n})`;
          // the import replaces the (empty) ROI object behind this id: steps recorded on the old one would write into it
          if (rois[id]) history.forgetRoi(id);
          rois[id] = { ...r, id };
          persistence()?.touch(rois[id]);
        }
        return { rois, revision: s.revision + 1 };
      });
      set(flags());
    },
    async takeOver() {
      if (guard) { set({ readOnly: (await guard.takeOver()) === 'read-only' }); set(flags()); }
    },
    currentRoi() {
      const { target, reader, label, rois } = get();
      return target ? rois[roiKey(target, reader, label)] : undefined;
    },
    statsFor(id, image, slice) {
      const roi = get().rois[id];
      return roi ? roiStats(roi.mask, image, slice) : undefined;
    },
    readerAgreement() {
      const { target, label, rois } = get();
      if (!target) return undefined;
      const a = rois[roiKey(target, 'reader 1', label)];
      const b = rois[roiKey(target, 'reader 2', label)];
      if (!a || !b || !a.mask.data.some(Boolean) || !b.mask.data.some(Boolean)) return undefined;
      return agreement(a.mask.data, b.mask.data, a.mask.size, a.mask.spacing);
    },
  };
});

/** Writes pending ROIs now (before unload, before export). */
export function flushRois(): Promise<void> {
  return saver?.flush() ?? Promise.resolve();
}
