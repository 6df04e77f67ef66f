/**
 * Message templates: `{name}` placeholders filled from `vars` (unknown names are left as they are),
 * and per-section translators for modules that read their own section of the catalogue directly.
 */
export type TemplateVars = Record<string, string | number>;

/** Replace every `{name}` in `template` with `vars[name]` when present. */
export function fillTemplate(template: string, vars?: TemplateVars): string {
  return vars ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : template;
}

export type SectionT<K extends string> = (key: K, vars?: TemplateVars) => string;

/**
 * `text(lang, key, vars)` and `translator(lang)` for one catalogue section `{ en, zh }`; a key
 * missing in a language falls back to English.
 */
export function sectionTranslator<K extends string>(section: { en: Record<K, string>; zh: Record<K, string> }) {
  const text = (lang: 'en' | 'zh', key: K, vars?: TemplateVars): string => fillTemplate(section[lang][key] ?? section.en[key], vars);
  const translator = (lang: 'en' | 'zh'): SectionT<K> => (key, vars) => text(lang, key, vars);
  return { text, translator };
}
