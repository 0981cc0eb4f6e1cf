/**
 * The sample AI program, written by hand: three projects (FRAUD: fraud-detection
 * model v3, LLM: a support assistant, PLAT: the ML platform team and its GPU
 * cluster), their epics, work items, sub-tasks, dependencies and estimates.
 * Everything date-like is relative (weeks after the program start, or calendar
 * days after "today"), so sampleSite() can place the program at any date; the
 * generator (sample-site.ts) plays the history out with a seeded random source.
 *
 * Estimates: `est` becomes the `converge.estimate` issue property (working days),
 * `sp` the Story Points field, `h` time tracking (hours); items with none of them
 * are deliberately unestimated.
 */
import type { EstimateProperty } from './sample-site-types';

export type ItemType = 'Story' | 'Task' | 'Bug' | 'Training Run' | 'Review Gate';
type Dist = EstimateProperty['distribution'];

export interface ItemSpec {
  ref: string;
  type: ItemType;
  s: string;
  /** Three-point estimate in working days (+ distribution, default pert). */
  est?: [number, number, number, Dist?];
  /** Training that may not converge: [successProbability, maxAttempts]. */
  tries?: [number, number];
  sp?: number;
  h?: number;
  /** Blocks links: each of these blocks this item. */
  after?: string[];
  /** Depends links: this item depends on each of these. */
  dep?: string[];
  /** Relates links (not a dependency). */
  rel?: string[];
  /** Cloners link: this item clones that one. */
  clone?: string;
  l?: string[];
  gpus?: number;
  who?: string;
  pri?: 'Highest' | 'High' | 'Low';
  /** Sub-tasks: summary and time-tracking hours. */
  sub?: Array<[string, number]>;
  /** Earliest start in weeks after the program start (default: the epic's week). */
  wk?: number;
  /** Start date field: calendar days after today; work cannot start earlier (a window). */
  start?: number;
  /** Due date: calendar days after today. */
  due?: number;
  /** Data available field: calendar days after today (negative = in the past). */
  avail?: number;
  d?: string;
}

export interface EpicSpec {
  ref: string;
  project: 'FRAUD' | 'LLM' | 'PLAT';
  s: string;
  /** Weeks after the program start when the epic's work may begin. */
  week: number;
  /** Due date = the played-out finish plus this many working days (negative: at risk). */
  slack: number;
  owner: string;
  d: string;
  items: ItemSpec[];
}

export interface UserSpec {
  handle: string;
  name: string;
  team: 'fraud' | 'llm' | 'plat' | 'risk' | 'sec' | 'pmo';
}

export const TEAMS: Record<UserSpec['team'], string> = {
  fraud: 'Fraud ML',
  llm: 'LLM Applications',
  plat: 'ML Platform',
  risk: 'Model Risk & Compliance',
  sec: 'Security Engineering',
  pmo: 'AI Program Office',
};

export const USERS: UserSpec[] = [
  { handle: 'alex', name: 'Alex Morgan', team: 'pmo' },
  { handle: 'priya', name: 'Priya Raman', team: 'fraud' },
  { handle: 'tomas', name: 'Tomás Ortega', team: 'fraud' },
  { handle: 'aisha', name: 'Aisha Bello', team: 'fraud' },
  { handle: 'li', name: 'Li Wei', team: 'fraud' },
  { handle: 'hannah', name: 'Hannah Schmidt', team: 'risk' },
  { handle: 'marco', name: 'Marco Rossi', team: 'llm' },
  { handle: 'sofia', name: 'Sofia Lindqvist', team: 'llm' },
  { handle: 'kenji', name: 'Kenji Watanabe', team: 'llm' },
  { handle: 'noor', name: 'Noor Haddad', team: 'sec' },
  { handle: 'dev', name: 'Dev Patel', team: 'plat' },
  { handle: 'olga', name: 'Olga Petrova', team: 'plat' },
  { handle: 'sam', name: 'Sam Okafor', team: 'plat' },
];

