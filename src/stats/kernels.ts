/**
 * Small numeric kernels shared by the hot loops of src/stats (LASSO, correlation filters).
 * Plain loops over typed arrays, written so V8 keeps every number unboxed and inlines them.
 */

/**
 * Σ_i a[oa + i]·b[ob + i], i < n, with four partial sums (shorter dependency chains); the
 * summation order, s0 + s1 + (s2 + s3), is the one every caller relies on for repeatable results.
 */
export function dotAt(a: Float64Array, oa: number, b: Float64Array, ob: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[oa + i]! * b[ob + i]!;
    s1 += a[oa + i + 1]! * b[ob + i + 1]!;
    s2 += a[oa + i + 2]! * b[ob + i + 2]!;
    s3 += a[oa + i + 3]! * b[ob + i + 3]!;
  }
  for (; i < n; i++) s0 += a[oa + i]! * b[ob + i]!;
  return s0 + s1 + (s2 + s3);
}
