/**
 * Runs the DICOM index in a Web Worker (workers/dicomIndex.worker.ts) so the page stays
 * responsive. The page keeps the File objects: cloning 1,001 Files into a worker and reading each
 * with its own `slice().arrayBuffer()` cost Chromium ~3 s on the 2-core machine, so the page reads
 * the files' heads in batches (fileHeads.ts: one Blob read per batch) and transfers the bytes; the
 * worker parses them with the same `indexFiles` as the CLI and asks the page for any other range.
 *
 * Messages, main → worker: `start` {paths, sizes, headBytes}, `heads` {batch} (buffer transferred),
 * `bytes` {id, buffer | error} (answer to `read`), `cancel`.
 * Worker → main: `progress` {done, total} (≤ 10 per second), `read` {id, file, start, end},
 * `done` {index, timings}, `error` {message, name}.
 *
 * Timing marks (main-thread clock, for bench/viewer.bench.ts): `brw:index:first-head` (first batch
 * of heads read), `brw:index:handoff` (every head handed to the worker), `brw:index:worker-start`,
 * `brw:index:worker-first-head`, `brw:index:headers-parsed`, `brw:index:tree-built` (worker clock
 * converted), `brw:index:received` (the index is back on the main thread).
 */
import type { StudyIndex } from './types.ts';
import { readHeads, type HeadBatch } from './fileHeads.ts';

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
}

export type IndexWorkerRequest =
  | { type: 'start'; paths: string[]; sizes: number[]; headBytes: number }
  | { type: 'heads'; batch: HeadBatch }
  | { type: 'bytes'; id: number; buffer?: ArrayBuffer; error?: string }
  | { type: 'cancel' };
export type IndexWorkerReply =
  | { type: 'progress'; done: number; total: number }
  | { type: 'read'; id: number; file: number; start: number; end: number }
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

/** Path shown for a File: its webkitRelativePath, else its name (which may hold a relative path). */
export function pathOfFile(f: File): string {
  return (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

function markAt(name: string, epochMs: number | undefined): void {
  if (epochMs === undefined || typeof performance.mark !== 'function') return;
  performance.mark(name, { startTime: epochMs - performance.timeOrigin });
}

/**
 * Index `files` (Files, or Files with their paths) in a worker. `cancel()` stops it: the promise
 * then rejects with a DOMException named "AbortError".
 */
export function indexInWorker(files: readonly (File | NamedFile)[], onProgress?: (p: IndexProgress) => void): { promise: Promise<StudyIndex>; cancel(): void } {
  const list = files.map((f) => (f instanceof File ? f : f.file));
  const paths = files.map((f) => (f instanceof File ? pathOfFile(f) : f.path));
  const worker = new Worker(new URL('../../workers/dicomIndex.worker.ts', import.meta.url), { type: 'module' });
  const stop = new AbortController();
  let settle: { resolve(i: StudyIndex): void; reject(e: unknown): void } | null = null;
  const promise = new Promise<StudyIndex>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = (f: (s: NonNullable<typeof settle>) => void): void => {
    if (!settle) return;
    const s = settle;
    settle = null;
    stop.abort();
    worker.terminate();
    f(s);
  };
  const post = (m: IndexWorkerRequest, transfer: Transferable[] = []): void => {
    if (settle) worker.postMessage(m, transfer);
  };
  worker.onmessage = (e: MessageEvent<IndexWorkerReply>) => {
    const m = e.data;
    if (m.type === 'progress') onProgress?.({ done: m.done, total: m.total });
    else if (m.type === 'read') {
      list[m.file].slice(m.start, m.end).arrayBuffer().then(
        (buffer) => post({ type: 'bytes', id: m.id, buffer }, [buffer]),
        (err: unknown) => post({ type: 'bytes', id: m.id, error: messageOf(err) }),
      );
    } else if (m.type === 'done') {
      performance.mark?.('brw:index:received');
      if (m.timings) {
        markAt('brw:index:worker-start', m.timings.received);
        markAt('brw:index:worker-first-head', m.timings.firstHead);
        markAt('brw:index:headers-parsed', m.timings.headersParsed);
        markAt('brw:index:tree-built', m.timings.built);
      }
      finish((s) => s.resolve(m.index));
    } else finish((s) => s.reject(m.name === 'AbortError' ? new DOMException(m.message, 'AbortError') : new Error(m.message)));
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    finish((s) => s.reject(new Error(`the DICOM index worker failed: ${e.message || 'unknown error'}`)));
  };
  post({ type: 'start', paths, sizes: list.map((f) => f.size), headBytes: HEAD_BYTES });
  let first = true;
  readHeads(
    list,
    (batch) => {
      if (first) performance.mark?.('brw:index:first-head');
      first = false;
      post({ type: 'heads', batch }, [batch.buffer]);
    },
    { headBytes: HEAD_BYTES, signal: stop.signal },
  ).then(
    () => {
      if (settle) performance.mark?.('brw:index:handoff');
    },
    (err: unknown) => finish((s) => s.reject(new Error(`reading the files failed: ${messageOf(err)}`))),
  );
  return {
    promise,
    cancel() {
      finish((s) => s.reject(new DOMException('indexing was cancelled', 'AbortError')));
    },
  };
}