export const PROJECTS = [
  { key: 'FRAUD', name: 'Fraud Detection v3', lead: 'priya', category: 'AI Program',
    description: 'Fraud-detection model v3: new labelled data, feature store features, transformer model, governance gates and a production release in the March change window.' },
  { key: 'LLM', name: 'Support Assistant LLM', lead: 'marco', category: 'AI Program',
    description: 'An LLM assistant for customer-support agents: curated ticket data, retrieval over the help centre, fine-tuning, safety evaluation and a pilot.' },
  { key: 'PLAT', name: 'ML Platform', lead: 'dev', category: 'Platform',
    description: 'The ML platform team: GPU cluster (A100 and H100 pools), feature store, MLOps pipeline and shared inference.' },
] as const;

/** Who usually works on each project's items (round-robin, overridden by `who`). */
export const CREW: Record<EpicSpec['project'], string[]> = {
  FRAUD: ['tomas', 'aisha', 'li', 'priya'],
  LLM: ['sofia', 'kenji', 'marco'],
  PLAT: ['olga', 'sam', 'dev'],
};

export const SPRINT_GOALS: Record<EpicSpec['project'], string[]> = {
  FRAUD: ['Labelling vendor live', 'Velocity features in the store', 'Baseline model trained', 'Batch 1 audited',
    'Feature store v2 migration', 'Full training run ready to start', 'Explainability report', 'Governance pack drafted'],
  LLM: ['Ticket export and redaction', 'Retrieval eval set', 'Curated fine-tuning pairs', 'Evaluation harness',
    'First SFT run', 'Guardrails in place', 'Pilot UI'],
  PLAT: ['A100 nodes ordered', 'Feature store v2 design', 'A100 pool online', 'Registry with lineage',
    'Inference cluster', 'H100 bring-up', 'Shadow routing'],
};

