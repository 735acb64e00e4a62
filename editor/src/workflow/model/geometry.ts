/**
 * Where nodes and their handles are before the browser has measured them. React
 * Flow can then draw edges and decide what is on screen without rendering every
 * node first, so a 300-node workflow renders only the few dozen in view
 * (`onlyRenderVisibleElements`); once a node is rendered, its measured size and
 * handles replace these estimates. The figures match workflow.css (a 220 px node:
 * head, title, summary, a row of ports; the handles centred on the edges).
 *
 * @example
 * nodeGeometry(2, 0).handles; // the input at the top centre, two outputs at 59 and 161 px along the bottom
 */
import { Position, type NodeHandle, type Viewport } from '@xyflow/react';
import { getViewportForBounds } from '@xyflow/react';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 95;
const NODE_HEIGHT_NO_PORTS = 67;
const TRIGGER_HEIGHT = 91;
const VALUE_ROW = 16;
const HANDLE = 16;
const PADDING = 8;

export interface Geometry {
  readonly initialWidth: number;
  readonly initialHeight: number;
  readonly handles: NodeHandle[];
}

const cache = new Map<string, Geometry>();

/** A step with `ports` outputs and `valueRows` lines of run values. */
export function nodeGeometry(portIds: readonly string[], valueRows: number): Geometry {
  const key = `${portIds.join('\u0000')}|${valueRows}`;
  let g = cache.get(key);
  if (g) return g;
  const values = valueRows > 0 ? valueRows * VALUE_ROW + 10 : 0;
  const height = (portIds.length ? NODE_HEIGHT : NODE_HEIGHT_NO_PORTS) + values;
  const slot = (NODE_WIDTH - 2 * PADDING) / Math.max(1, portIds.length);
  const handles: NodeHandle[] = [
    { id: 'in', type: 'target', position: Position.Top, x: NODE_WIDTH / 2 - HANDLE / 2, y: -HANDLE / 2, width: HANDLE, height: HANDLE },
    ...portIds.map(
      (id, i): NodeHandle => ({ id, type: 'source', position: Position.Bottom, x: PADDING + slot * (i + 0.5) - HANDLE / 2, y: height - 1 - HANDLE / 2, width: HANDLE, height: HANDLE }),
    ),
  ];
  g = { initialWidth: NODE_WIDTH, initialHeight: height, handles };
  if (cache.size > 500) cache.clear();
  cache.set(key, g);
  return g;
}

export function triggerGeometry(handleId: string): Geometry {
  return {
    initialWidth: NODE_WIDTH,
    initialHeight: TRIGGER_HEIGHT,
    handles: [{ id: handleId, type: 'source', position: Position.Bottom, x: NODE_WIDTH / 2 - HANDLE / 2, y: TRIGGER_HEIGHT - 1 - HANDLE / 2, width: HANDLE, height: HANDLE }],
  };
}

/** Below this zoom a node's text cannot be read; a workflow that fits only below it opens at its top instead. */
export const READABLE_ZOOM = 0.6;
const OPEN_ZOOM = 0.85;

interface Box {
  readonly position: { readonly x: number; readonly y: number };
  readonly initialWidth?: number;
  readonly initialHeight?: number;
  readonly measured?: { readonly width?: number; readonly height?: number };
}

/**
 * The view a workflow opens with: all of it when it can be read that way, else a
 * readable zoom at its top with the first node (`anchor`, the trigger) centred.
 */
export function openingViewport(boxes: readonly Box[], anchor: Box | undefined, width: number, height: number): Viewport {
  if (boxes.length === 0 || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes) {
    const w = b.measured?.width ?? b.initialWidth ?? NODE_WIDTH;
    const h = b.measured?.height ?? b.initialHeight ?? NODE_HEIGHT;
    minX = Math.min(minX, b.position.x);
    minY = Math.min(minY, b.position.y);
    maxX = Math.max(maxX, b.position.x + w);
    maxY = Math.max(maxY, b.position.y + h);
  }
  const fit = getViewportForBounds({ x: minX, y: minY, width: maxX - minX, height: maxY - minY }, width, height, 0.05, 1, 0.15);
  if (fit.zoom >= READABLE_ZOOM) return fit;
  const a = anchor ?? boxes[0]!;
  const zoom = OPEN_ZOOM;
  return { x: width / 2 - (a.position.x + NODE_WIDTH / 2) * zoom, y: 32 - a.position.y * zoom, zoom };
}

/**
 * Where a step added from the keyboard goes: the middle of the view, moved down and to the
 * right (as windows cascade) past any step already there, so steps added one after another
 * stay visible and can be told apart before a layout.
 */
export function besideOthers(at: { x: number; y: number }, taken: readonly { x: number; y: number }[]): { x: number; y: number } {
  const STEP = 32;
  let { x, y } = at;
  for (let i = 0; i < 50 && taken.some((p) => Math.abs(p.x - x) < STEP && Math.abs(p.y - y) < STEP); i++) {
    x += STEP;
    y += STEP;
  }
  return { x, y };
}
