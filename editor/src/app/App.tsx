/**
 * The app: the login screen until there is a session, then the shell with the
 * page the URL names. Pages load lazily so the first screen stays small.
 */
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createApi } from '../api/client';
import { AppContext, type AppContextValue } from './app-context';
import { loadSession, storeSession, type Session } from './session';
import { LoginPage } from './LoginPage';
import { Shell } from './Shell';
import { Loading } from '../ui/states';
import { createPrefetch } from './prefetch';

export function App() {
  const { i18n } = useTranslation();
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const tokenRef = useMemo(() => ({ current: session?.token ?? null }), []);
  tokenRef.current = session?.token ?? null;
  // react-i18next hands out a new `i18n` wrapper on every language change: the API must not
  // follow it, or a language switch re-creates the client and every page that loaded
  // through it loads again — an open designer from the server, losing unsaved edits.
  const languageRef = useMemo(() => ({ current: i18n.language }), []);
  languageRef.current = i18n.language;

  const api = useMemo(
    () =>
      createApi({
        token: () => tokenRef.current,
        language: () => languageRef.current,
        onUnauthorized: () => {
          storeSession(null);
          setSession(null);
        },
      }),
    [tokenRef, languageRef],
  );

  // A deep link into a designer starts loading the definition before any page code runs.
  const prefetch = useMemo(() => {
    const p = createPrefetch(api);
    const deep = /^#\/definitions\/([^/?]+)$/.exec(window.location.hash);
    if (deep && tokenRef.current) p.definition(decodeURIComponent(deep[1]!));
    return p;
  }, [api, tokenRef]);

  const signIn = (next: Session) => {
    storeSession(next);
    tokenRef.current = next.token;
    setSession(next);
  };

  if (!session) return <LoginPage api={api} onSignedIn={signIn} />;

  const value: AppContextValue = {
    session,
    api,
    prefetch,
    signOut() {
      storeSession(null);
      setSession(null);
      window.location.hash = '/';
    },
  };
  return (
    <AppContext.Provider value={value}>
      <Suspense fallback={<Loading />}>
        <Shell />
      </Suspense>
    </AppContext.Provider>
  );
}
