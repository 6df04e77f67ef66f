/**
 * The worker entry as the browser drives it: paths, then the Files in chunks (Node's own File
 * objects); progress and the StudyIndex out, paths taken from the message. `self` is stubbed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { IndexWorkerReply, IndexWorkerRequest } from '../src/dicom/indexInWorker.ts';
import { SHARED_DICOM_DIR } from '../src/dicom/manifest.testdata.ts';

type Scope = { postMessage(m: IndexWorkerReply): void; onmessage: ((e: { data: IndexWorkerRequest }) => void) | null };
const g = globalThis as unknown as { self?: Scope };
const previous = g.self;
afterAll(() => {
  g.self = previous;
});
/** Where the worker's replies go during the current run. */
let onReply: (m: IndexWorkerReply) => void = () => {};
const scope: Scope = { postMessage: (m) => onReply(m), onmessage: null };

/** Drive the worker like indexInWorker does (Files in chunks of 2), with unreadable stand-ins at `broken`. */
async function run(files: File[], paths: string[], headBytes: number, broken = new Set<number>()): Promise<IndexWorkerReply[]> {
  const replies: IndexWorkerReply[] = [];
  let finished!: () => void;
  const done = new Promise<void>((r) => (finished = r));
  const send = (m: IndexWorkerRequest) => queueMicrotask(() => scope.onmessage!({ data: m }));
  onReply = (m) => {
    replies.push(m);
    if (m.type !== 'progress') finished();
  };
  g.self = scope;
  await import('./dicomIndex.worker.ts');
  send({ type: 'start', paths, headBytes });
  const given = files.map((f, i) => (broken.has(i) ? ({ size: f.size, slice: () => ({ arrayBuffer: () => Promise.reject(new Error('file vanished')) }) } as unknown as File) : f));
  for (let first = 0; first < given.length; first += 2) send({ type: 'files', first, files: given.slice(first, first + 2) });
  await done;
  return replies;
}

const dir = 'dcm_qa_ge/In/01_Ax_DWI_TENSOR_R2/';
const names = ['i22.MRDC.1', 'i23.MRDC.2', 'i24.MRDC.3'];
const geFiles = () => names.map((n) => new File([readFileSync(SHARED_DICOM_DIR + dir + n)], n));

describe('workers/dicomIndex.worker.ts', () => {
  it('indexes the posted files under the posted paths and reports progress then the index', async () => {
    const files = geFiles();
    files.push(new File([new TextEncoder().encode('not dicom')], 'readme.txt'));
    const replies = await run(files, [...names.map((n) => `study/${n}`), 'study/readme.txt'], 32 * 1024);
    const last = replies[replies.length - 1];
    expect(last.type).toBe('done');
    if (last.type !== 'done') return;
    expect(last.index.series).toHaveLength(1);
    expect(last.index.series[0].groups.flatMap((x) => x.frames.map((f) => f.path)).sort()).toEqual(names.map((n) => `study/${n}`));
    expect(last.index.errors).toEqual([{ file: 'study/readme.txt', reason: expect.stringMatching(/^not DICOM/) }]);
    const progress = replies.filter((r) => r.type === 'progress');
    expect(progress[progress.length - 1]).toEqual({ type: 'progress', done: 4, total: 4 });
    expect(last.timings!.built).toBeGreaterThanOrEqual(last.timings!.received);
  });

  it('reads the rest of a header longer than its head (512 bytes here) and names a file it could not read', async () => {
    const replies = await run(geFiles(), names.map((n) => `ge/${n}`), 512, new Set([1]));
    const last = replies[replies.length - 1];
    expect(last.type).toBe('done');
    if (last.type !== 'done') return;
    expect(last.index.series[0].groups.flatMap((x) => x.frames.map((f) => f.path)).sort()).toEqual(['ge/i22.MRDC.1', 'ge/i24.MRDC.3']);
    expect(last.index.errors).toEqual([{ file: 'ge/i23.MRDC.2', reason: 'cannot read file: file vanished' }]);
  });
});
