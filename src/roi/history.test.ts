import { describe, expect, it } from 'vitest';
import { compactEdit, EditHistory, editBytes, historyKey, SeriesHistory } from './history.ts';
import { applyBrush, applyPolygon, clearSlice, redoEdit, undoEdit, type Roi, type SliceEdit } from './roi.ts';

/** An empty ROI of reader 1 / tumour on series `series` (nx × ny × nz, 1 mm voxels). */
function makeRoi(series: string, nx = 16, ny = 16, nz = 4, reader = 'reader 1', label: Roi['label'] = 'tumour'): Roi {
  return {
    id: `ST|${series}|g|${reader}|${label}`, studyInstanceUID: 'ST', seriesInstanceUID: series, groupKey: 'g', label, reader,
    createdAt: '', modifiedAt: '',
    mask: { data: new Uint8Array(nx * ny * nz), size: [nx, ny, nz], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], frameOfReferenceUID: 'F' },
  };
}

const count = (r: Roi) => r.mask.data.reduce((a, v) => a + v, 0);
/** Byte equality (toEqual on 262,144-element arrays is slow). */
const same = (x: Uint8Array, y: Uint8Array) => x.length === y.length && x.every((v, i) => v === y[i]);
const square = (x0: number, y0: number, w: number): [number, number][] => [[x0 - 0.5, y0 - 0.5], [x0 + w - 0.5, y0 - 0.5], [x0 + w - 0.5, y0 + w - 0.5], [x0 - 0.5, y0 + w - 0.5]];

/** A store in miniature: ROIs by id, one SeriesHistory, undo/redo applied to the ROIs. */
function workspace(rois: Roi[], opts?: { stepsPerSeries?: number; maxBytes?: number }) {
  const byId = new Map(rois.map((r) => [r.id, r]));
  const h = new SeriesHistory(opts);
  const keyOf = (e: SliceEdit) => historyKey(byId.get(e.roiId)!);
  return {
    h,
    record: (edits: (SliceEdit | null)[]) => h.push(edits, keyOf),
    undo: (r: Roi) => { for (const e of h.undo(historyKey(r)) ?? []) undoEdit(byId.get(e.roiId)!, e); },
    redo: (r: Roi) => { for (const e of h.redo(historyKey(r)) ?? []) redoEdit(byId.get(e.roiId)!, e); },
  };
}

