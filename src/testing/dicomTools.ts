/**
 * The outside DICOM tools the tests compare with (Debian dcmtk, libgdcm-tools, libopenjp2-tools;
 * `bash scripts/ensure-system-deps.sh` installs them), run the same way everywhere.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Run `tool` with `args`; its standard output. Throws naming the tool when it is missing or fails. */
export function runTool(tool: string, args: string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${tool} is missing: run \`bash scripts/ensure-system-deps.sh\` (Debian dcmtk, libgdcm-tools, libopenjp2-tools)`);
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** The raw Pixel Data bytes of a native file as dcmdump +W writes them (into a new folder under `tmp`). */
export function dumpedPixelBytes(abs: string, tmp: string): Uint8Array {
  const dir = mkdtempSync(join(tmp, 'raw-'));
  runTool('dcmdump', ['+W', dir, abs]);
  const files = readdirSync(dir).filter((f) => f.endsWith('.raw'));
  expect(files, 'dcmdump +W wrote one Pixel Data file').toHaveLength(1);
  return new Uint8Array(readFileSync(join(dir, files[0]!)));
}
