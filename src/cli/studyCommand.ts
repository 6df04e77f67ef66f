/**
 * `npm run -s cli -- study --data cohort.csv --spec study.json --out results.json [--bootstrap N] [--workers N] [--quiet]`
 *
 * `--workers N` (default: the available parallelism, at most 8): the whole-pipeline bootstrap is
 * spread over N `worker_threads` (workers/bootstrapNode.worker.ts, src/modelling/bootstrapPool.ts);
 * `--workers 1` runs it on the main thread. The numbers are identical either way.
 *
 * Runs `runStudy` (src/modelling) on a cohort CSV. Reader-2 tables named by ICC steps are read
 * relative to the spec file's folder (then the data file's folder). Exit codes: 0 done, 2 bad
 * arguments / spec / data (the message names the key, or the file, column and row), 1 other
 * failures. The results are written to a temporary file in the output folder and renamed, so a
 * failed run never leaves a half-written results file. Progress goes to stderr.
 */
import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runBootstrapPool, poolSize, type PoolReply, type PoolWorker } from '../modelling/bootstrapPool.ts';
import { CohortDataError, parseCohortCsv, type CohortTable } from '../modelling/csv.ts';
import { runStudy, runStudyAsync, type RunStudyOptions } from '../modelling/runStudy.ts';
import { StudySpecError, parseStudySpec } from '../modelling/spec.ts';

const USAGE = 'usage: npm run -s cli -- study --data cohort.csv --spec study.json --out results.json [--bootstrap N] [--workers N] [--quiet]';

/** A Node worker thread running workers/bootstrapNode.worker.ts, seen as a pool worker. */
export function spawnBootstrapThread(): PoolWorker {
  const entry = new URL('../../workers/bootstrapNode.worker.ts', import.meta.url).href;
  // The CLI runs from TypeScript sources under tsx, whose loader Node 20 does not pass on to
  // worker threads: the thread registers it (tsx/esm/api) before importing the entry. Messages
  // posted meanwhile wait in the port until the entry listens.
  const t = new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
  const w: PoolWorker = {
    postMessage: (m) => t.postMessage(m),
    onmessage: null,
    onerror: null,
    terminate: () => { void t.terminate(); },
  };
  t.on('message', (data: PoolReply) => w.onmessage?.({ data }));
  t.on('error', (e) => w.onerror?.(e));
  return w;
}

function parseArgs(args: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) throw new StudySpecError(`unexpected argument "${a}"\n${USAGE}`);
    const key = a.slice(2);
    if (key === 'quiet') { out[key] = true; continue; }
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new StudySpecError(`--${key} needs a value\n${USAGE}`);
    out[key] = v;
    i++;
  }
  return out;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new StudySpecError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

/** JSON.stringify with non-finite numbers written as null. */
function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x), 1);
}

export async function run(args: string[]): Promise<number> {
  let tmp: string | null = null;
  try {
    const opts = parseArgs(args);
    for (const k of ['data', 'spec', 'out']) if (typeof opts[k] !== 'string') throw new StudySpecError(`missing --${k}\n${USAGE}`);
    for (const k of Object.keys(opts)) if (!['data', 'spec', 'out', 'bootstrap', 'workers', 'quiet'].includes(k)) throw new StudySpecError(`unknown option --${k}\n${USAGE}`);
    const dataPath = resolve(opts.data as string);
    const specPath = resolve(opts.spec as string);
    const outPath = resolve(opts.out as string);
    let json: unknown;
    try {
      json = JSON.parse(readText(specPath, 'spec'));
    } catch (e) {
      if (e instanceof StudySpecError) throw e;
      throw new StudySpecError(`${basename(specPath)}: not valid JSON: ${(e as Error).message}`);
    }
    const spec = parseStudySpec(json, basename(specPath));
    const table = parseCohortCsv(readText(dataPath, 'data file'), basename(dataPath));
    const readers = new Map<string, CohortTable>();
    for (const m of spec.models) {
      for (const s of m.selection ?? []) {
        if (!('icc' in s) || readers.has(s.icc.reader2)) continue;
        const candidates = [resolve(dirname(specPath), s.icc.reader2), resolve(dirname(dataPath), s.icc.reader2)];
        const found = candidates.find((c) => existsSync(c));
        if (!found) throw new StudySpecError(`${basename(specPath)}: model "${m.name}": reader-2 file "${s.icc.reader2}" not found (looked in ${candidates.join(' and ')})`);
        readers.set(s.icc.reader2, parseCohortCsv(readText(found, 'reader-2 file'), basename(found)));
      }
    }
    let bootstrapResamples: number | undefined;
    if (typeof opts.bootstrap === 'string') {
      bootstrapResamples = Number(opts.bootstrap);
      if (!Number.isInteger(bootstrapResamples) || bootstrapResamples < 0) throw new StudySpecError(`--bootstrap must be a non-negative integer, got "${opts.bootstrap}"`);
    }
    let workers = Math.min(8, availableParallelism());
    if (typeof opts.workers === 'string') {
      workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1) throw new StudySpecError(`--workers must be a positive integer, got "${opts.workers}"`);
    }
    const quiet = opts.quiet === true;
    let lastPct = -1;
    const options: RunStudyOptions = {
      readers,
      bootstrapResamples,
      onProgress: (p) => {
        if (quiet) return;
        if (p.stage === 'bootstrap') {
          const pct = Math.floor((100 * p.done) / p.total);
          if (pct !== lastPct && pct % 10 === 0) { lastPct = pct; process.stderr.write(`bootstrap ${p.done}/${p.total}\n`); }
        } else if (p.stage !== 'done') process.stderr.write(`${p.stage}${p.message ? ` ${p.message}` : ''}\n`);
      },
    };
    const B = bootstrapResamples ?? spec.bootstrap?.n ?? 0;
    const size = poolSize(workers, B);
    const results = size > 1
      ? await runStudyAsync(table, spec, { ...options, bootstrapPool: (job, resamples, onDone, signal) => runBootstrapPool(job, resamples, spawnBootstrapThread, size, onDone, signal) })
      : runStudy(table, spec, options);
    tmp = join(dirname(outPath), `.${basename(outPath)}.${process.pid}.tmp`);
    writeFileSync(tmp, toJson(results));
    renameSync(tmp, outPath);
    tmp = null;
    if (!quiet) process.stderr.write(`wrote ${outPath}\n`);
    return 0;
  } catch (e) {
    if (tmp) { try { unlinkSync(tmp); } catch { /* already gone */ } }
    const msg = e instanceof Error ? e.message : String(e);
    const bad = e instanceof StudySpecError || e instanceof CohortDataError;
    process.stderr.write(`study: ${msg}\n`);
    return bad ? 2 : 1;
  }
}
