/**
 * The one message catalogue: English and Simplified Chinese side by side. Each part of the app
 * owns a section file (app.ts, viewer.ts, …) shaped `{ en: {...}, zh: {...} }`; the type below
 * makes a missing translation a compile error. Tables and figures take a `lang` so they can be
 * exported in either language whatever the interface shows.
 */
import { app } from './sections/app.ts';
import { cohort } from './sections/cohort.ts';
import { features } from './sections/features.ts';
import { panels } from './sections/panels.ts';
import { roi } from './sections/roi.ts';
import { viewer } from './sections/viewer.ts';
import { workspace } from './sections/workspace.ts';
import { study } from '../panels/studyText.ts';
import { patient } from '../patient/patientText.ts';
import { fillTemplate } from './template.ts';

export const sections = { app, viewer, roi, cohort, features, panels, workspace, study, patient } as const;

export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];

type Section = { en: Record<string, string>; zh: Record<string, string> };
type Merge<S extends Record<string, Section>> = { [K in keyof S]: S[K]['en'] }[keyof S];
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;
export type Messages = UnionToIntersection<Merge<typeof sections>>;
export type MessageKey = keyof Messages & string;

function merge(lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, s] of Object.entries(sections) as [string, Section][]) {
    for (const [k, v] of Object.entries(s[lang])) {
      if (k in out) throw new Error(`i18n: key "${k}" defined twice (section ${name})`);
      out[k] = v;
    }
  }
  return out;
}

const catalogues: Record<Lang, Record<string, string>> = { en: merge('en'), zh: merge('zh') };

/** Translate `key`, replacing `{name}` placeholders from `vars`. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = catalogues[lang][key] ?? catalogues.en[key] ?? key;
  return fillTemplate(template, vars);
}

export function allKeys(lang: Lang): string[] {
  return Object.keys(catalogues[lang]);
}
