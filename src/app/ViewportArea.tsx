import { useEffect, useRef, useState } from 'react';
import type { SeriesIndexEntry } from '../dicom/types.ts';
import { useStudies } from '../store/studies.ts';
import { useRois } from '../store/rois.ts';
import { useT } from '../store/settings.ts';
import { actionForKey, SHORTCUT_HELP } from '../viewer/shortcuts.ts';
import {
  applyPreset,
  attachMainViewport,
  isCpuRendering,
  layoutFor,
  onViewerState,
  openSeries,
  resetView,
  resizeViewports,
  scrollSlices,
  setActiveGroup,
  toggleCine,
  type ViewerState,
} from '../viewer/viewer.ts';
import { ImageLoadError } from '../viewer/loadTimeout.ts';
import { firstImageShown } from './firstImage.ts';
import { RoiLayer } from '../annotate/RoiLayer.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';

const CINE_RATES = [5, 10, 15, 20, 30];

function fmt(n: number | undefined, digits: number): string {
  return n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits);
}

/** The viewports of the selected series, its overlay, selectors, and the keyboard shortcuts. */
export function ViewportArea({ active }: { active: boolean }) {
  const t = useT();
  const index = useStudies((s) => s.index);
  const selected = useStudies((s) => s.selected);
  const select = useStudies((s) => s.select);
  const addLoadFailure = useStudies((s) => s.addLoadFailure);
  const entry: SeriesIndexEntry | undefined = index?.series.find((s) => s.seriesInstanceUID === selected?.seriesInstanceUID);
  const mainRef = useRef<HTMLDivElement>(null);
  const sagRef = useRef<HTMLDivElement>(null);
  const corRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<ViewerState | null>(null);
  const [help, setHelp] = useState(false);
  const [fps, setFps] = useState(15);
  const [loading, setLoading] = useState(false);
  const openedRef = useRef<{ series: string; group: string } | null>(null);
  const layout = entry && selected ? layoutFor(entry, selected.groupKey) : null;

  useEffect(() => onViewerState(setState), []);
  useEffect(() => { if (mainRef.current) attachMainViewport(mainRef.current); }, []);

  // Open a series when the selection moves to another series; switch group within the same one.
  useEffect(() => {
    if (!entry || !selected || !mainRef.current) return;
    const prev = openedRef.current;
    if (prev && prev.series === entry.seriesInstanceUID) {
      if (prev.group === selected.groupKey) return;
      openedRef.current = { series: entry.seriesInstanceUID, group: selected.groupKey };
      setActiveGroup(selected.groupKey).catch((e: unknown) => {
        if (e instanceof ImageLoadError) addLoadFailure({ file: e.file, reason: e.reason });
        else addLoadFailure({ file: entry.description || entry.seriesInstanceUID, reason: e instanceof Error ? e.message : String(e) });
      });
      return;
    }
    openedRef.current = { series: entry.seriesInstanceUID, group: selected.groupKey };
    if (performance.getEntriesByName('brw:indexed', 'mark').length && !performance.getEntriesByName('brw:index-to-open').length) {
      performance.measure('brw:index-to-open', 'brw:indexed');
    }
    setLoading(true);
    const elements = { main: mainRef.current, sagittal: sagRef.current ?? undefined, coronal: corRef.current ?? undefined };
    openSeries(entry, selected.groupKey, elements)
      .then(() => {
        performance.mark('brw:first-image');
        if (performance.getEntriesByName('brw:indexed', 'mark').length && !performance.getEntriesByName('brw:first-image-after-index').length) {
          performance.measure('brw:first-image-after-index', 'brw:indexed', 'brw:first-image');
        }
      })
      .catch((e: unknown) => {
        if (e instanceof ImageLoadError) addLoadFailure({ file: e.file, reason: e.reason });
        else addLoadFailure({ file: entry.description || entry.seriesInstanceUID, reason: e instanceof Error ? e.message : String(e) });
      })
      .finally(() => { setLoading(false); firstImageShown(); });
  }, [entry, selected, addLoadFailure]);

  useEffect(() => {
    const el = mainRef.current?.parentElement;
    if (!el) return;
    const ro = new ResizeObserver(() => resizeViewports());
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keyboard shortcuts while the viewer tab is shown and focus is not in a form field.
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      const a = actionForKey(e);
      if (!a) return;
      if (a.type === 'help') { setHelp((h) => !h); e.preventDefault(); return; }
      if (!entry || !selected) return;
      e.preventDefault();
      switch (a.type) {
        case 'scroll': scrollSlices(a.delta); break;
        case 'phase': {
          const i = entry.groups.findIndex((g) => g.key === selected.groupKey);
          const next = entry.groups[i + a.delta];
          if (next) select({ seriesInstanceUID: entry.seriesInstanceUID, groupKey: next.key });
          break;
        }
        case 'preset': applyPreset(a.key); break;
        case 'reset': resetView(); break;
        case 'cine': toggleCine(fps); break;
        // the history of the series in the main viewport only (roi/history.ts); the one key handler for Ctrl+Z / Ctrl+Y
        case 'undo': useRois.getState().undo(entry.seriesInstanceUID); break;
        case 'redo': useRois.getState().redo(entry.seriesInstanceUID); break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, entry, selected, select, fps]);

  const group = entry?.groups.find((g) => g.key === selected?.groupKey);
  const phaseGroups = entry?.groups.filter((g) => g.phaseIndex !== undefined) ?? [];
  const bGroups = entry?.groups.filter((g) => g.bValue !== undefined) ?? [];
  // Before any study the three-view layout is shown (breast DCE opens in it), so opening the first
  // DCE does not have to resize the canvases.
  const mpr = layout ? layout.mode === 'mpr' : !isCpuRendering();
  const px = entry?.pixelSpacing;

  return (
    <div className="viewport-area">
      <div className="viewer-toolbar">
        {phaseGroups.length > 1 && (
          <label>
            {t('viewer.phase')}{' '}
            <select
              data-testid="phase-select"
              value={selected?.groupKey}
              onChange={(e) => entry && select({ seriesInstanceUID: entry.seriesInstanceUID, groupKey: e.target.value })}
            >
              {phaseGroups.map((g) => <option key={g.key} value={g.key}>{g.label}</option>)}
            </select>
          </label>
        )}
        {bGroups.length > 1 && (
          <label>
            {t('viewer.bValue')}{' '}
            <select
              data-testid="bvalue-select"
              value={selected?.groupKey}
              onChange={(e) => entry && select({ seriesInstanceUID: entry.seriesInstanceUID, groupKey: e.target.value })}
            >
              {bGroups.map((g) => <option key={g.key} value={g.key}>{`b=${g.bValue}`}</option>)}
            </select>
          </label>
        )}
        {state && !state.color && (
          <span className="presets">
            {t('viewer.presets')}
            {state.presets.map((p) => (
              <button key={p.key} type="button" title={t(`viewer.preset.${p.name}`)} aria-label={t(`viewer.preset.${p.name}`)} onClick={() => applyPreset(p.key)}>
                {p.key}
              </button>
            ))}
          </span>
        )}
        {state && state.sliceCount > 1 && (
          <span className="cine">
            <button type="button" data-testid="cine" onClick={() => toggleCine(fps)}>
              {state.cine.playing ? t('viewer.cine.stop') : t('viewer.cine.play')}
            </button>
            <select aria-label={t('viewer.cine.fps')} value={fps} onChange={(e) => setFps(Number(e.target.value))}>
              {CINE_RATES.map((r) => <option key={r} value={r}>{r} {t('viewer.cine.fpsUnit')}</option>)}
            </select>
          </span>
        )}
        <button type="button" onClick={() => resetView()} title="R">{t('viewer.reset')}</button>
        <button type="button" data-testid="help-toggle" onClick={() => setHelp((h) => !h)} title="?">?</button>
      </div>
      {layout?.notice === 'cpuNoVolume' && <p className="notice" data-testid="cpu-notice">{t('viewer.cpuNotice')}</p>}
      <div className={mpr ? 'viewports mpr' : 'viewports'}>
        <div className="viewport-cell main">
          <div ref={mainRef} className="viewport" data-testid="viewport-main" />
          {entry && group && (
            <div className="overlay" data-testid="viewer-overlay">
              <div className="tl">
                <div>{entry.patientName || '–'} · {entry.patientId || '–'}</div>
                <div>{entry.description}</div>
                <div data-testid="overlay-group">{entry.groups.length > 1 ? group.label : entry.label}</div>
              </div>
              <div className="bl">
                <div data-testid="overlay-slice">
                  {t('viewer.overlay.slice', { n: state ? state.sliceIndex + 1 : '–', total: state?.sliceCount ?? group.frames.length })}
                  {state?.positionMm !== undefined && ` · ${fmt(state.positionMm, 1)} mm`}
                </div>
              </div>
              <div className="br">
                {state && !state.color && (
                  <div data-testid="overlay-wl">W {fmt(state.windowWidth, 0)} / L {fmt(state.windowCenter, 0)}</div>
                )}
                <div data-testid="overlay-pixel-size">
                  {px ? t('viewer.overlay.pixel', { row: fmt(px[0], 3), col: fmt(px[1], 3) }) : t('viewer.overlay.noPixel')}
                </div>
                {state?.zoom !== undefined && <div>{t('viewer.overlay.zoom', { z: fmt(state.zoom, 2) })}</div>}
              </div>
              <div className="tr">
                {state?.cine.playing && <div>{t('viewer.overlay.cine', { fps: state.cine.fps })}</div>}
                {loading && <div>{t('viewer.loading')}</div>}
              </div>
            </div>
          )}
          {!entry && <p className="empty">{t('viewer.empty')}</p>}
        </div>
        {mpr && (
          <>
            <div className="viewport-cell side">
              <div ref={sagRef} className="viewport" data-testid="viewport-sagittal" />
              <div className="overlay"><div className="tl">{t('viewer.sagittal')}{entry && state?.reformatsGroup !== selected?.groupKey && ` · ${t('viewer.loading')}`}</div></div>
            </div>
            <div className="viewport-cell side">
              <div ref={corRef} className="viewport" data-testid="viewport-coronal" />
              <div className="overlay"><div className="tl">{t('viewer.coronal')}{entry && state?.reformatsGroup !== selected?.groupKey && ` · ${t('viewer.loading')}`}</div></div>
            </div>
          </>
        )}
      </div>
      <ErrorBoundary label={t('app.error')}>
        <RoiLayer entry={entry} groupKey={selected?.groupKey} main={mainRef.current} />
      </ErrorBoundary>
      {help && (
        <div className="help-overlay" role="dialog" data-testid="help-overlay" aria-label={t('viewer.help.title')}>
          <h3>{t('viewer.help.title')}</h3>
          <table>
            <tbody>
              {SHORTCUT_HELP.map(([keys, msg]) => (
                <tr key={keys}><th>{t(keys)}</th><td>{t(msg)}</td></tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => setHelp(false)}>{t('app.close')}</button>
        </div>
      )}
    </div>
  );
}
