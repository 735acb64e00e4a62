/** Hooks the gallery, records, inbox and dashboard pages share. */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-context';
import { localized } from '../../i18n/localized';
import { useAsync } from '../../ui/use-async';
import { pagesApi, type PagesApi } from './api';

export function usePagesApi(): PagesApi {
  const { api } = useApp();
  return useMemo(() => pagesApi(api), [api]);
}

/**
 * The visible orgs and a function naming one in the UI language (the code itself
 * while the list loads or when the org is not visible).
 */
export function useOrgs(): { ids: string[]; name: (id: string | null | undefined) => string } {
  const pages = usePagesApi();
  const { i18n } = useTranslation();
  const orgs = useAsync(() => pages.orgs(), [pages]);
  return useMemo(() => {
    const items = orgs.status === 'ready' ? orgs.data.items : [];
    const byId = new Map(items.map((o) => [o.id, o]));
    return {
      ids: items.map((o) => o.id),
      name: (id) => {
        if (!id) return '';
        const org = byId.get(id);
        return org ? localized(org.name, i18n.language) : id;
      },
    };
  }, [orgs, i18n.language]);
}

/** The current time in epoch ms, refreshed every `everyMs` (for live countdowns). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

const USER_READERS = ['hq_admin', 'hq_auditor', 'branch_admin'];

/** Names of the users the caller may list (HQ roles and branch admins); others see ids. */
export function useUsers(): { items: { id: string; name: string; email: string }[]; name: (id: string | null | undefined) => string } {
  const pages = usePagesApi();
  const { session } = useApp();
  const allowed = USER_READERS.includes(session.user.role);
  const users = useAsync(() => (allowed ? pages.users({ limit: 200 }) : Promise.resolve({ items: [] })), [pages, allowed]);
  return useMemo(() => {
    const items = users.status === 'ready' ? users.data.items.map((u) => ({ id: u.id, name: u.name, email: u.email })) : [];
    const byId = new Map(items.map((u) => [u.id, u]));
    return {
      items,
      name: (id) => {
        if (!id) return '';
        if (id === session.user.id) return session.user.name;
        return byId.get(id)?.name ?? id;
      },
    };
  }, [users, session.user]);
}
