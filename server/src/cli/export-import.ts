/**
 * `branchline export <id> --server URL --token T > file` and
 * `branchline import <file> --server URL --token T [--org ORG]`: move a definition
 * between servers (or keep it in git) through GET /definitions/:id/export and
 * POST /definitions/import. The server checks an import like any edit.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from './main';
import { callApi, parseRemote } from './remote';

export const exportCommand: Command = {
  summary: 'write a definition from a server as JSON to stdout',
  usage: 'export <definition-id> --server URL --token T',
  async run(args) {
    const o = parseRemote(args);
    if (typeof o === 'string' || o.rest.length !== 1) {
      process.stderr.write(`${typeof o === 'string' ? o + '\n' : ''}usage: branchline ${this.usage}\n`);
      return 2;
    }
    const body = await callApi(o, 'GET', `/definitions/${encodeURIComponent(o.rest[0]!)}/export`);
    if (body === undefined) return 1;
    process.stdout.write(JSON.stringify(body, null, 2) + '\n');
    return 0;
  },
};

export const importCommand: Command = {
  summary: 'create a draft on a server from an exported file',
  usage: 'import <file> --server URL --token T [--org ORG]',
  async run(args) {
    const o = parseRemote(args, ['--org']);
    if (typeof o === 'string' || o.rest.length !== 1) {
      process.stderr.write(`${typeof o === 'string' ? o + '\n' : ''}usage: branchline ${this.usage}\n`);
      return 2;
    }
    let file: unknown;
    try {
      file = JSON.parse(await readFile(o.rest[0]!, 'utf8'));
    } catch (error) {
      process.stderr.write(`cannot read ${o.rest[0]}: ${(error as Error).message}\n`);
      return 1;
    }
    const body = (await callApi(o, 'POST', '/definitions/import', { file, ...(o.flags.org ? { orgId: o.flags.org } : {}) })) as { id: string; orgId: string; key: string; status: string } | undefined;
    if (body === undefined) return 1;
    process.stdout.write(`imported ${body.key} as ${body.id} in ${body.orgId} (${body.status})\n`);
    return 0;
  },
};
