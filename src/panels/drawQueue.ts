/**
 * The queue that draws the Study tab's figures one at a time, each in its own slice of the main
 * thread (after the next frame is painted), so that a click or a scroll is answered between two
 * figures instead of after all of them. When a slice starts, the waiting draw with the lowest
 * rank goes first (the figure nearest the viewport); equal ranks keep their order. A draw that
 * returns a promise holds the queue until it settles: never two figures in one slice.
 */

/** Runs `run` in a later slice of the main thread. */
export type Slice = (run: () => void) => void;

/** After the next frame (painted first, then a fresh task); a plain timer where there are no frames. */
export const nextSlice: Slice = (run) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
  else setTimeout(run, 0);
};

interface Task {
  draw: () => unknown;
  rank: () => number;
  seq: number;
}

export class DrawQueue {
  private readonly tasks: Task[] = [];
  private seq = 0;
  private busy = false;
  private armed = false;

  constructor(private readonly slice: Slice = nextSlice) {}

  /** Queue `draw`; the returned function takes it off the queue if it has not started. */
  enqueue(draw: () => unknown, rank: () => number = () => 0): () => void {
    const task: Task = { draw, rank, seq: this.seq++ };
    this.tasks.push(task);
    this.arm();
    return () => {
      const i = this.tasks.indexOf(task);
      if (i >= 0) this.tasks.splice(i, 1);
    };
  }

  /** Draws waiting (not counting one being drawn). */
  get waiting(): number {
    return this.tasks.length;
  }

  private arm(): void {
    if (this.armed || this.busy || this.tasks.length === 0) return;
    this.armed = true;
    this.slice(() => {
      this.armed = false;
      this.runOne();
    });
  }

  private runOne(): void {
    if (this.busy || this.tasks.length === 0) return;
    let best = 0;
    let bestRank = safeRank(this.tasks[0]!);
    for (let i = 1; i < this.tasks.length; i++) {
      const r = safeRank(this.tasks[i]!);
      if (r < bestRank) {
        best = i;
        bestRank = r;
      }
    }
    const [task] = this.tasks.splice(best, 1);
    this.busy = true;
    let done: Promise<unknown>;
    try {
      done = Promise.resolve(task!.draw());
    } catch (e) {
      done = Promise.reject(e);
    }
    // a failed draw reports its own error (the figure shows it); the queue goes on
    void done.catch(() => undefined).then(() => {
      this.busy = false;
      this.arm();
    });
  }
}

function safeRank(t: Task): number {
  try {
    const r = t.rank();
    return Number.isNaN(r) ? Infinity : r;
  } catch {
    return Infinity;
  }
}
