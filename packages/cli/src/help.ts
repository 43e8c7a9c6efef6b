import { Help, type Command, type HelpConfiguration, type Option } from 'commander';

/**
 * Every usage line is derived from the command's declared arguments and options, so the help cannot drift from
 * what the parser accepts: `moderato policy set --publisher <publisherId> --file <path> [--expect-version <n>]`.
 */
export function usageLine(command: Command): string {
  const path = commandPath(command);
  if (command.commands.length > 0) return `${path} <command>`;
  const parts = [
    ...command.registeredArguments.map((argument) => (argument.required ? `<${argument.name()}>` : `[${argument.name()}]`)),
    ...command.options.filter((option) => !option.hidden).map(optionUsage),
  ];
  return [path, ...parts].join(' ');
}

/** The commands that do something (not the groups such as `policy`), in the order they were declared. */
export function leafCommands(command: Command): Command[] {
  return command.commands.flatMap((child) => (child.commands.length > 0 ? leafCommands(child) : [child]));
}

/**
 * Commander's help for the commands that do something, with our usage lines. The program and the groups (`policy`)
 * list the full usage line of each command under them instead of commander's `set [options]`, so one look says how
 * every command is called; the program adds `notes` (the environment the commands read).
 */
export function helpConfiguration(notes: string): HelpConfiguration {
  return {
    commandUsage: usageLine,
    formatHelp: (command: Command, helper: Help) => {
      if (command.commands.length === 0) return Help.prototype.formatHelp.call(helper, command, helper);
      return command.parent ? groupHelp(command) : `${command.name()} — ${command.description()}\n\n${groupHelp(command)}\n${notes}`;
    },
  };
}

function groupHelp(group: Command): string {
  const lines = leafCommands(group).map((command) => `  ${usageLine(command)}\n      ${command.description()}`);
  const path = commandPath(group);
  return `Usage: ${usageLine(group)}\n\n${group.parent ? `${group.description()}\n\n` : ''}${lines.join('\n')}\n\n` +
    `Run ${path} <command> --help for a command's options.\n`;
}

function optionUsage(option: Option): string {
  const value = option.argChoices ? ` ${option.argChoices.join('|')}` : (/ ([<[].*)$/.exec(option.flags)?.[0] ?? '');
  const text = `${option.long ?? option.short ?? option.flags}${value}`;
  return option.mandatory ? text : `[${text}]`;
}

/** `moderato policy set`: the command's name with its parents'. */
export function commandPath(command: Command): string {
  return commandNames(command).join(' ');
}

function commandNames(command: Command): string[] {
  return command.parent ? [...commandNames(command.parent), command.name()] : [command.name()];
}
