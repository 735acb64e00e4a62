/** Request and response bodies of the HTTP API (v1), as TypeBox schemas with their derived types. */
export * from './common';
export * from './health';
export * from './auth';
export * from './users';
export * from './orgs';
export * from './audit';
export * from './templates';
export * from './definitions';
export * from './records';
export * from './runs';
export * from './reports';
export * from './policy';
