/**
 * The frame around every page: skip link, brand, the navigation the user's role
 * allows, who is signed in (org and role), the language switch and sign out.
 */
import { Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../ui/BrandMark';
import { useApp } from './app-context';
import { activeNav, homePath, navFor, ROUTES } from './routes';
import { href, matchRoute, navigate, usePath } from './router';
import { LanguageSwitch } from './LanguageSwitch';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import { useLoaded } from '../ui/preloadable';
import { localized } from '../i18n/localized';

export function Shell() {
  const { t, i18n } = useTranslation();
  const { session, signOut, prefetch, api } = useApp();
  const orgs = useAsync(() => api.listOrgs(), [api]);
  const org = orgs.status === 'ready' ? orgs.data.items.find((o) => o.id === session.user.orgId) : undefined;
  const role = session.user.role;
  const path = usePath();
  const match = matchRoute(ROUTES, path);
  const route = match ? ROUTES.find((r) => r.name === match.name) : undefined;
  const allowed = route?.roles.includes(role) ?? false;

  useEffect(() => {
    if (!route || !allowed) navigate(homePath(role));
  }, [route, allowed, role]);
  // Deep link into a designer: fetch the definition while the designer's code downloads.
  const definitionId = allowed && match?.name === 'definition' ? match.params.id : undefined;
  useEffect(() => {
    if (!definitionId) return undefined;
    prefetch.definition(definitionId);
    return () => prefetch.forget(definitionId);
  }, [definitionId, prefetch]);

  const nav = navFor(role);
  const Page = route && allowed ? route.component : null;
  // The page's code is waited for here rather than by Suspense, whose fallback would hold its first render back (see preloadable.ts).
  const loaded = useLoaded(Page);
  // Kept while the path stays: the shell re-rendering (the org's name arriving, a language
  // switch) must not re-render a page such as a designer with 150 fields from the top.
  const params = match?.params;
  const page = useMemo(() => (Page && params && loaded ? <Page params={params} /> : <Loading />), [Page, loaded, path]);
  const current = activeNav(route, role);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="shell-header">
        <a className="brand" href={href(homePath(role))}>
          <BrandMark />
          {t('app.name')}
        </a>
        <nav className="shell-nav" aria-label={t('shell.navigation')}>
          {nav.map((r) => (
            <a key={r.name} href={href(r.path)} className="nav-link" aria-current={current === r.name ? 'page' : undefined}>
              {t(r.nav!)}
            </a>
          ))}
        </nav>
        <div className="shell-user">
          <span className="user-org" title={t('shell.signedInAs', { email: session.user.email })}>
            <span className="org-code">{t('shell.org', { org: org ? localized(org.name, i18n.language) : session.user.orgId })}</span>
            <span className="role-chip">{t(`roles.${role}`)}</span>
          </span>
          <LanguageSwitch />
          <button type="button" className="btn btn-ghost" onClick={signOut}>
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        <ErrorBoundary key={path}>
          <Suspense fallback={<Loading />}>{page}</Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
