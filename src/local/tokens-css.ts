/**
 * The Atlassian design-token style sheet the workspace serves at /__forge/tokens.css, which
 * the bridge shim's `view.theme.enable()` loads, as Forge does in Jira: the light and dark
 * colour themes plus typography, spacing and shape, taken from @atlaskit/tokens' generated
 * theme modules (each exports its CSS as a string). Selected by the html attributes
 * data-theme="dark:dark light:light spacing:spacing typography:typography" and data-color-mode.
 */
const THEMES = ['atlassian-light', 'atlassian-dark', 'atlassian-typography', 'atlassian-spacing', 'atlassian-shape'];

let cached: string | undefined;

export function tokensCss(): string {
  if (cached !== undefined) return cached;
  const parts: string[] = [];
  for (const theme of THEMES) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(`@atlaskit/tokens/dist/cjs/artifacts/themes/${theme}.js`) as { default?: unknown };
      if (typeof mod.default === 'string') parts.push(mod.default);
    } catch {
      parts.push(`/* ${theme}: not found in @atlaskit/tokens; panels fall back to their built-in values */`);
    }
  }
  cached = parts.join('\n');
  return cached;
}

/** The html attributes Jira sets for a colour mode. */
export function themeAttributes(mode: 'light' | 'dark'): string {
  return `data-theme="dark:dark light:light spacing:spacing typography:typography shape:shape" data-color-mode="${mode}"`;
}
