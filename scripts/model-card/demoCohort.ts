/**
 * The demo model card's SYNTHETIC training cohort (issue 5): every patient's radiomics features
 * are extracted, with our extractor and the card's own parameter file, from a DCE phase-1 image
 * made by the demo generator's own phantom (`scripts/demo/breastPhantom.ts`) and tissue signals
 * (`scripts/demo/tissueSignal.ts`), at the demo study's voxel grid. The demo patient (the
 * `public/demo/` study, phantom seed 1, default lesion) is therefore one more draw from the
 * same image model, and her features fall inside the training ranges.
 *
 * Per patient i (seeded; nothing depends on the clock):
 * - phantom seed 1000 + i (tissue texture, vessels, lesion position and spicule directions);
 * - latent lesion properties, drawn with `createPrng(20261123, 'demo-cohort')`:
 *   radius R ~ exp(U(ln 6.5, ln 15)) mm (demo 10.5 ± 1), margin roughness ρ ~ U(0.12, 0.44)
 *   (demo 0.28), spicule length factor s ~ U(0.3, 1.8) (demo 1), pre-contrast lesion signal
 *   S ~ N(0.45, 0.045) clipped to [0.33, 0.57] (demo 0.45, `PRE_CONTRAST.lesion`), enhancement
 *   amplitude at the centre A ~ U(0.9, 1.8) (demo 1.35) and its rise to the margin
 *   m ~ U(0, 0.9) (demo 0.45: rim enhancement), internal heterogeneity of the enhancement
 *   h = max(0, U(−0.04, 0.14)) (demo 0: a quarter of the cohort is homogeneous), SNR ~ U(25, 35)
 *   in fibroglandular tissue (demo 30).
 * - image: DCE phase 1 = the first post-contrast phase, 60 s after injection (the workstation's
 *   `phase1` group; the pre-contrast phase is `phase0`). Signal as `scripts/demo/dce.ts` at
 *   t = 60 s: Σ tissue fraction × PRE_CONTRAST × coil bias × 1000 × (1 + E_tissue(60 s)), FGT ×
 *   its texture, except the lesion term S·(1 + (A + m·ρ²)·(1 + h·n(x/4 mm))·E_lesion(60 s; 1)),
 *   ρ the relative radius, n a 3-octave smooth noise; Rician noise σ = 500 / SNR; rounded,
 *   clipped to 12 bits. Only a crop
 *   around the lesion (its extent + 3 mm) on the demo grid (0.75 × 0.75 × 2.5 mm, the same voxel
 *   centres as the demo series) is sampled: features of the Original image inside the ROI do not
 *   depend on voxels outside it. Mask: lesion fraction ≥ 0.5, as the demo's tumour mask.
 * - clinical predictors like Study A (shared STUDIES.md, cohorts/studyA.csv): ER+ ~ Bernoulli(0.42),
 *   Ki-67 ≥ 20 % ~ Bernoulli(0.52), dose intensity = 100 % with probability 0.39, else
 *   100 − min(54.5, Exp(mean 9)) %, to 0.1; enrollment date uniform over 2021-01-01 … 2024-12-31.
 * - outcome: resistant ~ Bernoulli(logistic(η)),
 *   η = −1.75 + 0.90·ER + 0.75·Ki67 − 0.04·(dose − 93.5) + 1.3·z(ln R) + 1.0·z(roughness) + 1.1·z(h) + 0.9·z(A),
 *   z(·) standardised with the sampling distribution's own mean and SD (listed in LATENT_MOMENTS).
 */
import { createBreastPhantom } from '../demo/breastPhantom.ts';
import { DEMO_FOV_MM, FOV_ANTERIOR_Y } from '../demo/dce.ts';
import { createPrng, type Prng } from '../demo/prng.ts';
import { createSmoothNoise3 } from '../demo/smoothNoise.ts';
import { fatEnhancement, fgtEnhancement, lesionEnhancement, PRE_CONTRAST, softTissueEnhancement, vesselEnhancement } from '../demo/tissueSignal.ts';
import { extract } from '../../src/radiomics/extractor.ts';
import type { ExtractionParams } from '../../src/radiomics/settings.ts';
import type { Mask, Volume } from '../../src/geometry/volume.ts';

/** The demo DCE series' grid (`generateDceStudy` defaults: 256 × 256 × 60 over DEMO_FOV_MM). */
export const DEMO_GRID = {
  size: [256, 256, 60] as [number, number, number],
  spacing: [DEMO_FOV_MM.x / 256, DEMO_FOV_MM.y / 256, DEMO_FOV_MM.z / 60] as [number, number, number],
  origin: [-DEMO_FOV_MM.x / 2 + DEMO_FOV_MM.x / 512, FOV_ANTERIOR_Y + DEMO_FOV_MM.y / 512, -DEMO_FOV_MM.z / 2 + DEMO_FOV_MM.z / 120] as [number, number, number],
};

