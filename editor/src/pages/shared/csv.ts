/**
 * Download a report as CSV: the same request as the JSON one with `Accept: text/csv`
 * (the server writes the file), saved through a temporary object URL so the bearer
 * token never goes into a link.
 */
import { ApiError } from '../../api/client';
import { queryString } from './api';

export async function downloadCsv(options: { token: string; language: string; path: string; query: Readonly<Record<string, string | number | undefined>>; filename: string }): Promise<void> {
  const res = await fetch(`/api/v1${options.path}${queryString(options.query)}`, {
    headers: { accept: 'text/csv', authorization: `Bearer ${options.token}`, 'accept-language': options.language },
  });
  if (!res.ok) {
    const text = await res.text();
    let problem: Record<string, unknown> = { status: res.status };
    try {
      problem = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: keep the status only
    }
    throw new ApiError(res.status, problem);
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = options.filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
