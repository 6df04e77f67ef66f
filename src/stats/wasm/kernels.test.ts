/**
 * The WebAssembly SIMD kernels against their JavaScript twins: same floating-point operations in the
 * same order, so every result must be bit-identical (toBe / Object.is, not toBeCloseTo) — on
 * random data of every length around the SIMD widths, at odd and even offsets, and for a whole
 * cross-validated LASSO on Study A. The committed module must be what kernels.wat assembles to.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleKernels } from './assemble.ts';
import { jsKernels, kernelsWasmBytes, lassoKernels, useLassoKernels, wasmKernels, type LassoKernels } from './kernels.ts';
import { seededUniform } from '../random.ts';
import { cvLasso, designFromColumns } from '../lasso.ts';
import { parseCohortCsv, numericColumn, textColumn } from '../../modelling/csv.ts';
import { SHARED_DIR } from '../../testing/sharedData.ts';

const wasm = wasmKernels();
const js = jsKernels();

describe('kernels.wasm', () => {
  it('is what kernels.wat assembles to (rerun `npx tsx scripts/build-wasm.ts` after editing the .wat)', async () => {
    const wat = readFileSync(new URL('./kernels.wat', import.meta.url), 'utf8');
    const bytes = await assembleKernels(wat);
    expect(Buffer.from(kernelsWasmBytes()).equals(Buffer.from(bytes))).toBe(true);
  });
  it('validates and instantiates with SIMD in this Node', () => {
    expect(wasm).not.toBeNull();
    expect(wasm!.simd).toBe(true);
    expect(lassoKernels().simd).toBe(true);
  });
});

/** Fill both heaps with the same random values (some exact zeros, a spread of magnitudes). */
function fill(size: number, seed: number): { a: Float64Array; b: Float64Array } {
  const rnd = seededUniform(seed);
  const a = wasm!.reserve(size);
  const b = js.reserve(size);
  for (let i = 0; i < size; i++) {
    const u = rnd();
    const v = u < 0.05 ? 0 : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 8 - 4);
    a[i] = v;
    b[i] = v;
  }
  return { a: wasm!.reserve(size), b: js.reserve(size) };
}

function sameBits(x: number, y: number, what: string): void {
  if (!Object.is(x, y)) throw new Error(`${what}: wasm ${x} ≠ js ${y}`);
}

function sameHeap(a: Float64Array, b: Float64Array, size: number, what: string): void {
  for (let i = 0; i < size; i++) sameBits(a[i]!, b[i]!, `${what} heap[${i}]`);
}

const LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 90, 101, 144];

describe('WebAssembly kernels equal their JavaScript twins bit for bit', () => {
  for (const n of LENGTHS) {
    it(`n = ${n}, arrays at odd and even offsets`, () => {
      for (const base of [0, 1, 7]) {
        const p = 9;
        const size = base + n * (p + 4) + 2 * p + 16;
        const { a, b } = fill(size, 1000 * n + base + 1);
        const xs = base, r = base + n * p, w = r + n, eta = w + n, out = eta + n;
        const list = 2 * (out + p) + 2; // an i32 offset past everything
        const col = (j: number) => xs + j * n;
        const d = 0.37;
        const pairs: [string, (k: LassoKernels) => number][] = [
          ['dot', (k) => k.dot(col(1), r, n)],
          ['dot self', (k) => k.dot(col(2), col(2), n)],
          ['updateThenDot', (k) => k.updateThenDot(col(3), d, w, r, col(4), n)],
          ['updateConstThenDot', (k) => k.updateConstThenDot(-d, w, r, col(5), n)],
          ['sum', (k) => k.sum(r, n)],
          ['updateConstThenSum', (k) => k.updateConstThenSum(d, w, r, n)],
          ['updateThenSum', (k) => k.updateThenSum(col(6), -1.5, w, r, n)],
          ['weightedSquares', (k) => k.weightedSquares(w, col(7), n)],
        ];
        for (const [what, f] of pairs) {
          sameBits(f(wasm!), f(js), `${what} (n ${n}, offset ${base})`);
          sameHeap(a, b, size, `${what} (n ${n}, offset ${base})`);
        }
        // columnDots over odd and even numbers of columns, in an arbitrary order
        for (const cols of [[0], [4, 2], [8, 1, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8], [5, 5, 0, 7]]) {
          for (const k of [wasm!, js]) {
            const l = k.heapI32();
            cols.forEach((c, m) => (l[list + m] = c));
            k.columnDots(xs, r, n, list, cols.length, out);
          }
          sameHeap(a, b, size, `columnDots [${cols}] (n ${n}, offset ${base})`);
        }
        for (const k of [wasm!, js]) {
          k.addFourColumns(eta, col(0), 0.5, col(1), -2, col(2), 1e-3, col(3), 7, n);
          k.addColumn(eta, col(8), -0.25, n);
        }
        sameHeap(a, b, size, `addFourColumns / addColumn (n ${n}, offset ${base})`);
      }
    });
  }
  it('keeps its contents when reserve grows the heap past one 64 KiB page', () => {
    const k = wasmKernels()!;
    const h = k.reserve(100);
    h[99] = 42;
    const g = k.reserve(1 << 20);
    expect(g.length).toBeGreaterThanOrEqual(1 << 20);
    expect(g[99]).toBe(42);
  });
});

describe('a whole cvLasso on Study A (160 × 363) is the same with either kernels', () => {
  afterEach(() => useLassoKernels(null));
  it('λ, cvm, cvsd, λ.min / λ.1se and every coefficient are bit-identical', () => {
    const A = parseCohortCsv(readFileSync(`${SHARED_DIR}/data/cohorts/studyA.csv`, 'utf8'), 'studyA.csv');
    const split = textColumn(A, 'split');
    const tr = split.flatMap((s, i) => (s === 'train' ? [i] : []));
    const yAll = numericColumn(A, 'resistant');
    const y = tr.map((i) => yAll[i]!);
    const names = [...A.columns.keys()].filter((c) => c.startsWith('original_') || c.startsWith('wavelet-LLH_'));
    const X = designFromColumns(names.map((c) => { const v = numericColumn(A, c); return Float64Array.from(tr, (i) => v[i]!); }), tr.length);
    const foldid = tr.map((_, i) => (i % 10) + 1);
    const run = (k: LassoKernels) => {
      useLassoKernels(k);
      return cvLasso(X, y, { foldid, measure: 'deviance' });
    };
    const a = run(wasmKernels()!);
    const b = run(jsKernels());
    expect(a.fit.lambda.length).toBeGreaterThan(10);
    expect(a.indexMin).toBe(b.indexMin);
    expect(a.index1se).toBe(b.index1se);
    a.fit.lambda.forEach((l, m) => sameBits(l, b.fit.lambda[m]!, `lambda[${m}]`));
    a.cvm.forEach((v, m) => sameBits(v, b.cvm[m]!, `cvm[${m}]`));
    a.cvsd.forEach((v, m) => sameBits(v, b.cvsd[m]!, `cvsd[${m}]`));
    a.fit.beta.forEach((beta, m) => beta.forEach((v, j) => sameBits(v, b.fit.beta[m]![j]!, `beta[${m}][${j}]`)));
    a.fit.a0.forEach((v, m) => sameBits(v, b.fit.a0[m]!, `a0[${m}]`));
  });
});
