/**
 * Seeded pseudo-random numbers for resampling (folds, splits, bootstrap).
 *
 * Two generators share one small interface, {@link RandomSource}:
 *
 * - {@link Xoshiro128} — xoshiro128** 1.1 (Blackman & Vigna, 2018), 32-bit state words seeded by
 *   SplitMix32 from one integer seed. Fast, period 2^128 − 1, the default for everything the
 *   study runner draws (bootstrap resamples, random splits, fold assignment without an R recipe).
 * - {@link RMersenneTwister} — R's default generator reproduced bit for bit: `set.seed(seed)`
 *   (initial scrambling by the LCG seed ← 69069·seed + 1, 50 times, then 625 more values filling
 *   `dummy[0]` = mti and mt[0..623]), Mersenne-Twister MT19937 with R's tempering, `unif_rand` =
 *   y · 2^-32 (fixed up into (0, 1)), and R ≥ 3.6 "Rejection" sampling for `sample.int`
 *   (`R_unif_index`: draw ceil(log2 n) bits 16 at a time, reject values ≥ n). This lets a spec
 *   say `foldSeed: 101` and get the same fold ids as R's `set.seed(101); sample(...)`.
 *
 * Pure: no global state; every generator is an object you create with a seed.
 */

/** What the resampling code needs from a generator. */
export interface RandomSource {
  /** A uniform double in (0, 1) (never exactly 0 or 1). */
  uniform(): number;
  /** A uniform integer in [0, n). */
  index(n: number): number;
}

/** SplitMix32 step: used only to expand one seed into the xoshiro state. */
function splitMix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * xoshiro128** 1.1: state (s0..s3), output = rotl(s1·5, 7)·9; then
 * t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11).
 * `uniform()` = (two outputs combined to 53 bits + 0.5) / 2^53, so it lies strictly in (0, 1).
 */
export class Xoshiro128 implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`random seed must be a finite number, got ${seed}`);
    const st = { s: Math.trunc(seed) | 0 };
    this.s0 = splitMix32(st);
    this.s1 = splitMix32(st);
    this.s2 = splitMix32(st);
    this.s3 = splitMix32(st);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned output. */
  nextUint32(): number {
    const r = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }

  /** Uniform integer in [0, n) by rejection on 32-bit outputs (no modulo bias). */
  index(n: number): number {
    if (!(n >= 1) || n > 4294967296 || !Number.isInteger(n)) throw new Error(`index(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const v = this.nextUint32();
      if (v < limit) return v % n;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const MT_N = 624;
const MT_M = 397;

/**
 * R's Mersenne-Twister (`RNGkind("Mersenne-Twister", "Inversion", "Rejection")`, R ≥ 3.6 default),
 * seeded as `set.seed(seed)` does.
 */
export class RMersenneTwister implements RandomSource {
  private readonly mt = new Uint32Array(MT_N);
  private mti = MT_N;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new Error(`R seed must be an integer, got ${seed}`);
    let s = seed >>> 0;
    for (let j = 0; j < 50; j++) s = (Math.imul(69069, s) + 1) >>> 0;
    // i_seed[0] is dummy[0] (= mti, overwritten by FixupSeeds with 624), i_seed[1..624] = mt.
    s = (Math.imul(69069, s) + 1) >>> 0;
    for (let j = 0; j < MT_N; j++) {
      s = (Math.imul(69069, s) + 1) >>> 0;
      this.mt[j] = s;
    }
    this.mti = MT_N;
  }

  /** MT19937 genrand with R's tempering, as a double y·2^-32 in [0, 1). */
  private genrand(): number {
    const mt = this.mt;
    if (this.mti >= MT_N) {
      let kk = 0;
      let y: number;
      for (; kk < MT_N - MT_M; kk++) {
        y = (mt[kk]! & 0x80000000) | (mt[kk + 1]! & 0x7fffffff);
        mt[kk] = mt[kk + MT_M]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      for (; kk < MT_N - 1; kk++) {
        y = (mt[kk]! & 0x80000000) | (mt[kk + 1]! & 0x7fffffff);
        mt[kk] = mt[kk + (MT_M - MT_N)]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      y = (mt[MT_N - 1]! & 0x80000000) | (mt[0]! & 0x7fffffff);
      mt[MT_N - 1] = mt[MT_M - 1]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      this.mti = 0;
    }
    let y = mt[this.mti++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return (y >>> 0) * 2.3283064365386963e-10;
  }

  /** R's `unif_rand()`: genrand fixed up into the open interval (0, 1). */
  uniform(): number {
    const i2_32m1 = 2.328306437080797e-10;
    const v = this.genrand();
    if (v <= 0) return 0.5 * i2_32m1;
    if (1 - v <= 0) return 1 - 0.5 * i2_32m1;
    return v;
  }

  /** R's `rbits(bits)`: 16 bits per uniform draw, masked to `bits`. */
  private rbits(bits: number): number {
    let v = 0;
    for (let n = 0; n <= bits; n += 16) {
      const v1 = Math.floor(this.uniform() * 65536);
      v = 65536 * v + v1;
    }
    return v % 2 ** bits;
  }

  /** R's `R_unif_index(n)` with sample.kind = "Rejection": uniform integer in [0, n). */
  index(n: number): number {
    if (n <= 0) return 0;
    const bits = Math.ceil(Math.log2(n));
    let dv: number;
    do dv = this.rbits(bits);
    while (n <= dv);
    return dv;
  }

  /** R's `sample.int(n, size)` (1-based results), without or with replacement. */
  sampleInt(n: number, size = n, replace = false): number[] {
    const out: number[] = [];
    if (replace) {
      for (let i = 0; i < size; i++) out.push(this.index(n) + 1);
      return out;
    }
    if (size > n) throw new Error(`cannot take a sample of ${size} from ${n} without replacement`);
    const x: number[] = Array.from({ length: n }, (_, i) => i);
    let m = n;
    for (let i = 0; i < size; i++) {
      const j = this.index(m);
      out.push(x[j]! + 1);
      x[j] = x[--m]!;
    }
    return out;
  }

  /** R's `sample(v)`: a random permutation of v (for length(v) > 1). */
  permute<T>(v: readonly T[]): T[] {
    return this.sampleInt(v.length).map((i) => v[i - 1]!);
  }
}

/** Uniform numbers in (0, 1) from a seeded xoshiro128** stream, as a plain function. */
export function seededUniform(seed: number): () => number {
  const rng = new Xoshiro128(seed);
  return () => rng.uniform();
}

/** Fisher-Yates shuffle of a copy of `v`, driven by any {@link RandomSource}. */
export function shuffle<T>(v: readonly T[], rng: RandomSource): T[] {
  const a = v.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.index(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}
