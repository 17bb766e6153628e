import { describe, expect, it } from 'vitest';
import { buildProgram } from './all-commands.js';
import { COMMAND_MODULES } from './command-modules.js';
import { createCliContext } from './context.js';
import { commandPaths } from './help-examples.js';
import { createProgram } from './program.js';

/** Every command path below `name` with its options and arguments, as `--help` would describe them. */
const shape = (program: ReturnType<typeof buildProgram>, name: string) =>
  commandPaths(program)
    .filter(({ path }) => path === name || path.startsWith(`${name} `))
    .map(({ path, command }) => ({ path, options: command.options.map((o) => o.flags), args: command.registeredArguments.map((a) => a.name()), help: command.helpInformation() }));

describe('one command, one module (main.ts builds the program of the command it runs)', () => {
  const full = buildProgram(createCliContext());
  const topLevel = full.commands.map((c) => c.name()).filter((name) => name !== 'help' && name !== 'completion');

  it('names the module of every top-level command of the whole program, and no other', () => {
    expect(Object.keys(COMMAND_MODULES).sort()).toEqual([...topLevel].sort());
  });

  it.each(topLevel)('`parapet %s` alone has the same subcommands, options, arguments and help as in the whole program', async (name) => {
    const one = createProgram(createCliContext(), [await COMMAND_MODULES[name]!()], false);
    expect(one.commands.map((c) => c.name())).toContain(name);
    expect(shape(one, name)).toEqual(shape(full, name));
  });
});
