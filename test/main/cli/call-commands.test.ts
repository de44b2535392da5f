/** The command tables against the contract: every call accounted for, flags consistent, help for everything. */
import { describe, expect, it } from 'vitest';
import { callCommands, callsWithoutCommand } from '../../../main/cli/call-commands';
import { cliOptionSpec, connectionOptionSpec, outputOptionSpec } from '../../../main/cli/cli-options';
import { commandHelp, globalHelp } from '../../../main/cli/command-help';
import { otherCommands } from '../../../main/cli/other-commands';
import { callNames } from '../../../shared/ipc/call-names';
import { contract } from '../../../shared/ipc/contract';

describe('call commands', () => {
  it('account for every call of the contract exactly once: a command, the work of another command, or a stated reason', () => {
    const byCommand = callCommands.map((c) => c.call);
    const byOther = otherCommands.flatMap((c) => c.calls);
    const without = Object.keys(callsWithoutCommand);
    const accounted = [...new Set(byCommand), ...byOther, ...without];
    expect([...accounted].sort()).toEqual([...callNames].sort());
  });

  it('have unique words, and flags whose fields exist in the call\'s request schema', () => {
    const words = callCommands.map((c) => c.words.join(' '));
    expect(new Set(words).size).toBe(words.length);
    for (const command of callCommands) {
      const shape = (contract[command.call].request as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      for (const flag of command.flags) {
        const top = flag.field.split('.')[0] ?? '';
        expect(Object.keys(shape), `${words.join()} --${flag.name} → ${flag.field}`).toContain(top);
      }
      for (const name of command.required ?? []) expect([...command.flags.map((f) => f.name), command.positional?.name]).toContain(name);
    }
  });

  it('give one option one type across every command, the connection options and the other commands', () => {
    const types = new Map<string, string>();
    const note = (name: string, type: string, where: string) => {
      const key = types.get(name);
      expect(key === undefined || key === type, `--${name} is ${key} elsewhere but ${type} in ${where}`).toBe(true);
      types.set(name, type);
    };
    for (const [name, spec] of Object.entries(cliOptionSpec)) note(name, `${spec.type}${'multiple' in spec ? '[]' : ''}`, 'cli-options');
    for (const command of callCommands) {
      for (const flag of command.flags) {
        expect(Object.keys({ ...connectionOptionSpec, ...outputOptionSpec, 'json-input': 1 }), `--${flag.name} of ${command.words.join(' ')}`).not.toContain(flag.name);
        note(flag.name, flag.kind === 'switch' ? 'boolean' : flag.kind === 'texts' ? 'string[]' : 'string', command.words.join(' '));
      }
    }
  });

  it('each have help naming every flag and its request field', () => {
    for (const command of callCommands) {
      const help = commandHelp(command.words) ?? '';
      expect(help).toContain(`Usage: enclave ${command.words.join(' ')}`);
      for (const flag of command.flags) expect(help).toContain(`--${flag.name}`);
      for (const flag of command.flags) expect(help).toContain(`[${flag.field}]`);
      expect(help).toContain(`Call: ${command.call}`);
    }
    for (const command of otherCommands) expect(commandHelp([command.name])).toContain(`Usage: enclave ${command.usage[0]}`);
    const all = globalHelp();
    for (const command of [...callCommands.map((c) => c.words.join(' ')), ...otherCommands.map((c) => c.name)]) expect(all).toContain(`  ${command} `);
  });
});
