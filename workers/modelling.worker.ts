/**
 * Thin worker entry for studies: receives `{ type: 'run', csv, source, spec, readers }`, posts
 * progress (at most every 100 ms, and every stage change) and the results; `{ type: 'cancel' }`
 * aborts a running study between stages / bootstrap resamples. All logic lives in src/modelling.
 *
 * The whole-pipeline bootstrap runs in a pool of sub-workers (workers/bootstrap.worker.ts) that
 * this worker owns: `navigator.hardwareConcurrency` of them (at most 8), or `bootstrapWorkers` of
 * the request; 1, or no `Worker` in this scope (tests under Node), runs it here. Cancel aborts the
 * signal, which terminates the whole pool. Results are identical whatever the pool size.
 */
import { poolSize, runBootstrapPool, type PoolWorker } from '../src/modelling/bootstrapPool.ts';
import { CohortDataError, parseCohortCsv, type CohortTable } from '../src/modelling/csv.ts';
import { runStudyAsync, type RunStudyOptions } from '../src/modelling/runStudy.ts';
import { StudySpecError, parseStudySpec } from '../src/modelling/spec.ts';
import type { StudyWorkerReply, StudyWorkerRequest } from '../src/modelling/studyInWorker.ts';

const scope = self as unknown as { postMessage(m: StudyWorkerReply): void; onmessage: ((e: MessageEvent<StudyWorkerRequest>) => void) | null };
let controller: AbortController | null = null;

scope.onmessage = (e: MessageEvent<StudyWorkerRequest>) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    controller?.abort();
    return;
  }
  controller = new AbortController();
  const signal = controller.signal;
  let last = 0;
  let lastStage = '';
  void (async () => {
    try {
      const spec = parseStudySpec(msg.spec, 'study.json');
      const table = parseCohortCsv(msg.csv, msg.source);
      const readers = new Map<string, CohortTable>((msg.readers ?? []).map((r) => [r.key, parseCohortCsv(r.csv, r.source)]));
      const B = msg.bootstrapResamples ?? spec.bootstrap?.n ?? 0;
      const available = msg.bootstrapWorkers ?? (typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 1);
      const size = typeof Worker === 'undefined' ? 1 : poolSize(available, B);
      const spawn = (): PoolWorker => new Worker(new URL('./bootstrap.worker.ts', import.meta.url), { type: 'module' }) as unknown as PoolWorker;
      const pool: RunStudyOptions['bootstrapPool'] = size > 1 ? (job, resamples, onDone, sig) => runBootstrapPool(job, resamples, spawn, size, onDone, sig) : undefined;
      const results = await runStudyAsync(table, spec, {
        readers,
        signal,
        bootstrapResamples: msg.bootstrapResamples,
        bootstrapPool: pool,
        onProgress(p) {
          const now = performance.now();
          if (p.stage !== lastStage || p.done === p.total || now - last > 100) {
            last = now;
            lastStage = p.stage;
            scope.postMessage({ type: 'progress', progress: p });
          }
        },
      });
      scope.postMessage({ type: 'done', results });
    } catch (err) {
      const kind = signal.aborted ? 'cancelled' : err instanceof StudySpecError ? 'spec' : err instanceof CohortDataError ? 'data' : 'other';
      scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : 'Error', kind });
    }
  })();
};
