/**
 * Put the caret of a controlled text field at a position once a new value shows — for an
 * accepted completion, whose text the parent stores. The caret is placed in the layout
 * effect of the commit that shows the text, before the next key is handled: placed a frame
 * later (requestAnimationFrame), it jumped back over whatever a fast typist had already
 * typed after the completion ("number* amount " instead of "number * amount").
 *
 * @example const caretAfter = useCaretAfterChange(ref, value); caretAfter(next.text, next.cursor); onChange(next.text);
 */
import { useCallback, useLayoutEffect, useRef, type RefObject } from 'react';

export function useCaretAfterChange(ref: RefObject<HTMLTextAreaElement | HTMLInputElement | null>, value: string, onPlaced?: (caret: number) => void): (text: string, caret: number) => void {
  const pending = useRef<{ text: string; caret: number } | null>(null);
  const placed = useRef(onPlaced);
  placed.current = onPlaced;
  useLayoutEffect(() => {
    const p = pending.current;
    if (!p || p.text !== value) return;
    pending.current = null;
    ref.current?.setSelectionRange(p.caret, p.caret);
    placed.current?.(p.caret);
  }, [ref, value]);
  return useCallback(
    (text: string, caret: number) => {
      if (text === value) {
        ref.current?.setSelectionRange(caret, caret);
        placed.current?.(caret);
      } else {
        pending.current = { text, caret };
      }
    },
    [ref, value],
  );
}
