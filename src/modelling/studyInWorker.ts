/**
 * Messages between the app and `workers/modelling.worker.ts`, and a small client that runs a
 * study in a worker with progress and cancellation. The worker receives the CSV texts (cohort and
 * reader-2 tables) and the spec JSON as plain values; everything else happens in the worker.
 */
import type { StudyProgress, StudyResults } from './runStudy.ts';

export type StudyWorkerRequest =
  | {
      type: 'run';
      /** cohort CSV text and its file name (used in messages) */
      csv: string;
      source: string;
      /** the study.json value (validated in the worker) */
      spec: unknown;
      /** reader-2 tables for ICC steps: key = the spec's `reader2` string */
      readers?: { key: string; csv: string; source: string }[];
      bootstrapResamples?: number;
      /** size of the bootstrap worker pool (default navigator.hardwareConcurrency, at most 8; 1 = no pool) */
      bootstrapWorkers?: number;
    }
  | { type: 'cancel' };

export type StudyWorkerReply =
  | { type: 'progress'; progress: StudyProgress }
  | { type: 'done'; results: StudyResults }
  | { type: 'error'; message: string; name: string; kind: 'spec' | 'data' | 'cancelled' | 'other' };

/** Minimal worker surface (a DOM Worker or a test stand-in). */
export interface WorkerLike {
  postMessage(m: StudyWorkerRequest): void;
  onmessage: ((e: { data: StudyWorkerReply }) => void) | null;
}

export class StudyWorkerError extends Error {
  constructor(message: string, readonly kind: 'spec' | 'data' | 'cancelled' | 'other') {
    super(message);
    this.name = 'StudyWorkerError';
  }
}

/** Run a study in `worker`; `signal` cancels it (the promise rejects with kind "cancelled"). */
export function runStudyInWorker(
  worker: WorkerLike,
  request: Extract<StudyWorkerRequest, { type: 'run' }>,
  onProgress?: (p: StudyProgress) => void,
  signal?: AbortSignal,
): Promise<StudyResults> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      const m = e.data;
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') resolve(m.results);
      else reject(new StudyWorkerError(m.message, m.kind));
    };
    signal?.addEventListener('abort', () => worker.postMessage({ type: 'cancel' }), { once: true });
    worker.postMessage(request);
  });
}
