/**
 * A journal figure drawn with Plotly (loaded lazily) and exported as PNG (scale 3) or SVG in the
 * language chosen in its toolbar, whatever the interface shows. The figure is described by
 * `build(lang)`, a pure function of the language, so the export is rebuilt in that language
 * rather than copied from the screen. File names say what the figure is:
 * `<fileName>_<lang>.png`, e.g. `roc_validation_en.png`.
 *
 * Inside <LazyFigures> (lazyFigures.tsx) a figure is built and drawn only once it comes near the
 * viewport, one figure per slice of the main thread; until then a light placeholder of the same
 * size says it is being drawn (data-status "deferred", then "loading" while queued or drawing).
 * Its exports never need the drawing: they rebuild the figure and render it off screen
 * (Plotly.toImage), so PNG / SVG work for a figure that was never scrolled into view.
 */
import { useEffect, useRef, useState } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import type { Lang } from '../i18n/catalogue.ts';
import { LANGS } from '../i18n/catalogue.ts';
import { useSettings } from '../store/settings.ts';
import { loadPlotly } from './plotlyLoader.ts';
import { EXPORT_SIZE, FONT_FAMILY, JOURNAL_CONFIG, PNG_SCALE } from './journalStyle.ts';
import { panelText } from './panelText.ts';
import { downloadUrl, fileSafe } from './download.ts';
import { useLazyFigures } from './lazyFigures.tsx';
import { distanceFromViewport, whenNear } from './nearViewport.ts';

export interface FigureSpec {
  data: Data[];
  layout: Partial<Layout>;
}

export interface FigureProps {
  build: (lang: Lang) => FigureSpec;
  /** base of the exported file names, e.g. "roc_validation" */
  fileName: string;
  /** language shown on screen (default: the interface language) */
  lang?: Lang;
  /** size of the exported image in px (before the PNG scale) */
  exportSize?: { width: number; height: number };
  testId?: string;
}

type FigureStatus = 'deferred' | 'loading' | 'ready' | { error: string; data?: boolean };

