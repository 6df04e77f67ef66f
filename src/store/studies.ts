/**
 * The studies store: the local files the user opened, the study index built from them (in the
 * DICOM index worker), indexing progress, decode failures reported by the viewer, and the series
 * group on screen. Nothing here is uploaded; Files stay in this tab's memory.
 *
 * New files ADD to what is loaded: the index is rebuilt over the union of all files, and only
 * replaces the previous one when indexing succeeds, so one bad file (or a cancelled drop) never
 * removes what is already loaded.
 */
import { create } from 'zustand';
import type { IndexError, SeriesIndexEntry, StudyIndex } from '../dicom/types.ts';
import { indexInWorker, prewarmIndexWorker } from '../dicom/indexInWorker.ts';

/** A file the user opened, with the path every message and FrameRef uses. */
export interface LocalFile {
  path: string;
  file: File;
}

export interface Selection {
  seriesInstanceUID: string;
  groupKey: string;
}

interface StudiesState {
  /** Path → File of everything opened in this tab. */
  files: Map<string, File>;
  index: StudyIndex | null;
  /** Indexing in progress: files done / total; null when idle. */
  progress: { done: number; total: number } | null;
  /** Why the last indexing run did not replace the index (cancelled, worker crashed), or null. */
  indexMessage: { kind: 'cancelled' | 'failed'; detail?: string } | null;
  /** Decode failures reported by the viewer after indexing, each naming its file. */
  loadFailures: IndexError[];
  selected: Selection | null;
  /** Index `incoming` together with everything already open. */
  addFiles(incoming: LocalFile[]): Promise<void>;
  cancelIndexing(): void;
  select(sel: Selection): void;
  addLoadFailure(f: IndexError): void;
}

let cancelCurrent: (() => void) | null = null;

/**
 * Paths must be unique: a second file arriving under a path already taken by a different file
 * (another drop with the same folder name) is renamed `path (2)`, `path (3)`, …; the very same
 * file opened twice (same size and modification time) is ignored.
 */
export function mergeFiles(existing: ReadonlyMap<string, File>, incoming: readonly LocalFile[]): { files: Map<string, File>; added: number } {
  const files = new Map(existing);
  let added = 0;
  for (const { path, file } of incoming) {
    const same = files.get(path);
    if (same && same.size === file.size && same.lastModified === file.lastModified) continue;
    let p = path;
    for (let n = 2; files.has(p); n++) p = `${path} (${n})`;
    files.set(p, file);
    added++;
  }
  return { files, added };
}

/** The group to open after indexing: the DCE default (first post-contrast), else the first series' default. */
export function defaultSelection(index: StudyIndex): Selection | null {
  const dce = index.series.find((s) => s.kind === 'dce');
  const s: SeriesIndexEntry | undefined = dce ?? index.series[0];
  return s ? { seriesInstanceUID: s.seriesInstanceUID, groupKey: s.defaultGroup || s.groups[0]?.key } : null;
}

export const useStudies = create<StudiesState>((set, get) => ({
  files: new Map(),
  index: null,
  progress: null,
  indexMessage: null,
  loadFailures: [],
  selected: null,

  async addFiles(incoming) {
    if (incoming.length === 0) return;
    cancelCurrent?.();
    const { files } = mergeFiles(get().files, incoming);
    // Paths travel beside the Files: re-wrapping 1,001 Files under their paths cost Chromium ~1 s.
    const list = [...files].map(([path, file]) => ({ path, file }));
    performance.mark('brw:index-start');
    set({ progress: { done: 0, total: list.length }, indexMessage: null });
    // Progress arrives at most 10 times a second (the worker throttles it).
    const job = indexInWorker(list, (p: { done: number; total: number }) => set({ progress: { done: p.done, total: p.total } }));
    cancelCurrent = job.cancel;
    try {
      const index = await job.promise;
      if (cancelCurrent !== job.cancel) return; // superseded by a newer drop
      performance.mark('brw:indexed');
      const keep = get().selected;
      const stillThere = keep && index.series.some((s) => s.seriesInstanceUID === keep.seriesInstanceUID);
      set({ files, index, progress: null, selected: stillThere ? keep : defaultSelection(index) });
      performance.mark('brw:index:store-updated');
    } catch (e) {
      if (cancelCurrent !== job.cancel) return;
      const cancelled = e instanceof DOMException && e.name === 'AbortError';
      set({ progress: null, indexMessage: cancelled ? { kind: 'cancelled' } : { kind: 'failed', detail: e instanceof Error ? e.message : String(e) } });
    } finally {
      if (cancelCurrent === job.cancel) cancelCurrent = null;
      prewarmIndexWorker(); // ready for the next drop
    }
  },

  cancelIndexing() {
    const c = cancelCurrent;
    cancelCurrent = null;
    c?.();
    set({ progress: null, indexMessage: { kind: 'cancelled' } });
  },

  select(sel) {
    set({ selected: sel });
  },

  addLoadFailure(f) {
    const have = get().loadFailures;
    if (!have.some((x) => x.file === f.file && x.reason === f.reason)) set({ loadFailures: [...have, f] });
  },
}));
