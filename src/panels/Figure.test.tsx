import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { panels } from '../i18n/sections/panels.ts';
import { Figure, type FigureSpec } from './Figure.tsx';
import { LazyFigures } from './lazyFigures.tsx';

const build = (): FigureSpec => ({ data: [], layout: {} });
const size = { width: 432, height: 321 };

/** The inline style of the element with `data-testid="<id>"`, as rendered. */
function styleOf(html: string, id: string): string {
  const m = new RegExp(`<[^>]*data-testid="${id}"[^>]*style="([^"]*)"`).exec(html) ?? new RegExp(`<[^>]*style="([^"]*)"[^>]*data-testid="${id}"`).exec(html);
  if (!m) throw new Error(`no element ${id} in ${html}`);
  return m[1]!;
}

afterEach(() => vi.unstubAllGlobals());

describe('Figure placeholder (server render)', () => {
  it('inside <LazyFigures>, with IntersectionObserver: deferred, a placeholder of the figure\'s size in the figure\'s language, exports enabled', () => {
    vi.stubGlobal('IntersectionObserver', class {});
    for (const lang of ['en', 'zh'] as const) {
      const html = renderToString(<LazyFigures><Figure build={build} fileName="roc_train" lang={lang} exportSize={size} testId="fig" /></LazyFigures>);
      expect(html).toContain('data-status="deferred"');
      const text = panels[lang]['panels.drawing'];
      expect(html).toMatch(new RegExp(`data-testid="fig-placeholder"[^>]*>${text}</div>`));
      // the placeholder covers a box exactly the size of the drawing: the layout does not jump
      expect(styleOf(html, 'fig-placeholder')).toContain('position:absolute');
      expect(html).toContain(`<div style="position:relative;width:${size.width}px;height:${size.height}px"><div style="width:${size.width}px;height:${size.height}px"></div>`);
      // a figure never drawn on screen can still be exported (rendered off screen on demand)
      expect(html).not.toMatch(/<button[^>]*data-testid="fig-png"[^>]*disabled/);
      expect(html).not.toMatch(/<button[^>]*data-testid="fig-svg"[^>]*disabled/);
    }
  });

  it('the two languages say different things (a real translation, not a copy)', () => {
    expect(panels.en['panels.drawing']).toMatch(/draw/i);
    expect(panels.zh['panels.drawing']).toMatch(/[\u4e00-\u9fff]/);
  });

  it('inside <LazyFigures> without IntersectionObserver (DOM-less tests): drawn at once, not deferred', () => {
    expect(typeof IntersectionObserver).toBe('undefined');
    const html = renderToString(<LazyFigures><Figure build={build} fileName="roc_train" lang="en" exportSize={size} testId="fig" /></LazyFigures>);
    expect(html).toContain('data-status="loading"');
    expect(html).not.toContain('data-status="deferred"');
  });

  it('outside <LazyFigures> (Patient tab, panels demo): as before, loading the plotting library, no placeholder', () => {
    vi.stubGlobal('IntersectionObserver', class {});
    const html = renderToString(<Figure build={build} fileName="x" lang="zh" exportSize={size} testId="fig" />);
    expect(html).toContain('data-status="loading"');
    expect(html).toContain(panels.zh['panels.loading']);
    expect(html).not.toContain('fig-placeholder');
  });
});
