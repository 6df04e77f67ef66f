/**
 * The whole-pipeline bootstrap spread over a pool of workers (browser Web Workers or Node
 * `worker_threads`; the same messages and the same chunk function, {@link bootstrapRunner}).
 *
 * Determinism: the resample rows are all drawn BEFORE the pool starts, in order, from the seeded
 * RNG (`drawResamples` in runStudy.ts); each worker refits the pipelines on the resamples it is
 * given and returns one outcome row per resample; rows are put back at their resample index. The
 * summary (optimism, failures, naive estimate) is then computed in resample order on the calling
 * side, so the results are identical to the serial loop whatever the pool size or the order in
 * which chunks finish. The job is plain data (structured-cloned to each worker once), including
 * its `lean` flag and the main fit's correlation removals (`correlationHints`): lean refits skip
 * work whose output the bootstrap discards and never change an outcome (see runStudy.ts).
 *
 * Who owns the pool: in the browser the modelling worker (`workers/modelling.worker.ts`) spawns
 * the sub-workers (`workers/bootstrap.worker.ts`) itself, so the app's main thread is not involved
 * and the `runStudyInWorker` client is unchanged; cancelling the study aborts the signal, which
 * terminates every sub-worker at once. In the CLI, `study --workers N` spawns
 * `workers/bootstrapNode.worker.ts` threads.
 */
import { bootstrapRunner, type BootstrapJob, type ResampleOutcome } from './runStudy.ts';

export type PoolRequest =
  | { type: 'init'; job: BootstrapJob }
  | { type: 'chunk'; first: number; resamples: Int32Array[] };

export type PoolReply =
  | { type: 'chunk'; first: number; outcomes: ResampleOutcome[][] }
  | { type: 'error'; message: string };

/** What the pool needs of a worker (a DOM Worker, or an adapter around a Node worker thread). */
export interface PoolWorker {
  postMessage(m: PoolRequest): void;
  onmessage: ((e: { data: PoolReply }) => void) | null;
  onerror: ((e: unknown) => void) | null;
  terminate(): void;
}

/** Default number of workers: the available parallelism, at most `cap` and at most one per resample. */
export function poolSize(available: number, resamples: number, cap = 8): number {
  const a = Number.isFinite(available) && available >= 1 ? Math.floor(available) : 1;
  return Math.max(1, Math.min(a, cap, resamples));
}

/** Resamples per message: small enough for progress and balance, large enough to amortise messages. */
export function chunkSize(resamples: number, workers: number): number {
  return Math.max(1, Math.min(25, Math.ceil(resamples / (workers * 4))));
}

/**
 * The worker side: answers `init` (sets the study up once) and `chunk` (refits the given
 * resamples). A worker entry wires this to its message port.
 */
export function bootstrapWorkerHandler(post: (r: PoolReply) => void): (m: PoolRequest) => void {
  let run: ((r: readonly Int32Array[]) => ResampleOutcome[][]) | null = null;
  return (m) => {
    try {
      if (m.type === 'init') {
        run = bootstrapRunner(m.job);
        return;
      }
      if (!run) throw new Error('bootstrap worker: chunk before init');
      post({ type: 'chunk', first: m.first, outcomes: run(m.resamples) });
    } catch (e) {
      post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
}

/**
 * Refit `resamples` in `size` workers from `spawn`; resolves with one outcome row per resample,
 * in resample order. `onDone(count)` after each chunk. Aborting `signal`, a worker error, or the
 * end of the run terminates every worker.
 */
export function runBootstrapPool(
  job: BootstrapJob,
  resamples: readonly Int32Array[],
  spawn: () => PoolWorker,
  size: number,
  onDone?: (done: number) => void,
  signal?: AbortSignal,
): Promise<ResampleOutcome[][]> {
  const B = resamples.length;
  const out: (ResampleOutcome[] | undefined)[] = new Array<ResampleOutcome[] | undefined>(B);
  if (B === 0) return Promise.resolve([]);
  const nWorkers = Math.max(1, Math.min(size, B));
  const step = chunkSize(B, nWorkers);
  return new Promise((resolve, reject) => {
    const workers: PoolWorker[] = [];
    let next = 0;
    let done = 0;
    let finished = false;
    const stop = (): void => {
      finished = true;
      for (const w of workers) {
        w.onmessage = null;
        w.onerror = null;
        try { w.terminate(); } catch { /* already gone */ }
      }
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (message: string): void => {
      if (finished) return;
      stop();
      reject(new Error(message));
    };
    const onAbort = (): void => fail('study cancelled');
    if (signal?.aborted) { reject(new Error('study cancelled')); return; }
    signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (w: PoolWorker): void => {
      if (next >= B) return;
      const first = next;
      next = Math.min(B, next + step);
      w.postMessage({ type: 'chunk', first, resamples: resamples.slice(first, next) });
    };
    for (let k = 0; k < nWorkers; k++) {
      let w: PoolWorker;
      try {
        w = spawn();
      } catch (e) {
        fail(`bootstrap pool: cannot start a worker: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      workers.push(w);
      w.onmessage = (e) => {
        if (finished) return;
        const m = e.data;
        if (m.type === 'error') { fail(m.message); return; }
        m.outcomes.forEach((row, j) => { out[m.first + j] = row; });
        done += m.outcomes.length;
        onDone?.(done);
        if (done === B) {
          stop();
          resolve(out as ResampleOutcome[][]);
        } else feed(w);
      };
      w.onerror = (e) => fail(`bootstrap worker failed: ${e instanceof Error ? e.message : (e as { message?: string })?.message ?? String(e)}`);
      w.postMessage({ type: 'init', job });
      feed(w);
    }
  });
}
