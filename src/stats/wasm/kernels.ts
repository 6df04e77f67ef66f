/**
 * The LASSO solver's inner loops over the n rows (dot products, residual updates, η rebuilds)
 * as WebAssembly SIMD kernels (kernels.wat), with JavaScript twins that perform the same
 * floating-point operations in the same order — the two give bit-identical results
 * (kernels.test.ts), so the fit does not depend on which one ran. The WebAssembly kernels are used
 * wherever the engine validates SIMD (Chromium ≥ 91, Firefox ≥ 89, Safari ≥ 16.4, Node ≥ 16);
 * elsewhere the twins run.
 *
 * Both work on one heap of f64 (the WebAssembly memory, or a plain Float64Array for the twins):
 * every array argument is an element offset into it; `columnDots` reads its column list as i32 at
 * an i32 offset of the same heap. `reserve(size)` makes room for `size` f64 and returns the heap;
 * it may replace the heap, so views made before a reserve must not be used after it. One heap
 * per thread, for one lassoPath at a time (a fit never yields, so fits cannot interleave).
 */
import { KERNELS_WASM_BASE64 } from './kernels.generated.ts';
import { dotAt } from '../kernels.ts';

export interface LassoKernels {
  readonly simd: boolean;
  /** Room for `size` f64 (contents undefined); returns the heap. */
  reserve(size: number): Float64Array;
  /** The heap as i32 (for `columnDots`' list): valid until the next reserve. */
  heapI32(): Int32Array;
  /** Σ a_i b_i, four partial sums s0..s3, tail into s0, returned as s0 + s1 + (s2 + s3). */
  dot(a: number, b: number, n: number): number;
  /** r_i ← r_i − (w_i·xp_i)·d, then Σ xo_i r_i as `dot`. */
  updateThenDot(xp: number, d: number, w: number, r: number, xo: number, n: number): number;
  /** r_i ← r_i − w_i·d, then Σ xo_i r_i in order. */
  updateConstThenDot(d: number, w: number, r: number, xo: number, n: number): number;
  /** Σ r_i in order. */
  sum(r: number, n: number): number;
  /** r_i ← r_i − w_i·d, returning Σ r_i in order. */
  updateConstThenSum(d: number, w: number, r: number, n: number): number;
  /** r_i ← r_i − (w_i·xp_i)·d, returning Σ r_i in order. */
  updateThenSum(xp: number, d: number, w: number, r: number, n: number): number;
  /** Σ (w_i·x_i)·x_i in order. */
  weightedSquares(w: number, x: number, n: number): number;
  /**
   * out[k] = x_jᵀr for j = list[k], k < cnt (x column-major at `xs`, n rows): consecutive columns
   * in pairs, each with an even-row and an odd-row partial sum (an odd n's last row into the even
   * one), returned as even + odd; a last unpaired column as `dot`.
   */
  columnDots(xs: number, r: number, n: number, list: number, cnt: number, out: number): void;
  /** eta_i ← eta_i + x0_i·c0 + x1_i·c1 + (x2_i·c2 + x3_i·c3). */
  addFourColumns(eta: number, x0: number, c0: number, x1: number, c1: number, x2: number, c2: number, x3: number, c3: number, n: number): void;
  /** eta_i ← eta_i + x_i·c. */
  addColumn(eta: number, x: number, c: number, n: number): void;
}

const PAGE = 65536;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The module's bytes (for tests that compare them with a fresh assembly of kernels.wat). */
export function kernelsWasmBytes(): Uint8Array<ArrayBuffer> {
  return decodeBase64(KERNELS_WASM_BASE64);
}

interface WasmExports {
  memory: WebAssembly.Memory;
  dot: LassoKernels['dot'];
  updateThenDot: LassoKernels['updateThenDot'];
  updateConstThenDot: LassoKernels['updateConstThenDot'];
  sum: LassoKernels['sum'];
  updateConstThenSum: LassoKernels['updateConstThenSum'];
  updateThenSum: LassoKernels['updateThenSum'];
  weightedSquares: LassoKernels['weightedSquares'];
  columnDots: LassoKernels['columnDots'];
  addFourColumns: LassoKernels['addFourColumns'];
  addColumn: LassoKernels['addColumn'];
}

/** The WebAssembly kernels, or null where WebAssembly or its SIMD is not available. */
export function wasmKernels(): LassoKernels | null {
  if (typeof WebAssembly !== 'object') return null;
  const bytes = kernelsWasmBytes();
  let ex: WasmExports;
  try {
    if (!WebAssembly.validate(bytes)) return null;
    ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as WasmExports;
  } catch {
    return null; // e.g. a content security policy without 'wasm-unsafe-eval'
  }
  const mem = ex.memory;
  let heap = new Float64Array(mem.buffer);
  let heapI32 = new Int32Array(mem.buffer);
  return {
    simd: true,
    reserve(size: number): Float64Array {
      const bytesNeeded = size * 8;
      if (mem.buffer.byteLength < bytesNeeded) mem.grow(Math.ceil((bytesNeeded - mem.buffer.byteLength) / PAGE));
      if (heap.buffer !== mem.buffer) {
        heap = new Float64Array(mem.buffer);
        heapI32 = new Int32Array(mem.buffer);
      }
      return heap;
    },
    heapI32: () => heapI32,
    dot: ex.dot,
    updateThenDot: ex.updateThenDot,
    updateConstThenDot: ex.updateConstThenDot,
    sum: ex.sum,
    updateConstThenSum: ex.updateConstThenSum,
    updateThenSum: ex.updateThenSum,
    weightedSquares: ex.weightedSquares,
    columnDots: ex.columnDots,
    addFourColumns: ex.addFourColumns,
    addColumn: ex.addColumn,
  };
}

