/**
 * The `--settings FILE` of the commands that map Jira issues (fetch, backtest, calibrate,
 * throughput): a JSON object of mapping settings over the defaults. A file that cannot be
 * read or is not an object throws a UsageError naming the file; each command reports it
 * in its own way.
 */
import { withDefaults, type MappingSettings } from '../jira/mapping-settings';
import { UsageError, type CliIO } from './io';

export function readSettings(path: string | undefined, io: CliIO): MappingSettings {
  if (!path) return withDefaults();
  let raw: unknown;
  try {
    raw = JSON.parse(io.readInput(path));
  } catch (e) {
    throw new UsageError(`cannot read settings ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`settings ${path} must be a JSON object (mapping settings)`);
  return withDefaults(raw as Partial<MappingSettings>);
}
