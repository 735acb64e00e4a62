/**
 * The translate function for canvas nodes, handed down once by the canvas instead
 * of one `useTranslation` subscription per node: on a 300-node workflow those
 * subscriptions cost more than the nodes themselves. A language change gives a new
 * function, so every node re-renders in the new language.
 */
import { createContext, useContext } from 'react';
import type { TFunction } from 'i18next';

export interface CanvasText {
  readonly t: TFunction;
  readonly lang: string;
}

export const CanvasTextContext = createContext<CanvasText | null>(null);

export function useCanvasText(): CanvasText {
  const value = useContext(CanvasTextContext);
  if (!value) throw new Error('Canvas nodes must be rendered inside the workflow canvas.');
  return value;
}
