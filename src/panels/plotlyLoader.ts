/**
 * Plotly is loaded on demand, the first time a study or patient figure mounts, into its own chunk
 * — never on the viewer path (stack notes §9). One shared promise.
 *
 * The build ships Plotly's official "basic" partial bundle (scatter, bar, pie; 1.2 MB minified)
 * rather than the full one (4.8 MB): every figure here is a scatter or a bar chart, and the full
 * bundle's evaluation blocked the page for 1.2–1.5 s in headless Chromium on our 2-core machine
 * (2.2 s inside the app, just as a study's results appeared) against 0.24–0.30 s for the basic one.
 * The types come from the full package (a dev dependency, same version, erased at build).
 */
type PlotlyModule = typeof import('plotly.js-dist-min').default;

let loading: Promise<PlotlyModule> | null = null;

export function loadPlotly(): Promise<PlotlyModule> {
  if (!loading) {
    loading = import('plotly.js-basic-dist-min').then((m) => ((m as unknown as { default?: PlotlyModule }).default ?? (m as unknown as PlotlyModule)));
    // a failed load (offline chunk, CSP) can be retried by the next panel
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}
