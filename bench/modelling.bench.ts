/**
 * Modelling speed (issue 3), side by side with R when `Rscript` (Debian R 4.2.2 + glmnet) exists:
 *  1. cv.glmnet-equivalent: 10-fold binomial LASSO, 100 λ, default thresh, on Study A's 160 × 363
 *     filtered training matrix (NZV → |r| > 0.9 on the training rows; R's foldid recipe, seed 101).
 *     Goal: ≤ 1.0 × R. Also timed with the JavaScript twins of the WebAssembly SIMD kernels
 *     (src/stats/wasm), the fallback where SIMD is missing.
 *  2. Whole-pipeline bootstrap of examples/studyA.json (every model, NZV → correlation → LASSO-CV →
 *     Rad-score refitted per resample). BENCH_BOOT resamples are timed (default 10) in one thread
 *     and the time per resample is extrapolated to 1000; then BENCH_POOL_BOOT resamples (default
 *     4 × BENCH_BOOT) in a pool of worker threads (BENCH_WORKERS, default the available
 *     parallelism, at most 8), the way `study --workers N` runs them, after a run of 2 resamples
 *     per worker (mostly the workers' start-up); 1000 is extrapolated from the slope between the
 *     two runs plus one start-up (goal ≤ 60 s for 1000).
 *     R does the same work for the radiomics pipeline (NZV, greedy correlation, cv.glmnet, 2 AUCs)
 *     on BENCH_BOOT resamples.
 * Wall time and process CPU time are both shown: the shared machine makes wall time noisy. The
 * LASSO is timed 10 times on each side, TypeScript and R runs taking turns (R waits in a loop for
 * its cue), and compared by the minima (the cost of the work itself) and by the median of the
 * paired ratios.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism, tmpdir } from 'node:os';
import { spawnBootstrapThread } from '../src/cli/studyCommand.ts';
import { poolSize, runBootstrapPool } from '../src/modelling/bootstrapPool.ts';
import { parseCohortCsv, numericColumn, textColumn } from '../src/modelling/csv.ts';
import { runStudy, runStudyAsync } from '../src/modelling/runStudy.ts';
import { parseStudySpec } from '../src/modelling/spec.ts';
import { correlationFilter, nearZeroVariance } from '../src/stats/filters.ts';
import { cvLasso, designFromColumns } from '../src/stats/lasso.ts';
import { stratifiedFolds } from '../src/stats/resample.ts';
import { jsKernels, useLassoKernels } from '../src/stats/wasm/kernels.ts';

const here = dirname(fileURLToPath(import.meta.url));
const COHORT = fileURLToPath(new URL('../../shared/data/cohorts/studyA.csv', import.meta.url));

function rscript(): string | null {
  for (const p of ['/usr/bin/Rscript', '/usr/local/bin/Rscript']) if (existsSync(p)) return p;
  return null;
}

function timeIt(f: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/**
 * R lines (after writing `dir`/cols.txt) that load glmnet and Study A, and set X (training rows,
 * the columns `kept`), y and foldid (R's stratified recipe, seed 101).
 */
function rStudyA(dir: string, kept: string[]): string {
  writeFileSync(join(dir, 'cols.txt'), kept.join('\n') + '\n');
  return `suppressPackageStartupMessages(library(glmnet))
A <- read.csv("${COHORT}", check.names = FALSE)
cols <- readLines("${join(dir, 'cols.txt')}")
tr <- A$split == "train"; X <- as.matrix(A[tr, cols]); y <- A$resistant[tr]
set.seed(101); foldid <- integer(length(y)); for (cls in c(1, 0)) { i <- which(y == cls); foldid[i] <- sample(rep(1:10, length.out = length(i))) }`;
}

/**
 * An R process that runs cv.glmnet on Study A's training matrix (the columns `kept`, R's foldid
 * recipe with seed 101) each time it reads a line, and answers with its elapsed and CPU seconds.
 */
