/**
 * Table 1 (characteristics by outcome group, test per variable, P) for the training, validation or
 * all patients of the run, and the univariable logistic table (training set) beside the chosen
 * model's multivariable coefficients. Variables: the run's listed predictors by default, any cohort
 * column on request. Computed from the cohort table (characteristics.ts); nothing if none is loaded.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Lang } from '../i18n/catalogue.ts';
import type { CohortTable } from '../modelling/csv.ts';
import type { StudyResults } from '../modelling/runStudy.ts';
import type { CoefficientRow } from '../panels/resultsShape.ts';
import { DataTable } from '../panels/DataTable.tsx';
import { studyText, studyTranslator } from '../panels/studyText.ts';
import { logisticSpec, table1Spec } from '../panels/studyTables.ts';
import type { TableSpec } from '../panels/tableSpec.ts';
import { defaultVariables, setsOfRun, table1OfSet, univariableFits, type ColumnTypes, type PatientSet } from './characteristics.ts';

export function CharacteristicsSection({ table, types, results, lang, modelName, multivariable, onTables }: {
  /** the cohort panel's column types: Table 1 uses them instead of guessing */
  types?: ColumnTypes;
  /** called with the tables as shown (Table 1, logistic), for the report */
  onTables?: (tables: TableSpec[]) => void;
  table: CohortTable;
  results: StudyResults;
  lang: Lang;
  modelName: string;
  multivariable?: readonly CoefficientRow[];
}) {
  const t = studyTranslator(lang);
  const [set, setSet] = useState<PatientSet>('train');
  const [variables, setVariables] = useState<string[]>(() => defaultVariables(results.spec, table));
  const sets = useMemo(() => setsOfRun(results), [results]);
  const t1 = useMemo(() => {
    const ids = set === 'all' ? new Set([...sets.train, ...sets.validation]) : sets[set];
    try {
      return { ok: true as const, ...table1OfSet(table, results.spec, variables, ids, types) };
    } catch (e) {
      return { ok: false as const, error: e instanceof Error ? e.message : String(e) };
    }
  }, [table, types, results, variables, set, sets]);
  const uni = useMemo(() => {
    try {
      return { ok: true as const, fits: univariableFits(table, results.spec, variables, sets.train, types) };
    } catch (e) {
      return { ok: false as const, error: e instanceof Error ? e.message : String(e) };
    }
  }, [table, types, results, variables, sets]);
  const labels = useMemo(() => ({ event: `${results.spec.outcome} = 1`, nonEvent: `${results.spec.outcome} = 0` }), [results]);
  // titles say which patients: "Table 1. Characteristics by outcome (training set), n = 160"
  const buildTable1 = useCallback((l: Lang): TableSpec => {
    if (!t1.ok) throw new Error(t1.error);
    return { ...table1Spec(t1.rows, labels, l), title: `${studyText(l, 'study.table1.title', { set: studyText(l, `study.table1.set.${set}`) })}, n = ${t1.n}` };
  }, [t1, labels, set]);
  const buildLogistic = useCallback((l: Lang): TableSpec => {
    if (!uni.ok) throw new Error(uni.error);
    return logisticSpec(uni.fits, multivariable, l, studyText(l, 'study.uni.title', { model: modelName }));
  }, [uni, multivariable, modelName]);
  useEffect(() => {
    if (!onTables) return;
    const out: TableSpec[] = [];
    if (t1.ok) out.push(buildTable1(lang));
    if (uni.ok) out.push(buildLogistic(lang));
    onTables(out);
  }, [t1, uni, buildTable1, buildLogistic, lang, onTables]);

  return (
    <div data-testid="results-characteristics" style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start', marginBottom: 24 }}>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
        <label>
          {t('study.form.split')}{' '}
          <select value={set} onChange={(e) => setSet(e.target.value as PatientSet)} data-testid="table1-set">
            {(['train', 'validation', 'all'] as const).map((s) => <option key={s} value={s}>{t(`study.table1.set.${s}`)}</option>)}
          </select>
        </label>
        <label>
          {t('study.table1.variables')}
          <br />
          <select multiple size={10} value={variables} data-testid="table1-variables" style={{ minWidth: 220 }}
            onChange={(e) => setVariables(Array.from(e.target.selectedOptions, (o) => o.value))}>
            {table.names.filter((n) => n !== results.spec.outcome && n !== (results.spec.id ?? 'patient_id')).map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
      </div>
      {t1.ok ? <DataTable build={buildTable1} fileName={`table1_${set}`} lang={lang} testId="table1" /> : <p role="alert">{t('study.table1.error', { message: t1.error })}</p>}
      {uni.ok ? <DataTable build={buildLogistic} fileName={`logistic_${modelName}`} lang={lang} testId="logistic" /> : <p role="alert">{uni.error}</p>}
    </div>
  );
}
