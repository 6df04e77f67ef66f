/**
 * A continuous anatomical model of both breasts, imaged prone, in patient coordinates (LPS, mm):
 * the same model is sampled by the DCE-MRI and the DWI generators, so their lesions and tissues
 * line up through ImagePositionPatient alone, as in a real examination.
 *
 * Layout (axial view, anterior at the top of the image, patient left on the image right):
 * - chest wall (anterior surface of pectoralis major) on the curve y = yc(x) = 10 + 0.004·x²;
 *   posterior to it 12 mm of muscle, 8 mm of ribs/intercostal muscle, then lung and the heart;
 * - two breasts, half-ellipsoids hanging anteriorly from the chest wall (x centre ±52 mm,
 *   semi-axes ~40 mm left-right, ~80 mm deep, ~55 mm cranio-caudal), slightly asymmetric;
 * - a 1.5 mm skin layer, a nipple, and a 6 mm pre-sternal fat layer over the chest wall;
 * - inside the breasts: fat and fibroglandular tissue (FGT), FGT concentrated centrally and
 *   retro-areolar with a fractal texture;
 * - vessels: internal mammary and lateral thoracic vessels, and branching breast vessels;
 * - one irregular, spiculated lesion (15–35 mm) in the left breast.
 *
 * All boundaries are soft over ~0.6 mm (partial volume). Fractions at a point sum to at most 1
 * (the rest is air).
 */
import { createPrng } from './prng.ts';
import { createSmoothNoise3 } from './smoothNoise.ts';

export type Vec3 = [number, number, number];

/** Tissue classes of the model; `fractions[t]` of a slice holds one map per class. */
export const TISSUES = ['fat', 'fgt', 'muscle', 'skin', 'lesion', 'vessel', 'heart', 'lung'] as const;
export type Tissue = (typeof TISSUES)[number];

/** An axis-aligned axial slice: pixel (c, r) has its centre at (x0 + c·dx, y0 + r·dy, z). */
export interface AxialSliceGrid {
  cols: number;
  rows: number;
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  z: number;
}

export interface SliceTissues {
  fractions: Record<Tissue, Float32Array>;
  /** Relative radius ρ/r(u) of the point inside the lesion (0 centre … 1 margin), 0 outside. */
  lesionRadius: Float32Array;
  /** Smooth coil-sensitivity (bias) field, ~0.75–1.25. */
  bias: Float32Array;
  /** Fine-scale heterogeneity of fibroglandular signal, a factor ~0.9–1.1 (1 elsewhere). */
  fgtTexture: Float32Array;
}

export interface LesionDescription {
  centre: Vec3;
  /** Mean radius before spiculation, mm. */
  meanRadiusMm: number;
  /** Largest extent along x, y, z measured on a 1 mm grid, mm. */
  extentMm: Vec3;
  side: 'L' | 'R';
}

export interface BreastPhantom {
  sampleSlice(grid: AxialSliceGrid): SliceTissues;
  lesion: LesionDescription;
  /** Centre of the contralateral (right) breast's FGT reference region, and its half-height in z (mm). */
  reference: { centre: Vec3; halfHeightMm: number };
}

interface Breast { cx: number; cz: number; rx: number; rz: number; depth: number }
interface Segment { a: Vec3; b: Vec3; r: number }

/** y of the chest wall (anterior surface of the pectoralis) at x, mm. */
export function chestWallY(x: number): number {
  return 10 + 0.004 * x * x;
}

