/** What a CLI command may touch: its streams and the file system, passed in so tests can capture them. */
import { readFileSync } from 'node:fs';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads a file, or standard input for '-'. */
  readInput: (path: string) => string;
  env: Record<string, string | undefined>;
}

export const processIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readInput: (path) => readFileSync(path === '-' ? 0 : path, 'utf8'),
  env: process.env,
};

/** Exit codes: 0 ok, 1 failure at run time (Jira, network), 2 bad input or usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

/** A command: parses its own arguments, returns the exit status. */
export type Command = (args: string[], io: CliIO) => Promise<number>;
