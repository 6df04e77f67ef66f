/**
 * What the key image and the geometry check need from one frame's DICOM header that the index
 * does not keep: the VOI window the series asks to be shown with (Window Center / Width /
 * VOI LUT Function, 0028,1050 / 1051 / 1056 — for enhanced images from the frame's Frame VOI LUT
 * Sequence 0028,9132 in the per-frame or shared functional groups) and the magnetic field
 * strength (0018,0087). Multiple windows: the first, as DICOM makes it the default.
 */
import type { DataSet } from 'dicom-parser';
import { readHeader } from '../dicom/headerReader.ts';
import { firstItem, items, number, text } from '../dicom/dataSetValues.ts';
import type { SourceFile } from '../dicom/types.ts';
import type { DisplayWindow, VoiFunction } from './keyImage.ts';

export interface FrameHeaderFacts {
  window: DisplayWindow | null;
  fieldStrengthT?: number;
}

function windowOf(ds: DataSet | undefined): DisplayWindow | null {
  if (!ds) return null;
  const center = number(ds, 'x00281050');
  const width = number(ds, 'x00281051');
  if (center === undefined || width === undefined || !(width > 0)) return null;
  const f = text(ds, 'x00281056')?.split('\\')[0]?.toUpperCase();
  const fn: VoiFunction = f === 'SIGMOID' || f === 'LINEAR_EXACT' ? f : 'LINEAR';
  return { center, width, fn };
}

/** The frame's window (frame: 0-based frame number in a multi-frame instance) and field strength. */
export async function readFrameHeaderFacts(file: SourceFile, frame = 0): Promise<FrameHeaderFacts> {
  const { dataSet: ds } = await readHeader(file);
  const perFrame = items(ds, 'x52009230')[frame];
  const window = windowOf(ds)
    ?? windowOf(perFrame ? firstItem(perFrame, 'x00289132') : undefined)
    ?? windowOf(firstItem(ds, 'x52009229') ? firstItem(firstItem(ds, 'x52009229')!, 'x00289132') : undefined);
  const fs = number(ds, 'x00180087');
  return { window, ...(fs !== undefined && fs > 0 ? { fieldStrengthT: fs } : {}) };
}
