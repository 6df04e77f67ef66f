/**
 * Applies a model card off the page's thread: a KNN card's percentile bootstrap (1000 resamples,
 * z-scores refitted each time) blocks ~0.5 s. Message in: { id, card, inputs }; out: { id, result }
 * or { id, error }. Same code as the page and the CLI (`applyModelCard`).
 */
import { applyModelCard } from '../modelcard/applyModelCard.ts';
import { handleScoreMessage } from './scoreInWorker.ts';

self.onmessage = (e: MessageEvent) => {
  (self as unknown as { postMessage(m: unknown): void }).postMessage(handleScoreMessage(e.data, applyModelCard));
};
