/**
 * Reads the first bytes ("heads") of many browser Files with ONE Blob read per batch.
 *
 * Why: in Chromium every `file.slice().arrayBuffer()` is a round trip to the browser process
 * (blob registration, a data pipe, file open + stat), ~2 ms per file on the 2-core machine, and
 * structured-cloning a File into a worker costs ~0.5 ms more. Gluing the slices of a batch into
 * one Blob and reading that once costs one round trip per batch; the bytes are then transferred
 * (not copied) to the index worker. Measured on 1,001 files (see bench/viewer.bench.ts).
 *
 * Nothing touches a File before its batch is read: in Chromium the first `file.size` of a picked
 * file is itself a synchronous round trip (~0.5 ms), so sizes are taken batch by batch and travel
 * with the heads, and the worker starts parsing after the first batch instead of after all sizes.
 *
 * A batch whose combined read fails (a file removed or changed since it was picked) is read again
 * file by file, so one unreadable file gets its own error and never costs the others theirs.
 * Works wherever `Blob` exists (browser main thread or worker, Node ≥ 18).
 */

/** The heads of files [first, first + lengths.length): file i's head is `lengths[i - first]` bytes of `buffer`, in order. */
export interface HeadBatch {
  first: number;
  buffer: ArrayBuffer;
  lengths: number[];
  /** Each file's size in bytes. */
  sizes: number[];
  /** Per file: why its head could not be read (then its length is 0), or null. Absent when all were read. */
  errors?: (string | null)[];
  /** Milliseconds this thread was blocked taking sizes, slicing and gluing the batch (diagnostics). */
  syncMs: number;
}

export interface HeadBatchOptions {
  /** Bytes read from the start of each file (less for shorter files); a function is asked again for every batch. */
  headBytes: number | (() => number);
  /** Most files per batch (default 32: the page's share of the work per batch stays ~30 ms). */
  batchFiles?: number;
  /** Batches read at the same time (default 3). */
  inFlight?: number;
  signal?: AbortSignal;
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

/** Split `count` files into batches of consecutive indices, at most `batchFiles` each. */
export function planHeadBatches(count: number, batchFiles = 32): { first: number; count: number }[] {
  const out: { first: number; count: number }[] = [];
  const per = Math.max(1, batchFiles);
  for (let first = 0; first < count; first += per) out.push({ first, count: Math.min(per, count - first) });
  return out;
}

async function readBatch(files: readonly Blob[], first: number, count: number, headBytes: number): Promise<HeadBatch> {
  const t0 = performance.now();
  const part = files.slice(first, first + count);
  const sizes = part.map((f) => f.size);
  const lengths = sizes.map((size) => Math.min(size, headBytes));
  try {
    const glued = new Blob(part.map((f, k) => f.slice(0, lengths[k])));
    const syncMs = performance.now() - t0;
    const buffer = await glued.arrayBuffer();
    if (buffer.byteLength === lengths.reduce((a, b) => a + b, 0)) return { first, buffer, lengths, sizes, syncMs };
  } catch {
    // one file of the batch is unreadable: read them one by one below
  }
  const parts: (Uint8Array | null)[] = [];
  const errors: (string | null)[] = [];
  for (let k = 0; k < part.length; k++) {
    try {
      const b = new Uint8Array(await part[k].slice(0, lengths[k]).arrayBuffer());
      if (b.length !== lengths[k]) throw new Error(`read ${b.length} of ${lengths[k]} bytes (the file changed since it was opened)`);
      parts.push(b);
      errors.push(null);
    } catch (e) {
      parts.push(null);
      errors.push(messageOf(e));
      lengths[k] = 0;
    }
  }
  const buffer = new Uint8Array(lengths.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const p of parts) if (p) { buffer.set(p, at); at += p.length; }
  return { first, buffer: buffer.buffer, lengths, sizes, errors, syncMs: 0 };
}

/**
 * Read the heads of `files` in batches and hand each batch to `onBatch` in file order, with at
 * most `inFlight` batches being read at once. Resolves when every batch was handed over; stops
 * (resolves early) when `signal` aborts.
 */
export async function readHeads(files: readonly Blob[], onBatch: (b: HeadBatch) => void, opts: HeadBatchOptions): Promise<void> {
  const plan = planHeadBatches(files.length, opts.batchFiles);
  const inFlight = Math.max(1, opts.inFlight ?? 3);
  const pending: Promise<HeadBatch>[] = [];
  let next = 0;
  const start = () => {
    const p = plan[next++];
    pending.push(readBatch(files, p.first, p.count, typeof opts.headBytes === 'number' ? opts.headBytes : opts.headBytes()));
  };
  while (next < plan.length && pending.length < inFlight) start();
  while (pending.length > 0) {
    const batch = await pending.shift()!;
    if (opts.signal?.aborted) return;
    if (next < plan.length) start();
    onBatch(batch);
  }
}

/**
 * Offset just past the Pixel Data tag (7FE0,0010) in `head`, found by a byte scan for its
 * little-endian tag, or undefined when the tag is not in the head. A speed heuristic only (a match
 * inside an earlier value makes it low; then that file's header is simply read again).
 */
export function pixelDataTagEnd(head: Uint8Array): number | undefined {
  for (let i = 0; i + 4 <= head.length; i++) {
    if (head[i] === 0xe0 && head[i + 1] === 0x7f && head[i + 2] === 0x10 && head[i + 3] === 0x00) return i + 4;
  }
  return undefined;
}

/**
 * The head size to read next, learnt from the heads read so far: twice the longest header seen
 * (start to Pixel Data tag + 12 bytes of VR and length), rounded up to a power of two, between
 * `minBytes` and `maxBytes`. Back to `maxBytes` for good once a header did not fit in its head.
 * Reading 8 instead of 32 KiB per file took Chromium ~1 s less on 1,001 files: the bytes pass
 * through the browser process, so fewer is faster. Files are still indexed right when it guesses low.
 */
export class HeadSizer {
  private longest = 0;
  private missed = false;

  constructor(
    readonly maxBytes: number,
    readonly minBytes = 4096,
  ) {}

  get bytes(): number {
    if (this.missed || this.longest === 0) return this.maxBytes;
    let n = this.minBytes;
    while (n < this.longest * 2 && n < this.maxBytes) n *= 2;
    return Math.min(n, this.maxBytes);
  }

  /** Learn from one batch of heads (as fileHeads hands them over). */
  learn(batch: HeadBatch): void {
    const all = new Uint8Array(batch.buffer);
    let at = 0;
    batch.lengths.forEach((len, k) => {
      const head = all.subarray(at, at + len);
      at += len;
      if (batch.errors?.[k] || len === 0) return;
      const end = pixelDataTagEnd(head);
      if (end !== undefined) this.longest = Math.max(this.longest, end + 12);
      else if (len < batch.sizes[k]) this.missed = true; // header (or a non-image object) longer than the head
    });
  }
}
