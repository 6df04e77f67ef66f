/**
 * SourceFiles for the index worker: the head (and size) of each file arrives in batches read with
 * one Blob read each (fileHeads.ts); any other byte range (a header longer than the head,
 * encapsulated pixel data item headers) is read through `readRemote`. Pure: no DOM, so it runs in
 * the worker, in Vitest and in Node.
 */
import type { SourceFile } from './types.ts';
import type { HeadBatch } from './fileHeads.ts';

interface Head {
  size: number;
  bytes?: Uint8Array;
  error?: string;
}

/** The files' heads as they arrive, and SourceFiles reading through them. */
export class PrefetchedSources {
  readonly sources: SourceFile[];
  private readonly heads: (Head | undefined)[];
  private readonly waiting = new Map<number, ((h: Head) => void)[]>();
  /** Time (performance.now) the first head arrived. */
  firstHeadAt?: number;

  /**
   * @param paths   each file's path (shown in messages); sizes arrive with the heads
   * @param readRemote  reads bytes [start, end) of file `i` from wherever the File lives
   */
  constructor(paths: readonly string[], readRemote: (i: number, start: number, end: number) => Promise<Uint8Array>) {
    this.heads = new Array(paths.length);
    this.sources = paths.map((path, i) => {
      const head = async (): Promise<Head> =>
        this.heads[i] ??
        new Promise<Head>((resolve) => {
          const list = this.waiting.get(i);
          if (list) list.push(resolve);
          else this.waiting.set(i, [resolve]);
        });
      const heads = this.heads;
      return {
        path,
        get size(): number {
          const h = heads[i];
          if (!h) throw new Error(`the size of ${path} is not known before its head arrived (await headInMemory())`);
          return h.size;
        },
        headInMemory: async (): Promise<number> => (await head()).bytes?.length ?? 0,
        read: async (start: number, end: number): Promise<Uint8Array> => {
          const h = await head();
          if (h.error !== undefined) throw new Error(h.error);
          const to = Math.min(end, h.size);
          // A copy, so a parsed header never pins the whole batch buffer.
          if (start >= 0 && h.bytes && to <= h.bytes.length) return h.bytes.slice(start, Math.max(start, to));
          return readRemote(i, start, end);
        },
      };
    });
  }

  /** A batch of heads arrived. */
  add(batch: HeadBatch): void {
    this.firstHeadAt ??= performance.now();
    const all = new Uint8Array(batch.buffer);
    let at = 0;
    batch.lengths.forEach((len, k) => {
      const i = batch.first + k;
      const error = batch.errors?.[k] ?? null;
      const size = batch.sizes[k];
      const head: Head = error !== null ? { size, error } : { size, bytes: all.subarray(at, at + len) };
      at += len;
      this.heads[i] = head;
      const list = this.waiting.get(i);
      if (list) {
        this.waiting.delete(i);
        for (const resolve of list) resolve(head);
      }
    });
  }
}
