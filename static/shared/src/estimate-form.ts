/**
 * The three-point estimate as the user types it (strings) and its validation into the
 * contract's ThreePointEstimate. Pure, shared by the issue panel and the estimation view,
 * so both say the same thing about the same input. Durations are working days.
 *
 * "Retry chance" is what a team knows about a training run: the percent chance one run
 * fails to converge and must be repeated. The contract stores its complement,
 * `successProbability`, with `maxAttempts` capping the repeats.
 */
import type { ThreePointEstimate } from '../../../src/resolvers/contract';

export type Distribution = ThreePointEstimate['distribution'];
export const DISTRIBUTIONS: Array<{ value: Distribution; label: string }> = [
  { value: 'pert', label: 'PERT' },
  { value: 'triangular', label: 'Triangular' },
  { value: 'uniform', label: 'Uniform' },
  { value: 'lognormal', label: 'Lognormal (long tail)' },
  { value: 'fixed', label: 'Fixed' },
];

export interface EstimateDraft {
  optimistic: string;
  mostLikely: string;
  pessimistic: string;
  distribution: Distribution;
  retryPercent: string;
  maxAttempts: string;
}

export type DraftErrors = Partial<Record<keyof EstimateDraft, string>>;

/** Longest duration accepted, in working days (about 15 years): beyond it a typo is likelier than a plan. */
export const MAX_DAYS = 4000;
const MAX_ATTEMPTS = 20;

function show(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? '' : String(Math.round(n * 100) / 100);
}

export function draftFrom(e?: ThreePointEstimate): EstimateDraft {
  if (!e) return { optimistic: '', mostLikely: '', pessimistic: '', distribution: 'pert', retryPercent: '', maxAttempts: '' };
  const retry = e.successProbability !== undefined && e.successProbability < 1 ? show((1 - e.successProbability) * 100) : '';
  return {
    optimistic: show(e.optimistic),
    mostLikely: show(e.mostLikely),
    pessimistic: show(e.pessimistic),
    distribution: e.distribution,
    retryPercent: retry,
    maxAttempts: retry && e.maxAttempts !== undefined ? String(e.maxAttempts) : '',
  };
}

function parseDays(text: string, label: string, errors: DraftErrors, field: keyof EstimateDraft): number | undefined {
  const t = text.trim();
  if (t === '') {
    errors[field] = `Enter the ${label} duration in working days.`;
    return undefined;
  }
  const n = Number(t.replace(',', '.'));
  if (!Number.isFinite(n)) errors[field] = `"${t}" is not a number.`;
  else if (n < 0) errors[field] = 'A duration cannot be negative.';
  else if (n > MAX_DAYS) errors[field] = `At most ${MAX_DAYS} working days.`;
  else return n;
  return undefined;
}

/** Validates a draft: an estimate when every field is sound, else a message per field. */
export function validateDraft(d: EstimateDraft): { estimate?: ThreePointEstimate; errors: DraftErrors } {
  const errors: DraftErrors = {};
  let o: number | undefined;
  let m: number | undefined;
  let p: number | undefined;
  if (d.distribution === 'fixed') {
    m = parseDays(d.mostLikely, 'expected', errors, 'mostLikely');
    o = p = m;
  } else {
    o = parseDays(d.optimistic, 'optimistic', errors, 'optimistic');
    m = d.distribution === 'uniform' && d.mostLikely.trim() === '' ? undefined : parseDays(d.mostLikely, 'most likely', errors, 'mostLikely');
    p = parseDays(d.pessimistic, 'pessimistic', errors, 'pessimistic');
    if (o !== undefined && m !== undefined && o > m) errors.optimistic = 'Optimistic must not exceed most likely.';
    if (m !== undefined && p !== undefined && m > p) errors.pessimistic = 'Pessimistic must be at least most likely.';
    if (o !== undefined && p !== undefined && o > p && !errors.optimistic) errors.pessimistic = 'Pessimistic must be at least optimistic.';
    if (d.distribution === 'lognormal' && o !== undefined && o <= 0) errors.optimistic = 'A lognormal estimate needs an optimistic duration above 0.';
    if (d.distribution === 'uniform' && m === undefined && o !== undefined && p !== undefined) m = (o + p) / 2;
  }

  let successProbability: number | undefined;
  let maxAttempts: number | undefined;
  const r = d.retryPercent.trim();
  if (r !== '') {
    const v = Number(r.replace(',', '.').replace('%', ''));
    if (!Number.isFinite(v) || v < 0 || v >= 100) errors.retryPercent = 'Retry chance is a percentage from 0 to 99.';
    else if (v > 0) {
      successProbability = Math.round((1 - v / 100) * 10000) / 10000;
      const a = d.maxAttempts.trim() === '' ? 3 : Number(d.maxAttempts);
      if (!Number.isInteger(a) || a < 1 || a > MAX_ATTEMPTS) errors.maxAttempts = `Attempts is a whole number from 1 to ${MAX_ATTEMPTS}.`;
      else maxAttempts = a;
    }
  }

  if (Object.keys(errors).length > 0 || o === undefined || m === undefined || p === undefined) return { errors };
  const estimate: ThreePointEstimate = { optimistic: o, mostLikely: m, pessimistic: p, distribution: d.distribution };
  if (successProbability !== undefined) {
    estimate.successProbability = successProbability;
    estimate.maxAttempts = maxAttempts;
  }
  return { estimate, errors };
}

export function sameEstimate(a?: ThreePointEstimate, b?: ThreePointEstimate): boolean {
  if (!a || !b) return a === b;
  return a.optimistic === b.optimistic && a.mostLikely === b.mostLikely && a.pessimistic === b.pessimistic
    && a.distribution === b.distribution && (a.successProbability ?? 1) === (b.successProbability ?? 1)
    && (a.successProbability === undefined || a.maxAttempts === b.maxAttempts);
}

/** "3 / 5 / 9 d PERT, 20% retry" */
export function describeEstimate(e?: ThreePointEstimate): string {
  if (!e) return 'none';
  const days = e.distribution === 'fixed' ? `${show(e.mostLikely)} d` : `${show(e.optimistic)} / ${show(e.mostLikely)} / ${show(e.pessimistic)} d`;
  const dist = DISTRIBUTIONS.find((x) => x.value === e.distribution)?.label.split(' ')[0] ?? e.distribution;
  const retry = e.successProbability !== undefined && e.successProbability < 1 ? `, ${show((1 - e.successProbability) * 100)}% retry (max ${e.maxAttempts ?? '∞'})` : '';
  return `${days} ${dist}${retry}`;
}
