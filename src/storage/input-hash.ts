/**
 * The cache key of a forecast: SHA-256 over a canonical JSON of everything that determines it
 * (the plan, the settings, iterations, seed, due date). Canonical = object keys sorted at every
 * depth, so two equal inputs hash equally whatever order their keys were built in.
 * Cost: O(size of the input).
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

/** Hex SHA-256 of the canonical JSON, shortened to 32 characters (128 bits). */
export function inputHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}