/** Time of DCE phase 1 (the first post-contrast phase) after injection, s (`generateDceStudy`'s phaseIntervalS default). */
export const DEMO_PHASE1_S = 60;

export const DEMO_COHORT_SIZE = 200;
export const DEMO_COHORT_SEED = 20261123;

export interface LatentLesion {
  radiusMm: number;
  roughness: number;
  spiculeScale: number;
  signal: number;
  enhancement: number;
  rimEnhancement: number;
  heterogeneity: number;
  snr: number;
}

/** Mean and SD of each standardised latent variable under its sampling distribution. */
export const LATENT_MOMENTS = {
  // ln R ~ U(ln 6.5, ln 15): mean (a+b)/2, SD (b−a)/√12
  logRadius: { mean: (Math.log(6.5) + Math.log(15)) / 2, sd: (Math.log(15) - Math.log(6.5)) / Math.sqrt(12) },
  roughness: { mean: 0.28, sd: 0.32 / Math.sqrt(12) },
  // h = max(0, U(−0.04, 0.14)): E = 0.14²/(2·0.18), E[h²] = 0.14³/(3·0.18)
  heterogeneity: { mean: 0.14 ** 2 / 0.36, sd: Math.sqrt(0.14 ** 3 / 0.54 - (0.14 ** 2 / 0.36) ** 2) },
  enhancement: { mean: 1.35, sd: 0.9 / Math.sqrt(12) },
};

const uniform = (rng: Prng, a: number, b: number) => a + (b - a) * rng.next();

export interface DemoCohortRow {
  patient_id: string;
  enrollment_date: string;
  er_pos: number;
  ki67_high: number;
  dose_intensity_pct: number;
  resistant: number;
  latent: LatentLesion;
  /** η of the outcome model (documented above), kept for the README's figures, not in the CSV. */
  eta: number;
}

/** Draws every patient's latent lesion, clinical predictors and outcome (no images yet). */
export function drawDemoCohort(n = DEMO_COHORT_SIZE): DemoCohortRow[] {
  const rng = createPrng(DEMO_COHORT_SEED, 'demo-cohort');
  const start = Date.UTC(2021, 0, 1), end = Date.UTC(2024, 11, 31);
  const rows: DemoCohortRow[] = [];
  for (let i = 0; i < n; i++) {
    const latent: LatentLesion = {
      radiusMm: Math.exp(uniform(rng, Math.log(6.5), Math.log(15))),
      roughness: uniform(rng, 0.12, 0.44),
      spiculeScale: uniform(rng, 0.3, 1.8),
      signal: Math.min(0.57, Math.max(0.33, 0.45 + 0.045 * rng.gaussian())),
      enhancement: uniform(rng, 0.9, 1.8),
      rimEnhancement: uniform(rng, 0, 0.9),
      heterogeneity: Math.max(0, uniform(rng, -0.04, 0.14)),
      snr: uniform(rng, 25, 35),
    };
    const er = rng.next() < 0.42 ? 1 : 0;
    const ki67 = rng.next() < 0.52 ? 1 : 0;
    const full = rng.next() < 0.39;
    const deficit = Math.min(54.5, -9 * Math.log(1 - rng.next()));
    const dose = full ? 100 : Math.round((100 - deficit) * 10) / 10;
    const day = Math.floor(rng.next() * ((end - start) / 86_400_000 + 1));
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    const m = LATENT_MOMENTS;
    const z = (v: number, k: { mean: number; sd: number }) => (v - k.mean) / k.sd;
    const eta = -1.75 + 0.9 * er + 0.75 * ki67 - 0.04 * (dose - 93.5)
      + 1.3 * z(Math.log(latent.radiusMm), m.logRadius) + 1.0 * z(latent.roughness, m.roughness)
      + 1.1 * z(latent.heterogeneity, m.heterogeneity) + 0.9 * z(latent.enhancement, m.enhancement);
    const resistant = rng.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    rows.push({ patient_id: `D${String(i + 1).padStart(3, '0')}`, enrollment_date: date, er_pos: er, ki67_high: ki67, dose_intensity_pct: dose, resistant, latent, eta });
  }
  return rows;
}