const EDGE_MM = 0.6;
/** Partial-volume fraction for a signed distance `sd` (mm, positive inside). */
function soft(sd: number): number {
  const t = sd / EDGE_MM + 0.5;
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

/**
 * Optional lesion shape overrides (the demo study uses none). The random draws are made as
 * without them, so everything else about the phantom is the same for a seed.
 */
export interface LesionShapeOptions {
  /** Mean radius before spiculation, mm (default 10.5 ± 1, drawn from the seed). */
  meanRadiusMm?: number;
  /** Amplitude of the margin's fractal undulation, relative to the radius (default 0.28). */
  marginRoughness?: number;
  /** Factor on the 7 spicules' lengths (default 1: 4–8 mm each). */
  spiculeScale?: number;
}

/** Builds the phantom for a seed: tissue texture, vessel paths and lesion shape depend on it. */
export function createBreastPhantom(seed: number, lesionShape: LesionShapeOptions = {}): BreastPhantom {
  const rng = createPrng(seed, 'phantom');
  const texture = createSmoothNoise3(seed, 'fgt-texture');
  const margin = createSmoothNoise3(seed, 'lesion-margin');
  const biasNoise = createSmoothNoise3(seed, 'bias');
  const fine = createSmoothNoise3(seed, 'fgt-fine');
  const jitter = (s: number) => (rng.next() * 2 - 1) * s;

  const breasts: Breast[] = [
    { cx: -52 + jitter(2), cz: jitter(3), rx: 39 + jitter(2), rz: 55 + jitter(3), depth: 78 + jitter(4) },
    { cx: 52 + jitter(2), cz: jitter(3), rx: 41 + jitter(2), rz: 56 + jitter(3), depth: 80 + jitter(4) },
  ];
  const left = breasts[1];

  // lesion in the left breast, mid-depth, upper-outer-ish
  const lc: Vec3 = [left.cx + 7 + jitter(3), chestWallY(left.cx + 7) - 32 + jitter(3), 8 + jitter(4)];
  const drawnRadius = 10.5 + jitter(1);
  const meanRadius = lesionShape.meanRadiusMm ?? drawnRadius;
  const roughness = lesionShape.marginRoughness ?? 0.28;
  const spiculeScale = lesionShape.spiculeScale ?? 1;
  const spicules: Vec3[] = [];
  for (let i = 0; i < 7; i++) {
    const u = rng.next() * 2 - 1, phi = rng.next() * 2 * Math.PI, s = Math.sqrt(1 - u * u);
    spicules.push([s * Math.cos(phi), s * Math.sin(phi), u]);
  }
  const spiculeLength = spicules.map(() => (4 + rng.next() * 4) * spiculeScale);
  /** Farthest the lesion can reach from its centre, mm (meanRadius·1.5 + 9 for the defaults). */
  const reach = meanRadius * (1 + Math.max(0.5, 1.6 * roughness)) + 9 * Math.max(1, spiculeScale);

  /** Lesion fraction and relative radius at p. r(u) = R0·(1 + 0.28·n(1.6u)) + Σ Lᵢ·max(0, u·sᵢ)^60. */
  const lesionAt = (x: number, y: number, z: number): [number, number] => {
    const vx = x - lc[0], vy = y - lc[1], vz = z - lc[2];
    const rho = Math.sqrt(vx * vx + vy * vy + vz * vz);
    if (rho > reach) return [0, 0];
    const inv = rho > 1e-9 ? 1 / rho : 0;
    const ux = vx * inv, uy = vy * inv, uz = vz * inv;
    let r = meanRadius * (1 + roughness * margin.fractal(ux * 1.6 + 3.1, uy * 1.6 + 5.7, uz * 1.6 + 1.3, 3));
    for (let i = 0; i < spicules.length; i++) {
      const c = ux * spicules[i][0] + uy * spicules[i][1] + uz * spicules[i][2];
      if (c > 0.8) r += spiculeLength[i] * c ** 60;
    }
    return [soft(r - rho), Math.min(1, rho / r)];
  };

  // vessels: straight-ish tubes along z behind the chest wall, and wandering breast vessels
  const segments: Segment[] = [];
  const tube = (x: number, y: number, r: number) => {
    let px = x, py = y;
    for (let z = -90; z < 90; z += 6) {
      const nx = x + 1.5 * Math.sin((z + 6) / 23 + x), ny = y + 1.0 * Math.cos((z + 6) / 31 + x);
      segments.push({ a: [px, py, z], b: [nx, ny, z + 6], r });
      px = nx; py = ny;
    }
  };
  for (const s of [-1, 1]) {
    tube(28 * s, chestWallY(28) + 16, 1.6);
    tube(84 * s, chestWallY(84) + 4, 1.8);
  }
  for (const b of breasts) {
    for (let v = 0; v < 3; v++) {
      let p: Vec3 = [b.cx + jitter(b.rx * 0.6), 0, b.cz + jitter(b.rz * 0.6)];
      p[1] = chestWallY(p[0]) + 2;
      let dir: Vec3 = [jitter(0.4), -1, jitter(0.4)];
      const r = 1.3 + rng.next() * 0.6;
      for (let k = 0; k < 14; k++) {
        dir = [dir[0] + jitter(0.35), dir[1], dir[2] + jitter(0.35)];
        const n = Math.sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
        const q: Vec3 = [p[0] + (5 * dir[0]) / n, p[1] + (5 * dir[1]) / n, p[2] + (5 * dir[2]) / n];
        segments.push({ a: p, b: q, r: r * (1 - k / 20) });
        p = q;
      }
    }
  }

  const heart = { c: [12, chestWallY(12) + 64, -28] as Vec3, r: [50, 32, 55] as Vec3 };

  const sampleSlice = (g: AxialSliceGrid): SliceTissues => {
    const n = g.cols * g.rows;
    const f = Object.fromEntries(TISSUES.map((t) => [t, new Float32Array(n)])) as Record<Tissue, Float32Array>;
    const lesionRadius = new Float32Array(n);
    const bias = new Float32Array(n);
    const fgtTexture = new Float32Array(n).fill(1);
    const vessel = f.vessel;
    const z = g.z;

    // vessels first (rasterised over each nearby segment's bounding box)
    for (const s of segments) {
      const pad = s.r + 1.5;
      if (z < Math.min(s.a[2], s.b[2]) - pad || z > Math.max(s.a[2], s.b[2]) + pad) continue;
      const c0 = Math.max(0, Math.floor((Math.min(s.a[0], s.b[0]) - pad - g.x0) / g.dx));
      const c1 = Math.min(g.cols - 1, Math.ceil((Math.max(s.a[0], s.b[0]) + pad - g.x0) / g.dx));
      const r0 = Math.max(0, Math.floor((Math.min(s.a[1], s.b[1]) - pad - g.y0) / g.dy));
      const r1 = Math.min(g.rows - 1, Math.ceil((Math.max(s.a[1], s.b[1]) + pad - g.y0) / g.dy));
      const abx = s.b[0] - s.a[0], aby = s.b[1] - s.a[1], abz = s.b[2] - s.a[2];
      const ab2 = abx * abx + aby * aby + abz * abz;
      for (let r = r0; r <= r1; r++) {
        const y = g.y0 + r * g.dy;
        for (let c = c0; c <= c1; c++) {
          const x = g.x0 + c * g.dx;
          const apx = x - s.a[0], apy = y - s.a[1], apz = z - s.a[2];
          const t = Math.max(0, Math.min(1, (apx * abx + apy * aby + apz * abz) / ab2));
          const ex = apx - t * abx, ey = apy - t * aby, ez = apz - t * abz;
          const d = Math.sqrt(ex * ex + ey * ey + ez * ez);
          const v = soft(s.r - d);
          const i = r * g.cols + c;
          if (v > vessel[i]) vessel[i] = v;
        }
      }
    }

    for (let r = 0; r < g.rows; r++) {
      const y = g.y0 + r * g.dy;
      for (let c = 0; c < g.cols; c++) {
        const x = g.x0 + c * g.dx;
        const i = r * g.cols + c;
        bias[i] = 1 + 0.12 * Math.tanh((-y - 20) / 50) + 0.06 * (x / 96) + 0.07 * biasNoise.at(x / 70, y / 70, z / 70);
        const yc = chestWallY(x);
        const d = yc - y; // depth anterior to the chest wall
        const thorax = soft(-d); // posterior to the chest wall

        // anterior part: pre-sternal fat layer ∪ breasts, with skin
        let sdBody = 7.5 - d;
        let breastInterior = 0;
        let fgtShare = 0;
        if (d > -2) {
          for (const b of breasts) {
            const dd = Math.max(0, d);
            const q = ((x - b.cx) / b.rx) ** 2 + ((z - b.cz) / b.rz) ** 2 + (dd / b.depth) ** 2;
            if (q > 1.3) continue;
            const sd = (1 - Math.sqrt(q)) * 38;
            if (sd > sdBody) sdBody = sd;
            const inner = soft(sd - 1.5);
            if (inner > 0) {
              const qc = ((x - b.cx) / (0.75 * b.rx)) ** 2 + ((z - b.cz) / (0.75 * b.rz)) ** 2 + ((dd - 0.45 * b.depth) / (0.6 * b.depth)) ** 2;
              const gval = 0.75 * (1 - qc) + 0.5 * texture.fractal(x / 10, y / 10, z / 10, 5, 0.6);
              const share = Math.max(0, Math.min(1, (gval - 0.3) / 0.1));
              if (inner > breastInterior) { breastInterior = inner; fgtShare = share; }
            }
          }
        }
        const anterior = 1 - thorax;
        const inBody = soft(sdBody);
        const interior = soft(sdBody - 1.5);
        let skin = anterior * (inBody - interior);
        let fgt = anterior * interior * Math.min(breastInterior, 1) * fgtShare;
        let fat = anterior * interior - fgt;
        if (fgt > 0) fgtTexture[i] = 1 + 0.12 * fine.fractal(x / 3, y / 3, z / 3, 2);
        // nipple: a 6 mm knob of skin-like tissue at the tip of each breast (fills air only)
        for (const b of breasts) {
          const tx = x - b.cx, ty = y - (chestWallY(b.cx) - b.depth + 1.5), tz = z - b.cz;
          const nf = soft(6 - Math.sqrt(tx * tx + ty * ty * 1.8 + tz * tz));
          if (nf > 0) skin += nf * Math.max(0, 1 - (fat + fgt + skin)) * anterior;
        }

        // posterior part: muscle (pectoralis + intercostal), then lung and heart
        const e = -d; // depth behind the chest wall
        let muscle = 0, lung = 0, hrt = 0;
        if (thorax > 0) {
          const deep = soft(e - 20);
          muscle = thorax * (1 - deep);
          const hx = (x - heart.c[0]) / heart.r[0], hy = (y - heart.c[1]) / heart.r[1], hz = (z - heart.c[2]) / heart.r[2];
          const h = soft((1 - Math.sqrt(hx * hx + hy * hy + hz * hz)) * 30);
          hrt = thorax * deep * h;
          lung = thorax * deep * (1 - h);
        }

        // lesion replaces breast tissue; vessels replace everything but the lesion
        let lesion = 0;
        if (anterior > 0 && interior > 0) {
          const [lf, lr] = lesionAt(x, y, z);
          lesion = lf * anterior * interior;
          if (lf > 0) {
            lesionRadius[i] = lr;
            const keep = 1 - lf;
            fgt *= keep; fat *= keep;
          }
        }
        const v = vessel[i] * (1 - lesion) * (inBody * anterior + thorax);
        const keep = 1 - v;
        fat *= keep; fgt *= keep; skin *= keep; muscle *= keep; lung *= keep; hrt *= keep;
        vessel[i] = v;
        f.fat[i] = fat; f.fgt[i] = fgt; f.muscle[i] = muscle; f.skin[i] = skin;
        f.lesion[i] = lesion; f.heart[i] = hrt; f.lung[i] = lung;
      }
    }
    return { fractions: f, lesionRadius, bias, fgtTexture };
  };

  // lesion extent on a 1 mm grid
  const lo: Vec3 = [Infinity, Infinity, Infinity], hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let z = lc[2] - reach; z <= lc[2] + reach; z += 1) {
    for (let y = lc[1] - reach; y <= lc[1] + reach; y += 1) {
      for (let x = lc[0] - reach; x <= lc[0] + reach; x += 1) {
        if (lesionAt(x, y, z)[0] >= 0.5) {
          const p = [x, y, z];
          for (let k = 0; k < 3; k++) { lo[k] = Math.min(lo[k], p[k]); hi[k] = Math.max(hi[k], p[k]); }
        }
      }
    }
  }
  const right = breasts[0];
  return {
    sampleSlice,
    lesion: { centre: lc, meanRadiusMm: meanRadius, extentMm: [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1], side: 'L' },
    reference: { centre: [right.cx, chestWallY(right.cx) - 0.45 * right.depth, lc[2]], halfHeightMm: 12 },
  };
}