export function Figure({ build, fileName, lang, exportSize = EXPORT_SIZE, testId }: FigureProps) {
  const uiLang = useSettings((s) => s.lang);
  const shown = lang ?? uiLang;
  const lazyOptions = useLazyFigures();
  // no IntersectionObserver (server render, DOM-less tests): draw at once, as outside <LazyFigures>
  const lazy = lazyOptions !== null && typeof IntersectionObserver !== 'undefined';
  const [near, setNear] = useState(!lazy);
  const [exportLang, setExportLang] = useState<Lang>(shown);
  const [status, setStatus] = useState<FigureStatus>(near ? 'loading' : 'deferred');
  const [exportError, setExportError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);

  useEffect(() => setExportLang(shown), [shown]);

  useEffect(() => {
    if (near || !lazyOptions || !boxRef.current) return;
    return whenNear(boxRef.current, () => setNear(true), lazyOptions.rootMargin);
  }, [near, lazyOptions]);

  useEffect(() => {
    if (!near) return;
    let cancelled = false;
    const el = ref.current;
    setStatus('loading');
    const draw = async () => {
      let spec: FigureSpec;
      try {
        spec = build(shown);
      } catch (e) {
        // bad results (a model without outcomes, a path of the wrong length): the message names it
        if (!cancelled) setStatus({ error: e instanceof Error ? e.message : String(e), data: true });
        return;
      }
      try {
        const Plotly = await loadPlotly();
        if (cancelled || !el) return;
        // drawn on screen at exactly the exported size: what you see is what the PNG/SVG holds
        await Plotly.react(el, spec.data, { ...spec.layout, autosize: false, width: exportSize.width, height: exportSize.height }, { ...JOURNAL_CONFIG, responsive: false });
        if (!cancelled) setStatus('ready');
      } catch (e) {
        if (!cancelled) setStatus({ error: e instanceof Error ? e.message : String(e) });
      }
    };
    if (!lazy || !lazyOptions) {
      void draw();
      return () => {
        cancelled = true;
      };
    }
    // one figure per slice, the one nearest the viewport first
    const unqueue = lazyOptions.queue.enqueue(draw, () => distanceFromViewport(boxRef.current));
    return () => {
      cancelled = true;
      unqueue();
    };
  }, [build, shown, exportSize.width, exportSize.height, near, lazy, lazyOptions]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void loadPlotly().then((Plotly) => Plotly.purge(el)).catch(() => undefined);
    };
  }, []);

  async function exportAs(format: 'png' | 'svg') {
    setExportError(null);
    try {
      await exportFigure(format);
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    }
  }

  async function exportFigure(format: 'png' | 'svg') {
    const Plotly = await loadPlotly();
    const spec = build(exportLang);
    const url = await Plotly.toImage(
      { data: spec.data, layout: { ...spec.layout, width: exportSize.width, height: exportSize.height }, config: { ...JOURNAL_CONFIG, responsive: false } },
      { format, width: exportSize.width, height: exportSize.height, scale: format === 'png' ? PNG_SCALE : 1 },
    );
    downloadUrl(url, `${fileSafe(fileName)}_${exportLang}.${format}`);
  }

  return (
    <figure className="panel-figure" data-testid={testId} data-status={typeof status === 'string' ? status : 'error'} aria-busy={status === 'loading' || status === 'deferred'} style={{ margin: 0, background: '#fff', flex: '0 0 auto', width: exportSize.width }}>
      <div ref={boxRef} style={{ position: 'relative', width: exportSize.width, height: exportSize.height }}>
        <div ref={ref} style={{ width: exportSize.width, height: exportSize.height }} />
        {lazyOptions && (status === 'deferred' || status === 'loading') && <FigurePlaceholder lang={shown} testId={testId} />}
      </div>
      {!lazyOptions && status === 'loading' && <p className="panel-status">{panelText(shown, 'panels.loading')}</p>}
      {typeof status === 'object' && <p className="panel-error" role="alert">{status.data ? status.error : panelText(shown, 'panels.loadFailed', { error: status.error })}</p>}
      {exportError && <p className="panel-error" role="alert">{exportError}</p>}
      <ExportBar lang={shown} exportLang={exportLang} setExportLang={setExportLang}>
        <button type="button" data-testid={testId ? `${testId}-png` : undefined} disabled={typeof status === 'object'} onClick={() => void exportAs('png')}>
          {panelText(shown, 'panels.png')}
        </button>
        <button type="button" data-testid={testId ? `${testId}-svg` : undefined} disabled={typeof status === 'object'} onClick={() => void exportAs('svg')}>
          {panelText(shown, 'panels.svg')}
        </button>
      </ExportBar>
    </figure>
  );
}

/** Where a lazy figure will be: its own size, light grey, "Drawing the figure…" in the figure's language. */
export function FigurePlaceholder({ lang, testId }: { lang: Lang; testId?: string }) {
  return (
    <div
      className="panel-placeholder"
      data-testid={testId ? `${testId}-placeholder` : undefined}
      role="status"
      style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f4f5f7', border: '1px dashed #d0d4da', boxSizing: 'border-box', color: '#555', fontSize: 13, fontFamily: FONT_FAMILY }}
    >
      {panelText(lang, 'panels.drawing')}
    </div>
  );
}

/** The export toolbar shared by figures and tables: language choice, then the buttons. */
export function ExportBar({ lang, exportLang, setExportLang, children }: { lang: Lang; exportLang: Lang; setExportLang: (l: Lang) => void; children: React.ReactNode }) {
  return (
    <div className="panel-export" style={{ display: 'flex', gap: 6, alignItems: 'center', fontSize: 12, marginTop: 4, fontFamily: FONT_FAMILY }}>
      <span>{panelText(lang, 'panels.export')}</span>
      <select aria-label={panelText(lang, 'panels.exportLang')} value={exportLang} onChange={(e) => setExportLang(e.target.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l}>{l === 'en' ? 'English' : '中文'}</option>
        ))}
      </select>
      {children}
    </div>
  );
}
