/**
 * "Export every table as CSV" as ONE download: a ZIP (fflate, deflate level 6)
 * holding one UTF-8 CSV (with BOM, so spreadsheet programs read the Chinese headers) per table,
 * named `table_<n>_<title>_<lang>.csv`, and a `README.txt` with a line per file giving its title.
 * Pure: plain tables in, bytes out (browser, worker, Node).
 */
import { zipSync, strToU8 } from 'fflate';
import type { Lang } from '../i18n/catalogue.ts';
import { fileSafe } from '../panels/download.ts';
import { studyTranslator } from '../panels/studyText.ts';
import { tableToCsv, type TableSpec } from '../panels/tableSpec.ts';

export interface TablesZipMeta {
  lang: Lang;
  /** Cohort file the run used, e.g. "studyA.csv". */
  source: string;
  /** Name and version of the software. */
  software: string;
  /** ISO date-time written in the README. */
  generatedAt: string;
}

/** The file name of table `index` (0-based) inside the ZIP. */
export function tableFileName(table: TableSpec, index: number, lang: Lang): string {
  return `table_${index + 1}_${fileSafe(table.title).slice(0, 60)}_${lang}.csv`;
}

/** The ZIP's entries: README.txt first, then the CSVs in table order. */
export function tablesZipEntries(tables: readonly TableSpec[], meta: TablesZipMeta): { name: string; text: string }[] {
  const t = studyTranslator(meta.lang);
  const files = tables.map((tb, i) => ({ name: tableFileName(tb, i, meta.lang), text: '\ufeff' + tableToCsv(tb), title: tb.title }));
  const readme = [
    t('study.report.zipReadme', { source: meta.source, date: meta.generatedAt, software: meta.software }),
    '',
    ...files.map((f) => `${f.name}\t${f.title}`),
    '',
  ].join('\r\n');
  return [{ name: 'README.txt', text: '\ufeff' + readme }, ...files.map(({ name, text }) => ({ name, text }))];
}

/** The ZIP bytes (deflate level 6; the date of every entry is `generatedAt`). */
export function tablesZip(tables: readonly TableSpec[], meta: TablesZipMeta): Uint8Array {
  const mtime = new Date(meta.generatedAt);
  const entries: Record<string, [Uint8Array, { level: 6; mtime: Date }]> = {};
  for (const e of tablesZipEntries(tables, meta)) entries[e.name] = [strToU8(e.text), { level: 6, mtime }];
  return zipSync(entries);
}
