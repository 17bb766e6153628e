/**
 * A table wider than the screen scrolls sideways: its viewport takes keyboard focus so people who do not use
 * a mouse can scroll it too (axe: scrollable-region-focusable).
 */
export const KEYBOARD_SCROLL = { viewportProps: { tabIndex: 0 } } as const;