/** The JavaScript twins (same operations, same order) on a plain heap. */
export function jsKernels(): LassoKernels {
  let h = new Float64Array(1024);
  let hI32 = new Int32Array(h.buffer);
  // the plain four-sum dot product of src/stats, on this heap
  const dot = (a: number, b: number, n: number): number => dotAt(h, a, h, b, n);
  return {
    simd: false,
    reserve(size: number): Float64Array {
      if (h.length < size) {
        h = new Float64Array(Math.max(size, 2 * h.length));
        hI32 = new Int32Array(h.buffer);
      }
      return h;
    },
    heapI32: () => hI32,
    dot,
    updateThenDot(xp, d, w, r, xo, n) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let i = 0;
      for (; i + 3 < n; i += 4) {
        const r0 = h[r + i]! - h[w + i]! * h[xp + i]! * d;
        const r1 = h[r + i + 1]! - h[w + i + 1]! * h[xp + i + 1]! * d;
        const r2 = h[r + i + 2]! - h[w + i + 2]! * h[xp + i + 2]! * d;
        const r3 = h[r + i + 3]! - h[w + i + 3]! * h[xp + i + 3]! * d;
        h[r + i] = r0;
        h[r + i + 1] = r1;
        h[r + i + 2] = r2;
        h[r + i + 3] = r3;
        s0 += h[xo + i]! * r0;
        s1 += h[xo + i + 1]! * r1;
        s2 += h[xo + i + 2]! * r2;
        s3 += h[xo + i + 3]! * r3;
      }
      for (; i < n; i++) {
        const r0 = h[r + i]! - h[w + i]! * h[xp + i]! * d;
        h[r + i] = r0;
        s0 += h[xo + i]! * r0;
      }
      return s0 + s1 + (s2 + s3);
    },
    updateConstThenDot(d, w, r, xo, n) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const ri = h[r + i]! - h[w + i]! * d;
        h[r + i] = ri;
        s += h[xo + i]! * ri;
      }
      return s;
    },
    sum(r, n) {
      let s = 0;
      for (let i = 0; i < n; i++) s += h[r + i]!;
      return s;
    },
    updateConstThenSum(d, w, r, n) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const ri = h[r + i]! - h[w + i]! * d;
        h[r + i] = ri;
        s += ri;
      }
      return s;
    },
    updateThenSum(xp, d, w, r, n) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const ri = h[r + i]! - h[w + i]! * h[xp + i]! * d;
        h[r + i] = ri;
        s += ri;
      }
      return s;
    },
    weightedSquares(w, x, n) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const v = h[x + i]!;
        s += h[w + i]! * v * v;
      }
      return s;
    },
    columnDots(xs, r, n, list, cnt, out) {
      let k = 0;
      for (; k + 1 < cnt; k += 2) {
        const oa = xs + hI32[list + k]! * n;
        const ob = xs + hI32[list + k + 1]! * n;
        let a0 = 0, a1 = 0, b0 = 0, b1 = 0;
        let i = 0;
        for (; i + 1 < n; i += 2) {
          const r0 = h[r + i]!;
          const r1 = h[r + i + 1]!;
          a0 += h[oa + i]! * r0;
          a1 += h[oa + i + 1]! * r1;
          b0 += h[ob + i]! * r0;
          b1 += h[ob + i + 1]! * r1;
        }
        if (i < n) {
          a0 += h[oa + i]! * h[r + i]!;
          b0 += h[ob + i]! * h[r + i]!;
        }
        h[out + k] = a0 + a1;
        h[out + k + 1] = b0 + b1;
      }
      if (k < cnt) h[out + k] = dot(xs + hI32[list + k]! * n, r, n);
    },
    addFourColumns(eta, x0, c0, x1, c1, x2, c2, x3, c3, n) {
      for (let i = 0; i < n; i++) h[eta + i] = h[eta + i]! + h[x0 + i]! * c0 + h[x1 + i]! * c1 + (h[x2 + i]! * c2 + h[x3 + i]! * c3);
    },
    addColumn(eta, x, c, n) {
      for (let i = 0; i < n; i++) h[eta + i] = h[eta + i]! + h[x + i]! * c;
    },
  };
}

let shared: LassoKernels | null = null;

/** This thread's kernels: WebAssembly SIMD where available, else the JavaScript twins. */
export function lassoKernels(): LassoKernels {
  shared ??= wasmKernels() ?? jsKernels();
  return shared;
}

/**
 * Replace this thread's kernels (tests and the benchmark: the same fit with the JavaScript twins);
 * `null` goes back to the default choice. Never call it while a fit runs.
 */
export function useLassoKernels(k: LassoKernels | null): void {
  shared = k;
}
