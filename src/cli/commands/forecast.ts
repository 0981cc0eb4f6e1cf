import type { Command } from '../io';

/** Placeholder until the forecast command lands. */
export const run: Command = async (_args, io) => {
  io.stderr('converge forecast: not implemented yet\n');
  return 1;
};
