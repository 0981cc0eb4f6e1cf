/** Entry of the Converge Forecast page (jira:projectPage, static/forecast-page/build). */
import { useEffect, useState } from 'react';
import '../../shared/src/base.css';
import './forecast-page.css';
import { getContext, type ModuleContext } from '../../shared/src/api';
import { ErrorState, Loading } from '../../shared/src/components';
import { mount } from '../../shared/src/mount';
import { ForecastPage } from './ForecastPage';

function App() {
  const [ctx, setCtx] = useState<ModuleContext | { error: unknown }>();
  useEffect(() => { getContext().then(setCtx, (error) => setCtx({ error })); }, []);
  if (!ctx) return <div className="fp-root"><Loading label="Loading…" /></div>;
  if ('error' in ctx) return <div className="fp-root"><ErrorState error={ctx.error} /></div>;
  const key = ctx.extension.project?.key;
  if (!key) return <div className="fp-root"><ErrorState error={new Error('This page needs a project: open it from a project\'s Forecast tab.')} /></div>;
  return <ForecastPage projectKey={key} />;
}

mount(<App />);
