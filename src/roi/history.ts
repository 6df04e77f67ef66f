/**
 * Undo / redo of ROI edits (Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y and the toolbar buttons), kept per series
 * as on ITK-SNAP, OsiriX and Horos: a step is the list of SliceEdits one gesture made (a contour, a
 * brush stroke, an interpolation, a delete), undone and redone as a whole, and it sits on the stack
 * of the series its ROI belongs to.
 *
 * What a "series" is here (the key of a stack, `historyKey`): study, series, drawing group and
 * reader — exactly the set of ROIs the ROI overlay shows on the main viewport (RoiOverlay). The
 * phases of a DCE series share one grid and so one drawing group (store/rois.ts `open`), hence one
 * stack: an edit on phase 1 is undone from phase 4. A series group on another grid, another series
 * (DWI, T2) and the other reader's ROIs each have their own stack. Undo on the shown series never
 * changes an ROI of another series; a new edit clears the redo stack of its own series only.
 *
 * Operations that span series. None exists today: drawing, the brush/eraser, interpolation and
 * "Delete ROI" all edit the current reader's current label on the shown series only, and an
 * import (SEG / NRRD / NIfTI) is not an undoable step. Should a gesture ever touch ROIs of several
 * series (e.g. deleting a label on every series), `SeriesHistory.push` splits it: each series gets
 * the part on its own ROIs as one step of its own stack, and undoing it on one series leaves the
 * other parts to be undone on their series — an undo never changes what is not on screen. When an
 * import replaces the ROI object behind an id (its slot was empty), the steps recorded on the old
 * object are dropped (`forgetRoi`): replaying them would write old slices into the imported mask.
 *
 * Bounds and memory. Each series keeps at most 200 steps (the bound the single global history
 * had); all series together keep at most 64 MiB of edit data, the oldest step of any series going
 * first when that is exceeded (the step just recorded is always kept). Edits are stored compactly:
 * only the pixels a gesture changed (index + value before + value after, 6 bytes a pixel) when that
 * is smaller than the two whole slices, so a 40-pixel-wide contour on a 512×512 slice costs ~20 kB
 * instead of 512 kB.
 *
 * Persistence: the history lives in memory only. The ROIs themselves are autosaved (persistence.ts);
 * after a reload or when the study is reopened in a new tab, every series' history starts empty.
 */
import type { SliceEdit } from './roi.ts';

export const STEPS_PER_SERIES = 200;
export const HISTORY_BYTES = 64 * 1024 * 1024;

/** The stack an ROI's edits go to: study | series | drawing group | reader. */
export function historyKey(r: { studyInstanceUID: string; seriesInstanceUID: string; groupKey: string; reader: string }): string {
  return `${r.studyInstanceUID}|${r.seriesInstanceUID}|${r.groupKey}|${r.reader}`;
}

/** Bytes an edit holds (typed arrays plus a small fixed overhead). */
export function editBytes(e: SliceEdit): number {
  return e.before.byteLength + e.after.byteLength + (e.index?.byteLength ?? 0) + 64;
}

/**
 * The same edit holding only the changed pixels when that is smaller (6 bytes a changed pixel
 * against 2 bytes a pixel of the slice); otherwise the edit itself.
 */
export function compactEdit(e: SliceEdit): SliceEdit {
  if (e.index) return e;
  const { before, after } = e;
  let n = 0;
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) n++;
  if (6 * n >= 2 * before.length) return e;
  const index = new Uint32Array(n);
  const b = new Uint8Array(n);
  const a = new Uint8Array(n);
  for (let i = 0, j = 0; i < before.length; i++) {
    if (before[i] === after[i]) continue;
    index[j] = i; b[j] = before[i]; a[j] = after[i]; j++;
  }
  return { roiId: e.roiId, slice: e.slice, index, before: b, after: a };
}

interface Step { edits: SliceEdit[]; bytes: number; seq: number }

let nextSeq = 0;

/** One undo stack and one redo stack (the history of one series). */
export class EditHistory {
  private done: Step[] = [];
  private undone: Step[] = [];
  private held = 0;
  constructor(private readonly limit = STEPS_PER_SERIES) {}

  /** Records a gesture; a new gesture clears the redo stack. Empty gestures are ignored. Returns the step's sequence number, or -1. */
  push(step: (SliceEdit | null)[] | SliceEdit | null, seq = nextSeq++): number {
    const edits = (Array.isArray(step) ? step : [step]).filter((e): e is SliceEdit => e !== null).map(compactEdit);
    if (!edits.length) return -1;
    const s: Step = { edits, bytes: edits.reduce((a, e) => a + editBytes(e), 0), seq };
    this.done.push(s);
    this.held += s.bytes;
    if (this.done.length > this.limit) this.held -= this.done.shift()!.bytes;
    for (const u of this.undone) this.held -= u.bytes;
    this.undone = [];
    return seq;
  }

  /** The gesture to undo (apply `before` of each edit, last first), or undefined. */
  undo(): SliceEdit[] | undefined {
    const s = this.done.pop();
    if (s) this.undone.push(s);
    return s ? [...s.edits].reverse() : undefined;
  }

