/**
 * Safe request paths. `jiraPath` is a template tag like @forge/api's `route`: every
 * interpolated value is one path segment and may not contain '/', '\', '?', '#' or a
 * '..' (encoded or not), so an issue key can never redirect a request elsewhere. The
 * tag keeps the template parts, so the Forge client can rebuild the path with the
 * real `route` tag and the HTTPS client can use the encoded text.
 */
import { JiraError } from './jira-error';

export interface JiraPath {
  readonly strings: readonly string[];
  readonly values: readonly (string | number)[];
  /** The path with every value percent-encoded, e.g. /rest/api/3/issue/ML-1. */
  readonly text: string;
}

const UNSAFE = ['/', '\\', '?', '#'];
const DOUBLE_DOT = /(\.|%2e)(\.|%2e)/i;

export function jiraPath(strings: TemplateStringsArray, ...values: (string | number)[]): JiraPath {
  let text = strings[0];
  values.forEach((v, i) => {
    const s = String(v);
    if (s === '' || UNSAFE.some((c) => s.includes(c)) || DOUBLE_DOT.test(s)) {
      throw new JiraError('invalid-config', `unsafe path segment ${JSON.stringify(s)} in ${strings.join('…')}`, { culprit: s });
    }
    text += encodeURIComponent(s) + strings[i + 1];
  });
  return { strings: [...strings], values, text };
}
