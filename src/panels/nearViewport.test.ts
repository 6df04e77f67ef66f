import { afterEach, describe, expect, it, vi } from 'vitest';
import { gapToViewport, whenNear } from './nearViewport.ts';

/** A stand-in IntersectionObserver the test drives: `fire(true)` reports the element as intersecting. */
class FakeObserver {
  static last: FakeObserver | null = null;
  observed: unknown[] = [];
  disconnected = false;
  constructor(readonly callback: (entries: { isIntersecting: boolean }[]) => void, readonly options: { rootMargin?: string }) {
    FakeObserver.last = this;
  }
  observe(el: unknown) { this.observed.push(el); }
  disconnect() { this.disconnected = true; }
  fire(isIntersecting: boolean) { this.callback([{ isIntersecting }]); }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeObserver.last = null;
});

describe('whenNear', () => {
  it('without IntersectionObserver the element is near at once (everything renders as before)', () => {
    expect(typeof IntersectionObserver).toBe('undefined');
    const onNear = vi.fn();
    const stop = whenNear({} as Element, onNear, '800px 0px');
    expect(onNear).toHaveBeenCalledTimes(1);
    stop();
  });

  it('with IntersectionObserver: waits for the element to come within the root margin, fires once', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const el = {} as Element;
    const onNear = vi.fn();
    whenNear(el, onNear, '800px 0px');
    const io = FakeObserver.last!;
    expect(io.options.rootMargin).toBe('800px 0px');
    expect(io.observed).toEqual([el]);
    io.fire(false);
    expect(onNear).not.toHaveBeenCalled();
    io.fire(true);
    io.fire(true);
    expect(onNear).toHaveBeenCalledTimes(1);
    expect(io.disconnected).toBe(true);
  });

  it('the stop function disconnects before the element was ever near', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const onNear = vi.fn();
    const stop = whenNear({} as Element, onNear, '0px');
    stop();
    expect(FakeObserver.last!.disconnected).toBe(true);
    expect(onNear).not.toHaveBeenCalled();
  });
});

describe('gapToViewport', () => {
  it('is 0 for a box overlapping the viewport, else the distance to its nearest edge', () => {
    const h = 1000;
    expect(gapToViewport(100, 600, h)).toBe(0);
    expect(gapToViewport(-400, 100, h)).toBe(0); // partly above
    expect(gapToViewport(900, 1400, h)).toBe(0); // partly below
    expect(gapToViewport(1300, 1800, h)).toBe(300);
    expect(gapToViewport(-900, -250, h)).toBe(250);
  });
});
