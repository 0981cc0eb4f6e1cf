/**
 * Generated Jira histories with known answers, for the history commands' tests: issues
 * done one after another (a Blocks chain), each estimated in story points (1 point = 1
 * day) and in progress for `factor` x its estimate in working days, timestamps placed on
 * the Mon-Fri calendar so the in-progress time is exact.
 */
import { WorkingCalendar } from '../../src/engine/working-calendar';

const cal = new WorkingCalendar('2024-01-01', { workdays: [1, 2, 3, 4, 5], holidays: [] });

/** The timestamp at working-day position p (integer part: the day, fraction: time of day). */
export function stamp(p: number): string {
  const day = Math.floor(p);
  const ms = Math.round((p - day) * 86_400_000);
  const hh = String(Math.floor(ms / 3_600_000)).padStart(2, '0');
  const mm = String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0');
  const ss = String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0');
  const mss = String(ms % 1000).padStart(3, '0');
  return `${cal.dateOfIndex(day)}T${hh}:${mm}:${ss}.${mss}+0000`;
}

const status = (id: string, name: string, key: string) => ({ id, name, statusCategory: { key } });

export interface GeneratedIssue {
  key: string;
  fields: Record<string, unknown>;
  changelog: { histories: Array<{ id: string; created: string; items: Array<Record<string, string | null>> }> };
}

/** A chain of issues with the given estimates; `factor` x estimate in progress each; `openFrom` leaves the rest open. */
export function chainHistory(estimates: number[], factor: number, opts: { team?: string; type?: string; openFrom?: number } = {}): GeneratedIssue[] {
  let p = 0.375; // Monday 2024-01-01 09:00
  return estimates.map((e, i) => {
    const key = `GEN-${i + 1}`;
    const open = opts.openFrom !== undefined && i >= opts.openFrom;
    const start = p, end = p + factor * e;
    p = end;
    const links = [
      ...(i > 0 ? [{ id: `l${i}`, type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, inwardIssue: { key: `GEN-${i}` } }] : []),
      ...(i < estimates.length - 1 ? [{ id: `l${i + 1}`, type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, outwardIssue: { key: `GEN-${i + 2}` } }] : []),
    ];
    const histories = [
      { id: `${key}-sp`, created: '2024-01-01T08:00:00.000+0000', items: [{ field: 'Story Points', fieldId: 'customfield_10036', from: null, fromString: null, to: null, toString: String(e) }] },
      ...(open ? [] : [
        { id: `${key}-a`, created: stamp(start), items: [{ field: 'status', fieldId: 'status', from: '1', fromString: 'To Do', to: '2', toString: 'In Progress' }] },
        { id: `${key}-b`, created: stamp(end), items: [{ field: 'status', fieldId: 'status', from: '2', fromString: 'In Progress', to: '3', toString: 'Done' }] },
      ]),
    ];
    return {
      key,
      fields: {
        summary: `generated ${i + 1}`,
        issuetype: { name: opts.type ?? 'Story' },
        status: open ? status('1', 'To Do', 'new') : status('3', 'Done', 'done'),
        created: '2024-01-01T08:00:00.000+0000',
        resolutiondate: open ? null : stamp(end),
        customfield_10036: e,
        ...(opts.team ? { customfield_10001: { value: opts.team } } : {}),
        issuelinks: links,
      },
      changelog: { histories },
    };
  });
}

export const HISTORY_SETTINGS = JSON.stringify({ estimateFields: { storyPoints: 'customfield_10036', team: 'customfield_10001' } });
