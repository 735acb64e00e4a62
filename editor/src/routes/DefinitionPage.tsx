/** Opens one definition in its designer (form or workflow). */
import { useApp } from '../app/app-context';
import type { PageProps } from '../app/routes';
import { DesignerHost } from '../designer/DesignerHost';
import { ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';

export default function DefinitionPage({ params }: PageProps) {
  const { api } = useApp();
  const id = params.id ?? '';
  const detail = useAsync(() => api.getDefinition(id), [api, id]);
  if (detail.status === 'loading') return <Loading />;
  if (detail.status === 'error') return <ErrorState error={detail.error} onRetry={detail.reload} />;
  return <DesignerHost key={detail.data.id} detail={detail.data} />;
}
