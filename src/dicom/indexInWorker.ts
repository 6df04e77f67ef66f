/**
 * Runs the DICOM index in a Web Worker (workers/dicomIndex.worker.ts) so the page stays
 * responsive.
 *
 * Where the time went in Chromium (1,001 picked files, 2-core machine): every picked File's first
 * `size` (or structured clone, which takes the same snapshot) is a synchronous round trip to the
 * browser process, ~0.5 ms each; every `slice()` and `new Blob()` another; every separate
 * `arrayBuffer()` read a further ~2 ms. So the page only hands the Files over, in chunks (the
 * clone is the snapshot it would pay anyway, and is ~free once taken); the worker glues each
 * batch's head slices into one Blob and reads it once (fileHeads.ts), then parses with the same
 * `indexFiles` as the CLI while the next chunk is handed over.
 *
 * Messages, main → worker: `start` {paths, headBytes}, `files` {first, files} (a chunk, in
 * order), `cancel`. Worker → main: `progress` {done, total} (≤ 10 per second), `done` {index,
 * timings}, `error` {message, name}.
 *
 * Timing marks (main-thread clock, for bench/viewer.bench.ts): `brw:index:first-chunk` (first
 * chunk of Files handed over), `brw:index:handoff` (all Files handed over; detail: the ms the page
 * was blocked doing it), `brw:index:worker-start`, `brw:index:worker-first-head`,
 * `brw:index:headers-parsed`, `brw:index:tree-built` (worker clock converted; the mark
 * `brw:index:tree-built` carries the worker's ms blocked slicing in its detail),
 * `brw:index:received` (the index is back on the main thread).
 */
import type { StudyIndex } from './types.ts';

export interface IndexProgress {
  done: number;
  total: number;
}

/** Worker milestones as epoch milliseconds (performance.timeOrigin + now), comparable across threads. */
export interface IndexWorkerTimings {
  received: number;
  firstHead?: number;
  headersParsed: number;
  built: number;
  /** Milliseconds the worker was blocked taking slices and gluing batches. */
  sliceMs: number;
}

export type IndexWorkerRequest =
  | { type: 'start'; paths: string[]; headBytes: number }
  | { type: 'files'; first: number; files: File[] }
  | { type: 'cancel' };
export type IndexWorkerReply =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; index: StudyIndex; timings?: IndexWorkerTimings }
  | { type: 'error'; message: string; name: string };

/** A File with the path every message and FrameRef uses. */
export interface NamedFile {
  path: string;
  file: File;
}

/**
 * Bytes of each file read up front. Vendor MR headers (Siemens CSA, GE private groups) are often
 * ~16.9 KiB; 32 KiB covers 97 % of the files in shared/data/dicom (the generated DCE's: 1.7 KiB).
 * Longer headers are read again on demand (×4 each time).
 */
export const HEAD_BYTES = 32 * 1024;

/** Files per `files` message: the page is blocked ~0.5 ms per not-yet-snapshotted File. */
export const HANDOFF_CHUNK = 64;

/** Path shown for a File: its webkitRelativePath, else its name (which may hold a relative path). */
export function pathOfFile(f: File): string {
  return (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
}

function markAt(name: string, epochMs: number | undefined, detail?: unknown): void {
  if (epochMs === undefined || typeof performance.mark !== 'function') return;
  performance.mark(name, { startTime: epochMs - performance.timeOrigin, detail });
}

/** Let the page paint and handle input between chunks. */
function yieldToPage(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return s?.yield ? s.yield() : new Promise((r) => setTimeout(r, 0));
}

/** A started, idle index worker: starting one costs ~0.1–0.5 s (script fetch and compile), paid before the files arrive. */
let spare: Worker | null = null;

function startWorker(): Worker {
  return new Worker(new URL('../../workers/dicomIndex.worker.ts', import.meta.url), { type: 'module' });
}

/** Start an index worker ahead of time (when the open buttons show, after each run); the next `indexInWorker` takes it. */
export function prewarmIndexWorker(): void {
  if (!spare && typeof Worker !== 'undefined') spare = startWorker();
}

/**
 * Index `files` (Files, or Files with their paths) in a worker. `cancel()` stops it: the promise
 * then rejects with a DOMException named "AbortError".
 */
export function indexInWorker(files: readonly (File | NamedFile)[], onProgress?: (p: IndexProgress) => void): { promise: Promise<StudyIndex>; cancel(): void } {
  const list = files.map((f) => (f instanceof File ? f : f.file));
  const paths = files.map((f) => (f instanceof File ? pathOfFile(f) : f.path));
  const worker = spare ?? startWorker();
  spare = null;
  let settle: { resolve(i: StudyIndex): void; reject(e: unknown): void } | null = null;
  const promise = new Promise<StudyIndex>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = (f: (s: NonNullable<typeof settle>) => void): void => {
    if (!settle) return;
    const s = settle;
    settle = null;
    worker.terminate();
    f(s);
  };
  worker.onmessage = (e: MessageEvent<IndexWorkerReply>) => {
    const m = e.data;
    if (m.type === 'progress') onProgress?.({ done: m.done, total: m.total });
    else if (m.type === 'done') {
      performance.mark?.('brw:index:received');
      if (m.timings) {
        markAt('brw:index:worker-start', m.timings.received);
        markAt('brw:index:worker-first-head', m.timings.firstHead);
        markAt('brw:index:headers-parsed', m.timings.headersParsed);
        markAt('brw:index:tree-built', m.timings.built, { workerSliceMs: Math.round(m.timings.sliceMs) });
      }
      finish((s) => s.resolve(m.index));
    } else finish((s) => s.reject(m.name === 'AbortError' ? new DOMException(m.message, 'AbortError') : new Error(m.message)));
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    finish((s) => s.reject(new Error(`the DICOM index worker failed: ${e.message || 'unknown error'}`)));
  };
  worker.postMessage({ type: 'start', paths, headBytes: HEAD_BYTES } satisfies IndexWorkerRequest);
  void (async () => {
    let blockedMs = 0;
    for (let first = 0; first < list.length && settle; first += HANDOFF_CHUNK) {
      const t = performance.now();
      worker.postMessage({ type: 'files', first, files: list.slice(first, first + HANDOFF_CHUNK) } satisfies IndexWorkerRequest);
      blockedMs += performance.now() - t;
      if (first === 0) performance.mark?.('brw:index:first-chunk');
      await yieldToPage();
    }
    if (settle) performance.mark?.('brw:index:handoff', { detail: { pageBlockedMs: Math.round(blockedMs) } });
  })();
  return {
    promise,
    cancel() {
      finish((s) => s.reject(new DOMException('indexing was cancelled', 'AbortError')));
    },
  };
}