describe('undo history per series', () => {
  it('interleaved edits on two series: undo on one leaves the other untouched, byte for byte', () => {
    const a = makeRoi('A'), b = makeRoi('B');
    const w = workspace([a, b]);
    w.record([applyPolygon(a, 1, square(2, 2, 4))]); // A: 16 px
    w.record([applyPolygon(b, 1, square(5, 5, 3))]); // B: 9 px
    w.record([applyPolygon(a, 2, square(2, 2, 2))]); // A: +4 px
    w.record([applyBrush(b, 2, 8, 8, 1.2)]); // B: 5 px (centre and the 4 neighbours within 1.2 mm)
    expect([count(a), count(b)]).toEqual([20, 14]);
    const aBefore = a.mask.data.slice();

    w.undo(b);
    expect(count(b)).toBe(9);
    expect(a.mask.data).toEqual(aBefore);
    w.undo(b);
    expect(count(b)).toBe(0);
    expect(a.mask.data).toEqual(aBefore);
    // B's stack is empty: a third undo on B changes nothing anywhere
    expect(w.h.canUndo(historyKey(b))).toBe(false);
    w.undo(b);
    expect(a.mask.data).toEqual(aBefore);
    expect(w.h.depth(historyKey(a))).toEqual([2, 0]);
    expect(w.h.depth(historyKey(b))).toEqual([0, 2]);

    // A's own history still undoes in A's order
    w.undo(a);
    expect(count(a)).toBe(16);
    w.redo(a);
    expect(count(a)).toBe(20);
    w.redo(b);
    expect(count(b)).toBe(9);
    expect(a.mask.data).toEqual(aBefore);
  });

  it('a new edit clears the redo stack of its own series only', () => {
    const a = makeRoi('A'), b = makeRoi('B');
    const w = workspace([a, b]);
    w.record([applyPolygon(a, 0, square(1, 1, 3))]);
    w.record([applyPolygon(b, 0, square(1, 1, 3))]);
    w.undo(a);
    w.undo(b);
    expect(w.h.canRedo(historyKey(a))).toBe(true);
    expect(w.h.canRedo(historyKey(b))).toBe(true);
    // a new edit on B: B's redo is gone, A's redo is kept
    w.record([applyPolygon(b, 3, square(6, 6, 2))]);
    expect(w.h.canRedo(historyKey(b))).toBe(false);
    expect(w.h.canRedo(historyKey(a))).toBe(true);
    w.redo(a);
    expect(count(a)).toBe(9);
    w.redo(b); // nothing to redo on B
    expect(count(b)).toBe(4);
  });

  it('the other reader and another drawing group of the same series are stacks of their own', () => {
    const r1 = makeRoi('A'), r2 = makeRoi('A', 16, 16, 4, 'reader 2');
    const other = { ...makeRoi('A'), id: 'ST|A|g2|reader 1|tumour', groupKey: 'g2' };
    expect(new Set([historyKey(r1), historyKey(r2), historyKey(other)]).size).toBe(3);
    // the two labels of one reader on one group share the series' stack
    expect(historyKey(makeRoi('A', 16, 16, 4, 'reader 1', 'reference'))).toBe(historyKey(r1));
  });

  it('a gesture spanning two series is split: undo on one reverts only its part', () => {
    const a = makeRoi('A'), b = makeRoi('B');
    const w = workspace([a, b]);
    w.record([applyPolygon(a, 1, square(2, 2, 4)), applyPolygon(a, 2, square(2, 2, 4))]);
    w.record([applyPolygon(b, 1, square(2, 2, 3))]);
    // e.g. "delete the tumour label on every series": one gesture clearing both ROIs
    const keys = w.record([clearSlice(a, 1), clearSlice(a, 2), clearSlice(b, 1)]);
    expect(keys.sort()).toEqual([historyKey(a), historyKey(b)]);
    expect([count(a), count(b)]).toEqual([0, 0]);
    w.undo(b);
    expect([count(a), count(b)]).toEqual([0, 9]);
    expect(w.h.depth(historyKey(a))).toEqual([2, 0]); // A's part is still on A's stack, on top
    w.undo(a);
    expect([count(a), count(b)]).toEqual([32, 9]);
  });

  it('keeps at most the step bound per series, counted per series', () => {
    const a = makeRoi('A', 16, 16, 1), b = makeRoi('B', 16, 16, 1);
    const w = workspace([a, b], { stepsPerSeries: 5 });
    for (let i = 0; i < 8; i++) w.record([applyBrush(a, 0, i, 0, 0.4)]); // one pixel each
    for (let i = 0; i < 3; i++) w.record([applyBrush(b, 0, i, 0, 0.4)]);
    expect(w.h.depth(historyKey(a))).toEqual([5, 0]);
    expect(w.h.depth(historyKey(b))).toEqual([3, 0]);
    for (let i = 0; i < 10; i++) w.undo(a);
    expect(count(a)).toBe(3); // the 3 oldest steps were dropped and stay drawn
    expect(count(b)).toBe(3);
  });

  it('stays under the byte budget by dropping the oldest step of any series, never the newest', () => {
    const a = makeRoi('A', 10, 10, 1), b = makeRoi('B', 10, 10, 1);
    // a step that fills a whole 10×10 slice is kept whole: 100 + 100 bytes + 64 = 264
    const fill = (r: Roi) => applyPolygon(r, 0, square(0, 0, 10));
    const w = workspace([a, b], { maxBytes: 600 });
    w.record([fill(a)]); // seq 0
    w.record([fill(b)]); // seq 1
    expect(w.h.bytes).toBe(528);
    w.record([clearSlice(a, 0)]); // seq 2: 792 > 600 → the oldest (A's first step) goes
    expect(w.h.bytes).toBe(528);
    expect(w.h.depth(historyKey(a))).toEqual([1, 0]);
    expect(w.h.depth(historyKey(b))).toEqual([1, 0]);
    w.record([fill(a)]); // seq 3: B's step is now the oldest
    expect(w.h.depth(historyKey(b))).toEqual([0, 0]);
    expect(w.h.seriesCount).toBe(1);
    // one step bigger than the whole budget is still kept (alone)
    const tiny = workspace([a], { maxBytes: 10 });
    tiny.record([clearSlice(a, 0)]);
    expect(tiny.h.depth(historyKey(a))).toEqual([1, 0]);
  });

  it('forgets the steps of one ROI (an import replaced it) and keeps the others', () => {
    const a = makeRoi('A'), ref = makeRoi('A', 16, 16, 4, 'reader 1', 'reference');
    const w = workspace([a, ref]);
    w.record([applyPolygon(a, 0, square(1, 1, 2))]);
    w.record([applyPolygon(ref, 0, square(8, 8, 2))]);
    w.record([applyPolygon(a, 1, square(1, 1, 2))]);
    w.h.forgetRoi(a.id);
    expect(w.h.depth(historyKey(a))).toEqual([1, 0]);
    w.undo(a);
    expect(count(ref)).toBe(0);
    expect(count(a)).toBe(8);
  });
});

