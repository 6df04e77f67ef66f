/**
 * fileHeads: heads of many Blobs read in batches, in file order, each equal to the file's own
 * first bytes; an unreadable file gets its own error while the rest of its batch is read.
 */
import { describe, expect, it } from 'vitest';
import { HeadSizer, pixelDataTagEnd, planHeadBatches, readHeads, type HeadBatch } from './fileHeads.ts';

function bytes(n: number, seed: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 0xff);
}

/** A Blob-like file whose reads fail, as Chromium's do when a picked file was deleted. */
function unreadable(size: number): Blob {
  const fail = { size, arrayBuffer: () => Promise.reject(new DOMException('the file could not be read', 'NotReadableError')) };
  return { size, slice: () => fail } as unknown as Blob;
}

function headsOf(batches: HeadBatch[]): (Uint8Array | string)[] {
  const out: (Uint8Array | string)[] = [];
  for (const b of batches) {
    const all = new Uint8Array(b.buffer);
    let at = 0;
    b.lengths.forEach((len, k) => {
      const err = b.errors?.[k];
      out[b.first + k] = err ?? all.slice(at, at + len);
      at += len;
    });
  }
  return out;
}

describe('planHeadBatches', () => {
  it('cuts consecutive batches of at most batchFiles, covering every file once in order', () => {
    expect(planHeadBatches(5, 2)).toEqual([{ first: 0, count: 2 }, { first: 2, count: 2 }, { first: 4, count: 1 }]);
    expect(planHeadBatches(3, 32)).toEqual([{ first: 0, count: 3 }]);
    expect(planHeadBatches(0)).toEqual([]);
  });
});

describe('readHeads', () => {
  it('hands over each file’s first headBytes (whole file when shorter), batch by batch in order', async () => {
    const data = [bytes(100, 1), bytes(5, 2), bytes(0, 3), bytes(64, 4), bytes(300, 5)];
    const files = data.map((d) => new Blob([d]));
    const batches: HeadBatch[] = [];
    await readHeads(files, (b) => batches.push(b), { headBytes: 64, batchFiles: 2, inFlight: 2 });
    expect(batches.map((b) => b.first)).toEqual([0, 2, 4]);
    const heads = headsOf(batches);
    expect(heads).toEqual([data[0].slice(0, 64), data[1], data[2], data[3], data[4].slice(0, 64)]);
    expect(batches.flatMap((b) => b.sizes)).toEqual([100, 5, 0, 64, 300]);
  });

  it('names the unreadable file and still reads the others of its batch', async () => {
    const data = [bytes(40, 1), bytes(40, 2)];
    const files = [new Blob([data[0]]), unreadable(40), new Blob([data[1]])];
    const batches: HeadBatch[] = [];
    await readHeads(files, (b) => batches.push(b), { headBytes: 32 });
    const heads = headsOf(batches);
    expect(heads[0]).toEqual(data[0].slice(0, 32));
    expect(heads[1]).toBe('NotReadableError: the file could not be read');
    expect(heads[2]).toEqual(data[1].slice(0, 32));
  });

  it('stops handing over batches once the signal aborts', async () => {
    const files = Array.from({ length: 10 }, (_, i) => new Blob([bytes(10, i)]));
    const stop = new AbortController();
    const seen: number[] = [];
    await readHeads(files, (b) => { seen.push(b.first); stop.abort(); }, { headBytes: 8, batchFiles: 2, signal: stop.signal });
    expect(seen).toEqual([0]);
  });
});

/** A head of `len` zero bytes with the Pixel Data tag (E0 7F 10 00 on disk) at `at`. */
function headWithTag(len: number, at?: number): Uint8Array<ArrayBuffer> {
  const h = new Uint8Array(len);
  if (at !== undefined) h.set([0xe0, 0x7f, 0x10, 0x00], at);
  return h;
}

function batchOf(heads: Uint8Array[], sizes: number[]): HeadBatch {
  const buffer = new Uint8Array(heads.reduce((a, h) => a + h.length, 0));
  let at = 0;
  for (const h of heads) { buffer.set(h, at); at += h.length; }
  return { first: 0, buffer: buffer.buffer, lengths: heads.map((h) => h.length), sizes, syncMs: 0 };
}

describe('pixelDataTagEnd', () => {
  it('finds the little-endian (7FE0,0010) tag and returns the offset after it', () => {
    expect(pixelDataTagEnd(headWithTag(4096, 1702))).toBe(1706);
    expect(pixelDataTagEnd(headWithTag(4096))).toBeUndefined();
  });
});

describe('HeadSizer', () => {
  it('starts at the maximum, then reads twice the longest header seen (power of two, at least the minimum)', () => {
    const s = new HeadSizer(32768, 4096);
    expect(s.bytes).toBe(32768);
    s.learn(batchOf([headWithTag(32768, 1702), headWithTag(32768, 1500)], [132786, 132786]));
    expect(s.bytes).toBe(4096); // 2 × (1706 + 12) = 3436 → 4096
    s.learn(batchOf([headWithTag(4096, 2990)], [132786]));
    expect(s.bytes).toBe(8192); // 2 × (2994 + 12) = 6012 → 8192
  });

  it('goes back to the maximum for good once a header did not fit in its head', () => {
    const s = new HeadSizer(32768, 4096);
    s.learn(batchOf([headWithTag(32768, 1702)], [132786]));
    s.learn(batchOf([headWithTag(4096)], [132786]));
    expect(s.bytes).toBe(32768);
    s.learn(batchOf([headWithTag(4096, 100)], [132786]));
    expect(s.bytes).toBe(32768);
  });

  it('ignores whole small files without pixel data and unreadable files', () => {
    const s = new HeadSizer(32768, 4096);
    const b = batchOf([headWithTag(600), headWithTag(0), headWithTag(32768, 1000)], [600, 50000, 132786]);
    b.errors = [null, 'NotReadableError: gone', null];
    s.learn(b);
    expect(s.bytes).toBe(4096);
  });
});
