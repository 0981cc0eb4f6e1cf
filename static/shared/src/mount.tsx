/** Mounts a panel: enables Jira theming first (so tokens apply from the first paint), then renders. */
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { enableTheme } from './api';

export function mount(node: ReactNode): void {
  const el = document.getElementById('root');
  if (!el) throw new Error('Converge: the page has no #root element');
  void enableTheme().finally(() => createRoot(el).render(<StrictMode>{node}</StrictMode>));
}
