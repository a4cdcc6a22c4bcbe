/** The runner of every command: option checks, usage lines, help and exit codes, table-driven. */
import { describe, expect, it } from 'vitest';
import { defineCommand, type CommandDef } from 'citty';
import { checkArguments, commandHelp, runCli, usageLine, type CommandInfo, type CommandSource } from '../../src/cli/run.ts';

const info: CommandInfo = {
  description: 'Summarise logs.',
  args: {
    files: { type: 'positional', required: false, description: 'Log files' },
    json: { type: 'boolean', description: 'JSON', default: false },
    records: { type: 'boolean', description: 'Records', default: false },
    'fail-on': { type: 'string', description: 'Level' },
    locale: { type: 'string', description: 'Language' },
  },
  rules: { rest: 'files', conflicts: [['json', 'records']] },
};
const single: CommandInfo = { description: 'Check one file.', args: { file: { type: 'positional', required: true } }, rules: {} };

describe('checkArguments', () => {
  it.each([
    [['a.log'], undefined],
    [['a.log', 'b.log', '-'], undefined],
    [['--json', 'a.log'], undefined],
    [['--fail-on', 'error', 'a.log'], undefined],
    [['--fail-on=error', 'a.log'], undefined],
    [['--failOn', 'error'], undefined],
    [['--json=false', '--records'], undefined],
    [['--no-json', '--records'], undefined],
    [['--', '--not-an-option'], undefined],
    [['--fail-om=error', 'a.log'], 'unknown option --fail-om (did you mean --fail-on?)'],
    [['--fail-om', 'error'], 'unknown option --fail-om (did you mean --fail-on?)'],
    [['-x'], 'unknown option -x'],
    [['--zzzzzz'], 'unknown option --zzzzzz'],
    [['--fail-on'], 'option --fail-on needs a value'],
    [['--json=yes'], 'option --json takes no value'],
    [['--no-locale'], 'unknown option --no-locale'],
    [['--json', '--records'], '--json and --records cannot be used together'],
    [['--records', 'x', '--json=true'], '--json and --records cannot be used together'],
  ])('%j: %s', (args, problem) => {
    expect(checkArguments(args, info)).toBe(problem);
  });

  it.each([
    [['a.db'], undefined],
    [['a.db', 'b.db'], 'too many arguments (this command takes 1)'],
    [['--', 'a.db', 'b.db'], 'too many arguments (this command takes 1)'],
  ])('a command of one argument: %j', (args, problem) => {
    expect(checkArguments(args, single)).toBe(problem);
  });

  it('a command of no argument takes none', () => {
    expect(checkArguments(['x'], { description: '', args: {}, rules: {} })).toBe('this command takes no arguments');
  });
});

describe('usage and help', () => {
  it('usage lines name the arguments', () => {
    expect(usageLine('logs', info)).toBe('usage: errdex logs [options] [FILES...]');
    expect(usageLine('db', single)).toBe('usage: errdex db [options] <FILE>');
  });

  it('help lists every option and the conflicts', () => {
    const help = commandHelp('logs', info);
    for (const option of ['--json', '--records', '--fail-on <value>', '--locale <value>', '-h, --help']) expect(help).toContain(option);
    expect(help).toContain('(--json, --records: one at a time)');
  });
});

describe('runCli', () => {
  const ran: string[][] = [];
  const command = (rules = {}): CommandSource => ({
    load: async () => ({
      default: defineCommand({
        meta: { description: 'A test command.' },
        args: { name: { type: 'positional', required: true }, loud: { type: 'boolean' } },
        run: ({ args }) => { ran.push([String(args.name), String(Boolean(args.loud))]); },
      }) as unknown as CommandDef,
      rules,
    }),
  });
  const broken: CommandSource = { load: async () => ({ default: defineCommand({ run: () => { throw new Error('boom'); } }) }) };
  const commands = { greet: command(), fail: broken };
  const options = { version: '9.9.9', description: 'test', prepare: async () => {} };
  const cli = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, commands, options, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join(''), err: err.join('') };
  };

  it.each([
    [['--help'], 0, /^errdex 9\.9\.9: test\n[\s\S]*commands:\n {2}greet +A test command\.\n {2}fail *\n/],
    [['--version'], 0, /^9\.9\.9\n$/],
    [['greet', '--help'], 0, /^errdex greet: A test command\.\n\nusage: errdex greet \[options\] <NAME>/],
  ])('%j prints to standard output and exits %i', async (argv, code, text) => {
    const r = await cli(argv);
    expect(r.code).toBe(code);
    expect(r.out).toMatch(text);
    expect(r.err).toBe('');
  });

  it.each([
    [[], /^errdex 9\.9\.9/],
    [['gret'], /^errdex: unknown command "gret" \(did you mean greet\?\)\nusage: errdex <command>/],
    [['--loud'], /^errdex: unknown option --loud/],
    [['greet', '--quiet', 'x'], /^errdex greet: unknown option --quiet\nusage: errdex greet \[options\] <NAME>/],
    [['greet'], /^errdex greet: Missing required positional argument: NAME\nusage: errdex greet/],
    [['fail'], /^errdex fail: internal error: Error: boom/],
  ])('%j: a problem, exit 2, on standard error', async (argv, text) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(text);
  });

  it('runs the command with its arguments; the command sets its own exit code', async () => {
    ran.length = 0;
    const r = await cli(['greet', 'world', '--loud']);
    expect(r.code).toBeUndefined();
    expect(ran).toEqual([['world', 'true']]);
  });

  it('escapes control characters of what the user typed in its messages', async () => {
    const r = await cli(['gr\u001b[2Jeet']);
    expect(r.err).toContain('gr\\u001b[2Jeet');
    expect(r.err).not.toContain('\u001b');
  });
});
