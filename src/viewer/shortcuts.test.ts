import { describe, expect, it } from 'vitest';
import { actionForKey } from './shortcuts.ts';

describe('viewer keyboard shortcuts', () => {
  it('scrolls with the arrow keys and changes phase with PageUp/PageDown', () => {
    expect(actionForKey({ key: 'ArrowDown' })).toEqual({ type: 'scroll', delta: 1 });
    expect(actionForKey({ key: 'ArrowUp' })).toEqual({ type: 'scroll', delta: -1 });
    expect(actionForKey({ key: 'PageDown' })).toEqual({ type: 'phase', delta: 1 });
    expect(actionForKey({ key: 'PageUp' })).toEqual({ type: 'phase', delta: -1 });
  });
  it('maps 1–5 to presets, R to reset, C to cine, ? to help', () => {
    expect(actionForKey({ key: '3' })).toEqual({ type: 'preset', key: 3 });
    expect(actionForKey({ key: 'r' })).toEqual({ type: 'reset' });
    expect(actionForKey({ key: 'C' })).toEqual({ type: 'cine' });
    expect(actionForKey({ key: '?' })).toEqual({ type: 'help' });
    expect(actionForKey({ key: '6' })).toBeNull();
  });
  it('reserves Ctrl+Z / Ctrl+Shift+Z for ROI undo/redo and ignores other modified keys', () => {
    expect(actionForKey({ key: 'z', ctrlKey: true })).toEqual({ type: 'undo' });
    expect(actionForKey({ key: 'Z', ctrlKey: true, shiftKey: true })).toEqual({ type: 'redo' });
    expect(actionForKey({ key: 'r', ctrlKey: true })).toBeNull();
  });
  it('maps Ctrl+Y and Cmd+Y to redo, Cmd+Z to undo, and a plain Z or Y to nothing', () => {
    expect(actionForKey({ key: 'y', ctrlKey: true })).toEqual({ type: 'redo' });
    expect(actionForKey({ key: 'Y', metaKey: true })).toEqual({ type: 'redo' });
    expect(actionForKey({ key: 'z', metaKey: true })).toEqual({ type: 'undo' });
    expect(actionForKey({ key: 'z' })).toBeNull();
    expect(actionForKey({ key: 'y' })).toBeNull();
  });
});
