/**
 * The page's side of the form-runtime worker. Node has no Worker, so the test
 * installs a stand-in for the browser's Worker class that runs the real handler
 * (real compileForm and validateShape) and records what it was sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileForm } from '@branchline/runtime';
import { validateShape, type FormDefinition } from '@branchline/schemas';
import { createFormRuntime } from './form-runtime';
import { createRuntimeHandler, type RuntimeReply, type RuntimeRequest } from './runtime-protocol';

const form: FormDefinition = {
  schemaVersion: 1,
  kind: 'form',
  key: 'q',
  title: { en: 'Q' },
  fields: [
    { key: 'qty', type: 'number', label: { en: 'Qty' } },
    { key: 'twice', type: 'computed', label: { en: 'Twice' }, expression: 'qty * 2.0', resultType: 'number' },
  ],
};

class RecordingWorker {
  static started: RecordingWorker[] = [];
  readonly received: RuntimeRequest[] = [];
  terminated = false;
  onmessage: ((e: { data: RuntimeReply }) => void) | null = null;
  private readonly handle = createRuntimeHandler({ compileForm, validateShape });
  constructor() {
    RecordingWorker.started.push(this);
  }
  postMessage(request: RuntimeRequest) {
    this.received.push(request);
    const reply = this.handle(request);
    queueMicrotask(() => this.onmessage?.({ data: reply }));
  }
  terminate() {
    this.terminated = true;
  }
}

const scope = globalThis as { Worker?: unknown };

describe('form runtime client', () => {
  beforeEach(() => {
    RecordingWorker.started = [];
    scope.Worker = RecordingWorker;
  });
  afterEach(() => {
    delete scope.Worker;
  });

  it('starts its worker on the first request, not when it is made', async () => {
    const runtime = createFormRuntime();
    expect(RecordingWorker.started).toHaveLength(0);
    const { preview } = await runtime.evaluate(form, { qty: 3 }, false);
    expect(preview.values.twice).toBe(6);
    expect(RecordingWorker.started).toHaveLength(1);
    await runtime.evaluate(form, { qty: 4 }, false);
    expect(RecordingWorker.started).toHaveLength(1);
    // The definition crossed over once; the second evaluation sent values only.
    expect(RecordingWorker.started[0]!.received.map((r) => r.type === 'evaluate' && r.definition !== undefined)).toEqual([true, false]);
    runtime.dispose();
  });

  it('after dispose a request starts a new worker and sends it the definition again', async () => {
    const runtime = createFormRuntime();
    await runtime.evaluate(form, { qty: 1 }, false);
    runtime.dispose();
    expect(RecordingWorker.started[0]!.terminated).toBe(true);
    const { preview } = await runtime.evaluate(form, { qty: 5 }, false);
    expect(preview.values.twice).toBe(10);
    expect(RecordingWorker.started).toHaveLength(2);
    expect(RecordingWorker.started[1]!.received[0]).toMatchObject({ type: 'evaluate', definition: form });
    runtime.dispose();
  });
});
