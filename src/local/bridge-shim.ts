/**
 * The local workspace's stand-in for `@forge/bridge`, bundled into the panels' local build
 * (scripts/build-static.mjs aliases the package to this file). It keeps the bridge's API
 * and behaviour and routes every call to the workspace server, which runs the app's real
 * resolvers in-process:
 *   invoke(key, payload)   -> POST /__forge/invoke       -> resolver `handler` with a Forge-like context
 *   requestJira(path, init)-> POST /__forge/requestJira  -> the Jira site (emulator or real), as the user
 *   view.getContext()      -> the module context the host page put in this frame's URL (?ctx=)
 *   view.theme.enable()    -> Atlassian token CSS + data-color-mode, following the workspace toggle
 *   router.navigate/open, view.close/submit/refresh, showFlag -> messages to the host page
 * An unknown resolver key fails loudly: the promise rejects, the console says why, and the
 * host page shows a red flag, so a typo can never pass for an empty result.
 * Runs in the browser only.
 */

type Json = Record<string, unknown>;

interface ShimContext {
  accountId?: string;
  cloudId?: string;
  localId?: string;
  moduleKey?: string;
  siteUrl?: string;
  extension: Json;
  theme?: { colorMode?: 'light' | 'dark' };
  [key: string]: unknown;
}

function readContext(): ShimContext {
  const raw = new URLSearchParams(window.location.search).get('ctx');
  if (!raw) return { extension: {} };
  try {
    return JSON.parse(raw) as ShimContext;
  } catch (err) {
    console.error('[forge-bridge shim] the frame URL carries an unreadable ?ctx=', err);
    return { extension: {} };
  }
}

const context = readContext();

function toHost(message: Json): void {
  if (window.parent && window.parent !== window) window.parent.postMessage({ source: 'converge-bridge', ...message }, window.location.origin);
}

/** An error with the stable code the server gave, as the real bridge's errors carry. */
class BridgeError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'BridgeError';
  }
}

export async function invoke<T = unknown>(functionKey: string, payload?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/__forge/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ functionKey, payload: payload ?? {}, context }),
    });
  } catch (err) {
    const error = new BridgeError('network', `invoke('${functionKey}') could not reach the workspace: ${(err as Error).message}`);
    console.error(`[forge-bridge shim] ${error.message}`);
    throw error;
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  if (!res.ok) {
    const env = body as { error?: { code?: string; message?: string } } | undefined;
    const code = env?.error?.code ?? `http-${res.status}`;
    const message = env?.error?.message ?? `invoke('${functionKey}') failed with HTTP ${res.status}`;
    console.error(`[forge-bridge shim] invoke('${functionKey}') failed [${code}]: ${message}`);
    toHost({ type: 'flag', appearance: 'error', title: `Resolver call failed: ${functionKey}`, description: `${code}: ${message}` });
    throw new BridgeError(code, message);
  }
  return body as T;
}

export function makeInvoke() {
  return (key: string, payload?: unknown) => invoke(key, payload);
}

let themeEnabled = false;

function applyColorMode(mode: 'light' | 'dark'): void {
  const html = document.documentElement;
  html.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography shape:shape');
  html.setAttribute('data-color-mode', mode);
}

window.addEventListener('message', (event: MessageEvent) => {
  if (event.origin !== window.location.origin) return;
  const data = event.data as { source?: string; type?: string; colorMode?: 'light' | 'dark' } | null;
  if (data?.source !== 'converge-host') return;
  if (data.type === 'theme' && data.colorMode) {
    context.theme = { ...(context.theme ?? {}), colorMode: data.colorMode };
    if (themeEnabled) applyColorMode(data.colorMode);
  }
});

/**
 * Reports the content height so the host sizes the iframe to it, as Jira does. The body's
 * height is measured, not the document's: the document is never shorter than the frame,
 * so it could never shrink.
 */
function watchHeight(): void {
  if (typeof ResizeObserver === 'undefined' || !document.body) return;
  let last = -1;
  const report = () => {
    const style = getComputedStyle(document.body);
    const h = Math.ceil(document.body.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom));
    if (h !== last) { last = h; toHost({ type: 'resize', height: h }); }
  };
  new ResizeObserver(report).observe(document.body);
  report();
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watchHeight);
else watchHeight();