  /** The gesture to redo (apply `after` of each edit), or undefined. */
  redo(): SliceEdit[] | undefined {
    const s = this.undone.pop();
    if (s) this.done.push(s);
    return s?.edits;
  }

  get canUndo(): boolean { return this.done.length > 0; }
  get canRedo(): boolean { return this.undone.length > 0; }
  get undoSteps(): number { return this.done.length; }
  get redoSteps(): number { return this.undone.length; }
  /** Bytes of edit data held by both stacks. */
  get bytes(): number { return this.held; }
  get empty(): boolean { return !this.done.length && !this.undone.length; }

  /**
   * The step that can go first when memory runs short: the bottom of the undo stack (the oldest
   * recorded), or when that is empty the bottom of the redo stack (the last one to be redone).
   */
  droppable(): Step | undefined {
    return this.done[0] ?? this.undone[0];
  }

  /** Drops `droppable()`; returns the bytes freed. */
  dropOldest(): number {
    const s = this.done.length ? this.done.shift() : this.undone.shift();
    if (!s) return 0;
    this.held -= s.bytes;
    return s.bytes;
  }

  /** Drops every edit of one ROI (steps left empty go); steps of other ROIs stay where they are. */
  forgetRoi(roiId: string): void {
    const prune = (stack: Step[]) => stack.flatMap((s) => {
      if (!s.edits.some((e) => e.roiId === roiId)) return [s];
      this.held -= s.bytes;
      const edits = s.edits.filter((e) => e.roiId !== roiId);
      if (!edits.length) return [];
      const kept = { edits, bytes: edits.reduce((a, e) => a + editBytes(e), 0), seq: s.seq };
      this.held += kept.bytes;
      return [kept];
    });
    this.done = prune(this.done);
    this.undone = prune(this.undone);
  }
}

/** One EditHistory per series (see the module comment), with a memory bound over all of them. */
export class SeriesHistory {
  private readonly stacks = new Map<string, EditHistory>();
  private readonly stepsPerSeries: number;
  private readonly maxBytes: number;

  constructor(opts: { stepsPerSeries?: number; maxBytes?: number } = {}) {
    this.stepsPerSeries = opts.stepsPerSeries ?? STEPS_PER_SERIES;
    this.maxBytes = opts.maxBytes ?? HISTORY_BYTES;
  }

  /**
   * Records one gesture. `keyOf` names the series of each edit; a gesture touching several series
   * becomes one step on each (the part on that series' ROIs), each clearing only its own redo stack.
   * Returns the keys of the stacks that got a step.
   */
  push(step: (SliceEdit | null)[] | SliceEdit | null, keyOf: (e: SliceEdit) => string): string[] {
    const edits = (Array.isArray(step) ? step : [step]).filter((e): e is SliceEdit => e !== null);
    if (!edits.length) return [];
    const parts = new Map<string, SliceEdit[]>();
    for (const e of edits) {
      const k = keyOf(e);
      const p = parts.get(k);
      if (p) p.push(e); else parts.set(k, [e]);
    }
    const seq = nextSeq++;
    for (const [k, part] of parts) {
      let h = this.stacks.get(k);
      if (!h) this.stacks.set(k, (h = new EditHistory(this.stepsPerSeries)));
      h.push(part, seq);
    }
    this.enforceBudget(seq);
    return [...parts.keys()];
  }

  undo(key: string): SliceEdit[] | undefined { return this.stacks.get(key)?.undo(); }
  redo(key: string): SliceEdit[] | undefined { return this.stacks.get(key)?.redo(); }
  canUndo(key: string): boolean { return this.stacks.get(key)?.canUndo ?? false; }
  canRedo(key: string): boolean { return this.stacks.get(key)?.canRedo ?? false; }
  /** [undo steps, redo steps] of one series. */
  depth(key: string): [number, number] {
    const h = this.stacks.get(key);
    return h ? [h.undoSteps, h.redoSteps] : [0, 0];
  }

  /** Drops every step of one ROI in every series (an import replaced the ROI behind that id). */
  forgetRoi(roiId: string): void {
    for (const [k, h] of this.stacks) {
      h.forgetRoi(roiId);
      if (h.empty) this.stacks.delete(k);
    }
  }

  /** Bytes of edit data held by every series. */
  get bytes(): number {
    let n = 0;
    for (const h of this.stacks.values()) n += h.bytes;
    return n;
  }

  /** Series that hold at least one step. */
  get seriesCount(): number { return this.stacks.size; }

  /** Over the byte budget: drop the oldest droppable step of any series, never the step `keep`. */
  private enforceBudget(keep: number): void {
    let total = this.bytes;
    while (total > this.maxBytes) {
      let oldest: [string, EditHistory] | undefined;
      let oldestSeq = Infinity;
      for (const [k, h] of this.stacks) {
        const s = h.droppable();
        if (s && s.seq !== keep && s.seq < oldestSeq) { oldestSeq = s.seq; oldest = [k, h]; }
      }
      if (!oldest) return;
      total -= oldest[1].dropOldest();
      if (oldest[1].empty) this.stacks.delete(oldest[0]);
    }
  }
}
