/**
 * @branchline/schemas — the language every part of Branchline speaks: JSON Schema
 * 2020-12 of forms, workflows, templates and overlays, with TypeScript types
 * derived from the same source, and the shape validator (layer one).
 */
export * from './common';
export * from './form';
export * from './workflow';
export * from './template';
export * from './overlay';
export * from './problem';
export * from './shape';
export * from './api';
