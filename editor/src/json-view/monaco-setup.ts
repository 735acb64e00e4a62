/**
 * Monaco, bundled with the app and its workers built by Vite (`?worker`): nothing
 * is fetched from a CDN, and the JSON worker never fetches a schema over the network.
 * Only the JSON and base editor workers are wired; other languages are not used.
 */
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

declare global {
  // Set by the e2e harness before the app loads, so tests can read Monaco's markers.
  var __BRANCHLINE_E2E__: boolean | undefined;
  var monaco: typeof import('monaco-editor') | undefined;
}
if (globalThis.__BRANCHLINE_E2E__) globalThis.monaco = monaco;

export { monaco };
