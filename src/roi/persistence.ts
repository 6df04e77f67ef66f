/**
 * ROIs are never lost: every change is written to IndexedDB within the debounce delay (≤ 500 ms),
 * and reopening the same study restores every ROI of every reader. Masks are stored run-length
 * encoded (a 256×256×160 mask with a 30 mm lesion is ~1,000 runs), which is both small and
 * fast enough to write on every change. Storage failures (quota, private mode, blocked
 * database) are reported through `onError` and the in-memory ROIs stay untouched.
 *
 * Takes the IDBFactory as a parameter so it runs against the browser's indexedDB and, in tests,
 * fake-indexeddb.
 */
import { idbDone as done, idbRequest as request, openIdb } from '../storage/idb.ts';
import type { Roi } from './roi.ts';

const DB_NAME = 'brw-rois';
const DB_VERSION = 1;
const STORE = 'rois';

interface StoredRoi extends Omit<Roi, 'mask'> {
  mask: Omit<Roi['mask'], 'data'> & { runs: Uint32Array; values: Uint8Array; length: number };
}

/** Run-length encoding of a label mask: values[r] repeated runs[r] times. */
export function encodeRuns(data: Uint8Array): { runs: Uint32Array; values: Uint8Array } {
  let n = 0;
  for (let i = 0; i < data.length; i++) if (i === 0 || data[i] !== data[i - 1]) n++;
  const runs = new Uint32Array(n);
  const values = new Uint8Array(n);
  let r = -1;
  for (let i = 0; i < data.length; i++) {
    if (i === 0 || data[i] !== data[i - 1]) { r++; values[r] = data[i]; }
    runs[r]++;
  }
  return { runs, values };
}

export function decodeRuns(runs: Uint32Array, values: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let o = 0;
  for (let r = 0; r < runs.length; r++) {
    if (o + runs[r] > length) throw new Error('run-length data is longer than the mask');
    if (values[r]) out.fill(values[r], o, o + runs[r]);
    o += runs[r];
  }
  if (o !== length) throw new Error(`run-length data covers ${o} of ${length} voxels`);
  return out;
}


/** Turns a storage exception into a sentence for the user. */
export function describeStorageError(e: unknown): string {
  const name = (e as { name?: string })?.name ?? '';
  if (name === 'QuotaExceededError') return 'the browser storage is full (quota exceeded): ROIs are kept in memory only — export them as DICOM SEG now';
  if (name === 'InvalidStateError' || name === 'SecurityError') return 'the browser does not allow storage here (private window or blocked site data): ROIs are kept in memory only — export them as DICOM SEG';
  return `saving the ROIs failed (${(e as Error)?.message ?? String(e)}): they are kept in memory only`;
}

export class RoiStore {
  private db: Promise<IDBDatabase>;

  constructor(factory: IDBFactory) {
    this.db = openIdb(factory, DB_NAME, DB_VERSION, (db) => {
      db.createObjectStore(STORE, { keyPath: 'id' }).createIndex('study', 'studyInstanceUID');
    });
  }

  async save(rois: Roi[]): Promise<void> {
    const db = await this.db;
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    for (const roi of rois) {
      const { data, ...geometry } = roi.mask;
      const stored: StoredRoi = { ...roi, mask: { ...geometry, ...encodeRuns(data), length: data.length } };
      store.put(stored);
    }
    await done(tx);
  }

  async remove(id: string): Promise<void> {
    const db = await this.db;
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(id);
    await done(tx);
  }

  async loadStudy(studyInstanceUID: string): Promise<Roi[]> {
    const db = await this.db;
    const tx = db.transaction(STORE, 'readonly');
    const rows = await request(tx.objectStore(STORE).index('study').getAll(studyInstanceUID) as IDBRequest<StoredRoi[]>);
    return rows.map(({ mask: { runs, values, length, ...geometry }, ...rest }) => {
      try {
        return { ...rest, mask: { ...geometry, data: decodeRuns(runs, values, length) } };
      } catch (e) {
        throw new Error(`stored ROI ${rest.id} is damaged: ${(e as Error).message}`);
      }
    });
  }
}

/**
 * Debounced autosave: `touch(roi)` marks an ROI dirty; the dirty set is written at most `delayMs`
 * after the first change (never postponed indefinitely by continuous drawing). `flush()` writes now.
 * `onBusy(true)` when a change becomes pending after everything was written, `onBusy(false)` once
 * every change is written (a failed write keeps it pending), so "Saved" is never shown early.
 */
export class Autosaver {
  private dirty = new Map<string, Roi>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private busy = false;
  /** Milliseconds the last write took, for the status bar and the benchmark. */
  lastWriteMs = 0;

  constructor(
    private readonly store: Pick<RoiStore, 'save'>,
    private readonly opts: { delayMs?: number; onError?(message: string): void; onSaved?(ids: string[]): void; onBusy?(busy: boolean): void } = {},
  ) {}

  private setBusy(b: boolean): void {
    if (b === this.busy) return;
    this.busy = b;
    this.opts.onBusy?.(b);
  }

  touch(roi: Roi): void {
    this.dirty.set(roi.id, roi);
    this.setBusy(true);
    if (this.timer === null) this.timer = setTimeout(() => void this.flush(), this.opts.delayMs ?? 300);
  }

  get pending(): number {
    return this.dirty.size;
  }

  flush(): Promise<void> {
    if (this.timer !== null) { clearTimeout(this.timer); this.timer = null; }
    const batch = [...this.dirty.values()];
    this.dirty.clear();
    if (!batch.length) return this.writing;
    this.inFlight++;
    this.writing = this.writing.then(async () => {
      const t0 = performance.now();
      try {
        await this.store.save(batch);
        this.lastWriteMs = performance.now() - t0;
        this.opts.onSaved?.(batch.map((r) => r.id));
      } catch (e) {
        // keep them dirty so the next change retries; the in-memory ROIs are untouched
        for (const r of batch) if (!this.dirty.has(r.id)) this.dirty.set(r.id, r);
        this.opts.onError?.(describeStorageError(e));
      } finally {
        this.inFlight--;
        if (this.inFlight === 0 && this.dirty.size === 0) this.setBusy(false);
      }
    });
    return this.writing;
  }
}
