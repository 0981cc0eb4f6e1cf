/**
 * The contention view: each initiative alone (its pools to itself) and together under the
 * shared pools in priority order, how far it slips and which pool it slips for, in a table
 * and one plain sentence each (getPortfolioForecast with sharedPools).
 */
import type { SharedPoolsForecast } from '../../../src/resolvers/contract';
import { Message } from '../../shared/src/components';
import { formatDate, formatPercent } from '../../shared/src/format';
import { formatDelta } from './ScenarioEditor';

export function SharedPools({ shared }: { shared: SharedPoolsForecast }) {
  return (
    <section className="pf-section" aria-labelledby="pf-shared-h">
      <h2 className="pf-h2" id="pf-shared-h">Together under shared pools</h2>
      <p className="cv-help">
        Served in priority order ({shared.priority.join(' > ')}); {shared.iterations.toLocaleString('en-US')} simulations, seed {shared.seed}.
        All projects finish by {formatDate(shared.finishDate.p80)} with 80% confidence.
      </p>
      <table className="cv-table pf-table" data-testid="contention-table">
        <thead>
          <tr>
            <th scope="col">#</th><th scope="col">Project</th><th scope="col">P80 alone</th><th scope="col">P80 together</th>
            <th scope="col" className="cv-num">Slip (P80)</th><th scope="col">Slip by pool</th><th scope="col" className="cv-num">Chance, alone → together</th>
          </tr>
        </thead>
        <tbody>
          {shared.initiatives.map((i) => (
            <tr key={i.projectKey} data-key={i.projectKey}>
              <td>{i.rank}</td>
              <th scope="row">{i.projectKey}</th>
              <td>{formatDate(i.alone.p80)}</td>
              <td data-testid={`shared-p80-${i.projectKey}`}>{formatDate(i.shared.p80)}</td>
              <td className="cv-num" data-testid={`slip-${i.projectKey}`}>{formatDelta(i.slipDays.p80)}</td>
              <td>{i.pools.filter((p) => Math.abs(p.slipDays) >= 0.05).map((p) => `${p.name ?? p.id} ${formatDelta(p.slipDays)}`).join(', ') || '—'}</td>
              <td className="cv-num">{i.dueProbability ? `${formatPercent(i.dueProbability.alone)} → ${formatPercent(i.dueProbability.shared)}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="pf-pools" data-testid="contention-sentences">
        {shared.initiatives.map((i) => (
          <li key={i.projectKey}><Message tone={i.slipDays.p80 >= 0.5 ? 'warning' : 'success'}>{i.sentence}</Message></li>
        ))}
      </ul>
      <p className="cv-help">{shared.method}</p>
      {shared.warnings.map((w, k) => <Message key={k} tone="info">{w.message}</Message>)}
    </section>
  );
}
