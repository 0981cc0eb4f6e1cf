import type { Command } from '../io';

/** Placeholder until the schedule command lands. */
export const run: Command = async (_args, io) => {
  io.stderr('converge schedule: not implemented yet\n');
  return 1;
};
