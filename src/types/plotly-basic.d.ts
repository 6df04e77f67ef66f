/**
 * plotly.js-basic-dist-min (Plotly's official partial bundle: scatter, bar, pie) ships no type
 * declarations; its API is the full bundle's, whose declarations (plotly.js-dist-min, same
 * version, a dev dependency) describe it. Trace types outside the bundle (histogram, waterfall,
 * heatmap, …) type-check but do not draw: src/panels and src/patient use scatter and bar only.
 */
declare module 'plotly.js-basic-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}