describe('compact edits', () => {
  it('a contour on a 512×512 slice is held as its changed pixels: 6 bytes each instead of 2 whole slices', () => {
    const r = makeRoi('A', 512, 512, 1);
    const e = applyPolygon(r, 0, square(200, 200, 40))!;
    expect(e.before.length).toBe(512 * 512);
    const c = compactEdit(e);
    const n = count(r); // the pixels the contour set on an empty slice
    expect(n).toBe(1600);
    expect(c.index!.length).toBe(n);
    expect(editBytes(c)).toBe(6 * n + 64);
    expect(editBytes(e)).toBe(2 * 512 * 512 + 64);
    // undo and redo through the compact form give the same slices as the full one
    undoEdit(r, c);
    expect(count(r)).toBe(0);
    redoEdit(r, c);
    expect(same(r.mask.data, e.after)).toBe(true);
  });

  it('keeps an edit whole when most of the slice changed', () => {
    const r = makeRoi('A', 8, 8, 1);
    const e = applyPolygon(r, 0, square(0, 0, 8))!; // 64 of 64 pixels
    expect(compactEdit(e)).toBe(e);
    expect(new EditHistory().push(e)).toBeGreaterThanOrEqual(0);
  });
});

describe('against a plain model: whole-mask snapshots per series', () => {
  it('random interleaved edits, undos and redos on three series give the same masks and buttons', () => {
    // deterministic pseudo-random sequence (LCG)
    let seed = 12345;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const rois = ['A', 'B', 'C'].map((s) => makeRoi(s, 12, 12, 3));
    const w = workspace(rois, { stepsPerSeries: 6 });
    // the model: for each series, the list of its mask states and the position of the shown one
    const model = rois.map((r) => ({ states: [r.mask.data.slice()], at: 0 }));
    for (let step = 0; step < 600; step++) {
      const i = rnd(3);
      const r = rois[i], m = model[i];
      const op = rnd(10);
      if (op < 5) {
        const e = rnd(4) === 0
          ? clearSlice(r, rnd(3))
          : applyBrush(r, rnd(3), rnd(12), rnd(12), 1 + rnd(3), rnd(3) === 0 ? 'erase' : 'add');
        w.record([e]);
        if (e) {
          m.states = m.states.slice(0, m.at + 1);
          m.states.push(r.mask.data.slice());
          if (m.states.length > 7) m.states.shift(); // 6 steps = 7 states
          m.at = m.states.length - 1;
        }
      } else if (op < 8) {
        w.undo(r);
        if (m.at > 0) m.at--;
      } else {
        w.redo(r);
        if (m.at < m.states.length - 1) m.at++;
      }
      rois.forEach((x, j) => {
        expect(same(x.mask.data, model[j].states[model[j].at]), `series ${j} after step ${step}`).toBe(true);
        expect(w.h.canUndo(historyKey(x))).toBe(model[j].at > 0);
        expect(w.h.canRedo(historyKey(x))).toBe(model[j].at < model[j].states.length - 1);
      });
    }
  });
});
