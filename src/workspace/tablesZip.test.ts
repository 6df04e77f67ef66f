import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { TableSpec } from '../panels/tableSpec.ts';
import { tablesZip } from './tablesZip.ts';

const tables: TableSpec[] = [
  { title: 'Table 1. Patient characteristics', headers: ['Variable', 'Training'], rows: [{ cells: ['age', '52 (45–60)'] }, { cells: ['ER+', '12 (40 %)'], indent: true }] },
  { title: '模型表现', headers: ['模型', 'AUC'], rows: [{ cells: ['combined', '0.812, "a"'] }] },
];
const meta = { lang: 'en' as const, source: 'studyA.csv', software: 'brw 1.0.0', generatedAt: '2026-01-02T03:04:05.000Z' };

describe('tablesZip', () => {
  it('holds README.txt and one BOM-prefixed CSV per table, named by index and title', () => {
    const files = unzipSync(tablesZip(tables, meta));
    expect(Object.keys(files)).toEqual(['README.txt', 'table_1_Table_1._Patient_characteristics_en.csv', 'table_2_模型表现_en.csv']);
    // the UTF-8 BOM (EF BB BF) opens every CSV; the text after it is RFC 4180 (indent kept, quotes doubled)
    const raw1 = files['table_1_Table_1._Patient_characteristics_en.csv']!;
    expect([...raw1.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(raw1)).toBe('Variable,Training\r\nage,52 (45–60)\r\n"  ER+",12 (40 %)\r\n');
    const raw2 = files['table_2_模型表现_en.csv']!;
    expect([...raw2.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(raw2)).toBe('模型,AUC\r\ncombined,"0.812, ""a"""\r\n');
  });

  it('the README names the cohort, date, software and has one line per table file with its title', () => {
    const readme = strFromU8(unzipSync(tablesZip(tables, meta))['README.txt']!).replace(/^\ufeff/, '').split('\r\n');
    expect(readme[0]).toContain('studyA.csv');
    expect(readme[0]).toContain('2026-01-02T03:04:05.000Z');
    expect(readme[0]).toContain('brw 1.0.0');
    expect(readme.filter((l) => l.startsWith('table_'))).toEqual([
      'table_1_Table_1._Patient_characteristics_en.csv\tTable 1. Patient characteristics',
      'table_2_模型表现_en.csv\t模型表现',
    ]);
  });

  it('numbers the files, so two tables with the same title get two files; the README is translated', () => {
    const same: TableSpec[] = [{ ...tables[0]!, title: 'x'.repeat(80) }];
    expect(Object.keys(unzipSync(tablesZip([...same, ...same], meta)))).toEqual(['README.txt', `table_1_${'x'.repeat(60)}_en.csv`, `table_2_${'x'.repeat(60)}_en.csv`]);
    const zh = strFromU8(unzipSync(tablesZip(tables, { ...meta, lang: 'zh' }))['README.txt']!);
    expect(zh).toContain('每个表格');
  });
});
