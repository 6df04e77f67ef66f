import { describe, expect, it } from 'vitest';
import { DrawQueue, type Slice } from './drawQueue.ts';

/** A slice source the test advances by hand: `step()` runs the slice callbacks requested so far. */
function manualSlices() {
  let pending: (() => void)[] = [];
  const slice: Slice = (run) => { pending.push(run); };
  return {
    slice,
    requested: () => pending.length,
    step() {
      const now = pending;
      pending = [];
      for (const run of now) run();
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('DrawQueue', () => {
  it('draws one figure per slice, in order, never inside enqueue', async () => {
    const s = manualSlices();
    const q = new DrawQueue(s.slice);
    const drawn: string[] = [];
    for (const name of ['a', 'b', 'c']) q.enqueue(() => { drawn.push(name); });
    expect(drawn).toEqual([]);
    expect(s.requested()).toBe(1); // one slice asked for, not three
    const seen: string[][] = [];
    for (let i = 0; i < 4; i++) {
      s.step();
      await flush();
      seen.push([...drawn]);
    }
    expect(seen).toEqual([['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c']]);
    expect(q.waiting).toBe(0);
  });

  it('holds the queue while a draw is pending (an async Plotly draw), then goes on', async () => {
    const s = manualSlices();
    const q = new DrawQueue(s.slice);
    let finish!: () => void;
    const drawn: string[] = [];
    q.enqueue(() => { drawn.push('slow'); return new Promise<void>((r) => { finish = r; }); });
    q.enqueue(() => { drawn.push('next'); });
    s.step();
    await flush();
    expect(drawn).toEqual(['slow']);
    expect(s.requested()).toBe(0); // nothing else runs while the first draw is pending
    finish();
    await flush();
    expect(s.requested()).toBe(1);
    s.step();
    await flush();
    expect(drawn).toEqual(['slow', 'next']);
  });

  it('draws the lowest rank first when a slice starts (the figure nearest the viewport), ties in order', async () => {
    const s = manualSlices();
    const q = new DrawQueue(s.slice);
    const distance: Record<string, number> = { far: 2000, near: 0, mid: 300, near2: 0 };
    const drawn: string[] = [];
    for (const name of Object.keys(distance)) q.enqueue(() => { drawn.push(name); }, () => distance[name]!);
    for (let i = 0; i < 2; i++) { s.step(); await flush(); }
    expect(drawn).toEqual(['near', 'near2']);
    distance.far = 0; // scrolled: read again at the next slice
    s.step();
    await flush();
    expect(drawn).toEqual(['near', 'near2', 'far']);
    s.step();
    await flush();
    expect(drawn).toEqual(['near', 'near2', 'far', 'mid']);
  });

  it('a rank that throws or is NaN goes last', async () => {
    const s = manualSlices();
    const q = new DrawQueue(s.slice);
    const drawn: string[] = [];
    q.enqueue(() => { drawn.push('throws'); }, () => { throw new Error('detached'); });
    q.enqueue(() => { drawn.push('nan'); }, () => NaN);
    q.enqueue(() => { drawn.push('ok'); }, () => 5000);
    for (let i = 0; i < 3; i++) { s.step(); await flush(); }
    expect(drawn).toEqual(['ok', 'throws', 'nan']);
  });

  it('a cancelled draw never runs; a failed draw does not stop the queue', async () => {
    const s = manualSlices();
    const q = new DrawQueue(s.slice);
    const drawn: string[] = [];
    q.enqueue(() => { drawn.push('fails'); throw new Error('bad figure'); });
    const cancel = q.enqueue(() => { drawn.push('unmounted'); });
    q.enqueue(() => { drawn.push('rejects'); return Promise.reject(new Error('no plotly')); });
    q.enqueue(() => { drawn.push('last'); });
    cancel();
    expect(q.waiting).toBe(3);
    for (let i = 0; i < 4; i++) { s.step(); await flush(); }
    expect(drawn).toEqual(['fails', 'rejects', 'last']);
    cancel(); // twice is harmless
    expect(q.waiting).toBe(0);
  });

  it('runs with the default slice where there are no animation frames (timers only)', async () => {
    const q = new DrawQueue();
    const drawn: number[] = [];
    for (let i = 0; i < 3; i++) q.enqueue(() => { drawn.push(i); });
    expect(drawn).toEqual([]);
    await flush();
    expect(drawn).toEqual([0]);
    await flush();
    await flush();
    expect(drawn).toEqual([0, 1, 2]);
  });
});