/** The phase-1 crop around patient i's lesion and its tumour mask, on the demo grid. */
export function demoLesionImage(patientIndex: number, latent: LatentLesion): { image: Volume<Float32Array>; mask: Mask } {
  const seed = 1000 + patientIndex;
  const phantom = createBreastPhantom(seed, { meanRadiusMm: latent.radiusMm, marginRoughness: latent.roughness, spiculeScale: latent.spiculeScale });
  const het = createSmoothNoise3(seed, 'demo-cohort-heterogeneity');
  const noise = createPrng(seed, 'demo-cohort-noise');
  const { spacing, origin } = DEMO_GRID;
  const lc = phantom.lesion.centre, ext = phantom.lesion.extentMm;
  const lo: number[] = [], n: number[] = [];
  for (let k = 0; k < 3; k++) {
    const a = Math.floor((lc[k] - ext[k] - 3 - origin[k]) / spacing[k]);
    const b = Math.ceil((lc[k] + ext[k] + 3 - origin[k]) / spacing[k]);
    lo.push(a); n.push(b - a + 1);
  }
  const [nx, ny, nz] = n;
  const data = new Float32Array(nx * ny * nz);
  const mask = new Uint8Array(nx * ny * nz);
  const sigma = (PRE_CONTRAST.fgt * 1000) / latent.snr;
  const P = PRE_CONTRAST;
  const t60 = DEMO_PHASE1_S;
  const eFat = 1 + fatEnhancement(t60), eFgt = 1 + fgtEnhancement(t60), eSoft = 1 + softTissueEnhancement(t60), eVessel = 1 + vesselEnhancement(t60);
  const eLesion = lesionEnhancement(t60, 1);
  for (let kz = 0; kz < nz; kz++) {
    const z = origin[2] + (lo[2] + kz) * spacing[2];
    const x0 = origin[0] + lo[0] * spacing[0], y0 = origin[1] + lo[1] * spacing[1];
    const t = phantom.sampleSlice({ cols: nx, rows: ny, x0, y0, dx: spacing[0], dy: spacing[1], z });
    const f = t.fractions;
    for (let i = 0; i < nx * ny; i++) {
      const x = x0 + (i % nx) * spacing[0], y = y0 + Math.floor(i / nx) * spacing[1];
      const b = t.bias[i] * 1000;
      let lesionSignal = 0;
      if (f.lesion[i] > 0) {
        const amp = (latent.enhancement + latent.rimEnhancement * t.lesionRadius[i]! ** 2) * (1 + latent.heterogeneity * het.fractal(x / 4, y / 4, z / 4, 3));
        lesionSignal = latent.signal * (1 + amp * eLesion);
      }
      const a = b * (f.fat[i] * P.fat * eFat + f.fgt[i] * P.fgt * t.fgtTexture[i] * eFgt + (f.muscle[i] * P.muscle + f.skin[i] * P.skin) * eSoft
        + (f.vessel[i] * P.vessel + f.heart[i] * P.heart) * eVessel + f.lung[i] * P.lung + f.lesion[i] * lesionSignal);
      const re = a + sigma * noise.gaussian(), im = sigma * noise.gaussian();
      const v = Math.round(Math.sqrt(re * re + im * im));
      const m = kz * nx * ny + i;
      data[m] = v > 4095 ? 4095 : v;
      if (f.lesion[i] >= 0.5) mask[m] = 1;
    }
  }
  const geom = {
    size: [nx, ny, nz] as [number, number, number],
    spacing: [...spacing] as [number, number, number],
    origin: [origin[0] + lo[0] * spacing[0], origin[1] + lo[1] * spacing[1], origin[2] + lo[2] * spacing[2]] as [number, number, number],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  return { image: { data, ...geom }, mask: { data: mask, ...geom } };
}

/** Seven significant digits: enough for every feature's scale, keeps the CSV small. */
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(7))));

/**
 * The cohort CSV: patient_id, enrollment_date, er_pos, ki67_high, dose_intensity_pct, resistant,
 * then the 107 `original_` features in the extractor's order.
 */
export function makeDemoCohortCsv(params: ExtractionParams, n = DEMO_COHORT_SIZE, onPatient?: (i: number) => void): string {
  const rows = drawDemoCohort(n);
  const lines: string[] = [];
  let names: string[] | null = null;
  rows.forEach((r, i) => {
    const { image, mask } = demoLesionImage(i, r.latent);
    const rec = extract(image, mask, params);
    const keys = Object.keys(rec).filter((k) => k.startsWith('original_'));
    if (!names) {
      names = keys;
      lines.push(['patient_id', 'enrollment_date', 'er_pos', 'ki67_high', 'dose_intensity_pct', 'resistant', ...names].join(','));
    }
    const vals = names.map((k) => {
      const v = rec[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`demo cohort patient ${r.patient_id}: feature ${k} is ${String(v)}`);
      return fmt(v);
    });
    lines.push([r.patient_id, r.enrollment_date, r.er_pos, r.ki67_high, r.dose_intensity_pct, r.resistant, ...vals].join(','));
    onPatient?.(i);
  });
  return `${lines.join('\n')}\n`;
}