export const view = {
  async getContext(): Promise<ShimContext> {
    return JSON.parse(JSON.stringify(context)) as ShimContext;
  },
  async submit(payload?: unknown): Promise<void> {
    toHost({ type: 'close', submitted: true, payload: payload ?? null });
  },
  async close(payload?: unknown): Promise<void> {
    toHost({ type: 'close', submitted: false, payload: payload ?? null });
  },
  async onClose(_cb: () => Promise<void>): Promise<void> {},
  async open(): Promise<void> {},
  async refresh(): Promise<void> {
    window.location.reload();
  },
  async changeWindowTitle(title: string): Promise<void> {
    toHost({ type: 'title', title });
  },
  async emitReadyEvent(): Promise<void> {},
  async createHistory(): Promise<never> {
    throw new BridgeError('unsupported', 'view.createHistory is not available in the local workspace');
  },
  theme: {
    async enable(): Promise<void> {
      if (!document.getElementById('forge-tokens')) {
        const link = document.createElement('link');
        link.id = 'forge-tokens';
        link.rel = 'stylesheet';
        link.href = '/__forge/tokens.css';
        const loaded = new Promise<void>((resolve) => { link.onload = () => resolve(); link.onerror = () => resolve(); });
        document.head.appendChild(link);
        await loaded;
      }
      themeEnabled = true;
      applyColorMode(context.theme?.colorMode ?? 'light');
    },
  },
};

type NavigationLocation = string | { target: string; issueKey?: string; projectKey?: string; moduleKey?: string; [k: string]: unknown };

/** Where a bridge navigation target lives in the workspace. */
function urlFor(location: NavigationLocation): string {
  if (typeof location === 'string') return location;
  switch (location.target) {
    case 'issue': return `/browse/${encodeURIComponent(String(location.issueKey))}`;
    case 'projectSettingsDetails': return `/projects/${encodeURIComponent(String(location.projectKey))}/forecast`;
    case 'module': return `/apps/converge`;
    default: throw new BridgeError('unsupported', `router target "${location.target}" is not available in the local workspace`);
  }
}

export const router = {
  async navigate(location: NavigationLocation): Promise<void> {
    toHost({ type: 'navigate', url: urlFor(location) });
  },
  async open(location: NavigationLocation): Promise<void> {
    window.open(urlFor(location), '_blank', 'noopener');
  },
  async getUrl(location: NavigationLocation): Promise<URL | null> {
    return new URL(urlFor(location), window.location.origin);
  },
  async reload(): Promise<void> {
    toHost({ type: 'reload' });
  },
};

export async function requestJira(path: string, init: RequestInit = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  new Headers(init.headers ?? {}).forEach((v, k) => { headers[k] = v; });
  const res = await fetch('/__forge/requestJira', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path, method: init.method ?? 'GET', headers, body: typeof init.body === 'string' ? init.body : undefined }),
  });
  if (!res.ok && res.headers.get('x-forge-shim-error')) {
    const text = await res.text();
    console.error(`[forge-bridge shim] requestJira(${path}) failed: ${text}`);
    throw new BridgeError('request-failed', text);
  }
  return res;
}

export async function requestConfluence(): Promise<Response> {
  throw new BridgeError('unsupported', 'requestConfluence is not available in the local workspace');
}

const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('converge-forge-events');

/** Forge events reach the app's other modules only: a same-origin broadcast channel does that here. */
export const events = {
  async emit(event: string, payload?: unknown): Promise<void> {
    channel?.postMessage({ event, payload });
  },
  async on(event: string, cb: (payload?: unknown) => unknown): Promise<{ unsubscribe: () => void }> {
    const listener = (e: MessageEvent) => { if ((e.data as { event?: string })?.event === event) void cb((e.data as { payload?: unknown }).payload); };
    channel?.addEventListener('message', listener);
    return { unsubscribe: () => channel?.removeEventListener('message', listener) };
  },
};

export function showFlag(options: { id?: string; title?: string; description?: string; type?: string; appearance?: string }) {
  toHost({ type: 'flag', appearance: options.appearance ?? options.type ?? 'info', title: options.title ?? '', description: options.description ?? '' });
  return { close: async () => true };
}

export class Modal {
  constructor(private readonly options: Json = {}) {}
  async open(): Promise<void> {
    toHost({ type: 'modal', options: this.options });
  }
}
