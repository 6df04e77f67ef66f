/**
 * Keyboard shortcuts of the viewer, as on radiology workstations. One table drives both the key
 * handler and the help overlay (?), so they cannot drift apart. Pure: unit-tested in Node.
 */
import type { PresetKey } from './windowPresets.ts';

export type ViewerAction =
  | { type: 'scroll'; delta: number }
  | { type: 'phase'; delta: number }
  | { type: 'preset'; key: PresetKey }
  | { type: 'reset' }
  | { type: 'cine' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'help' };

/** The subset of a KeyboardEvent the mapping reads. */
export interface KeyLike { key: string; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean; altKey?: boolean }

/** Map a key press to a viewer action, or null when the viewer does not use that key. */
export function actionForKey(e: KeyLike): ViewerAction | null {
  const mod = e.ctrlKey || e.metaKey;
  // ROI undo / redo act on the series shown in the main viewport only (each series has its own history)
  if (mod && e.key.toLowerCase() === 'z') return e.shiftKey ? { type: 'redo' } : { type: 'undo' };
  if (mod && e.key.toLowerCase() === 'y') return { type: 'redo' };
  if (mod || e.altKey) return null;
  switch (e.key) {
    case 'ArrowUp': case 'ArrowLeft': return { type: 'scroll', delta: -1 };
    case 'ArrowDown': case 'ArrowRight': return { type: 'scroll', delta: 1 };
    case 'PageUp': return { type: 'phase', delta: -1 };
    case 'PageDown': return { type: 'phase', delta: 1 };
    case '1': case '2': case '3': case '4': case '5': return { type: 'preset', key: Number(e.key) as PresetKey };
    case 'r': case 'R': return { type: 'reset' };
    case 'c': case 'C': return { type: 'cine' };
    case '?': return { type: 'help' };
    default: return null;
  }
}

/** Rows of the help overlay: catalogue keys of the keys/mouse gesture and of what it does. */
export const SHORTCUT_HELP = [
  ['viewer.keys.leftDrag', 'viewer.help.wl'],
  ['viewer.keys.rightDrag', 'viewer.help.zoom'],
  ['viewer.keys.middleDrag', 'viewer.help.pan'],
  ['viewer.keys.wheel', 'viewer.help.scroll'],
  ['viewer.keys.page', 'viewer.help.phase'],
  ['viewer.keys.presets', 'viewer.help.presets'],
  ['viewer.keys.reset', 'viewer.help.reset'],
  ['viewer.keys.cine', 'viewer.help.cine'],
  ['viewer.keys.undo', 'viewer.help.undo'],
  ['viewer.keys.help', 'viewer.help.help'],
] as const;
