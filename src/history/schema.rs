//! The history file's schema, as the steps that build it: an older file is migrated on open.

/// Each step takes the schema from version `i` to `i + 1`. Version 1 was the first cut: one row
/// per attempt with its times and outcome. Version 2 adds what the daemon needs to dedupe and
/// the report needs to read: the title, who asked, the occurrence key (unique), the files.
/// Version 3 adds `requested` (every row's place in time; older rows get the first time they
/// have, else their neighbour's), `last_seen` (the last instant a broadcast was known to play)
/// and `played_seconds`; and `meta`, where the daemon notes when it started (so that after a
/// crash of a daemon that had recorded nothing yet, what it would have played is caught up).
/// Version 4 adds `on_air_seconds` (a relay's seconds of live sound). Version 5 adds `bulletin`
/// (the provincial feed's bulletin a row played) and `bulletins`: every bulletin that passed its
/// signature, kept so that a replayed id is refused after a restart too, with its fate (held,
/// queued, played, rejected, …) for `loa bulletins`. Version 6 is the feed's history: `outbox`,
/// the rows completed and not yet taken by the broker, filled by triggers in the same
/// transaction that completes a row (so a crash loses none and sends none twice as far as the
/// province can tell: it keys rows by node and row); and `node`, `node_row` for the province's
/// collected file (`loa fleet collect`), where rows of every node live side by side. Version 7
/// adds `reason_vi`: why, in Vietnamese, beside `reason` in English, so that each reader reads
/// it in her language whatever language the daemon ran in (older rows are read in English, or
/// in Vietnamese where their English is one of the fixed sentences of earlier versions).
/// Version 8 adds `node_timezone`: in the province's collected file, the zone of the node a row
/// came from, so that its times are read in the station's time, not the collecting machine's.
/// Version 9 adds `text`: what a broadcast read aloud (spec §13), beside `files`, which names
/// its rendered sound.
pub(super) const MIGRATIONS: &[&str] = &[
    "CREATE TABLE broadcasts (
        rowid INTEGER PRIMARY KEY,
        announcement TEXT NOT NULL,
        source TEXT NOT NULL,
        scheduled TEXT,
        started TEXT,
        ended TEXT,
        outcome TEXT,
        reason TEXT
    );",
    "ALTER TABLE broadcasts ADD COLUMN title TEXT NOT NULL DEFAULT '';
     ALTER TABLE broadcasts ADD COLUMN requested_by TEXT NOT NULL DEFAULT 'schedule';
     ALTER TABLE broadcasts ADD COLUMN occurrence TEXT;
     ALTER TABLE broadcasts ADD COLUMN files TEXT NOT NULL DEFAULT '[]';
     CREATE UNIQUE INDEX broadcasts_occurrence ON broadcasts (announcement, occurrence)
         WHERE occurrence IS NOT NULL;
     CREATE INDEX broadcasts_time ON broadcasts (coalesce(started, scheduled));",
    "ALTER TABLE broadcasts ADD COLUMN requested TEXT;
     ALTER TABLE broadcasts ADD COLUMN last_seen TEXT;
     ALTER TABLE broadcasts ADD COLUMN played_seconds REAL;
     UPDATE broadcasts SET requested = coalesce(scheduled, started, ended,
         (SELECT coalesce(b.scheduled, b.started, b.ended) FROM broadcasts b
           WHERE b.rowid < broadcasts.rowid AND coalesce(b.scheduled, b.started, b.ended) IS NOT NULL
           ORDER BY b.rowid DESC LIMIT 1),
         (SELECT coalesce(b.scheduled, b.started, b.ended) FROM broadcasts b
           WHERE b.rowid > broadcasts.rowid AND coalesce(b.scheduled, b.started, b.ended) IS NOT NULL
           ORDER BY b.rowid LIMIT 1),
         '1970-01-01T00:00:00.000Z');
     DROP INDEX broadcasts_time;
     CREATE INDEX broadcasts_requested ON broadcasts (requested);
     CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    "ALTER TABLE broadcasts ADD COLUMN on_air_seconds REAL;",
    "ALTER TABLE broadcasts ADD COLUMN bulletin TEXT;
     CREATE TABLE bulletins (
        id TEXT PRIMARY KEY,
        level TEXT NOT NULL,
        title TEXT NOT NULL,
        received TEXT NOT NULL,
        expires TEXT NOT NULL,
        play_at TEXT,
        body TEXT NOT NULL,
        state TEXT NOT NULL,
        reason TEXT,
        decided_by TEXT,
        decided_at TEXT,
        accept_at TEXT
     );",
    "ALTER TABLE broadcasts ADD COLUMN node TEXT;
     ALTER TABLE broadcasts ADD COLUMN node_row INTEGER;
     DROP INDEX broadcasts_occurrence;
     CREATE UNIQUE INDEX broadcasts_occurrence ON broadcasts (announcement, occurrence)
         WHERE occurrence IS NOT NULL AND node IS NULL;
     CREATE UNIQUE INDEX broadcasts_node_row ON broadcasts (node, node_row)
         WHERE node IS NOT NULL;
     CREATE TABLE outbox (row INTEGER PRIMARY KEY);
     CREATE TRIGGER broadcasts_outbox_insert AFTER INSERT ON broadcasts
         WHEN NEW.outcome IS NOT NULL AND NEW.node IS NULL
         BEGIN INSERT OR IGNORE INTO outbox (row) VALUES (NEW.rowid); END;
     CREATE TRIGGER broadcasts_outbox_update AFTER UPDATE OF outcome ON broadcasts
         WHEN NEW.outcome IS NOT NULL AND NEW.node IS NULL
         BEGIN INSERT OR IGNORE INTO outbox (row) VALUES (NEW.rowid); END;",
    "ALTER TABLE broadcasts ADD COLUMN reason_vi TEXT;",
    "ALTER TABLE broadcasts ADD COLUMN node_timezone TEXT;",
    "ALTER TABLE broadcasts ADD COLUMN text TEXT;",
];
