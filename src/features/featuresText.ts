/**
 * Messages of the features panel in a given language, read straight from the features section
 * of the catalogue (src/i18n/sections/features.ts), so the panel works before (and after) the
 * section is registered in src/i18n/catalogue.ts.
 */
import type { Lang } from '../i18n/catalogue.ts';
import { features } from '../i18n/sections/features.ts';
import { sectionTranslator, type SectionT, type TemplateVars } from '../i18n/template.ts';

export type FeaturesKey = keyof (typeof features)['en'];
export type FeaturesT = SectionT<FeaturesKey>;

const translators = sectionTranslator<FeaturesKey>(features);

export const featuresText: (lang: Lang, key: FeaturesKey, vars?: TemplateVars) => string = translators.text;

export const featuresTranslator: (lang: Lang) => FeaturesT = translators.translator;
