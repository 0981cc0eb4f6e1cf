import { sampleSite } from './src/local/sample-site';
import { createJiraEmulator } from './src/local/jira-emulator';
(async () => {
  const em = createJiraEmulator(sampleSite());
  const srv = await em.listen();
  const get = async (p: string, init?: RequestInit) => { const r = await fetch(srv.url + p, init); const t = await r.text(); return [r.status, t.slice(0, 600)]; };
  console.log(await get('/rest/api/3/search/jql?jql=project%20%3D%20FRAUD&maxResults=3'));
  console.log(await get('/rest/api/3/search/jql?jql=' + encodeURIComponent('project in (FRAUD, PLAT) AND statusCategory != Done ORDER BY rank') + '&fields=summary,status,issuelinks&properties=converge.estimate&maxResults=2'));
  console.log(await get('/rest/api/3/search/jql?jql=' + encodeURIComponent('issuetype = "Training Run" AND labels = gpu:a100')+'&fields=summary'));
  console.log(await get('/rest/api/3/search/jql?jql=' + encodeURIComponent('resolved >= -30d')+'&fields=resolutiondate&maxResults=100'));
  console.log(await get('/rest/api/3/search/jql?jql=' + encodeURIComponent('project = = X')));
  console.log(await get('/rest/api/3/search'));
  console.log(await get('/rest/api/3/issue/FRAUD-1?expand=changelog&fields=summary,status'));
  console.log(await get('/rest/agile/1.0/board/1/sprint?state=active,future'));
  console.log(await get('/rest/api/3/nope'));
  await srv.close();
})();
