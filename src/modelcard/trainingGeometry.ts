/**
 * The training images' geometry recorded in a model card (`extraction.training_geometry`) and the
 * check of a patient's series against it. Radiomics features of the Original image depend on the
 * voxel grid (shape features on the spacing, texture on the number of voxels per mm), so a patient
 * scanned on another grid gets a warning; the prediction is still shown.
 */
export interface TrainingGeometry {
  /** Voxel spacing of every training image, mm: x (columns), y (rows), z (slice spacing). */
  spacing_mm: [number, number, number];
  /** Relative difference per axis above which the patient's series is flagged (e.g. 0.1 = 10 %). */
  tolerance: number;
  /** In words: image type, phase, field of view, how the images were made. */
  description: string;
}

const shown = (v: number) => String(Number(v.toPrecision(4)));

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
