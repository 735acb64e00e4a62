/**
 * Command dispatch of the `branchline` CLI. Each command is a module exporting
 * `run(args) → exit code`; add a command by adding a row to COMMANDS.
 */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./validate')).validateCommand,
  export: async () => (await import('./export-import')).exportCommand,
  import: async () => (await import('./export-import')).importCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? COMMANDS[name] : undefined;
  if (!load) {
    const lines = await Promise.all(Object.entries(COMMANDS).map(async ([n, l]) => `  ${(await l()).usage.padEnd(48)} ${(await l()).summary}`));
    process.stderr.write(`usage: branchline <command> …\n\ncommands:\n${lines.join('\n')}\n`);
    return name === undefined || name === '--help' || name === 'help' ? 0 : 2;
  }
  return (await load()).run(rest);
}
