/** Opens one definition in its designer (form or workflow). */
import { useApp } from '../app/app-context';
import type { PageProps } from '../app/routes';
import { DesignerHost } from '../designer/DesignerHost';
import { ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';

export default function DefinitionPage({ params }: PageProps) {
  const { api, prefetch } = useApp();
  const id = params.id ?? '';
  const detail = useAsync(() => prefetch.takeDefinition(id) ?? api.getDefinition(id), [api, id, prefetch]);
  if (detail.status === 'loading') return <Loading />;
  if (detail.status === 'error') return <ErrorState error={detail.error} onRetry={detail.reload} />;
  return <DesignerHost key={detail.data.id} detail={detail.data} />;
}
