/** The signed-in session and the API client, for every page of the app. */
import { createContext, useContext } from 'react';
import type { Api } from '../api/client';
import type { Prefetch } from './prefetch';
import type { Session } from './session';

export interface AppContextValue {
  readonly session: Session;
  readonly api: Api;
  readonly prefetch: Prefetch;
  signOut(): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() needs <AppContext.Provider> (rendered by <App/> once signed in).');
  return value;
}
