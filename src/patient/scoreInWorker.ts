/**
 * The patient's prediction computed in a Web Worker (`scoreCard.worker.ts`) when it is slow:
 * a KNN card's bootstrap interval. Logistic / LASSO cards are scored on the page (microseconds).
 * Without Worker support (Node, tests) the card is applied in place.
 */
import type { applyModelCard as ApplyFn, CardPrediction, PatientInputs } from '../modelcard/applyModelCard.ts';
import type { ModelCard } from '../modelcard/modelCard.ts';

export interface ScoreRequest { id: number; card: ModelCard; inputs: PatientInputs }
export type ScoreReply = { id: number; result: CardPrediction } | { id: number; error: string };

/** The worker's whole job, separated so it can be tested without a worker. */
export function handleScoreMessage(msg: unknown, apply: typeof ApplyFn): ScoreReply {
  const m = msg as Partial<ScoreRequest>;
  const id = typeof m?.id === 'number' ? m.id : -1;
  if (id < 0 || !m.card || !m.inputs) return { id, error: 'score worker: the message needs id, card and inputs' };
  try { return { id, result: apply(m.card, m.inputs) }; } catch (e) { return { id, error: (e as Error).message }; }
}

/** True when applying the card is slow enough to leave the page's thread (KNN bootstrap). */
export function needsWorker(card: ModelCard): boolean {
  return card.model.kind === 'knn';
}

export interface WorkerLike {
  postMessage(m: unknown): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  terminate(): void;
}

const defaultWorker = (): WorkerLike => new Worker(new URL('./scoreCard.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;

/**
 * Scores one patient in a fresh worker; `cancel()` terminates it (the promise then never
 * settles: the caller has moved on). Rejects with the card's error message.
 */
export function scoreInWorker(card: ModelCard, inputs: PatientInputs, makeWorker: () => WorkerLike = defaultWorker): { promise: Promise<CardPrediction>; cancel(): void } {
  const w = makeWorker();
  const promise = new Promise<CardPrediction>((resolve, reject) => {
    w.onmessage = (e) => {
      const r = e.data as ScoreReply;
      w.terminate();
      if ('result' in r) resolve(r.result); else reject(new Error(r.error));
    };
  });
  w.postMessage({ id: 1, card, inputs } satisfies ScoreRequest);
  return { promise, cancel: () => w.terminate() };
}