function startRLassoLoop(R: string, kept: string[]): { run(): Promise<{ wall: number; cpu: number }>; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'modelling-bench-r-'));
  writeFileSync(join(dir, 'loop.R'), `
${rStudyA(dir, kept)}
con <- file("stdin"); open(con)
cat("READY\\n"); flush(stdout())
while (length(l <- readLines(con, n = 1)) > 0) {
  st <- system.time(cv.glmnet(X, y, family = "binomial", foldid = foldid))
  cat("T", st[["elapsed"]], st[["user.self"]] + st[["sys.self"]], "\\n"); flush(stdout())
}
`);
  const child = spawn(R, ['--vanilla', join(dir, 'loop.R')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = '';
  const waiting: ((line: string) => void)[] = [];
  const lines: string[] = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    buf += d;
    let at: number;
    while ((at = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, at).trim();
      buf = buf.slice(at + 1);
      const w = waiting.shift();
      if (w) w(line); else lines.push(line);
    }
  });
  const next = (): Promise<string> => new Promise((res, rej) => {
    const l = lines.shift();
    if (l !== undefined) { res(l); return; }
    child.once('exit', (code) => rej(new Error(`R exited (${code}) before answering`)));
    waiting.push(res);
  });
  const ready = next().then((l) => { if (l !== 'READY') throw new Error(`R: ${l}`); });
  return {
    async run() {
      await ready;
      child.stdin.write('go\n');
      const m = /^T ([0-9.eE+-]+) ([0-9.eE+-]+)/.exec(await next());
      if (!m) throw new Error('R: unexpected answer');
      return { wall: Number(m[1]), cpu: Number(m[2]) };
    },
    close() {
      child.stdin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const median = (v: number[]): number => { const s = v.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

export default async function (): Promise<void> {
  if (!existsSync(COHORT)) { console.log(`skipped: ${COHORT} not found`); return; }
  const A = parseCohortCsv(readFileSync(COHORT, 'utf8'), 'studyA.csv');
  const tr = textColumn(A, 'split').flatMap((s, i) => (s === 'train' ? [i] : []));
  const yAll = numericColumn(A, 'resistant');
  const y = Float64Array.from(tr, (i) => yAll[i]!);
  const rad = A.names.filter((n) => /^(original_|wavelet-|log-sigma)/.test(n));
  const cols = (names: string[]): Float64Array[] => names.map((n) => { const c = numericColumn(A, n); return Float64Array.from(tr, (i) => c[i]!); });
  const nzv = nearZeroVariance(cols(rad));
  const afterNzv = nzv.kept.map((j) => rad[j]!);
  const cor = correlationFilter(cols(afterNzv), 0.9, 'pearson');
  const kept = cor.kept.map((j) => afterNzv[j]!);
  const X = designFromColumns(cols(kept), tr.length);
  const foldid = stratifiedFolds(y, 10, { rSeed: 101 });

  // 1. cv LASSO, TypeScript and R runs interleaved (one each, in turn): this machine's speed drifts
  // by tens of per cent over a minute, so back-to-back blocks of runs would compare two machines.
  // 3 warm-up pairs (V8 needs ~3 runs to optimise the solver's loops), then 10 timed pairs.
  const R = rscript();
  const rLoop = R ? startRLassoLoop(R, kept) : null;
  const runs: { wall: number; cpu: number }[] = [];
  const rRuns: { wall: number; cpu: number }[] = [];
  let idx = 0;
  try {
    for (let k = 0; k < 13; k++) {
      runs.push(timeIt(() => { idx = cvLasso(X, y, { foldid }).indexMin + 1; }));
      if (rLoop) rRuns.push(await rLoop.run());
    }
  } finally {
    rLoop?.close();
  }
  runs.splice(0, 3);
  rRuns.splice(0, 3);
  // the minimum estimates the cost of the work itself; the median of the paired ratios how the two
  // compare run by run
  const tsWall = Math.min(...runs.map((r) => r.wall));
  const tsCpu = Math.min(...runs.map((r) => r.cpu));
  const tsCpuMedian = median(runs.map((r) => r.cpu));
  // 1b. the same with the JavaScript twins of the WebAssembly kernels (the fallback where SIMD is
  // missing; bit-identical results), 2 warm-up then 5 timed runs
  useLassoKernels(jsKernels());
  const jsRuns: { wall: number; cpu: number }[] = [];
  try {
    for (let k = 0; k < 7; k++) jsRuns.push(timeIt(() => { cvLasso(X, y, { foldid }); }));
  } finally {
    useLassoKernels(null);
  }
  jsRuns.splice(0, 2);

  // 2. whole-pipeline bootstrap
  const B = Number(process.env.BENCH_BOOT ?? 10);
  const spec = parseStudySpec(JSON.parse(readFileSync(join(here, '../examples/studyA.json'), 'utf8')), 'studyA.json');
  let bootWall = 0;
  let bootCpu = 0;
  let failed = 0;
  const c0 = process.cpuUsage();
  const res = runStudy(A, spec, { bootstrapResamples: B });
  const cAll = process.cpuUsage(c0);
  bootWall = res.seconds.bootstrap;
  bootCpu = ((cAll.user + cAll.system) / 1e6) * (res.seconds.bootstrap / (res.seconds.fit + res.seconds.evaluate + res.seconds.bootstrap));
  for (const m of Object.values(res.models)) failed += m.bootstrap?.failed ?? 0;

  // 2b. the same in a pool of worker threads (identical numbers; wall time is what the goal is about)
  const workers = Number(process.env.BENCH_WORKERS ?? Math.min(8, availableParallelism()));
  const BP = Number(process.env.BENCH_POOL_BOOT ?? 4 * B);
  const size = poolSize(workers, BP);
  const pool = (n: number) => runStudyAsync(A, spec, {
    bootstrapResamples: n,
    bootstrapPool: (job, resamples, onDone, signal) => runBootstrapPool(job, resamples, spawnBootstrapThread, size, onDone, signal),
  });
  // a small run first: its time is mostly the workers' start-up (each compiles the modules), which
  // a 1000-resample run pays once, so 1000 is extrapolated from the slope between the two runs
  const small = 2 * size;
  const smallWall = (await pool(small)).seconds.bootstrap;
  const cp0 = process.cpuUsage();
  const pooled = await pool(BP);
  const poolWall = pooled.seconds.bootstrap;
  const per1000 = smallWall + ((poolWall - smallWall) / (BP - small)) * (1000 - small);
  // process CPU time covers every thread; the share of the bootstrap stage as in the serial run
  const cp = process.cpuUsage(cp0);
  const s = pooled.seconds;
  const poolCpu = ((cp.user + cp.system) / 1e6) * (s.bootstrap / (s.fit + s.evaluate + s.bootstrap));

  // R
  let rLasso: string = 'Rscript not installed';
  let rBoot: string = 'Rscript not installed';
  if (rRuns.length > 0) {
    const rCpu = Math.min(...rRuns.map((r) => r.cpu));
    const rWall = Math.min(...rRuns.map((r) => r.wall));
    const ratios = median(runs.map((t, k) => t.cpu / rRuns[k]!.cpu));
    rLasso = `${rWall.toFixed(3)} s (CPU ${rCpu.toFixed(3)} s, median ${median(rRuns.map((r) => r.cpu)).toFixed(3)} s) → TS/R CPU ${(tsCpu / rCpu).toFixed(2)}× by minima, ${ratios.toFixed(2)}× median of paired runs (goal ≤ 1.0×)`;
  }
  if (R) {
    const dir = mkdtempSync(join(tmpdir(), 'modelling-bench-'));
    try {
      writeFileSync(join(dir, 'bench.R'), `
${rStudyA(dir, kept)}
rad <- grep("^(original_|wavelet-|log-sigma)", names(A), value = TRUE)
Xr <- as.matrix(A[tr, rad])
nzv <- function(X) apply(X, 2, function(x) { t <- sort(table(x), decreasing = TRUE); length(t) == 1 || (t[1] / t[2] > 19 && 100 * length(t) / length(x) <= 10) })
gcor <- function(X) { R <- abs(cor(X)); k <- integer(0); for (j in seq_len(ncol(X))) if (!length(k) || !any(R[j, k] > 0.9)) k <- c(k, j); k }
auc <- function(p, y) { r <- rank(p); n1 <- sum(y); (sum(r[y == 1]) - n1 * (n1 + 1) / 2) / (n1 * (length(y) - n1)) }
set.seed(404)
B <- ${B}
t0 <- proc.time()
for (b in 1:B) {
  i <- sample.int(length(y), replace = TRUE); Xb <- Xr[i, ]; yb <- y[i]
  k1 <- which(!nzv(Xb)); Xb <- Xb[, k1]; k2 <- gcor(Xb); Xb <- Xb[, k2]
  f <- set.seed(101); fid <- integer(length(yb)); for (cls in c(1, 0)) { j <- which(yb == cls); fid[j] <- sample(rep(1:10, length.out = length(j))) }
  cv <- cv.glmnet(Xb, yb, family = "binomial", foldid = fid)
  a1 <- auc(predict(cv, Xb, s = "lambda.min")[, 1], yb); a2 <- auc(predict(cv, Xr[, k1][, k2], s = "lambda.min")[, 1], y)
}
d <- proc.time() - t0
cat("BOOT", d[["elapsed"]] / B, (d[["user.self"]] + d[["sys.self"]]) / B, "\\n")
`);
      const out = execFileSync(R, [join(dir, 'bench.R')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const b = /BOOT ([0-9.eE+-]+) ([0-9.eE+-]+)/.exec(out);
      if (b) rBoot = `${Number(b[1]).toFixed(3)} s/resample (CPU ${Number(b[2]).toFixed(3)}) → ${(Number(b[1]) * 1000).toFixed(0)} s per 1000 (radiomics pipeline only)`;
    } catch (e) {
      rBoot = `R failed: ${(e as Error).message.split('\n')[0]}`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rows: [string, string, string, string][] = [
    ['task', 'TypeScript wall', 'TypeScript CPU', 'R 4.2.2'],
    [`cv LASSO 10-fold, 160 × ${kept.length}, 100 λ, thresh 1e-7 (10 runs each, interleaved with R's, after 3 warm-up pairs; minimum; λ.min index ${idx})`, `${tsWall.toFixed(3)} s`, `${tsCpu.toFixed(3)} s (median ${tsCpuMedian.toFixed(3)} s)`, rLasso],
    [`cv LASSO as above, JavaScript kernels instead of WebAssembly SIMD (5 runs after 2 warm-up; minimum)`, `${Math.min(...jsRuns.map((r) => r.wall)).toFixed(3)} s`, `${Math.min(...jsRuns.map((r) => r.cpu)).toFixed(3)} s (median ${median(jsRuns.map((r) => r.cpu)).toFixed(3)} s)`, ''],
    [`whole-pipeline bootstrap, ${B} resamples, 1 thread (5 models, ${failed} failed fits)`, `${(bootWall / B).toFixed(3)} s/resample → ${((bootWall / B) * 1000).toFixed(0)} s per 1000`, `${(bootCpu / B).toFixed(3)} s/resample → ${((bootCpu / B) * 1000).toFixed(0)} s per 1000`, rBoot],
    [`whole-pipeline bootstrap, ${BP} resamples, pool of ${size} worker threads (${availableParallelism()} CPUs)`, `${poolWall.toFixed(1)} s (${small} resamples: ${smallWall.toFixed(1)} s) → ${per1000.toFixed(0)} s per 1000 (goal ≤ 60 s)`, `${poolCpu.toFixed(1)} s, all threads (worker start-up included) → ${((poolCpu / BP) * 1000).toFixed(0)} s per 1000`, ''],
  ];
  const w = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((v, c) => v.padEnd(w[c]!)).join(' | '));
  console.log('goals: cv LASSO ≤ 1.0 × R; 1000-resample whole-pipeline bootstrap ≤ 60 s');
}
