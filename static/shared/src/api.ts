/**
 * The panels' only way to the backend: typed wrappers over `@forge/bridge`.
 * Keys, payloads and results come from the shared contract (src/resolvers/contract.ts)
 * by import, so a renamed key or field breaks the type-check, not the user.
 * In Jira `@forge/bridge` is the real bridge; in the local workspace the build aliases
 * it to src/local/bridge-shim.ts, which routes the same calls to the same resolvers.
 */
import { invoke, router, view } from '@forge/bridge';
import type { Envelope, ResolverDefs, ResolverKey } from '../../../src/resolvers/contract';

/** A failed call: the resolver's error envelope, or the bridge refusing the call. */
export class CallError extends Error {
  constructor(readonly code: string, message: string, readonly culprits: string[] = [], readonly key?: string) {
    super(message);
    this.name = 'CallError';
  }
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** Calls resolver `key`; resolves with its data or rejects with a CallError carrying the stable code. */
export async function call<K extends ResolverKey>(key: K, payload: ResolverDefs[K]['payload']): Promise<ResolverDefs[K]['result']> {
  let reply: unknown;
  try {
    reply = await invoke(key, payload as Record<string, unknown>);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    throw new CallError(e.code ?? 'bridge-error', e.message ?? String(err), [key], key);
  }
  if (!isEnvelope(reply)) {
    if (reply === undefined || reply === null) throw new CallError('empty-reply', `The resolver "${key}" returned nothing.`, [key], key);
    return reply as ResolverDefs[K]['result'];
  }
  if (reply.ok) return reply.data as ResolverDefs[K]['result'];
  throw new CallError(reply.error.code, reply.error.message, reply.error.culprits ?? [], key);
}

/** The module context Jira gives this panel (issue, project, board, sprint...). */
export interface ModuleContext {
  accountId?: string;
  moduleKey?: string;
  localId?: string;
  extension: {
    type?: string;
    issue?: { id?: string; key: string; type?: string };
    project?: { id?: string; key: string; type?: string };
    board?: { id: number | string; type?: string };
    sprint?: { id: number | string };
    [key: string]: unknown;
  };
  theme?: { colorMode?: 'light' | 'dark' };
}

export async function getContext(): Promise<ModuleContext> {
  const ctx = (await view.getContext()) as unknown as ModuleContext;
  return { ...ctx, extension: ctx.extension ?? {} };
}

/** Loads the Atlassian design tokens and follows Jira's light/dark mode; harmless if it fails. */
export async function enableTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch (err) {
    console.warn('Converge: could not enable Jira theming; using the light palette', err);
  }
}

export function openIssue(issueKey: string): void {
  router.navigate({ target: 'issue', issueKey } as never).catch((err: unknown) => console.error('Converge: navigation failed', err));
}

export function closeModal(): void {
  view.close().catch(() => undefined);
}
