/**
 * Thin worker entry for the DICOM index (protocol and measurements in src/dicom/indexInWorker.ts):
 * receives the files' paths, then the Files in chunks; reads each chunk's heads with one Blob read
 * per batch (src/dicom/fileHeads.ts; head size learnt from the headers seen, at most `headBytes`)
 * and any longer range from the File itself; posts progress (at
 * most 10 per second) and the StudyIndex with its timings. All indexing logic lives in
 * src/dicom/indexer.ts (the same code the CLI runs).
 */
import { indexFiles } from '../src/dicom/indexer.ts';
import { HeadSizer, readHeads } from '../src/dicom/fileHeads.ts';
import { PrefetchedSources } from '../src/dicom/prefetchedSource.ts';
import type { IndexWorkerReply, IndexWorkerRequest } from '../src/dicom/indexInWorker.ts';

const scope = self as unknown as { postMessage(m: IndexWorkerReply): void; onmessage: ((e: MessageEvent<IndexWorkerRequest>) => void) | null };
const PROGRESS_EVERY_MS = 100;

const epoch = (t: number): number => performance.timeOrigin + t;

/** The job of this worker: one index run (the page starts a new worker for the next). */
let job: {
  controller: AbortController;
  sources: PrefetchedSources;
  files: File[];
  sizer: HeadSizer;
  /** Batches of Files whose heads are still to be read, in file order. */
  queue: { first: number; files: File[] }[];
  reading: number;
  sliceMs: number;
} | null = null;

/** Batches read at once (one Blob read each), across chunks as they arrive. */
const BATCHES_IN_FLIGHT = 3;
const BATCH_FILES = 32;

/** Start reading queued batches while fewer than BATCHES_IN_FLIGHT are being read. */
function pump(j: NonNullable<typeof job>): void {
  while (j.reading < BATCHES_IN_FLIGHT && j.queue.length > 0 && !j.controller.signal.aborted) {
    const b = j.queue.shift()!;
    j.reading++;
    readHeads(b.files, (batch) => {
      j.sliceMs += batch.syncMs;
      j.sizer.learn(batch);
      j.sources.add({ ...batch, first: batch.first + b.first });
    }, { headBytes: () => j.sizer.bytes, batchFiles: b.files.length, inFlight: 1, signal: j.controller.signal })
      .catch((err: unknown) => {
        // Never leave the indexer waiting: every file of the batch gets the reason.
        const reason = err instanceof Error ? err.message : String(err);
        j.sources.add({ first: b.first, buffer: new ArrayBuffer(0), lengths: b.files.map(() => 0), sizes: b.files.map(() => 0), errors: b.files.map(() => reason), syncMs: 0 });
      })
      .finally(() => {
        j.reading--;
        pump(j);
      });
  }
}

scope.onmessage = (e: MessageEvent<IndexWorkerRequest>) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    job?.controller.abort();
    return;
  }
  if (msg.type === 'files') {
    const j = job;
    if (!j) return;
    msg.files.forEach((f, k) => (j.files[msg.first + k] = f));
    for (let k = 0; k < msg.files.length; k += BATCH_FILES) j.queue.push({ first: msg.first + k, files: msg.files.slice(k, k + BATCH_FILES) });
    pump(j);
    return;
  }
  const received = performance.now();
  const files: File[] = new Array(msg.paths.length);
  const controller = new AbortController();
  const sources = new PrefetchedSources(msg.paths, async (i, start, end) => new Uint8Array(await files[i].slice(start, end).arrayBuffer()));
  const j = (job = { controller, sources, files, sizer: new HeadSizer(msg.headBytes), queue: [], reading: 0, sliceMs: 0 });
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
          sliceMs: j.sliceMs,
        },
      });
    },
    (err: unknown) => scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : 'Error' }),
  );
};
