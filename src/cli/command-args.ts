/**
 * Argument handling shared by every `converge` subcommand: node:util parseArgs with
 * `--help`, one usage message on any mistake (exit 2), and the checks of numeric and
 * date options, so every command reports a bad flag the same way.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isIsoDate } from '../engine/working-calendar';
import { EXIT_OK, EXIT_USAGE, type CliIO } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>['values'];

export interface CommandSpec<O extends Options> {
  /** The subcommand's name, e.g. 'forecast'. */
  name: string;
  usage: string;
  options: O;
  /** How many positionals the command takes: exactly one FILE (default), or at least `min`. */
  positionals?: { min: number; max?: number; what: string };
}

export type ParsedCommand<O extends Options> = { values: Values<O>; positionals: string[] };

/** Prints the command's usage with a message on stderr; the exit status of a usage error. */
export function usageError(io: CliIO, name: string, usage: string, message: string): number {
  io.stderr(`converge ${name}: ${message}\n${usage}`);
  return EXIT_USAGE;
}

/**
 * Parses `args` for the command. Returns the values and positionals, or an exit status
 * when the command is done: 0 after printing `--help`, 2 after a usage error.
 */
export function parseCommand<O extends Options>(args: string[], io: CliIO, spec: CommandSpec<O>): ParsedCommand<O> | number {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { ...spec.options, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    return usageError(io, spec.name, spec.usage, err instanceof Error ? err.message : String(err));
  }
  const values = parsed.values as Values<O> & { help?: boolean };
  if (values.help) {
    io.stdout(spec.usage);
    return EXIT_OK;
  }
  const want = spec.positionals ?? { min: 1, max: 1, what: 'FILE' };
  const n = parsed.positionals.length;
  if (n < want.min) return usageError(io, spec.name, spec.usage, `missing ${want.what}`);
  if (want.max !== undefined && n > want.max) return usageError(io, spec.name, spec.usage, `expected ${want.max === 1 ? 'one' : `at most ${want.max}`} ${want.what}, got ${n}`);
  return { values, positionals: parsed.positionals };
}

/** A whole number >= min from a flag's text (fallback when absent), or the message saying what is wrong. */
export function wholeNumber(value: string | undefined, flag: string, fallback: number, min = 1): number | string {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < min) return `${flag} must be a whole number >= ${min}, not '${value}'`;
  return n;
}

/** A non-negative number from a flag's text (fallback when absent), or the message saying what is wrong. */
export function nonNegative(value: string | undefined, flag: string, fallback: number): number | string {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) return `${flag} must be a number >= 0, not '${value}'`;
  return n;
}

/** A YYYY-MM-DD date from a flag's text (undefined when absent), or the message saying what is wrong. */
export function dateFlag(value: string | undefined, flag: string): { date?: string } | string {
  if (value === undefined) return {};
  return isIsoDate(value) ? { date: value } : `${flag} must be a date YYYY-MM-DD, not '${value}'`;
}
