/** Entry of the Converge sprint estimation modal (jira:sprintAction / jira:backlogAction, static/estimation/build). */
import { useEffect, useState } from 'react';
import '../../shared/src/base.css';
import { getContext, type ModuleContext } from '../../shared/src/api';
import { ErrorState, Loading } from '../../shared/src/components';
import { mount } from '../../shared/src/mount';
import { EstimationView } from './EstimationView';

function toNumber(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function App() {
  const [ctx, setCtx] = useState<ModuleContext | { error: unknown }>();
  useEffect(() => { getContext().then(setCtx, (error) => setCtx({ error })); }, []);
  if (!ctx) return <div className="cv-root"><Loading label="Loading…" /></div>;
  if ('error' in ctx) return <div className="cv-root"><ErrorState error={ctx.error} /></div>;
  const ext = ctx.extension;
  return (
    <EstimationView modal
      boardId={toNumber(ext.board?.id ?? ext.boardId)}
      sprintId={toNumber(ext.sprint?.id ?? ext.sprintId)}
      projectKey={ext.project?.key} />
  );
}

mount(<App />);
