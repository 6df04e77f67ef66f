/**
 * The acquisition check (src/modelcard/trainingGeometry.ts `checkAcquisition`) in the reader's
 * language: one line per fact that differs (what, this patient's value, the training value, by how
 * much), one line for what the card does not record, one for what the patient's record lacks, or
 * one line saying that an old stored record cannot be checked at all.
 */
import type { AcquisitionFacts } from '../features/featureDb.ts';
import type { ModelCard } from '../modelcard/modelCard.ts';
import { checkAcquisition, DEFAULT_TOLERANCE, trainingFacts, type AcquisitionCheck } from '../modelcard/trainingGeometry.ts';
import type { ExtractionParams } from '../radiomics/settings.ts';
import type { PatientKey, PatientT } from './patientText.ts';

const pct = (v: number) => `${String(Number((100 * v).toPrecision(4)))} %`;

export function acquisitionLines(check: AcquisitionCheck, t: PatientT): string[] {
  if (check.unknown) return [t('patient.geometry.unknown')];
  const value = (v: string) => {
    if (v === 'none') return t('patient.geometry.value.none');
    if (v === 'off') return t('patient.geometry.value.off');
    const on = /^on \(scale (.*)\)$/.exec(v);
    return on ? t('patient.geometry.value.on', { scale: on[1]! }) : v;
  };
  const item = (i: string) => t(`patient.geometry.item.${i}` as PatientKey);
  const withTolerance = new Set(['spacing', 'sliceThickness', 'matrix']);
  const out = check.differences.map((d) => t('patient.geometry.differs', {
    item: item(d.item),
    patient: value(d.patient),
    training: value(d.training),
    by: d.by === '' ? '' : withTolerance.has(d.item) ? t('patient.geometry.by', { by: d.by, tol: pct(check.tolerance) }) : t('patient.geometry.byExact', { by: d.by }),
  }));
  const sep = t('patient.geometry.sep');
  if (check.notInCard.length) out.push(t('patient.geometry.notInCard', { items: check.notInCard.map(item).join(sep) }));
  if (check.notInPatient.length) out.push(t('patient.geometry.notInPatient', { items: check.notInPatient.map(item).join(sep) }));
  return out;
}

/**
 * The patient view's geometry lines: the card's training geometry and its own parameters against
 * the patient's facts; `null` = a stored record kept before the facts were (cannot be checked).
 */
export function geometryLinesFor(extraction: ModelCard['extraction'], params: ExtractionParams | null, patient: AcquisitionFacts | null, t: PatientT): string[] {
  const check = checkAcquisition(trainingFacts(extraction, params), patient ?? undefined, extraction.training_geometry?.tolerance ?? DEFAULT_TOLERANCE);
  return acquisitionLines(check, t);
}
