/**
 * The training images' geometry recorded in a model card (`extraction.training_geometry`) and the
 * check of a patient's series against it. Radiomics features of the Original image depend on the
 * voxel grid (shape features on the spacing, texture on the number of voxels per mm), on the
 * acquisition (modality, scanner, field strength, slice thickness) and on the extraction settings
 * (bin width / count, resampling, normalisation), so a patient whose image differs in any of them
 * gets a warning that names what differs and by how much; the prediction is still shown.
 *
 * `checkAcquisition` compares every fact both sides record and lists the facts only one side
 * records (not checked). `geometryWarnings` is the older spacing-only check (English), kept for
 * the scripts that print it.
 */
import type { AcquisitionFacts, ExtractionFacts } from '../features/featureDb.ts';
import type { ExtractionParams } from '../radiomics/settings.ts';

export type { AcquisitionFacts, ExtractionFacts };

const shown = (v: number) => String(Number(v.toPrecision(4)));

export interface TrainingGeometry {
  /** Voxel spacing of every training image, mm: x (columns), y (rows), z (slice spacing). */
  spacing_mm: [number, number, number];
  /** Relative difference per axis above which the patient's series is flagged (e.g. 0.1 = 10 %). */
  tolerance: number;
  /** In words: image type, phase, field of view, how the images were made. */
  description: string;
  /** Slice thickness (0018,0050) of the training images, mm. */
  slice_thickness_mm?: number;
  /** In-plane matrix of the training images: columns × rows. */
  matrix?: [number, number];
  /** DICOM Modality (MR, US, …); without it the card's image_type says (DCE → MR, ultrasound → US). */
  modality?: string;
  /** Manufacturer (0008,0070) of the training scanner(s). */
  manufacturer?: string;
  /** Magnetic field strength (0018,0087), tesla. */
  field_strength_t?: number;
}

/** The facts the check compares, in the order the warnings list them. */
export const ACQUISITION_ITEMS = ['spacing', 'sliceThickness', 'matrix', 'modality', 'manufacturer', 'fieldStrength', 'binWidth', 'binCount', 'resampling', 'normalisation'] as const;
export type AcquisitionItem = (typeof ACQUISITION_ITEMS)[number];

export interface AcquisitionDifference {
  item: AcquisitionItem;
  /** The patient's and the training images' values, in words (units included). */
  patient: string;
  training: string;
  /** For numbers: how much, e.g. "x +33 %, y +33 %" or "+1.5 T"; empty for words (MR vs US). */
  by: string;
}

export interface AcquisitionCheck {
  differences: AcquisitionDifference[];
  /** Facts the model card does not record for its training images (not checked). */
  notInCard: AcquisitionItem[];
  /** Facts the card records but the patient's record does not carry (not checked). */
  notInPatient: AcquisitionItem[];
  /** The patient's features carry no acquisition facts at all (a record stored before they were kept). */
  unknown: boolean;
  /** Relative tolerance used for spacing, thickness and matrix. */
  tolerance: number;
}

/** Default tolerance when the card records no geometry (settings and modality are still checked). */
export const DEFAULT_TOLERANCE = 0.1;

/** The extraction settings a radiomics model depends on, from parsed parameters. */
export function extractionFacts(params: ExtractionParams): ExtractionFacts {
  const s = params.setting;
  return {
    binWidth: s.binWidth,
    binCount: s.binCount ?? null,
    resampledPixelSpacing: s.resampledPixelSpacing ? [...s.resampledPixelSpacing] : null,
    normalize: s.normalize,
    normalizeScale: s.normalizeScale,
  };
}

/** The training side of the check: the card's geometry plus its own extraction settings. */
export function trainingFacts(extraction: { image_type: string; training_geometry?: TrainingGeometry }, params: ExtractionParams | null): AcquisitionFacts {
  const g = extraction.training_geometry;
  return {
    spacingMm: g?.spacing_mm,
    sliceThicknessMm: g?.slice_thickness_mm,
    matrix: g?.matrix,
    modality: g?.modality ?? (extraction.image_type === 'ultrasound' ? 'US' : extraction.image_type === 'DCE phase 1' ? 'MR' : undefined),
    manufacturer: g?.manufacturer,
    fieldStrengthT: g?.field_strength_t,
    settings: params ? extractionFacts(params) : undefined,
  };
}

const signedPct = (rel: number) => `${rel >= 0 ? '+' : '−'}${shown(Math.abs(100 * rel))} %`;
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').trim();
/** Same maker: the first word of the name agrees ("GE MEDICAL SYSTEMS" = "GE Healthcare", "SIEMENS" = "Siemens Healthineers"). */
const sameMaker = (a: string, b: string) => norm(a).split(/\s+/)[0] === norm(b).split(/\s+/)[0];
const onOff = (f: ExtractionFacts) => (f.normalize ? `on (scale ${shown(f.normalizeScale)})` : 'off');
const spacingText = (s: readonly number[] | null) => (s ? `${s.map(shown).join(' × ')} mm` : 'none');

/**
 * Every fact both sides record, compared: spacing per axis, slice thickness and matrix by the
 * relative difference |p − t| / t against the tolerance (the card's, else 10 %); modality exactly
 * (case ignored); manufacturer by its first word; field strength by more than 0.05 T; bin width,
 * bin count, resampling and normalisation exactly (the features change with any of them).
 * `patient` undefined: nothing can be checked (`unknown`).
 */