export const PROGRAM: EpicSpec[] = [
  // ------------------------------------------------------------------ FRAUD
  {
    ref: 'fraud-data', project: 'FRAUD', s: 'Training data: labelled transactions v3', week: 0, slack: 5, owner: 'li',
    d: 'One million labelled card transactions from the labelling vendor, audited for quality, joined with chargeback outcomes.',
    items: [
      { ref: 'f-kickoff', type: 'Task', s: 'Kick-off: v3 success metrics agreed with Fraud Ops', sp: 1, who: 'priya' },
      { ref: 'f-eda', type: 'Task', s: 'Exploratory analysis of v2 false positives', sp: 3, after: ['f-kickoff'] },
      { ref: 'f-access', type: 'Task', s: 'Data access request: 2025-2026 card transactions', sp: 2, who: 'li' },
      { ref: 'f-guidelines', type: 'Task', s: 'Define labelling guidelines with Risk Ops', est: [2, 3, 5], after: ['f-eda'] },
      { ref: 'f-vendor', type: 'Task', s: 'Select labelling vendor and sign the SOW', sp: 3, who: 'priya', after: ['f-guidelines', 'f-access'] },
      { ref: 'f-batch1', type: 'Task', s: 'Vendor delivery: labelled transactions batch 1 (400k)', est: [10, 15, 25, 'triangular'],
        after: ['f-vendor'], l: ['data-delivery', 'vendor'], avail: -120, who: 'li' },
      { ref: 'f-dupbug', type: 'Bug', s: 'Duplicate transaction ids in the batch 1 export', after: ['f-batch1'], who: 'li' },
      { ref: 'f-mccbug', type: 'Bug', s: 'Missing merchant category codes on 3% of batch 1', sp: 2, after: ['f-batch1'] },
      { ref: 'f-audit1', type: 'Story', s: 'Label quality audit on batch 1', sp: 5, after: ['f-batch1'], l: ['data-quality'],
        sub: [['Stratified sample of 2,000 transactions by merchant category', 8], ["Compute inter-annotator agreement (Cohen's kappa)", 12],
          ['Write up audit findings for the vendor', 6]] },
      { ref: 'f-chargeback', type: 'Task', s: 'Join chargeback outcomes (90-day lag) into labels', est: [3, 5, 8], after: ['f-batch1'] },
      { ref: 'f-batch2', type: 'Task', s: 'Vendor delivery: labelled transactions batch 2 (600k)', est: [10, 15, 30, 'triangular'],
        after: ['f-audit1'], l: ['data-delivery', 'vendor'], avail: -12, who: 'li', pri: 'High',
        d: 'The vendor committed to deliver batch 2 no earlier than the data-available date; the full training run needs it.' },
      { ref: 'f-audit2', type: 'Story', s: 'Label quality audit on batch 2', sp: 3, after: ['f-batch2'], clone: 'f-audit1', l: ['data-quality'] },
      { ref: 'f-drift', type: 'Task', s: 'Label drift check: batch 1 vs batch 2 fraud rates', est: [1, 2, 4], after: ['f-batch2'] },
    ],
  },
  {
    ref: 'fraud-features', project: 'FRAUD', s: 'Feature store: fraud features v3', week: 2, slack: 10, owner: 'aisha',
    d: 'Velocity, merchant-graph and device features, point-in-time correct, served from the feature store v2.',
    items: [
      { ref: 'f-velocity', type: 'Story', s: 'Velocity features (count and amount per card: 1h, 24h, 7d)', sp: 8,
        sub: [['Backfill 18 months of velocity aggregates', 16], ['Streaming aggregation job on Flink', 24]] },
      { ref: 'f-merchant', type: 'Story', s: 'Merchant risk embeddings from the transaction graph', sp: 8, after: ['f-velocity'],
        sub: [['Build the merchant graph from 12 months of transactions', 16], ['Node2vec training job', 12]] },
      { ref: 'f-device', type: 'Story', s: 'Device fingerprint features', sp: 5 },
      { ref: 'f-tzbug', type: 'Bug', s: 'Timezone skew in the 24h velocity window', sp: 2, after: ['f-velocity'], pri: 'High' },
      { ref: 'f-pit', type: 'Task', s: 'Point-in-time correctness tests for training joins', est: [2, 3, 6], after: ['f-velocity'] },
      { ref: 'f-migrate', type: 'Task', s: 'Migrate fraud features to feature store v2', est: [4, 6, 12], after: ['f-pit', 'f-merchant'], dep: ['p-fs-migrate'] },
      { ref: 'f-featdoc', type: 'Task', s: 'Document feature definitions in the catalog', h: 12, after: ['f-device'] },
    ],
  },
  {
    ref: 'fraud-model', project: 'FRAUD', s: 'Model training and tuning', week: 6, slack: 0, owner: 'tomas',
    d: 'Baseline, full transformer training, hyper-parameter sweep, calibration and explainability.',
    items: [
      { ref: 'f-tracking', type: 'Task', s: 'Experiment tracking and model registry project setup', sp: 2 },
      { ref: 'f-baseline', type: 'Training Run', s: 'Baseline: gradient-boosted trees on v2 features', est: [2, 3, 6], tries: [0.9, 2],
        after: ['f-audit1', 'f-velocity', 'f-tracking'], l: ['training', 'cpu'] },
      { ref: 'f-leakbug', type: 'Bug', s: 'Label leakage through the chargeback timestamp feature', sp: 2, after: ['f-baseline'], pri: 'Highest' },
      { ref: 'f-ablation', type: 'Training Run', s: 'Ablation: baseline without device features', est: [1, 2, 4],
        after: ['f-baseline', 'f-device'], l: ['training', 'gpu:a100'], gpus: 4 },
      { ref: 'f-full', type: 'Training Run', s: 'Full training run: transformer sequence model on v3 features', est: [5, 8, 15, 'lognormal'],
        tries: [0.6, 4], after: ['f-audit2', 'p-a100-burnin', 'f-chargeback'], dep: ['f-migrate'], l: ['training', 'gpu:a100'], gpus: 8, pri: 'High',
        d: 'Needs the expanded A100 pool (8 GPUs for the whole run). Past runs diverged about 40% of the time; each retry restarts from the last good checkpoint.' },
      { ref: 'f-cost', type: 'Task', s: 'GPU-hour budget for the sweep', h: 4, after: ['f-ablation'], who: 'priya' },
      { ref: 'f-sweep', type: 'Training Run', s: 'Hyper-parameter sweep (64 trials, Bayesian optimisation)', est: [4, 6, 12], tries: [0.75, 3],
        after: ['f-full', 'f-cost'], l: ['training', 'gpu:a100'], gpus: 16 },
      { ref: 'f-calib', type: 'Task', s: 'Probability calibration and decision threshold selection', est: [2, 3, 5], after: ['f-sweep'] },
      { ref: 'f-shap', type: 'Story', s: 'Explainability report (SHAP) for fraud analysts', sp: 5, after: ['f-sweep'] },
      { ref: 'f-caseui', type: 'Story', s: 'Analyst case-review screen shows the top model reasons', sp: 5, after: ['f-shap'] },
      { ref: 'f-image', type: 'Task', s: 'Upgrade the training image to PyTorch 2.6', h: 12, wk: 25 },
      { ref: 'f-feedback', type: 'Story', s: 'Feedback loop: analyst decisions flow back into the training set', sp: 5, wk: 24 },
    ],
  },
  {
    ref: 'fraud-gov', project: 'FRAUD', s: 'Model governance and release gates', week: 8, slack: -5, owner: 'hannah',
    d: 'Bias audit, performance benchmark and model risk committee sign-off required before production.',
    items: [
      { ref: 'f-fairdash', type: 'Story', s: 'Fairness metrics dashboard (by age band and region)', sp: 5 },
      { ref: 'f-bias', type: 'Review Gate', s: 'Bias audit: disparate impact across protected groups', est: [5, 8, 15], after: ['f-calib', 'f-fairdash'],
        l: ['gate:bias-audit'], who: 'hannah', d: 'Gate: the model may not ship until the bias audit passes. The review board sits on Thursdays.' },
      { ref: 'f-perf', type: 'Review Gate', s: 'Performance benchmark vs the v2 champion (recall at 0.5% FPR)', est: [2, 3, 5], after: ['f-calib'],
        l: ['gate:perf-benchmark'] },
      { ref: 'f-modelcard', type: 'Task', s: 'Model card and compliance documentation', sp: 8, after: ['f-shap'], who: 'hannah', l: ['compliance'] },
      { ref: 'f-signoff', type: 'Review Gate', s: 'Model risk committee sign-off', est: [3, 5, 10], after: ['f-bias', 'f-perf', 'f-modelcard'],
        l: ['gate:compliance'], who: 'hannah', pri: 'High' },
    ],
  },
  {
    ref: 'fraud-deploy', project: 'FRAUD', s: 'Shadow and production deployment', week: 10, slack: 3, owner: 'aisha',
    d: 'Shadow traffic, then production in the March change window.',
    items: [
      { ref: 'f-api', type: 'Story', s: 'Real-time scoring API: p99 latency under 50 ms', sp: 8, dep: ['p-serving'],
        sub: [['Load test at 3x peak traffic', 8], ['ONNX export and int8 quantization', 12]] },
      { ref: 'f-leak', type: 'Bug', s: 'Scoring service memory leak under load test', after: ['f-api'], pri: 'High' },
      { ref: 'f-shadow', type: 'Task', s: 'Shadow deployment on 10% of live traffic', est: [5, 10, 15], after: ['f-perf', 'f-api', 'p-shadow-routing'],
        l: ['deployment'] },
      { ref: 'f-shadow-an', type: 'Task', s: 'Shadow results analysis with Fraud Ops', est: [2, 3, 5], after: ['f-shadow'] },
      { ref: 'f-runbook', type: 'Task', s: 'Rollback runbook and on-call training', sp: 3 },
      { ref: 'f-prod', type: 'Task', s: 'Production deployment (March change window)', est: [1, 2, 3],
        after: ['f-signoff', 'f-shadow-an', 'f-runbook'], l: ['deployment', 'release'], start: 63, due: 67, pri: 'Highest',
        d: 'Production changes to payment scoring are only allowed in the change window that opens on the start date.' },
      { ref: 'f-monitor', type: 'Story', s: 'Post-launch monitoring: drift and alerting', sp: 5, after: ['f-prod'] },
      { ref: 'f-retrain', type: 'Task', s: 'Retraining cadence and trigger policy', est: [1, 2, 3], after: ['f-monitor'] },
      { ref: 'f-v2drift', type: 'Task', s: 'Feature drift report for the v2 model in production', est: [1, 2, 3], wk: 24, rel: ['p-drift'] },
    ],
  },
  // ------------------------------------------------------------------ LLM
  {
    ref: 'llm-data', project: 'LLM', s: 'Support data collection and curation', week: 5, slack: 5, owner: 'sofia',
    d: 'Two years of support tickets, redacted, reviewed by Legal and curated into fine-tuning pairs.',
    items: [
      { ref: 'l-kickoff', type: 'Task', s: 'Kick-off: pick three ticket categories for the pilot', sp: 1, who: 'marco' },
      { ref: 'l-faqbase', type: 'Task', s: 'Baseline: deflection rate of the current FAQ bot', sp: 2, after: ['l-kickoff'] },
      { ref: 'l-export', type: 'Task', s: 'Export 24 months of resolved support tickets', sp: 3, after: ['l-kickoff'] },
      { ref: 'l-pii', type: 'Story', s: 'PII redaction pipeline for ticket text', sp: 8, after: ['l-export'],
        sub: [['Presidio recognisers for account numbers', 10], ['Redaction recall evaluation on 500 tickets', 8]] },
      { ref: 'l-legal', type: 'Review Gate', s: 'Legal review: use of customer tickets for training', est: [5, 10, 20], after: ['l-export'],
        l: ['gate:legal'], who: 'hannah' },
      { ref: 'l-curate', type: 'Task', s: 'Curate 5k question-answer pairs for fine-tuning', est: [8, 12, 20], after: ['l-pii', 'l-legal'] },
      { ref: 'l-gold', type: 'Task', s: 'Vendor delivery: 1,000 expert-written gold answers', est: [5, 10, 15, 'triangular'], after: ['l-legal'],
        l: ['data-delivery', 'vendor'], avail: 10 },
      { ref: 'l-dedup', type: 'Bug', s: 'Near-duplicate tickets inflate the eval set', sp: 2, after: ['l-curate'] },
    ],
  },
  {
    ref: 'llm-rag', project: 'LLM', s: 'Retrieval index (RAG) over the help centre', week: 7, slack: 10, owner: 'kenji',
    d: 'Chunking, embeddings and a vector index of help-centre articles, refreshed nightly.',
    items: [
      { ref: 'l-chunk', type: 'Task', s: 'Chunking strategy experiments (by heading vs fixed 512 tokens)', est: [3, 5, 8] },
      { ref: 'l-evalset', type: 'Story', s: 'Retrieval eval set: 300 queries with graded passages', sp: 5,
        sub: [['Collect queries from help-centre search logs', 8], ['Grade passages with two annotators', 16]] },
      { ref: 'l-embed', type: 'Task', s: 'Embedding model selection on the retrieval eval set', est: [3, 4, 8], after: ['l-evalset'] },
      { ref: 'l-index', type: 'Task', s: 'Build the vector index of help-centre articles', est: [2, 4, 7], after: ['l-chunk', 'l-embed'], dep: ['p-vectordb'] },
      { ref: 'l-refresh', type: 'Task', s: 'Nightly index refresh job', h: 16, after: ['l-index'], dep: ['p-pipeline-ci'] },
      { ref: 'l-stale', type: 'Bug', s: 'Stale articles returned after help-centre edits', after: ['l-refresh'] },
    ],
  },
  {
    ref: 'llm-ft', project: 'LLM', s: 'Fine-tuning the support model', week: 9, slack: -3, owner: 'sofia',
    d: 'Supervised fine-tuning, preference tuning and distillation on the H100 pool.',
    items: [
      { ref: 'l-harness', type: 'Task', s: 'Evaluation harness: answer quality, groundedness, refusal rate', est: [4, 6, 10] },
      { ref: 'l-sft1', type: 'Training Run', s: 'SFT run 1: 8B base model on curated pairs', est: [3, 5, 12, 'lognormal'], tries: [0.6, 4],
        after: ['l-curate', 'l-harness', 'p-h100-bringup'], l: ['training', 'gpu:h100'], gpus: 16, pri: 'High',
        d: 'Blocked until the H100 pool is up. Loss spikes made 2 of the last 5 comparable runs restart.' },
      { ref: 'l-tok', type: 'Bug', s: 'Tokenizer mismatch between training and serving', sp: 2, after: ['l-sft1'] },
      { ref: 'l-sft2', type: 'Training Run', s: 'SFT run 2: curriculum with gold answers', est: [3, 5, 10], tries: [0.7, 3],
        after: ['l-sft1', 'l-gold'], l: ['training', 'gpu:h100'], gpus: 16 },
      { ref: 'l-dpo', type: 'Training Run', s: 'DPO preference tuning on agent feedback pairs', est: [2, 4, 8], tries: [0.5, 4],
        after: ['l-sft2'], l: ['training', 'gpu:h100'], gpus: 16 },
      { ref: 'l-distill', type: 'Training Run', s: 'Distil to a 1B model for the low-latency tier', est: [3, 5, 9], tries: [0.8, 2],
        after: ['l-dpo'], l: ['training', 'gpu:a100'], gpus: 8 },
      { ref: 'l-evalreport', type: 'Task', s: 'Offline evaluation report vs the hosted baseline model', est: [2, 3, 5], after: ['l-dpo'] },
      { ref: 'l-multiling', type: 'Task', s: 'Evaluation harness: add German and Spanish tickets', est: [3, 4, 7], wk: 24, after: ['l-harness'] },
    ],
  },
  {
    ref: 'llm-safety', project: 'LLM', s: 'Safety, security and red-teaming', week: 12, slack: 0, owner: 'noor',
    d: 'Prompt-injection tests, guardrails, red-teaming and the security review.',
    items: [
      { ref: 'l-injection', type: 'Story', s: 'Prompt-injection test suite (300 attacks)', sp: 5, who: 'noor',
        sub: [['Indirect injection through retrieved articles', 8]] },
      { ref: 'l-guard', type: 'Story', s: 'Output guardrails: PII and policy filter', sp: 8,
        sub: [['Policy classifier thresholds', 8], ['Guardrail latency budget test', 6]] },
      { ref: 'l-jailbreak', type: 'Bug', s: 'Jailbreak through markdown table instructions', sp: 3, after: ['l-injection'], pri: 'High' },
      { ref: 'l-redteam', type: 'Review Gate', s: 'Red-teaming and safety evaluation', est: [5, 8, 14], after: ['l-dpo', 'l-injection', 'l-guard'],
        l: ['gate:safety-eval'], who: 'noor' },
      { ref: 'l-secreview', type: 'Review Gate', s: 'Security review: data flows and model endpoint', est: [3, 5, 10], after: ['l-guard'],
        l: ['gate:security-review'], who: 'noor' },
    ],
  },
  {
    ref: 'llm-pilot', project: 'LLM', s: 'Pilot launch with support agents', week: 16, slack: 5, owner: 'marco',
    d: 'Agent-assist panel, serving, a two-week pilot with 20 agents and the launch decision.',
    items: [
      { ref: 'l-ui', type: 'Story', s: 'Agent-assist side panel in the help desk', sp: 8,
        sub: [['Suggested reply card', 12], ['Thumbs up/down feedback capture', 6], ['Citations to help-centre articles', 8]] },
      { ref: 'l-cost', type: 'Task', s: 'Token budget and serving cost model', h: 8, who: 'marco' },
      { ref: 'l-prompts', type: 'Story', s: 'Prompt templates for the three pilot ticket categories', sp: 3, wk: 25 },
      { ref: 'l-archived', type: 'Bug', s: 'Retrieval returns archived help-centre articles', sp: 2, wk: 25, after: ['l-index'] },
      { ref: 'l-serving', type: 'Task', s: 'Serve the model on the shared inference cluster', est: [3, 5, 8], after: ['l-distill', 'l-cost'], dep: ['p-serving'] },
      { ref: 'l-training', type: 'Task', s: 'Agent training session for the pilot group', sp: 2, after: ['l-ui'] },
      { ref: 'l-pilot', type: 'Task', s: 'Pilot with 20 agents (two weeks)', est: [10, 10, 10, 'fixed'],
        after: ['l-redteam', 'l-secreview', 'l-serving', 'l-index', 'l-training'], due: 88, pri: 'High' },
      { ref: 'l-feedback', type: 'Task', s: 'Pilot feedback analysis and go/no-go memo', est: [2, 3, 5], after: ['l-pilot'] },
      { ref: 'l-golive', type: 'Review Gate', s: 'Launch decision board', est: [1, 1, 3], after: ['l-feedback'], l: ['gate:launch'], who: 'marco', due: 102 },
    ],
  },
  // ------------------------------------------------------------------ PLAT
  {
    ref: 'plat-gpu', project: 'PLAT', s: 'GPU capacity expansion (A100 and H100 pools)', week: 0, slack: 5, owner: 'dev',
    d: 'Grow the A100 pool from 16 to 48 GPUs and bring up a new 32-GPU H100 pool.',
    items: [
      { ref: 'p-a100-po', type: 'Task', s: 'Purchase order: 4 x 8-GPU A100 nodes', sp: 3, who: 'dev', l: ['procurement'] },
      { ref: 'p-a100-delivery', type: 'Task', s: 'A100 node delivery from the vendor', est: [15, 20, 30, 'triangular'], after: ['p-a100-po'],
        l: ['procurement', 'vendor'] },
      { ref: 'p-a100-rack', type: 'Task', s: 'Rack, cable and image the A100 nodes', h: 40, after: ['p-a100-delivery'] },
      { ref: 'p-a100-burnin', type: 'Task', s: 'A100 pool expansion: burn-in and NCCL tests', est: [3, 5, 10], after: ['p-a100-rack'], l: ['gpu:a100'],
        pri: 'High' },
      { ref: 'p-h100-po', type: 'Task', s: 'Purchase order: 4 x 8-GPU H100 nodes', sp: 3, who: 'dev', wk: 10, l: ['procurement'] },
      { ref: 'p-h100-delivery', type: 'Task', s: 'H100 node delivery from the vendor', est: [20, 30, 45, 'triangular'], after: ['p-h100-po'],
        l: ['procurement', 'vendor'], avail: -20 },
      { ref: 'p-h100-bringup', type: 'Task', s: 'H100 cluster bring-up and InfiniBand fabric', est: [5, 8, 15], after: ['p-h100-delivery'],
        l: ['gpu:h100'], pri: 'High' },
      { ref: 'p-quota', type: 'Story', s: 'Per-team GPU quotas in the job scheduler', sp: 8, after: ['p-a100-burnin'],
        sub: [['Kueue cluster queues per team', 12], ['Quota dashboard', 8]] },
      { ref: 'p-capacity', type: 'Task', s: 'Capacity plan for 2027 H1 GPU demand', est: [2, 3, 5], who: 'dev', rel: ['f-sweep', 'l-sft1'], wk: 20 },
      { ref: 'p-utildash', type: 'Story', s: 'GPU utilisation dashboard per team', sp: 5, after: ['p-quota'] },
    ],
  },
  {
    ref: 'plat-maint', project: 'PLAT', s: 'Cluster maintenance and reliability', week: 1, slack: 5, owner: 'olga',
    d: 'Driver and CUDA upgrades, storage, incident follow-ups.',
    items: [
      { ref: 'p-postmortem', type: 'Task', s: 'Post-mortem: July scheduler outage', sp: 2 },
      { ref: 'p-oom', type: 'Bug', s: 'Node exporter OOM on GPU hosts', sp: 1 },
      { ref: 'p-nccl', type: 'Bug', s: 'NCCL timeouts on multi-node jobs over 64 GPUs', sp: 5, rel: ['f-full'], pri: 'High', wk: 14 },
      { ref: 'p-storage', type: 'Task', s: 'Expand shared NVMe scratch storage to 400 TB', h: 24 },
      { ref: 'p-patch', type: 'Task', s: 'Security patching of GPU hosts (December)', h: 16, wk: 21 },
      { ref: 'p-k80', type: 'Task', s: 'Decommission the old K80 nodes', h: 8, wk: 12 },
      { ref: 'p-runbook', type: 'Task', s: 'On-call runbook for GPU node failures', sp: 2, after: ['p-postmortem'] },
      { ref: 'p-maint', type: 'Task', s: 'Maintenance window: NVIDIA driver 560 and CUDA 12.6 upgrade', est: [2, 2, 3], start: 19,
        l: ['maintenance', 'gpu:a100', 'gpu:h100'], pri: 'High',
        d: 'The whole GPU cluster is drained during the window; no training can run.' },
    ],
  },
  {
    ref: 'plat-fs', project: 'PLAT', s: 'Feature store upgrade (v2)', week: 3, slack: 0, owner: 'sam',
    d: 'Offline store on Iceberg, online store on a Redis cluster, migration of consumers, vector database.',
    items: [
      { ref: 'p-fs-design', type: 'Task', s: 'Feature store v2 design review', est: [2, 3, 5], who: 'dev' },
      { ref: 'p-fs-upgrade', type: 'Task', s: 'Upgrade the feature store to v2 (offline store on Iceberg)', est: [8, 10, 18], after: ['p-fs-design'] },
      { ref: 'p-fs-backfill', type: 'Bug', s: 'Backfill job drops late-arriving events', sp: 3, after: ['p-fs-upgrade'] },
      { ref: 'p-fs-online', type: 'Task', s: 'Migrate the online store to a Redis cluster', est: [5, 8, 14], after: ['p-fs-upgrade'] },
      { ref: 'p-fs-migrate', type: 'Task', s: 'Migration guide and dual-write period for consumers', est: [3, 5, 10], after: ['p-fs-online'] },
      { ref: 'p-fs-deprecate', type: 'Task', s: 'Deprecate the v1 feature APIs', h: 16, after: ['p-fs-migrate'] },
      { ref: 'p-vectordb', type: 'Task', s: 'Managed vector database for retrieval workloads', est: [5, 8, 12], after: ['p-fs-design'], wk: 12 },
    ],
  },
  {
    ref: 'plat-mlops', project: 'PLAT', s: 'MLOps pipeline', week: 4, slack: 5, owner: 'sam',
    d: 'Registry with lineage, CI for training pipelines, shared inference, shadow and canary releases.',
    items: [
      { ref: 'p-registry', type: 'Story', s: 'Model registry with lineage to training data', sp: 8,
        sub: [['Lineage from dataset snapshot ids', 12], ['Registry UI for approvals', 12]] },
      { ref: 'p-pipeline-ci', type: 'Story', s: 'CI for training pipelines (lint, unit, smoke train)', sp: 5,
        sub: [['GPU smoke-test runner', 16], ['Cache datasets between CI runs', 8]] },
      { ref: 'p-serving', type: 'Task', s: 'Shared inference cluster with autoscaling (Triton)', est: [8, 12, 20], after: ['p-registry'] },
      { ref: 'p-drift', type: 'Story', s: 'Drift monitoring dashboards', sp: 5, after: ['p-registry'] },
      { ref: 'p-shadow-routing', type: 'Story', s: 'Shadow traffic routing in the model gateway', sp: 8, after: ['p-serving'] },
      { ref: 'p-gw-bug', type: 'Bug', s: 'Gateway drops requests during model hot-swap', after: ['p-shadow-routing'], pri: 'High' },
      { ref: 'p-canary', type: 'Story', s: 'Canary releases with automatic rollback', sp: 8, after: ['p-shadow-routing'] },
      { ref: 'p-k8s', type: 'Task', s: 'Kubernetes 1.31 upgrade of the training cluster', est: [3, 5, 9], wk: 24 },
      { ref: 'p-notebooks', type: 'Story', s: 'Self-serve notebook GPUs with idle culling', sp: 5, wk: 23 },
      { ref: 'p-spot', type: 'Bug', s: 'Spot preemption loses the last training checkpoint', sp: 3, wk: 25, rel: ['f-full'] },
    ],
  },
];
