/**
 * Thin worker entry for the DICOM index (protocol in src/dicom/indexInWorker.ts): receives the
 * files' paths and sizes, then their heads in batches; asks the page for any other byte range;
 * posts progress (at most 10 per second) and the StudyIndex with its timings. All indexing logic
 * lives in src/dicom/indexer.ts (the same code the CLI runs).
 */
import { indexFiles } from '../src/dicom/indexer.ts';
import { PrefetchedSources } from '../src/dicom/prefetchedSource.ts';
import type { IndexWorkerReply, IndexWorkerRequest } from '../src/dicom/indexInWorker.ts';

const scope = self as unknown as { postMessage(m: IndexWorkerReply): void; onmessage: ((e: MessageEvent<IndexWorkerRequest>) => void) | null };
const PROGRESS_EVERY_MS = 100;
let controller: AbortController | null = null;
let job: PrefetchedSources | null = null;
const pendingReads = new Map<number, { resolve(b: Uint8Array): void; reject(e: Error): void }>();
let nextReadId = 1;

const epoch = (t: number): number => performance.timeOrigin + t;

function readRemote(file: number, start: number, end: number): Promise<Uint8Array> {
  const id = nextReadId++;
  return new Promise<Uint8Array>((resolve, reject) => {
    pendingReads.set(id, { resolve, reject });
    scope.postMessage({ type: 'read', id, file, start, end });
  });
}

scope.onmessage = (e: MessageEvent<IndexWorkerRequest>) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    controller?.abort();
    return;
  }
  if (msg.type === 'heads') {
    job?.add(msg.batch);
    return;
  }
  if (msg.type === 'bytes') {
    const p = pendingReads.get(msg.id);
    pendingReads.delete(msg.id);
    if (msg.buffer) p?.resolve(new Uint8Array(msg.buffer));
    else p?.reject(new Error(msg.error ?? 'the page could not read the file'));
    return;
  }
  const received = performance.now();
  controller = new AbortController();
  const sources = new PrefetchedSources(msg.paths, msg.sizes, readRemote);
  job = sources;
  let last = 0;
  indexFiles(sources.sources, {
    signal: controller.signal,
    headBytes: msg.headBytes,
    onProgress(done, total) {
      const now = performance.now();
      if (done === total || now - last >= PROGRESS_EVERY_MS) {
        last = now;
        scope.postMessage({ type: 'progress', done, total });
      }
    },
  }).then(
    (index) => {
      const built = performance.now();
      scope.postMessage({
        type: 'done',
        index,
        timings: {
          received: epoch(received),
          firstHead: sources.firstHeadAt === undefined ? undefined : epoch(sources.firstHeadAt),
          headersParsed: epoch(received + (index.stats.headersMs ?? index.stats.ms)),
          built: epoch(built),
        },
      });
    },
    (err: unknown) => scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : 'Error' }),
  );
};
