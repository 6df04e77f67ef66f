/**
 * The whole-pipeline bootstrap gives the same numbers serially and in a pool of any size: the
 * resamples are drawn up front from the seeded RNG and put back in resample order. The pool here
 * runs the real worker handler (bootstrapWorkerHandler) behind in-process stand-ins that answer
 * after random delays, so chunks finish out of order as they would in real workers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootstrapWorkerHandler, chunkSize, poolSize, runBootstrapPool, type PoolReply, type PoolRequest, type PoolWorker } from './bootstrapPool.ts';
import { parseCohortCsv } from './csv.ts';
import { drawResamples, runStudy, runStudyAsync, type StudyResults } from './runStudy.ts';
import { parseStudySpec } from './spec.ts';
import { bootstrapSample } from '../stats/resample.ts';
import { RMersenneTwister } from '../stats/random.ts';
import { SHARED_DIR } from '../testing/sharedData.ts';

const A = parseCohortCsv(readFileSync(`${SHARED_DIR}/data/cohorts/studyA.csv`, 'utf8'), 'studyA.csv');
const spec = parseStudySpec({
  outcome: 'resistant',
  split: { column: 'split', train: 'train', validation: 'validation' },
  factors: { t_stage: { reference: 'T1' } },
  models: [
    { name: 'clinical', type: 'logistic', predictors: ['er_pos', 'ki67_high', 'dose_intensity_pct', 't_stage'] },
    { name: 'imaging', type: 'logistic', predictors: ['rMK', 'rMD', 'adc_mean'], radscore: true },
    { name: 'stacked', type: 'logistic', predictors: ['radscore:imaging', 'ki67_high'] },
    { name: 'knn', type: 'knn', predictors: ['rMK', 'adc_mean'], k: 7 },
  ],
  bootstrap: { n: 24, seed: 404 },
});

let terminated = 0;
const pause = (): Promise<void> => new Promise((res) => setTimeout(res, Math.random() * 4));
/**
 * A pool worker answering through the real handler after random delays (0–4 ms), messages kept
 * in order per worker (as a real port does) but workers racing each other.
 */
function fakeWorker(): PoolWorker {
  let inbox = Promise.resolve();
  let outbox = Promise.resolve();
  const w: PoolWorker = {
    onmessage: null,
    onerror: null,
    postMessage(m: PoolRequest) {
      const clone = structuredClone(m);
      inbox = inbox.then(pause).then(() => handle(clone));
    },
    terminate() { terminated++; },
  };
  const handle = bootstrapWorkerHandler((r: PoolReply) => {
    const clone = structuredClone(r);
    outbox = outbox.then(pause).then(() => w.onmessage?.({ data: clone }));
  });
  return w;
}

const bootstrapOf = (r: StudyResults): unknown => Object.fromEntries(Object.entries(r.models).map(([k, m]) => [k, m.bootstrap]));

describe('bootstrap pool', () => {
  it('draws the resamples as the serial sample.int loop does (R stream, seed 404)', () => {
    const rng = new RMersenneTwister(404);
    const serial = Array.from({ length: 5 }, () => bootstrapSample(160, rng));
    expect(drawResamples(160, 5, 404)).toEqual(serial);
  });
  it('serial run, pool of 1, 2 and 3 workers: identical bootstrap results', async () => {
    const serial = runStudy(A, spec);
    const b = bootstrapOf(serial);
    for (const size of [1, 2, 3]) {
      const before = terminated;
      const done: number[] = [];
      const pooled = await runStudyAsync(A, spec, {
        bootstrapPool: (job, resamples, onDone, signal) => runBootstrapPool(job, resamples, fakeWorker, size, onDone, signal),
        onProgress: (p) => { if (p.stage === 'bootstrap') done.push(p.done); },
      });
      expect(bootstrapOf(pooled), `pool of ${size}`).toEqual(b);
      expect(done[done.length - 1]).toBe(24);
      expect(terminated - before, 'every worker terminated at the end').toBe(size);
    }
    // the runs did something: optimism of every model, no failures
    for (const m of Object.values(serial.models)) {
      expect(m.bootstrap!.failed).toBe(0);
      expect(Number.isFinite(m.bootstrap!.optimism)).toBe(true);
    }
  });
  it('cancel terminates every worker and rejects', async () => {
    const ac = new AbortController();
    const before = terminated;
    const err = await runStudyAsync(A, { ...spec, bootstrap: { n: 400, seed: 1 } }, {
      signal: ac.signal,
      bootstrapPool: (job, resamples, onDone, signal) => runBootstrapPool(job, resamples, fakeWorker, 2, (d) => { onDone(d); if (d >= 4) ac.abort(); }, signal),
    }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/cancelled/);
    expect(terminated - before).toBe(2);
  });
  it('pool and chunk sizes', () => {
    expect(poolSize(16, 1000)).toBe(8);
    expect(poolSize(4, 2)).toBe(2);
    expect(poolSize(NaN, 10)).toBe(1);
    expect(chunkSize(1000, 4)).toBe(25);
    expect(chunkSize(10, 4)).toBe(1);
  });
});