export function checkAcquisition(training: AcquisitionFacts, patient: AcquisitionFacts | undefined, tolerance = DEFAULT_TOLERANCE): AcquisitionCheck {
  const out: AcquisitionCheck = { differences: [], notInCard: [], notInPatient: [], unknown: !patient, tolerance };
  if (!patient) return out;
  const both = <T>(item: AcquisitionItem, t: T | undefined, p: T | undefined, f: (t: T, p: T) => void) => {
    if (t === undefined) { out.notInCard.push(item); return; }
    if (p === undefined) { out.notInPatient.push(item); return; }
    f(t, p);
  };
  const rel = (p: number, t: number) => (p - t) / t;
  both('spacing', training.spacingMm, patient.spacingMm, (t, p) => {
    const off = ['x', 'y', 'z'].map((a, k) => ({ a, r: rel(p[k]!, t[k]!) })).filter((d) => Math.abs(d.r) > tolerance);
    if (off.length) out.differences.push({ item: 'spacing', patient: spacingText(p), training: spacingText(t), by: off.map((d) => `${d.a} ${signedPct(d.r)}`).join(', ') });
  });
  both('sliceThickness', training.sliceThicknessMm, patient.sliceThicknessMm, (t, p) => {
    if (Math.abs(rel(p, t)) > tolerance) out.differences.push({ item: 'sliceThickness', patient: `${shown(p)} mm`, training: `${shown(t)} mm`, by: signedPct(rel(p, t)) });
  });
  both('matrix', training.matrix, patient.matrix, (t, p) => {
    const off = ['x', 'y'].map((a, k) => ({ a, r: rel(p[k]!, t[k]!) })).filter((d) => Math.abs(d.r) > tolerance);
    if (off.length) out.differences.push({ item: 'matrix', patient: p.join(' × '), training: t.join(' × '), by: off.map((d) => `${d.a} ${signedPct(d.r)}`).join(', ') });
  });
  both('modality', training.modality, patient.modality, (t, p) => {
    if (norm(t) !== norm(p)) out.differences.push({ item: 'modality', patient: p, training: t, by: '' });
  });
  both('manufacturer', training.manufacturer, patient.manufacturer, (t, p) => {
    if (!sameMaker(t, p)) out.differences.push({ item: 'manufacturer', patient: p, training: t, by: '' });
  });
  both('fieldStrength', training.fieldStrengthT, patient.fieldStrengthT, (t, p) => {
    if (Math.abs(p - t) > 0.05) out.differences.push({ item: 'fieldStrength', patient: `${shown(p)} T`, training: `${shown(t)} T`, by: `${p >= t ? '+' : '−'}${shown(Math.abs(p - t))} T` });
  });
  const ts = training.settings;
  const ps = patient.settings;
  both('binWidth', ts?.binWidth, ps?.binWidth, (t, p) => {
    if (Math.abs(p - t) > 1e-9 * Math.abs(t)) out.differences.push({ item: 'binWidth', patient: shown(p), training: shown(t), by: signedPct(rel(p, t)) });
  });
  both('binCount', ts ? ts.binCount : undefined, ps ? ps.binCount : undefined, (t, p) => {
    if (t !== p) out.differences.push({ item: 'binCount', patient: p === null ? 'none' : String(p), training: t === null ? 'none' : String(t), by: '' });
  });
  both('resampling', ts ? ts.resampledPixelSpacing : undefined, ps ? ps.resampledPixelSpacing : undefined, (t, p) => {
    const same = t === null || p === null ? t === p : t.length === p.length && t.every((v, k) => Math.abs(v - p[k]!) <= 1e-9);
    if (!same) out.differences.push({ item: 'resampling', patient: spacingText(p), training: spacingText(t), by: '' });
  });
  both('normalisation', ts, ps, (t, p) => {
    if (t.normalize !== p.normalize || (t.normalize && t.normalizeScale !== p.normalizeScale)) out.differences.push({ item: 'normalisation', patient: onOff(p), training: onOff(t), by: '' });
  });
  return out;
}

/**
 * Warnings for a patient's image spacing (mm, x y z) that differs from the training spacing by
 * more than the card's tolerance on any axis: |sᵖ − sᵗ| / sᵗ > tolerance. No geometry in the
 * card: no warning (older cards). Throws on a spacing that is not three positive numbers.
 */
export function geometryWarnings(training: TrainingGeometry | undefined, spacing: readonly number[]): string[] {
  if (!training) return [];
  if (spacing.length !== 3 || !spacing.every((s) => Number.isFinite(s) && s > 0)) throw new Error(`patient image spacing must be three positive numbers (mm), got ${JSON.stringify(spacing)}`);
  const axes = ['x', 'y', 'z'];
  const off = axes.filter((_, k) => Math.abs(spacing[k]! - training.spacing_mm[k]!) / training.spacing_mm[k]! > training.tolerance);
  if (off.length === 0) return [];
  return [`the patient's voxel spacing ${spacing.map(shown).join(' × ')} mm differs from the training images' ${training.spacing_mm.map(shown).join(' × ')} mm (${off.join(', ')} by more than ${shown(100 * training.tolerance)} %): shape and texture features may not be comparable`];
}
