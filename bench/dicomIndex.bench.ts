/**
 * DICOM index speed: files indexed per second on a generated 1,000-file, 7-phase DCE study
 * (143 slices × 7 phases = 1,001 files of 256×256, written by the demo generator
 * scripts/demo/dce.ts), in both layouts (one series with TemporalPositionIdentifier, one series
 * per phase). Goal on the 2-core machine: index ≤ 1.5 s. The index runs in Node here, reading
 * byte ranges from disk — the same indexFiles the browser worker runs over File.slice.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDceStudy } from '../scripts/demo/dce.ts';
import { indexFiles } from '../src/dicom/indexer.ts';
import { sourcesFromFolder } from '../src/dicom/nodeSource.ts';

const SLICES = 143;
const PHASES = 7;
const RUNS = 5;

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** The generated 1,001-file study's folder (generated once into the temp folder); the viewer bench indexes it too. */
export async function dceStudyFolder(layout: 'temporal' | 'seriesPerPhase'): Promise<string> {
  const dir = join(tmpdir(), `brw-bench-dce-${layout}-${SLICES}x${PHASES}`);
  const done = join(dir, '.complete');
  if (!existsSync(done)) {
    mkdirSync(dir, { recursive: true });
    const t = performance.now();
    generateDceStudy({ outDir: dir, slices: SLICES, phases: PHASES, layout, masks: false, seed: 1 });
    writeFileSync(done, '');
    console.log(`  generated ${layout} study in ${((performance.now() - t) / 1000).toFixed(1)} s (${dir})`);
  }
  return join(dir, 'dce');
}

export default async function (): Promise<void> {
  const rows: string[][] = [];
  console.log(`  (load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores)`);
  for (const layout of ['temporal', 'seriesPerPhase'] as const) {
    const dir = await dceStudyFolder(layout);
    const files = await sourcesFromFolder(dir);
    const times: number[] = [];
    let summary = '';
    let mb = 0;
    await indexFiles(files); // warm-up (JIT, disk cache)
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      const index = await indexFiles(files);
      times.push(performance.now() - t);
      const s = index.series[0];
      summary = `${index.series.length} series, ${s.kind}, ${s.groups.length} groups, ${index.errors.length} errors`;
      mb = index.stats.bytesRead / 1e6;
    }
    const ms = median(times);
    rows.push([layout, String(files.length), ms.toFixed(0), Math.min(...times).toFixed(0), ((files.length / ms) * 1000).toFixed(0), mb.toFixed(1), ms <= 1500 ? 'yes' : 'NO', summary]);
  }
  const head = ['layout', 'files', 'index ms (median of 5)', 'min ms', 'files/s (median)', 'MB read', '≤ 1.5 s', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
  console.log('  (Node reading from disk; the same study indexed in Chromium through the folder input — the figure the goal is about — is in `npm run bench viewer`)');
}
