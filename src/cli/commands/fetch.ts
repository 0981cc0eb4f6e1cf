import type { Command } from '../io';

/** Placeholder until the fetch command lands. */
export const run: Command = async (_args, io) => {
  io.stderr('converge fetch: not implemented yet\n');
  return 1;
};
