/**
 * The structured pipeline editor: outcome, split, models side by side (type, predictors as a list
 * or a pattern, ordered selection steps with their parameters, k, Rad-score), DeLong pairs,
 * bootstrap seed, CV and the decision-curve range. It edits the same study.json object the text
 * editor shows (`raw` in, `onChange(next)` out), so both stay in step; problems are named in words
 * (pipelineForm.ts `pipelineProblems`).
 */
import type { ReactNode } from 'react';
import type { SplitDefinition } from '../cohort/splits.ts';
import type { Lang } from '../i18n/catalogue.ts';
import { studyTranslator, type StudyT } from '../panels/studyText.ts';
import { defaultStep, factorCandidates, factorChoices, moveItem, newModel, patternColumns, pipelineProblems, setAt, setFactor, splitFromCohort, STEP_KINDS, stepKind, type Path, type Raw, type StepKind } from './pipelineForm.ts';

const box: React.CSSProperties = { border: '1px solid #ccc', borderRadius: 4, padding: 8, minWidth: 300, flex: '1 1 320px', maxWidth: 460 };
const row: React.CSSProperties = { display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center', margin: '4px 0' };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const get = (o: unknown, path: Path): unknown => path.reduce<unknown>((v, k) => (v === null || v === undefined ? undefined : (v as Record<string | number, unknown>)[k]), o);

interface Props {
  raw: Raw | null;
  columns: readonly string[] | null;
  cohortSplit: SplitDefinition | null;
  nRows: number;
  readers: readonly string[];
  /** Levels of the cohort's text columns (sorted), for the factors' reference levels. */
  textLevels?: Readonly<Record<string, readonly string[]>>;
  lang: Lang;
  disabled?: boolean;
  onChange: (next: Raw) => void;
}

export function PipelineForm({ raw, columns, cohortSplit, nRows, readers, textLevels = {}, lang, disabled, onChange }: Props) {
  const t = studyTranslator(lang);
  if (!raw) return <p data-testid="pipeline-form-invalid">{t('study.form.invalidJson')}</p>;
  const set = (path: Path, value: unknown) => {
    const next = setAt(raw, path, value) as Raw;
    // an optional block (cv, dca, bootstrap) left empty is left out of study.json, not written as {}
    const block = path.length === 2 && typeof path[0] === 'string' && ['cv', 'dca', 'bootstrap'].includes(path[0]) ? next[path[0]] : undefined;
    onChange(isObj(block) && Object.keys(block).length === 0 ? (setAt(next, [path[0]!], undefined) as Raw) : next);
  };
  const cols = columns ?? [];
  const models = Array.isArray(raw.models) ? (raw.models as unknown[]) : [];
  const names = models.map((m) => (isObj(m) ? String(m.name ?? '') : ''));
  const problems = pipelineProblems(raw, columns, readers, textLevels);
  const factors = factorChoices(raw, textLevels);
  const fromCohort = splitFromCohort(cohortSplit, nRows);

  const num = (path: Path, label: string, opts: { step?: number; min?: number; max?: number; width?: number; placeholder?: string } = {}) => (
    <label>
      {label}{' '}
      <input
        type="number"
        step={opts.step ?? 'any'}
        min={opts.min}
        max={opts.max}
        value={typeof get(raw, path) === 'number' ? String(get(raw, path)) : ''}
        disabled={disabled}
        style={{ width: opts.width ?? 70 }}
        placeholder={opts.placeholder}
        data-testid={`form-${path.join('.')}`}
        onChange={(e) => set(path, e.target.value === '' ? undefined : Number(e.target.value))}
      />
    </label>
  );
  const text = (path: Path, label: string, list?: readonly string[], width = 150) => (
    <label>
      {label}{' '}
      <input
        type="text"
        value={typeof get(raw, path) === 'string' ? (get(raw, path) as string) : ''}
        disabled={disabled}
        list={list ? 'pipeline-form-columns' : undefined}
        style={{ width }}
        data-testid={`form-${path.join('.')}`}
        onChange={(e) => set(path, e.target.value)}
      />
    </label>
  );
  const choice = (path: Path, label: string, options: readonly (readonly [string, string])[]) => (
    <label>
      {label}{' '}
      <select value={String(get(raw, path) ?? options[0]![0])} disabled={disabled} data-testid={`form-${path.join('.')}`} onChange={(e) => set(path, e.target.value)}>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </label>
  );

  const split = isObj(raw.split) ? raw.split : {};
  const splitKind = 'temporal' in split ? 'temporal' : 'random' in split ? 'random' : 'column';
  const setSplitKind = (k: string) => {
    if (k === splitKind) return; // the same kind keeps its column, labels or seed
    if (k === 'temporal') set(['split'], { temporal: { column: '', cutoff: '' } });
    else if (k === 'random') set(['split'], { random: { fraction: 0.7, stratify: true, seed: 1 } });
    else set(['split'], { column: 'split', train: 'train', validation: 'validation' });
  };

  return (
    <section data-testid="pipeline-form" style={{ marginBottom: 12 }}>
      <h4 style={{ margin: '4px 0' }}>{t('study.form.title')}</h4>
      <datalist id="pipeline-form-columns">{cols.map((c) => <option key={c} value={c} />)}</datalist>
      <div style={row}>
        {text(['outcome'], t('study.form.outcome'), cols)}
        {text(['id'], t('study.form.id'), cols)}
      </div>
      <div style={row}>
        <label>
          {t('study.form.split')}{' '}
          <select value={splitKind} disabled={disabled} data-testid="form-split-kind" onChange={(e) => setSplitKind(e.target.value)}>
            <option value="temporal">{t('study.form.split.temporal')}</option>
            <option value="random">{t('study.form.split.random')}</option>
            <option value="column">{t('study.form.split.column')}</option>
          </select>
        </label>
        {splitKind === 'temporal' && <>{text(['split', 'temporal', 'column'], t('study.form.dateColumn'), cols)}{text(['split', 'temporal', 'cutoff'], t('study.form.cutoff'), undefined, 100)}</>}
        {splitKind === 'random' && <>{num(['split', 'random', 'fraction'], t('study.form.fraction'), { step: 0.05, min: 0, max: 1 })}{num(['split', 'random', 'seed'], t('study.form.seed'), { step: 1 })}
          <label><input type="checkbox" checked={get(raw, ['split', 'random', 'stratify']) !== false} disabled={disabled} data-testid="form-split.random.stratify" onChange={(e) => set(['split', 'random', 'stratify'], e.target.checked)} /> {t('study.form.stratify')}</label></>}
        {splitKind === 'column' && <>{text(['split', 'column'], t('study.form.column'), cols, 110)}{text(['split', 'train'], t('study.form.trainLabel'), undefined, 80)}{text(['split', 'validation'], t('study.form.validationLabel'), undefined, 80)}</>}
        {fromCohort && (
          <button type="button" disabled={disabled} data-testid="form-split-from-cohort" onClick={() => set(['split'], fromCohort)}>{t('study.form.split.fromCohort')}</button>
        )}
      </div>
      <h4 style={{ margin: '8px 0 4px' }}>{t('study.form.models')}</h4>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        {models.map((m, i) => (isObj(m) ? (
          <ModelBox key={i} index={i} model={m} cols={cols} earlier={names.slice(0, i)} t={t} disabled={disabled} num={num} text={text} choice={choice} set={set}
            remove={() => set(['models'], models.filter((_, j) => j !== i))} readers={readers} />
        ) : null))}
      </div>
      <button type="button" disabled={disabled} data-testid="form-add-model" onClick={() => set(['models'], [...models, newModel(names)])}>{t('study.form.addModel')}</button>
      {factors.length > 0 && (
        <div data-testid="form-factors">
          <h4 style={{ margin: '8px 0 4px' }}>{t('study.form.factors')}</h4>
          <div style={row}>
            {factors.map((f) => (
              <span key={f.column} style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
                <label>
                  {f.column}{' '}
                  {f.levels.length > 0 ? (
                    <select value={f.reference ?? ''} disabled={disabled} data-testid={`form-factors.${f.column}`}
                      onChange={(e) => onChange(setFactor(raw, f.column, e.target.value === '' ? undefined : e.target.value))}>
                      <option value="">{t('study.form.factorDefault', { level: f.levels[0] ?? '—' })}</option>
                      {f.levels.map((l) => <option key={l} value={l}>{l}</option>)}
                    </select>
                  ) : (
                    // a coded (numeric) column: the cohort's levels are not listed, the reference is typed
                    <input type="text" value={f.reference ?? ''} disabled={disabled} style={{ width: 70 }} placeholder={t('study.form.factorReference')}
                      data-testid={`form-factors.${f.column}`} onChange={(e) => onChange(setFactor(raw, f.column, e.target.value))} />
                  )}
                </label>
                {f.reference !== undefined && (
                  <button type="button" disabled={disabled} data-testid={`form-factors.${f.column}.remove`} aria-label={`${t('study.form.removeFactor')} ${f.column}`}
                    onClick={() => onChange(setFactor(raw, f.column, undefined))} style={{ padding: '0 3px' }}>×</button>
                )}
              </span>
            ))}
          </div>
        </div>
      )}
      <div style={row}>
        <select value="" disabled={disabled} data-testid="form-add-factor" style={{ maxWidth: 260 }}
          onChange={(e) => e.target.value && onChange(setFactor(raw, e.target.value, textLevels[e.target.value]?.[0] ?? ''))}>
          <option value="">{t('study.form.addFactor')}</option>
          {factorCandidates(raw, cols).map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </div>
      <h4 style={{ margin: '8px 0 4px' }}>{t('study.form.compare')}</h4>
      {(Array.isArray(raw.compare) ? (raw.compare as unknown[]) : []).map((pair, i) => (
        <div key={i} style={row}>
          {[0, 1].map((j) => (
            <select key={j} value={Array.isArray(pair) ? String(pair[j] ?? '') : ''} disabled={disabled} data-testid={`form-compare-${i}-${j}`} onChange={(e) => set(['compare', i, j], e.target.value)}>
              {names.map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          ))}
          <button type="button" disabled={disabled} onClick={() => set(['compare', i], undefined)}>{t('study.form.remove')}</button>
        </div>
      ))}
      <button type="button" disabled={disabled || names.length < 2} data-testid="form-add-compare" onClick={() => set(['compare'], [...(Array.isArray(raw.compare) ? raw.compare : []), [names[names.length - 1], names[0]]])}>{t('study.form.addCompare')}</button>
      <div style={row}>
        {num(['bootstrap', 'seed'], t('study.form.bootstrapSeed'), { step: 1 })}
        <span>{t('study.form.cv')}:</span>
        {num(['cv', 'folds'], t('study.form.cvFolds'), { step: 1, min: 2, width: 50 })}
        {num(['cv', 'seed'], t('study.form.seed'), { step: 1 })}
      </div>
      <div style={row}>
        <span>{t('study.form.dca')}:</span>
        {num(['dca', 'from'], t('study.form.from'), { step: 0.01, min: 0, max: 1 })}
        {num(['dca', 'to'], t('study.form.to'), { step: 0.01, min: 0, max: 1 })}
        {num(['dca', 'by'], t('study.form.by'), { step: 0.01, min: 0, max: 1 })}
      </div>
      {problems.length > 0 && (
        <div role="alert" data-testid="pipeline-problems" style={{ color: '#b00020' }}>
          {t('study.form.problems')}
          <ul style={{ margin: '2px 0' }}>{problems.map((p, i) => <li key={i}>{t(p.key, p.vars)}</li>)}</ul>
        </div>
      )}
    </section>
  );
}

function ModelBox({ index, model, cols, earlier, t, disabled, num, text, choice, set, remove, readers }: {
  index: number;
  model: Record<string, unknown>;
  cols: readonly string[];
  earlier: readonly string[];
  t: StudyT;
  disabled?: boolean;
  num: (path: Path, label: string, opts?: { step?: number; min?: number; max?: number; width?: number; placeholder?: string }) => ReactNode;
  text: (path: Path, label: string, list?: readonly string[], width?: number) => ReactNode;
  choice: (path: Path, label: string, options: readonly (readonly [string, string])[]) => ReactNode;
  set: (path: Path, value: unknown) => void;
  remove: () => void;
  readers: readonly string[];
}) {
  const base: Path = ['models', index];
  const type = model.type === 'knn' ? 'knn' : 'logistic';
  const preds = model.predictors;
  const isPattern = isObj(preds);
  const list = Array.isArray(preds) ? preds.map(String) : [];
  const pattern = isObj(preds) && typeof preds.pattern === 'string' ? preds.pattern : '';
  const matched = isPattern ? patternColumns(pattern, cols) : null;
  const steps = Array.isArray(model.selection) ? (model.selection as unknown[]) : [];
  const options = [...cols, ...earlier.map((n) => `radscore:${n}`)].filter((c) => !list.includes(c));
  const setType = (v: string) => {
    let next: Record<string, unknown> = { ...model, type: v };
    if (v === 'knn') { next.k = model.k ?? 'cv'; delete next.radscore; } else delete next.k;
    set(base, next);
  };
  /** An optional column name: empty removes the key from study.json. */
  const optText = (path: Path, label: string, list: readonly string[]) => {
    const v = path.reduce<unknown>((o, k) => (o === null || o === undefined ? undefined : (o as Record<string | number, unknown>)[k]), { models: { [index]: model } });
    return (
      <label>
        {label}{' '}
        <input type="text" value={typeof v === 'string' ? v : ''} disabled={disabled} list={list.length ? 'pipeline-form-columns' : undefined} style={{ width: 110 }}
          data-testid={`form-${path.join('.')}`} onChange={(e) => set(path, e.target.value === '' ? undefined : e.target.value)} />
      </label>
    );
  };
  return (
    <fieldset style={box} data-testid={`form-model-${index}`}>
      <legend>{String(model.name ?? '')}</legend>
      <div style={row}>
        {text([...base, 'name'], t('study.form.name'), undefined, 120)}
        <label>
          {t('study.form.type')}{' '}
          <select value={type} disabled={disabled} data-testid={`form-models.${index}.type`} onChange={(e) => setType(e.target.value)}>
            <option value="logistic">{t('study.form.type.logistic')}</option>
            <option value="knn">{t('study.form.type.knn')}</option>
          </select>
        </label>
        <button type="button" disabled={disabled} onClick={remove}>{t('study.form.removeModel')}</button>
      </div>
      <div style={row}>
        {t('study.form.predictors')}:
        <label><input type="radio" checked={!isPattern} disabled={disabled} onChange={() => set([...base, 'predictors'], matched ?? [])} /> {t('study.form.predictors.list')}</label>
        <label><input type="radio" checked={isPattern} disabled={disabled} onChange={() => set([...base, 'predictors'], { pattern: '^original_' })} /> {t('study.form.predictors.pattern')}</label>
      </div>
      {isPattern ? (
        <div style={row}>
          {text([...base, 'predictors', 'pattern'], t('study.form.pattern'), undefined, 220)}
          {matched && <small>{t('study.form.patternMatches', { n: matched.length })}</small>}
        </div>
      ) : (
        <div style={row}>
          {list.map((c, j) => (
            <span key={c} style={{ background: 'rgba(90, 120, 255, 0.18)', border: '1px solid rgba(90, 120, 255, 0.5)', padding: '0 4px', borderRadius: 3 }}>
              {c}{' '}
              <button type="button" aria-label={`${t('study.form.remove')} ${c}`} disabled={disabled} onClick={() => set([...base, 'predictors', j], undefined)} style={{ padding: '0 3px' }}>×</button>
            </span>
          ))}
          <select value="" disabled={disabled} data-testid={`form-models.${index}.addPredictor`} onChange={(e) => e.target.value && set([...base, 'predictors'], [...list, e.target.value])} style={{ maxWidth: 200 }}>
            <option value="">{t('study.form.addPredictor')}</option>
            {options.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </div>
      )}
      <div>{t('study.form.steps')}:</div>
      <ol style={{ margin: '2px 0', paddingLeft: 20 }}>
        {steps.map((s, j) => {
          const kind = stepKind(s);
          const p: Path = [...base, 'selection', j, kind ?? ''];
          return (
            <li key={j} data-testid={`form-models.${index}.step.${j}`}>
              <div style={row}>
                <strong>{kind ? t(`study.form.step.${kind}`) : JSON.stringify(s)}</strong>
                <button type="button" disabled={disabled || j === 0} aria-label={t('study.form.up')} onClick={() => set([...base, 'selection'], moveItem(steps, j, -1))}>↑</button>
                <button type="button" disabled={disabled || j === steps.length - 1} aria-label={t('study.form.down')} onClick={() => set([...base, 'selection'], moveItem(steps, j, 1))}>↓</button>
                <button type="button" disabled={disabled} onClick={() => set([...base, 'selection', j], undefined)}>{t('study.form.remove')}</button>
              </div>
              <div style={row}>
                {kind === 'nearZeroVariance' && <>{num([...p, 'freqCut'], t('study.form.freqCut'), { min: 1, placeholder: '19' })}{num([...p, 'uniqueCut'], t('study.form.uniqueCut'), { min: 0, max: 100, placeholder: '10' })}</>}
                {kind === 'correlation' && <>{num([...p, 'cutoff'], '|r| >', { step: 0.05, min: 0, max: 1 })}{choice([...p, 'method'], t('study.form.method'), [['pearson', 'Pearson'], ['spearman', 'Spearman']])}</>}
                {kind === 'icc' && <>{text([...p, 'reader2'], t('study.form.reader2'), undefined, 150)}{optText([...p, 'id'], t('study.form.iccId'), cols)}{num([...p, 'cutoff'], 'ICC >', { step: 0.05, min: -1, max: 1 })}{choice([...p, 'form'], t('study.form.iccForm'), [['icc2', 'ICC(2,1)'], ['icc3', 'ICC(3,1)'], ['icc1', 'ICC(1,1)']])}</>}
                {kind === 'univariate' && <>{choice([...p, 'test'], t('study.form.test'), [['welch', 'Welch t'], ['student', 'Student t'], ['mannWhitney', 'Mann-Whitney U'], ['logistic', 'Logistic (Wald)']])}{num([...p, 'p'], t('study.form.p'), { step: 0.01, min: 0, max: 1 })}</>}
                {kind === 'lasso' && <>{num([...p, 'folds'], t('study.form.folds'), { step: 1, min: 3, width: 50 })}{num([...p, 'foldSeed'], t('study.form.foldSeed'), { step: 1 })}{choice([...p, 'measure'], t('study.form.measure'), [['deviance', 'deviance'], ['auc', 'AUC']])}{choice([...p, 'lambda'], t('study.form.lambda'), [['min', 'λ.min'], ['1se', 'λ.1se']])}{optText([...p, 'foldColumn'], t('study.form.foldColumn'), cols)}{num([...p, 'thresh'], t('study.form.thresh'), { min: 0, max: 1, width: 80, placeholder: '1e-7' })}</>}
                {kind === 'stepwise' && <>{num([...p, 'entry'], t('study.form.entry'), { step: 0.01, min: 0, max: 1, placeholder: '0.05' })}{num([...p, 'removal'], t('study.form.removal'), { step: 0.01, min: 0, max: 1, placeholder: '0.1' })}{choice([...p, 'method'], t('study.form.stepwiseMethod'), [['spss_forward_lr', t('study.form.stepwise.spssForwardLr')], ['spss_forward_wald', t('study.form.stepwise.spssForwardWald')], ['lr_entry_lr_removal', t('study.form.stepwise.lrBoth')]])}</>}
              </div>
            </li>
          );
        })}
      </ol>
      <select value="" disabled={disabled} data-testid={`form-models.${index}.addStep`} onChange={(e) => e.target.value && set([...base, 'selection'], [...steps, defaultStep(e.target.value as StepKind, readers[0])])}>
        <option value="">{t('study.form.addStep')}</option>
        {STEP_KINDS.map((k) => <option key={k} value={k}>{t(`study.form.step.${k}`)}</option>)}
      </select>
      {type === 'knn' ? (
        <div style={row}>
          <label><input type="checkbox" checked={model.k === undefined || model.k === 'cv'} disabled={disabled} data-testid={`form-models.${index}.kcv`} onChange={(e) => set([...base, 'k'], e.target.checked ? 'cv' : typeof model.k === 'number' ? model.k : 5)} /> {t('study.form.kCv')}</label>
          {typeof model.k === 'number' && num([...base, 'k'], t('study.form.k'), { step: 1, min: 1, width: 50 })}
        </div>
      ) : (
        <div style={row}>
          <label><input type="checkbox" checked={model.radscore === true} disabled={disabled} data-testid={`form-models.${index}.radscore`} onChange={(e) => set([...base, 'radscore'], e.target.checked ? true : undefined)} /> {t('study.form.radscore')}</label>
        </div>
      )}
    </fieldset>
  );
}
