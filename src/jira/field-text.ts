/**
 * The text of a Jira field value such as a team: a plain string, an option or user
 * object ({ value | name | title | displayName }, first non-empty), or the first
 * element of an array of those. Empty strings count as no value. Shared by the plan
 * mapping and the work-history reader so both read a team the same way. Pure; O(1).
 */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (Array.isArray(value)) return value.length ? textOf(value[0]) : undefined;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const k of ['value', 'name', 'title', 'displayName']) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
  }
  return undefined;
}
