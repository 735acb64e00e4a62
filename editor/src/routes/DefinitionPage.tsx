/** Opens one definition in its designer (form or workflow). */
import { useApp } from '../app/app-context';
import type { PageProps } from '../app/routes';
import { DesignerHost } from '../designer/DesignerHost';
import { designerKind } from '../designer/designer-kinds';
import { ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';

export default function DefinitionPage({ params }: PageProps) {
  const { api, prefetch } = useApp();
  const id = params.id ?? '';
  // The definition and its designer's code (both usually prefetched) come in together, so
  // the designer renders whole, at once. A designer whose code fails to load is reported
  // by the host's error boundary, inside the definition's frame.
  const detail = useAsync(async () => {
    const d = await (prefetch.takeDefinition(id) ?? api.getDefinition(id));
    await designerKind(d.kind).Body.preload().catch(() => undefined);
    return d;
  }, [api, id, prefetch]);
  if (detail.status === 'loading') return <Loading />;
  if (detail.status === 'error') return <ErrorState error={detail.error} onRetry={detail.reload} />;
  return <DesignerHost key={detail.data.id} detail={detail.data} />;
}
