import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { DrawingTarget } from './rois.ts';

const geometry: DrawingTarget['geometry'] = { size: [32, 32, 6], spacing: [0.7, 0.7, 2.5], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], frameOfReferenceUID: 'F1' };
/** Pixel centres 4…13 in x and y: 100 pixels. */
const square: [number, number][] = [[3.5, 3.5], [13.5, 3.5], [13.5, 13.5], [3.5, 13.5]];
/** Pixel centres 20…25: 36 pixels. */
const small: [number, number][] = [[19.5, 19.5], [25.5, 19.5], [25.5, 25.5], [19.5, 25.5]];

async function freshStore() {
  vi.resetModules();
  return (await import('./rois.ts'));
}

const voxels = (useRois: Awaited<ReturnType<typeof freshStore>>['useRois'], series: string) =>
  Object.values(useRois.getState().rois).filter((r) => r.seriesInstanceUID === series).reduce((a, r) => a + r.mask.data.reduce((b, v) => b + v, 0), 0);

describe('undo / redo per series in the annotations store', () => {
  it('Ctrl+Z on series B never changes the ROI of series A; each series undoes and redoes its own edits', async () => {
    const { useRois } = await freshStore();
    const study = 'UNDO-STUDY';
    const a: DrawingTarget = { studyInstanceUID: study, seriesInstanceUID: 'DCE', groupKey: 'phase-1', geometry };
    const b: DrawingTarget = { studyInstanceUID: study, seriesInstanceUID: 'DWI', groupKey: 'b-800', geometry: { ...geometry, size: [32, 32, 4] } };
    const st = () => useRois.getState();

    await st().open(a);
    st().drawContour(2, square);
    st().drawContour(3, small);
    await st().open(b);
    // B has no history yet: the buttons are off although A has two steps
    expect([st().canUndo, st().canRedo]).toEqual([false, false]);
    st().drawContour(1, small);
    expect([voxels(useRois, 'DCE'), voxels(useRois, 'DWI')]).toEqual([136, 36]);
    expect(st().canUndo).toBe(true);

    st().undo('DWI');
    expect([voxels(useRois, 'DCE'), voxels(useRois, 'DWI')]).toEqual([136, 0]);
    expect([st().canUndo, st().canRedo]).toEqual([false, true]);
    st().undo('DWI'); // B's stack is empty: nothing happens, A keeps both edits
    st().undo();
    expect([voxels(useRois, 'DCE'), voxels(useRois, 'DWI')]).toEqual([136, 0]);

    // the viewer already shows A but the store's target is still B: nothing is undone
    st().undo('DCE');
    expect(voxels(useRois, 'DCE')).toBe(136);

    await st().open(a);
    expect([st().canUndo, st().canRedo]).toEqual([true, false]);
    st().undo('DCE');
    expect(voxels(useRois, 'DCE')).toBe(100);
    // a new edit on A clears A's redo, not B's
    st().drawContour(4, small);
    expect([st().canUndo, st().canRedo]).toEqual([true, false]);
    await st().open(b);
    expect([st().canUndo, st().canRedo]).toEqual([false, true]);
    st().redo('DWI');
    expect([voxels(useRois, 'DCE'), voxels(useRois, 'DWI')]).toEqual([136, 36]);
  });

  it('phases of one DCE series share the stack; the other reader has a stack of its own', async () => {
    const { useRois } = await freshStore();
    const p1: DrawingTarget = { studyInstanceUID: 'UNDO-PHASES', seriesInstanceUID: 'DCE', groupKey: 'phase-1', geometry };
    const st = () => useRois.getState();
    await st().open(p1);
    st().drawContour(2, square);
    await st().open({ ...p1, groupKey: 'phase-4' }); // same grid: same drawing target, same history
    expect(st().canUndo).toBe(true);
    st().setReader('reader 2');
    expect(st().canUndo).toBe(false);
    st().drawContour(2, small);
    st().undo('DCE');
    expect(voxels(useRois, 'DCE')).toBe(100); // reader 1's contour stays
    st().setReader('reader 1');
    expect([st().canUndo, st().canRedo]).toEqual([true, false]);
    st().undo('DCE');
    expect(voxels(useRois, 'DCE')).toBe(0);
  });

  it('autosave still writes undo and redo; after a reload the ROIs are back and the history starts empty', async () => {
    const { useRois, flushRois } = await freshStore();
    const study = 'UNDO-RELOAD';
    const a: DrawingTarget = { studyInstanceUID: study, seriesInstanceUID: 'DCE', groupKey: 'phase-1', geometry };
    const b: DrawingTarget = { studyInstanceUID: study, seriesInstanceUID: 'DWI', groupKey: 'b-800', geometry };
    const st = () => useRois.getState();
    await st().open(a);
    st().drawContour(2, square);
    await st().open(b);
    st().drawContour(1, small);
    st().drawContour(2, square);
    st().undo('DWI');
    expect(st().saving).toBe(true);
    await flushRois();
    expect(st().saving).toBe(false);
    expect(st().saveError).toBeNull();

    const again = await freshStore();
    await again.useRois.getState().open(b);
    expect([voxels(again.useRois, 'DCE'), voxels(again.useRois, 'DWI')]).toEqual([100, 36]);
    expect([again.useRois.getState().canUndo, again.useRois.getState().canRedo]).toEqual([false, false]);
  });

  it('an import that replaces an ROI object drops the steps recorded on the old one', async () => {
    const { useRois } = await freshStore();
    const t: DrawingTarget = { studyInstanceUID: 'UNDO-IMPORT', seriesInstanceUID: 'DCE', groupKey: 'phase-1', geometry };
    const st = () => useRois.getState();
    await st().open(t);
    st().drawContour(2, square);
    st().undo('DCE'); // the ROI is empty, its slot can take an import; the drawn step is on the redo stack
    expect(st().canRedo).toBe(true);
    const old = st().currentRoi()!;
    const data = new Uint8Array(old.mask.data.length);
    data[5] = 1;
    st().addImported([{ ...old, mask: { ...old.mask, data } }]);
    expect(st().canRedo).toBe(false);
    st().redo('DCE');
    expect(voxels(useRois, 'DCE')).toBe(1);
  });
});
