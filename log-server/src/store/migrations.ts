/**
 * Versioned schema migrations, one entry per version, the SQL of both stores side by side so they
 * stay the same schema. Append only: a released migration is never edited; a change is a new version.
 * Each store applies the pending ones in order, each in its own transaction, and records them in
 * `schema_migrations`.
 */
export interface Migration {
  version: number
  name: string
  sqlite: string
  postgres: string
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'receipts with hash chains, anchors, tombstones, impressions, meta',
    sqlite: `
      CREATE TABLE receipts (
        row          INTEGER PRIMARY KEY AUTOINCREMENT,
        receipt_id   TEXT    NOT NULL UNIQUE,
        consent_id   TEXT    NOT NULL,
        seq          INTEGER NOT NULL,
        revision     INTEGER NOT NULL,
        method       TEXT    NOT NULL,
        categories   TEXT    NOT NULL,
        services     TEXT    NOT NULL,
        decided_at   TEXT    NOT NULL,
        received_at  INTEGER NOT NULL,
        url          TEXT    NOT NULL,
        language     TEXT    NOT NULL,
        config_hash  TEXT    NOT NULL,
        profile      TEXT,
        ip           TEXT,
        user_agent   TEXT,
        prev_hash    TEXT    NOT NULL,
        hash         TEXT    NOT NULL,
        UNIQUE (consent_id, seq)
      );
      CREATE INDEX receipts_received_at ON receipts (received_at);
      CREATE TABLE chain_anchors (consent_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL);
      CREATE TABLE tombstones (subject TEXT PRIMARY KEY, erased_at INTEGER NOT NULL, records INTEGER NOT NULL);
      CREATE TABLE impressions (
        day TEXT NOT NULL, revision INTEGER NOT NULL, language TEXT NOT NULL, profile TEXT NOT NULL,
        count INTEGER NOT NULL, PRIMARY KEY (day, revision, language, profile)
      );
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
    postgres: `
      CREATE TABLE receipts (
        row          BIGSERIAL PRIMARY KEY,
        receipt_id   TEXT    NOT NULL UNIQUE,
        consent_id   TEXT    NOT NULL,
        seq          INTEGER NOT NULL,
        revision     INTEGER NOT NULL,
        method       TEXT    NOT NULL,
        categories   JSONB   NOT NULL,
        services     JSONB   NOT NULL,
        decided_at   TEXT    NOT NULL,
        received_at  BIGINT  NOT NULL,
        url          TEXT    NOT NULL,
        language     TEXT    NOT NULL,
        config_hash  TEXT    NOT NULL,
        profile      TEXT,
        ip           TEXT,
        user_agent   TEXT,
        prev_hash    TEXT    NOT NULL,
        hash         TEXT    NOT NULL,
        UNIQUE (consent_id, seq)
      );
      CREATE INDEX receipts_received_at ON receipts (received_at);
      CREATE TABLE chain_anchors (consent_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL);
      CREATE TABLE tombstones (subject TEXT PRIMARY KEY, erased_at BIGINT NOT NULL, records INTEGER NOT NULL);
      CREATE TABLE impressions (
        day TEXT NOT NULL, revision INTEGER NOT NULL, language TEXT NOT NULL, profile TEXT NOT NULL,
        count BIGINT NOT NULL, PRIMARY KEY (day, revision, language, profile)
      );
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
]
