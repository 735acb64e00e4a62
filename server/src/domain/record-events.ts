import type { RequestContext } from '../policy/context';
import type { RecordRow } from '../repos/records';

/**
 * A record change, handed to listeners inside the write job that made it.
 * `before` is the record before an update or delete; `changed` the field keys whose
 * value changed (every key on create).
 */
export interface RecordEvent {
  readonly type: 'created' | 'updated' | 'deleted';
  readonly record: RecordRow;
  readonly before?: RecordRow;
  readonly changed: readonly string[];
  readonly ctx: RequestContext | null;
  readonly at: number;
}

export type RecordListener = (event: RecordEvent) => void;
