/**
 * @module
 * Versioned catalog migrations, applied in order on open (see `catalog_sqlite.ts`). A
 * migration is never edited once released: add a new one. Version 1 is the seed DDL
 * (seed 000 §Catalog Schema) verbatim.
 */

/** One schema migration. */
export interface Migration {
  /** Monotonic version; stored in `PRAGMA user_version`. */
  version: number;
  /** Short name, for logs. */
  name: string;
  /** SQL applied in one transaction. */
  sql: string;
}

/** All migrations, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "seed",
    sql: `
-- Seed DDL (seed 000 §Catalog Schema), verbatim.
CREATE TABLE IF NOT EXISTS datasets (
  dataset_id            TEXT PRIMARY KEY,
  symbol                TEXT NOT NULL,
  from_date             TEXT NOT NULL,
  to_date               TEXT NOT NULL,
  products_json         TEXT NOT NULL,
  calendar_version      TEXT NOT NULL,
  tz                    TEXT NOT NULL DEFAULT 'America/New_York',
  raw_dbn_json          TEXT NOT NULL,
  bars_parquet_json     TEXT NOT NULL,
  bars_manifest_path    TEXT NOT NULL,
  generated_at          TEXT NOT NULL,
  size_bytes            INTEGER NOT NULL,
  status                TEXT NOT NULL CHECK (status IN ('READY','BUILDING','ERROR'))
);
CREATE INDEX IF NOT EXISTS idx_datasets_symbol_dates ON datasets(symbol, from_date, to_date);
CREATE INDEX IF NOT EXISTS idx_datasets_generated_at ON datasets(generated_at);

CREATE TABLE IF NOT EXISTS runs (
  run_id                TEXT PRIMARY KEY,
  dataset_id            TEXT NOT NULL REFERENCES datasets(dataset_id) ON UPDATE CASCADE ON DELETE RESTRICT,
  strategy_id           TEXT NOT NULL,
  params_json           TEXT NOT NULL,
  seed                  INTEGER NOT NULL,
  slippage_fees_json    TEXT NOT NULL,
  speed                 INTEGER NOT NULL DEFAULT 60,
  code_hash             TEXT NOT NULL,
  created_at            TEXT NOT NULL,
  status                TEXT NOT NULL CHECK (status IN ('QUEUED','RUNNING','DONE','ERROR','CANCELLED')),
  duration_ms           INTEGER,
  metrics_path          TEXT,
  equity_path           TEXT,
  orders_path           TEXT,
  fills_path            TEXT,
  run_manifest_path     TEXT NOT NULL,
  input_hash            TEXT UNIQUE,
  idempotency_key       TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS idx_runs_dataset ON runs(dataset_id);
CREATE INDEX IF NOT EXISTS idx_runs_strategy_created ON runs(strategy_id, created_at);
CREATE INDEX IF NOT EXISTS idx_runs_created ON runs(created_at);

CREATE TABLE IF NOT EXISTS run_metrics (
  run_id         TEXT PRIMARY KEY REFERENCES runs(run_id) ON UPDATE CASCADE ON DELETE CASCADE,
  total_return   REAL,
  cagr           REAL,
  max_drawdown   REAL,
  sharpe         REAL,
  sortino        REAL,
  hit_rate       REAL,
  avg_win        REAL,
  avg_loss       REAL,
  turnover       REAL,
  slippage_share REAL,
  fees_paid      REAL,
  computed_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_metrics_sharpe ON run_metrics(sharpe);
CREATE INDEX IF NOT EXISTS idx_metrics_drawdown ON run_metrics(max_drawdown);

CREATE VIEW IF NOT EXISTS runs_list AS
SELECT r.run_id, r.created_at, r.strategy_id, r.status,
       d.symbol, d.from_date, d.to_date,
       r.duration_ms
FROM runs r
JOIN datasets d ON d.dataset_id = r.dataset_id;
`,
  },
  {
    version: 2,
    name: "dataset_provenance",
    sql: `
-- Hewston additions to datasets: where the data came from and what went wrong.
ALTER TABLE datasets ADD COLUMN source_kind TEXT NOT NULL DEFAULT 'dbn'
  CHECK (source_kind IN ('dbn','databento','synthetic','csv','parquet'));
ALTER TABLE datasets ADD COLUMN session TEXT NOT NULL DEFAULT 'regular'
  CHECK (session IN ('regular','extended'));
ALTER TABLE datasets ADD COLUMN bar_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE datasets ADD COLUMN manifest_sha256 TEXT;
ALTER TABLE datasets ADD COLUMN error TEXT;
`,
  },
  {
    version: 3,
    name: "run_provenance",
    sql: `
-- Hewston additions to runs: the canonical config, errors, the manifest chain, trades.
ALTER TABLE runs ADD COLUMN config_json TEXT;
ALTER TABLE runs ADD COLUMN trades_path TEXT;
ALTER TABLE runs ADD COLUMN manifest_hash TEXT;
ALTER TABLE runs ADD COLUMN chain_prev TEXT;
ALTER TABLE runs ADD COLUMN error TEXT;
ALTER TABLE runs ADD COLUMN finished_at TEXT;
CREATE INDEX IF NOT EXISTS idx_runs_finished ON runs(finished_at);
-- Metrics beyond the seed's columns, for sorting and comparison.
ALTER TABLE run_metrics ADD COLUMN volatility REAL;
ALTER TABLE run_metrics ADD COLUMN max_drawdown_duration_bars INTEGER;
ALTER TABLE run_metrics ADD COLUMN profit_factor REAL;
ALTER TABLE run_metrics ADD COLUMN exposure REAL;
ALTER TABLE run_metrics ADD COLUMN trades INTEGER;
ALTER TABLE run_metrics ADD COLUMN final_equity REAL;
`,
  },
  {
    version: 4,
    name: "events_presets",
    sql: `
-- Every stage change and progress step of a run or dataset job, with a monotonic id so SSE
-- streams can resume (Last-Event-ID / after_id).
CREATE TABLE IF NOT EXISTS events (
  event_id   INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id     TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('stage','progress','heartbeat','done','error','cancelled')),
  stage      TEXT NOT NULL,
  data_json  TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_events_run ON events(run_id, event_id);

-- Named run configurations; the id is the content hash, so creating twice is idempotent.
CREATE TABLE IF NOT EXISTS presets (
  preset_id   TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  config_json TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
`,
  },
  {
    version: 5,
    name: "sweeps_trials",
    sql: `
-- Parameter sweeps: one row per sweep, artifacts in sweeps/<sweep_id>/.
CREATE TABLE IF NOT EXISTS sweeps (
  sweep_id          TEXT PRIMARY KEY,
  dataset_id        TEXT NOT NULL REFERENCES datasets(dataset_id) ON UPDATE CASCADE ON DELETE RESTRICT,
  strategy_id       TEXT NOT NULL,
  grid_json         TEXT NOT NULL,
  base_config_json  TEXT NOT NULL,
  members           INTEGER NOT NULL,
  skipped           INTEGER NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('RUNNING','DONE','ERROR','CANCELLED')),
  created_at        TEXT NOT NULL,
  finished_at       TEXT,
  duration_ms       INTEGER,
  pbo               REAL,
  best_params_json  TEXT,
  best_sharpe       REAL,
  manifest_hash     TEXT,
  error             TEXT
);
CREATE INDEX IF NOT EXISTS idx_sweeps_dataset ON sweeps(dataset_id, strategy_id);

-- Every distinct configuration tried on a dataset with a strategy (runs and sweep members):
-- the number of trials and the variance of their Sharpe ratios deflate later Sharpe ratios.
CREATE TABLE IF NOT EXISTS trials (
  dataset_id   TEXT NOT NULL,
  strategy_id  TEXT NOT NULL,
  config_hash  TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source IN ('run','sweep')),
  source_id    TEXT NOT NULL,
  sharpe       REAL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (dataset_id, strategy_id, config_hash)
);
`,
  },
  {
    version: 6,
    name: "events_deleted_kind",
    // SQLite cannot alter a CHECK: the table is rebuilt, and its AUTOINCREMENT high-water
    // mark is carried over, so an id given out before (then pruned) is never given again.
    sql: `
CREATE TABLE events_v6 (
  event_id   INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id     TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('stage','progress','heartbeat','done','error','cancelled','deleted')),
  stage      TEXT NOT NULL,
  data_json  TEXT NOT NULL,
  created_at TEXT NOT NULL
);
INSERT INTO events_v6 (event_id, run_id, kind, stage, data_json, created_at)
  SELECT event_id, run_id, kind, stage, data_json, created_at FROM events ORDER BY event_id;
DELETE FROM sqlite_sequence WHERE name = 'events_v6';
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'events_v6', max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0),
                          coalesce((SELECT max(event_id) FROM events), 0));
DROP TABLE events;
ALTER TABLE events_v6 RENAME TO events;
CREATE INDEX IF NOT EXISTS idx_events_run ON events(run_id, event_id);
`,
  },
  {
    version: 7,
    name: "sweeps_queue",
    sql: `
-- Sweeps become jobs like runs: QUEUED before they run, an idempotency key, their heatmap
-- metric and CSCV blocks (to run again after a restart), members done (progress), and the
-- DSR of the best member. No table references sweeps, so it is rebuilt (a CHECK cannot change).
CREATE TABLE sweeps_v7 (
  sweep_id          TEXT PRIMARY KEY,
  dataset_id        TEXT NOT NULL REFERENCES datasets(dataset_id) ON UPDATE CASCADE ON DELETE RESTRICT,
  strategy_id       TEXT NOT NULL,
  grid_json         TEXT NOT NULL,
  base_config_json  TEXT NOT NULL,
  members           INTEGER NOT NULL,
  skipped           INTEGER NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('QUEUED','RUNNING','DONE','ERROR','CANCELLED')),
  created_at        TEXT NOT NULL,
  finished_at       TEXT,
  duration_ms       INTEGER,
  pbo               REAL,
  best_params_json  TEXT,
  best_sharpe       REAL,
  manifest_hash     TEXT,
  error             TEXT,
  metric            TEXT NOT NULL DEFAULT 'sharpe',
  blocks            INTEGER NOT NULL DEFAULT 16,
  done_members      INTEGER NOT NULL DEFAULT 0,
  best_member       INTEGER,
  dsr_json          TEXT,
  idempotency_key   TEXT UNIQUE
);
INSERT INTO sweeps_v7 (sweep_id, dataset_id, strategy_id, grid_json, base_config_json, members,
  skipped, status, created_at, finished_at, duration_ms, pbo, best_params_json, best_sharpe,
  manifest_hash, error, done_members)
SELECT sweep_id, dataset_id, strategy_id, grid_json, base_config_json, members, skipped, status,
  created_at, finished_at, duration_ms, pbo, best_params_json, best_sharpe, manifest_hash, error,
  CASE WHEN status = 'DONE' THEN members ELSE 0 END
FROM sweeps;
DROP TABLE sweeps;
ALTER TABLE sweeps_v7 RENAME TO sweeps;
CREATE INDEX IF NOT EXISTS idx_sweeps_dataset ON sweeps(dataset_id, strategy_id);
CREATE INDEX IF NOT EXISTS idx_sweeps_created ON sweeps(created_at);
`,
  },
];
