/**
 * The Content-Security-Policy Forge puts on every Custom UI resource, so the workspace
 * serves the panels under the same rules as Jira and a panel that would break in Forge
 * (an inline <style> or style="" attribute, an inline script, a fetch to another origin)
 * breaks here too. Source: @forge/csp 6.3.2 `CSPInjectionService.getInjectableCSP`
 * (installed with @forge/lint); Atlassian's CDN, media and report hosts are left out, as
 * the workspace serves everything from its own origin. Notably img-src allows data: and
 * blob: (the PNG export draws the chart's SVG from a data: URL) and the sandbox allows
 * downloads (exports are saved through blob: links), and style-src has no
 * 'unsafe-inline' unless the manifest asks for it in permissions.content.styles.
 */
export function forgeCustomUiCsp(opts: { unsafeInlineStyles?: boolean } = {}): string {
  return [
    "default-src 'self'",
    "frame-src 'self'",
    "font-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "script-src 'self'",
    `style-src 'self'${opts.unsafeInlineStyles ? " 'unsafe-inline'" : ''}`,
    "form-action 'self'",
    'sandbox allow-popups allow-popups-to-escape-sandbox allow-downloads allow-forms allow-modals allow-pointer-lock allow-same-origin allow-scripts',
  ].join('; ');
}
