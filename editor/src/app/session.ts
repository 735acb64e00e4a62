/** The signed-in user's token, kept in sessionStorage (gone when the tab closes). */
import type { User } from '../api/types';

export interface Session {
  token: string;
  user: User;
}

const KEY = 'branchline.session';

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    return typeof parsed.token === 'string' && parsed.user && typeof parsed.user.role === 'string' ? (parsed as Session) : null;
  } catch {
    return null;
  }
}

export function storeSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage unavailable: the session lives only in memory
  }
}
