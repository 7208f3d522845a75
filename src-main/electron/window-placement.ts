/** Where the window was when it last closed: its normal (unmaximised) bounds and whether it was maximised. */
export interface WindowPlacement {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a new window opens with: a position only when it is on a screen we have now. */
export interface WindowStart {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 900, height: 600 } as const;

/** How much of the title bar must be on a screen for the saved position to be kept (px). */
const GRAB = 64;

/**
 * The placement to open with, given what was saved and the work areas of today's displays. A
 * window saved on a monitor that is gone (or a resolution that shrank) would open out of reach:
 * then it opens centred, no larger than the biggest work area.
 */
export function startPlacement(saved: WindowPlacement | null, workAreas: readonly Rect[]): WindowStart {
  if (!saved) return { ...DEFAULT_SIZE, maximized: false };
  const largest = workAreas.reduce<Rect | null>((best, area) => (!best || area.width * area.height > best.width * best.height ? area : best), null);
  const width = Math.max(MIN_SIZE.width, largest ? Math.min(saved.width, largest.width) : saved.width);
  const height = Math.max(MIN_SIZE.height, largest ? Math.min(saved.height, largest.height) : saved.height);
  const titleBarVisible = workAreas.some(
    (area) =>
      saved.x + Math.min(width, GRAB) <= area.x + area.width &&
      saved.x + width - Math.min(width, GRAB) >= area.x &&
      saved.y >= area.y &&
      saved.y + GRAB <= area.y + area.height,
  );
  return titleBarVisible ? { x: saved.x, y: saved.y, width, height, maximized: saved.maximized } : { width, height, maximized: saved.maximized };
}
