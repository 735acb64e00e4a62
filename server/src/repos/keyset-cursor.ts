/**
 * The cursor of a keyset-paged list ordered by (a number, id): the number in base 36,
 * an underscore, the id. Opaque to clients; a cursor that does not decode is 400
 * `bad_cursor`, never a 500 or an empty page.
 *
 * @example decodeCursor(encodeCursor(1732680000000, 'rec_ab12')) // → { at: 1732680000000, id: 'rec_ab12' }
 */
import { AppError } from '../errors/app-error';

export const encodeCursor = (at: number, id: string): string => `${at.toString(36)}_${id}`;

export function decodeCursor(cursor: string): { at: number; id: string } {
  const i = cursor.indexOf('_');
  const at = Number.parseInt(cursor.slice(0, i), 36);
  if (i <= 0 || !Number.isSafeInteger(at)) throw new AppError('bad_cursor');
  return { at, id: cursor.slice(i + 1) };
}
