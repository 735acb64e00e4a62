import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FormDefinition } from '@branchline/schemas';
import { createFormStore } from './form-store';
import { startAutosave } from './autosave';

const form: FormDefinition = { schemaVersion: 1, kind: 'form', key: 'f', title: { en: 'F' }, fields: [{ key: 'a', type: 'text', label: { en: 'A' } }] };
const title = (en: string) => ({ type: 'definition.update' as const, set: { title: { en } } });

describe('autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once after the user pauses, with the latest definition', async () => {
    const store = createFormStore(form);
    const saved: string[] = [];
    const auto = startAutosave(store, async (d) => void saved.push(d.title.en!), { delay: 500 });
    store.getState().apply(title('1'));
    await vi.advanceTimersByTimeAsync(300);
    store.getState().apply(title('2'));
    expect(store.getState().save.state).toBe('dirty');
    await vi.advanceTimersByTimeAsync(499);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual(['2']);
    expect(store.getState().save.state).toBe('saved');
    auto.stop();
  });

  it('a change during a save is saved right after it, never in parallel', async () => {
    const store = createFormStore(form);
    let running = 0;
    let maxRunning = 0;
    const saved: string[] = [];
    const auto = startAutosave(
      store,
      async (d) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 1000));
        saved.push(d.title.en!);
        running--;
      },
      { delay: 100 },
    );
    store.getState().apply(title('1'));
    await vi.advanceTimersByTimeAsync(200);
    store.getState().apply(title('2'));
    await vi.advanceTimersByTimeAsync(3000);
    expect(saved).toEqual(['1', '2']);
    expect(maxRunning).toBe(1);
    expect(store.getState().save.state).toBe('saved');
    auto.stop();
  });

  it('a refused save shows the error and is retried on the next change', async () => {
    const store = createFormStore(form);
    let fail = true;
    const auto = startAutosave(store, async () => {
      if (fail) throw new Error('422');
    }, { delay: 10 });
    store.getState().apply(title('x'));
    await vi.advanceTimersByTimeAsync(20);
    expect(store.getState().save.state).toBe('error');
    fail = false;
    store.getState().apply(title('y'));
    await vi.advanceTimersByTimeAsync(20);
    expect(store.getState().save.state).toBe('saved');
    auto.stop();
  });

  it('flush saves at once; undo back to the saved state still saves the reverted draft', async () => {
    const store = createFormStore(form);
    const saved: string[] = [];
    const auto = startAutosave(store, async (d) => void saved.push(d.title.en!), { delay: 10_000 });
    store.getState().apply(title('a'));
    await auto.flush();
    expect(saved).toEqual(['a']);
    store.getState().undo();
    await auto.flush();
    expect(saved).toEqual(['a', 'F']);
    auto.stop();
  });
});

describe('autosave with an asynchronous check', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('does not send a draft the check refuses, and stops retrying until the next change', async () => {
    const store = createFormStore(form);
    const saved: string[] = [];
    let checks = 0;
    const auto = startAutosave(store, async (d) => void saved.push(d.title.en!), {
      delay: 10,
      canSave: async (d) => {
        checks++;
        return (d as { title: { en: string } }).title.en !== 'bad';
      },
    });
    store.getState().apply(title('bad'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual([]);
    expect(checks).toBe(1);
    expect(store.getState().save.state).toBe('invalid');
    store.getState().apply(title('good'));
    await vi.advanceTimersByTimeAsync(20);
    expect(saved).toEqual(['good']);
    expect(store.getState().save.state).toBe('saved');
    auto.stop();
  });
});
