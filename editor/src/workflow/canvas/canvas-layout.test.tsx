// @vitest-environment jsdom
/**
 * A workflow opened without positions is laid out automatically, and those places
 * are kept: written into `ui.nodes` without an undo step, so the first save (made by
 * the user's first edit) stores them, and undoing that edit does not take them away.
 */
import { cleanup, render } from '@testing-library/react';
import { DndContext } from '@dnd-kit/core';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@branchline/schemas';
import { createI18n } from '../../i18n';
import { EditorStoreProvider } from '../../store/editor-context';
import { startAutosave } from '../../store/autosave';
import { WorkflowDesignerContext, type WorkflowDesignerContextValue } from '../designer-context';
import { createWorkflowStore } from '../workflow-store';
import { NO_LOCKS } from '../model/locks';
import { indexProblems } from '../model/problems';
import { autoLayout } from '../model/layout';
import { Canvas } from './Canvas';

beforeAll(() => {
  // jsdom has no layout engine; React Flow only needs these to exist.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});
afterEach(cleanup);

const def: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  key: 'wf',
  title: { en: 'WF' },
  trigger: { type: 'record.created', form: 'client' },
  start: 'check',
  nodes: [
    { id: 'check', kind: 'condition', expression: 'record.arr > 1' },
    { id: 'call', kind: 'task', name: { en: 'Call' }, assignee: { strategy: 'owner' } },
    { id: 'done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', from: 'check', to: 'call', port: 'true' },
    { id: 'e2', from: 'check', to: 'done', port: 'false' },
    { id: 'e3', from: 'call', to: 'done', port: 'done' },
  ],
  ui: { nodes: { done: { x: 500, y: 500 } } },
};

function open(definition: WorkflowDefinition) {
  const store = createWorkflowStore(definition);
  const context: WorkflowDesignerContextValue = { locks: NO_LOCKS, form: undefined, problems: indexProblems({ nodes: [], edges: [] }, []), overlay: undefined, setOverlay() {}, focusNode() {}, readOnly: false };
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <EditorStoreProvider store={store}>
        <WorkflowDesignerContext.Provider value={context}>
          <DndContext>
            <Canvas />
          </DndContext>
        </WorkflowDesignerContext.Provider>
      </EditorStoreProvider>
    </I18nextProvider>,
  );
  return store;
}

describe('opening a workflow whose steps have no positions', () => {
  it('keeps the automatic places in ui.nodes, without an undo step or a save of its own', () => {
    const store = open(def);
    const laid = autoLayout(def);
    const s = store.getState();
    expect(s.definition.ui?.nodes).toEqual({ check: laid.check, call: laid.call, done: { x: 500, y: 500 } });
    expect(s.history.past).toEqual([]);
    expect(s.save.state).toBe('saved');
    expect(s.revision).toBe(s.savedRevision);
  });

  it('the first save (after the first edit) stores them, and undoing the edit keeps them', async () => {
    const store = open(def);
    const saved: WorkflowDefinition[] = [];
    const autosave = startAutosave(store, async (d) => void saved.push(d), { delay: 10_000 });
    const placed = store.getState().definition;
    expect(store.getState().apply({ type: 'meta.set', title: { en: 'Renamed' } })).toBe(true);
    await autosave.flush();
    autosave.stop();
    expect(saved).toHaveLength(1);
    expect(Object.keys(saved[0]!.ui?.nodes ?? {}).sort()).toEqual(['call', 'check', 'done']);
    expect(store.getState().history.past).toHaveLength(1);
    expect(store.getState().undo()).toBe(true);
    expect(store.getState().definition).toBe(placed);
  });

  it('changes nothing when every step has its place', () => {
    const full = { ...def, ui: { nodes: { check: { x: 0, y: 0 }, call: { x: 0, y: 200 }, done: { x: 500, y: 500 } } } };
    const store = open(full);
    expect(store.getState().definition).toBe(full);
  });
});
