import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { Autosaver, describeStorageError, RoiStore } from './persistence.ts';
import { applyPolygon, type Roi } from './roi.ts';

function roi(id: string, study = 'S1', reader = 'reader 1'): Roi {
  const size: [number, number, number] = [64, 64, 20];
  return {
    id, studyInstanceUID: study, seriesInstanceUID: 'SE', groupKey: 'p1', label: 'tumour', reader, createdAt: '2026-11-23T00:00:00Z', modifiedAt: '2026-11-23T00:00:00Z',
    mask: { data: new Uint8Array(64 * 64 * 20), size, spacing: [0.7, 0.7, 2], origin: [1, 2, 3], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], frameOfReferenceUID: 'F' },
  };
}

describe('ROI persistence (IndexedDB)', () => {
  it('restores every ROI of every reader of a study, voxel for voxel, after a "reload" (new store on the same database)', async () => {
    const idb = new IDBFactory();
    const a = roi('a'); applyPolygon(a, 5, [[10, 10], [30, 12], [25, 40]]);
    const b = roi('b', 'S1', 'reader 2'); applyPolygon(b, 6, [[11, 10], [31, 12], [24, 41]]);
    const c = roi('c', 'S2');
    await new RoiStore(idb).save([a, b, c]);
    const back = await new RoiStore(idb).loadStudy('S1');
    expect(back.map((r) => r.id).sort()).toEqual(['a', 'b']);
    const a2 = back.find((r) => r.id === 'a')!;
    expect(Buffer.from(a2.mask.data).equals(Buffer.from(a.mask.data))).toBe(true);
    expect(a2.mask.origin).toEqual([1, 2, 3]);
    expect(back.find((r) => r.id === 'b')!.reader).toBe('reader 2');
  });

  it('autosave writes within the debounce delay and batches a burst of edits into one write', async () => {
    vi.useFakeTimers();
    try {
      const saves: string[][] = [];
      const saver = new Autosaver({ save: async (rs) => { saves.push(rs.map((r) => r.id)); } }, { delayMs: 300 });
      const r = roi('x');
      for (let i = 0; i < 10; i++) { saver.touch(r); await vi.advanceTimersByTimeAsync(20); }
      expect(saves).toEqual([]); // 200 ms in: not yet
      await vi.advanceTimersByTimeAsync(120); // 320 ms after the first edit
      expect(saves).toEqual([['x']]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports busy from the first pending change until every change is written, and stays busy after a failed write', async () => {
    let fail = false;
    const busy: boolean[] = [];
    const saver = new Autosaver({ save: async () => { if (fail) throw new Error('disk'); } }, { delayMs: 300, onBusy: (b) => busy.push(b), onError: () => {} });
    const r = roi('s');
    saver.touch(r);
    saver.touch(r);
    expect(busy).toEqual([true]); // once, at the first change
    const first = saver.flush();
    saver.touch(r); // a change while the first write is in flight
    await first;
    expect(busy).toEqual([true]); // still pending: the second change is not written
    await saver.flush();
    expect(busy).toEqual([true, false]);
    fail = true;
    saver.touch(r);
    await saver.flush();
    expect(busy).toEqual([true, false, true]); // the failed write keeps it pending
    expect(saver.pending).toBe(1);
    fail = false;
    await saver.flush();
    expect(busy).toEqual([true, false, true, false]);
  });

  it('a storage failure is reported in words and the ROI stays pending in memory for the next try', async () => {
    const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    const errors: string[] = [];
    const saver = new Autosaver({ save: async () => { throw quota; } }, { onError: (m) => errors.push(m) });
    const r = roi('q');
    applyPolygon(r, 1, [[1, 1], [9, 1], [9, 9]]);
    const before = r.mask.data.slice();
    saver.touch(r);
    await saver.flush();
    expect(errors[0]).toMatch(/storage is full/);
    expect(saver.pending).toBe(1);
    expect(Buffer.from(r.mask.data).equals(Buffer.from(before))).toBe(true);
  });

  it('describes private-mode refusals', () => {
    expect(describeStorageError(Object.assign(new Error('x'), { name: 'InvalidStateError' }))).toMatch(/private window/);
  });
});

describe('run-length storage of masks', () => {
  it('decodes to the identical mask, including labels and edges', async () => {
    const { encodeRuns, decodeRuns } = await import('./persistence.ts');
    const data = new Uint8Array(1000);
    data.fill(1, 10, 400); data.fill(2, 400, 410); data[0] = 1; data[999] = 2;
    const { runs, values } = encodeRuns(data);
    expect(runs.length).toBe(6);
    expect(Buffer.from(decodeRuns(runs, values, 1000)).equals(Buffer.from(data))).toBe(true);
    expect(() => decodeRuns(runs, values, 999)).toThrow(/longer than the mask/);
  });
});
