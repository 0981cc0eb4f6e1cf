/**
 * Runs one bridge `invoke` against the resolvers' Forge handler the way Forge does:
 * `handler({ call: { functionKey, payload }, context }, runtime)` with the module's
 * context from the calling frame and the user as `runtime.principal`, then applies
 * Forge's invocation limits (500 KB request, 5 MB response, DAC limits-invocation).
 * Returns an HTTP status and a JSON body: the resolver's own result on success, else an
 * error envelope `{ ok: false, error: { code, message, culprits } }` (codes below).
 */

/** `@forge/resolver`'s getDefinitions() handler. */
export type ForgeHandler = (request: { call: { functionKey: string; payload?: unknown; jobId?: string }; context: Record<string, unknown> }, runtime?: Record<string, unknown>) => Promise<unknown>;

export const MAX_REQUEST_BYTES = 500 * 1024;
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export interface InvokeSite {
  accountId: string;
  cloudId: string;
  siteUrl: string;
}

export interface InvokeOutcome {
  status: number;
  body: string;
  /** For the server log. */
  summary: string;
}

function failure(status: number, code: string, message: string, culprits: string[] = []): InvokeOutcome {
  return { status, body: JSON.stringify({ ok: false, error: { code, message, culprits } }), summary: `${status} ${code}: ${message}` };
}

/** Keys of the module context a frame may state; anything else (accountId...) comes from the workspace. */
const FRAME_CONTEXT_KEYS = ['extension', 'localId', 'moduleKey', 'locale', 'timezone'];

export async function forgeInvoke(rawBody: string, handler: ForgeHandler, keys: readonly string[], site: InvokeSite): Promise<InvokeOutcome> {
  if (Buffer.byteLength(rawBody) > MAX_REQUEST_BYTES) return failure(413, 'payload-too-large', `the invoke payload exceeds Forge's ${MAX_REQUEST_BYTES / 1024} KB limit`);
  let call: { functionKey?: unknown; payload?: unknown; context?: Record<string, unknown> };
  try {
    call = JSON.parse(rawBody) as typeof call;
  } catch {
    return failure(400, 'invalid-request', 'the invoke request is not JSON');
  }
  const key = call.functionKey;
  if (typeof key !== 'string' || key === '') return failure(400, 'invalid-request', 'the invoke request names no functionKey');
  if (!keys.includes(key)) {
    return failure(404, 'unknown-resolver', `no resolver is defined for "${key}" (defined: ${keys.join(', ')})`, [key]);
  }
  const frame = call.context ?? {};
  const context: Record<string, unknown> = {
    cloudId: site.cloudId,
    siteUrl: site.siteUrl,
    environmentId: 'local-workspace',
    environmentType: 'DEVELOPMENT',
    accountType: 'licensed',
  };
  for (const k of FRAME_CONTEXT_KEYS) if (frame[k] !== undefined) context[k] = frame[k];
  const runtime = {
    principal: { accountId: site.accountId },
    installContext: `ari:cloud:jira::site/${site.cloudId}`,
    installation: { id: 'local-workspace', installationContext: `ari:cloud:jira::site/${site.cloudId}` },
    license: { isActive: true },
  };
  let result: unknown;
  try {
    result = await handler({ call: { functionKey: key, payload: call.payload ?? {} }, context }, runtime);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/has no definition/.test(message)) return failure(404, 'unknown-resolver', message, [key]);
    return failure(500, 'resolver-threw', `resolver "${key}" threw: ${message}`, [key]);
  }
  const body = result === undefined ? '' : JSON.stringify(result);
  if (Buffer.byteLength(body) > MAX_RESPONSE_BYTES) return failure(500, 'response-too-large', `resolver "${key}" answered more than Forge's 5 MB limit`, [key]);
  const envelope = result as { ok?: unknown; error?: { code?: string } } | undefined;
  const summary = envelope && envelope.ok === false ? `200 ${key} -> error ${envelope.error?.code}` : `200 ${key}`;
  return { status: 200, body, summary };
}
