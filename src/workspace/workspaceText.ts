/**
 * Workspace messages in a given language, read from the workspace section of the catalogue
 * (src/i18n/sections/workspace.ts). `{name}` placeholders are filled from `vars`.
 */
import type { Lang } from '../i18n/catalogue.ts';
import { workspace } from '../i18n/sections/workspace.ts';
import { sectionTranslator, type SectionT, type TemplateVars } from '../i18n/template.ts';

export type WorkspaceKey = keyof (typeof workspace)['en'];
export type WorkspaceT = SectionT<WorkspaceKey>;

const translators = sectionTranslator<WorkspaceKey>(workspace);

export const workspaceText: (lang: Lang, key: WorkspaceKey, vars?: TemplateVars) => string = translators.text;

export const workspaceTranslator: (lang: Lang) => WorkspaceT = translators.translator;
