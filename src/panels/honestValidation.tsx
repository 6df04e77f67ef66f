/**
 * Honest vs naive internal validation, side by side per model: the apparent AUC (training data,
 * the fitted model), the naive fixed-model bootstrap estimate (the one fitted model scored on each
 * resample, as many papers publish it) and Harrell's optimism-corrected AUC (the whole pipeline,
 * selection included, refitted in every resample: apparent − mean optimism), with one sentence
 * saying why they differ. Numbers come from the results; nothing is recomputed.
 */
import { useCallback } from 'react';
import type { Lang } from '../i18n/catalogue.ts';
import { DataTable } from './DataTable.tsx';
import { formatFixed, formatMeanSd, MISSING } from './format.ts';
import type { ModelResult } from './resultsShape.ts';
import { studyTranslator } from './studyText.ts';
import type { TableSpec } from './tableSpec.ts';

export function honestSpec(models: readonly ModelResult[], lang: Lang): TableSpec {
  const t = studyTranslator(lang);
  return {
    title: t('study.honest.title'),
    headers: [t('study.honest.model'), t('study.honest.apparent'), t('study.honest.naive'), t('study.honest.corrected'), t('study.honest.optimism')],
    rows: models.filter((m) => m.bootstrap).map((m) => {
      const b = m.bootstrap!;
      return {
        cells: [
          m.name,
          formatFixed(b.apparent_auc, 3),
          b.naive_mean_auc !== undefined ? formatMeanSd(b.naive_mean_auc, b.naive_sd_auc ?? NaN, 3) : MISSING,
          formatFixed(b.corrected_auc, 3),
          formatFixed(b.optimism, 3),
        ],
      };
    }),
    notes: [t('study.honest.explain')],
  };
}

export function HonestValidationPanel({ models, lang }: { models: readonly ModelResult[]; lang?: Lang }) {
  const build = useCallback((l: Lang) => honestSpec(models, l), [models]);
  return <DataTable build={build} fileName="honest_vs_naive" lang={lang} testId="honest" />;
}
