/**
 * fileHeads: heads of many Blobs read in batches, in file order, each equal to the file's own
 * first bytes; an unreadable file gets its own error while the rest of its batch is read.
 */
import { describe, expect, it } from 'vitest';
import { planHeadBatches, readHeads, type HeadBatch } from './fileHeads.ts';

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
