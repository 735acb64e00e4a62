/// <reference lib="webworker" />
/** The form runtime off the main thread: compiling a form (ajv code generation) takes long enough to freeze typing. */
import { compileForm } from '@branchline/runtime';
import { validateShape } from '@branchline/schemas';
import { createRuntimeHandler, type RuntimeRequest } from './runtime-protocol';

const handle = createRuntimeHandler({ compileForm, validateShape });
self.onmessage = (event: MessageEvent<RuntimeRequest>) => {
  self.postMessage(handle(event.data));
};
