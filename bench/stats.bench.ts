/**
 * Statistics core speed (issue 3 goals: ≤ 1.0× R): 2000 DeLong CIs at n = 160, and 1000 bootstrap
 * refits of the 6-variable logistic model with 2 AUCs each (Harrell optimism: AUC on the resample
 * and on the original rows). Printed side by side with the same work in R when Rscript exists
 * (pROC's C++ DeLong, and glm.fit + an O(n log n) rank AUC in plain R).
 */
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFixture } from '../src/stats/fixtures/core/readFixture.ts';
import { delongCi } from '../src/stats/delong.ts';
import { logisticFit, logisticPredict } from '../src/stats/logistic.ts';
import { auc } from '../src/stats/roc.ts';
import { seededUniform } from '../src/stats/random.ts';

const RSCRIPT = '/usr/bin/Rscript';
const COHORT = fileURLToPath(new URL('../../shared/data/cohorts/studyA.csv', import.meta.url));


function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeIt(f: () => void, repeats = 3): number {
  const t: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const R_CODE = `
suppressPackageStartupMessages(library(pROC))
A <- read.csv("${COHORT}"); tr <- A[A$split == "train", ]
f <- glm(resistant ~ er_pos + ki67_high + rMK + rMD + adc_mean + dose_intensity_pct, binomial, tr)
r <- roc(tr$resistant, fitted(f), levels = c(0, 1), direction = "<", quiet = TRUE)
med <- function(e) median(sapply(1:3, function(i) system.time(eval(e))[["elapsed"]]))
t1 <- med(quote(for (i in 1:2000) ci.auc(r, method = "delong")))
X <- model.matrix(f); y <- tr$resistant
aucr <- function(p, y) { rk <- rank(p); m <- sum(y); n <- length(y) - m; (sum(rk[y == 1]) - m * (m + 1) / 2) / (m * n) }
set.seed(404)
t2 <- med(quote(for (b in 1:1000) { i <- sample.int(nrow(X), replace = TRUE)
  g <- suppressWarnings(glm.fit(X[i, ], y[i], family = binomial(), control = list(epsilon = 1e-8, maxit = 100)))
  a1 <- aucr(X[i, ] %*% g$coefficients, y[i]); a2 <- aucr(X %*% g$coefficients, y) }))
cat(t1 * 1000, t2 * 1000, "\\n")
`;

export default async function (): Promise<void> {
  const lg = readFixture('logistic.json');
  const roc = readFixture('roc.json');
  const y: number[] = lg.inputs_train.resistant;
  const vars = ['er_pos', 'ki67_high', 'rMK', 'rMD', 'adc_mean', 'dose_intensity_pct'];
  const x = vars.map((v) => Float64Array.from(lg.inputs_train[v] as number[]));
  const pred: number[] = roc.predictions.combined_train;

  let sink = 0;
  const tDelong = timeIt(() => {
    for (let i = 0; i < 2000; i++) sink += delongCi(pred, y).variance;
  });

  const n = y.length;
  let failed = 0;
  const tBoot = timeIt(() => {
    const rnd = seededUniform(404);
    const yb = new Float64Array(n);
    const xb = x.map(() => new Float64Array(n));
    for (let b = 0; b < 1000; b++) {
      for (let i = 0; i < n; i++) {
        const k = Math.floor(rnd() * n);
        yb[i] = y[k];
        for (let j = 0; j < x.length; j++) xb[j][i] = x[j][k];
      }
      // R's glm default tolerance (1e-8) as the R side uses
      const fit = logisticFit(yb, xb, vars, { tolerance: 1e-8 });
      if (!fit.converged) failed++;
      let ev = 0;
      for (let i = 0; i < n; i++) ev += yb[i];
      if (ev === 0 || ev === n) continue;
      sink += auc(fit.linearPredictor, yb) + auc(logisticPredict(fit, x), y);
    }
  });

  let rTimes: [number, number] | null = null;
  if (existsSync(RSCRIPT) && existsSync(COHORT)) {
    try {
      const out = execFileSync(RSCRIPT, ['-e', R_CODE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const [a, b] = out.trim().split(/\s+/).map(Number);
      rTimes = [a, b];
    } catch {
      rTimes = null;
    }
  }
  const row = (task: string, ts: number, r: number | undefined): string =>
    `| ${task.padEnd(58)} | ${ts.toFixed(0).padStart(7)} | ${r === undefined ? '    n/a' : r.toFixed(0).padStart(7)} | ${r === undefined ? '  n/a' : (ts / r).toFixed(2).padStart(5)} |`;
  console.log('| task (median of 3)                                         | TS (ms) |  R (ms) | TS/R  |');
  console.log('| ---------------------------------------------------------- | ------- | ------- | ----- |');
  console.log(row('2000 DeLong CIs, n = 160 (R: pROC ci.auc delong)', tDelong, rTimes?.[0]));
  console.log(row('1000 bootstrap refits, 6-var logistic + 2 AUCs (R: glm.fit)', tBoot, rTimes?.[1]));
  console.log(`(unconverged TS refits over the 3 repeats: ${failed} of 3000; checksum ${sink.toFixed(3)})`);
  if (!rTimes) console.log('Rscript or the cohort file is missing: R column not measured.');
}
