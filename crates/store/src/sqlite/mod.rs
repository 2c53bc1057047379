//! The SQLite store: one file, WAL journal, FTS5 full-text index.
//!
//! **Opening safely.** An existing file is opened only when it is a SQLite database
//! whose `application_id` is sitrep's and whose `user_version` this build knows; any
//! other file (empty, text, another application's database, a corrupt header) gets a
//! one-line [`StoreError`] and is never written. A new store is built in a temporary
//! file beside the target and renamed into place once its schema is complete, so an
//! interrupted creation never leaves a half-made store under the user's name.
//!
//! **Concurrency.** WAL lets readers work while one writer ingests; writers wait for
//! each other up to the busy timeout. `synchronous = NORMAL` keeps every committed
//! transaction across a crash of the process (a power loss may drop the last ones).

mod ingest;
mod query;
mod views;

pub(crate) use ingest::{cameo_levels, insert_keys, insert_place, EventKeys};

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::schema::{APPLICATION_ID, LATEST, MIGRATIONS};
use crate::stories::StoryIndex;
use crate::StoreError;

/// How to open a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Read only; the store must exist (it is upgraded first if its schema is older).
    Read,
    /// Read and write; a missing store is created.
    Create,
}

/// Tunables of ingest-time merging.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoreOptions {
    /// Event mentions whose dates are at most this many days apart may be one event.
    pub event_window_days: i64,
    /// Claims of one speaker whose content word sets have at least this Jaccard
    /// similarity are one claim.
    pub claim_similarity: f64,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { event_window_days: 3, claim_similarity: 0.6 }
    }
}

/// A sitrep store in one SQLite file.
pub struct SqliteStore {
    pub(crate) conn: Connection,
    path: PathBuf,
    options: StoreOptions,
    stories: Option<StoryIndex>,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

impl SqliteStore {
    /// Opens the store at `path` (see the module documentation for the checks).
    pub fn open(path: &Path, mode: OpenMode) -> Result<SqliteStore, StoreError> {
        let exists = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => return Err(not_a_store(path, "it is a directory")),
            Ok(_) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(StoreError::Io(e)),
        };
        if !exists {
            if mode == OpenMode::Read {
                return Err(StoreError::Missing { path: path.to_path_buf() });
            }
            create(path)?;
        } else {
            check_file(path)?;
        }
        let version = check_identity(path)?;
        let conn = if mode == OpenMode::Read && version == LATEST {
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
            )
            .map_err(|e| not_a_store(path, &e.to_string()))?;
            conn.busy_timeout(Duration::from_secs(10))?;
            conn
        } else {
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
            )
            .map_err(|e| not_a_store(path, &e.to_string()))?;
            conn.busy_timeout(Duration::from_secs(30))?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            // Checkpoint (and fsync) every 32 MB of WAL rather than every 4 MB.
            conn.pragma_update(None, "wal_autocheckpoint", 8192)?;
            migrate(&conn, version)?;
            conn
        };
        // Ingest and queries use a few dozen distinct statements: keep them all prepared.
        conn.set_prepared_statement_cache_capacity(128);
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(SqliteStore { conn, path: path.to_path_buf(), options: StoreOptions::default(), stories: None })
    }

    /// Replaces the merge tunables.
    pub fn with_options(mut self, options: StoreOptions) -> SqliteStore {
        self.options = options;
        self
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for benchmarks and tests.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Updates the query planner's statistics (`PRAGMA optimize`); cheap, run after
    /// large ingests.
    ///
    /// Statistics taken when the store was small (one document, then thousands) make
    /// the planner scan `documents` for every event it joins; when the documents have
    /// grown tenfold since, the statistics are taken again (sampled, so it stays cheap).
    pub fn optimize(&self) -> Result<(), StoreError> {
        let has_stats: bool = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'", [], |r| r.get::<_, i64>(0))
            .map(|n| n > 0)?;
        if has_stats {
            let estimate: Option<String> = self
                .conn
                .query_row("SELECT stat FROM sqlite_stat1 WHERE tbl = 'documents' LIMIT 1", [], |r| r.get(0))
                .optional()?;
            let estimate: i64 =
                estimate.and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok())).unwrap_or(0);
            let actual: i64 = self.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
            if estimate > 0 && actual > estimate.saturating_mul(10) {
                self.conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")?;
            }
        }
        self.conn.execute_batch("PRAGMA optimize;")?;
        Ok(())
    }

    /// Checks the store: SQLite's integrity check, the full-text index against the
    /// documents, and that every document has its sentences and every mention its
    /// document. Returns the problems found (none = consistent).
    pub fn verify(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let integrity: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if integrity != "ok" {
            problems.push(format!("integrity check: {integrity}"));
        }
        let one = |sql: &str| -> Result<i64, StoreError> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        let docs = one("SELECT count(*) FROM documents")?;
        let indexed = one("SELECT count(*) FROM documents_fts")?;
        if docs != indexed {
            problems.push(format!("{docs} documents but {indexed} in the full-text index"));
        }
        let bare = one("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.doc = d.id) AND d.text <> ''")?;
        if bare > 0 {
            problems.push(format!("{bare} documents without sentences"));
        }
        for table in ["sentences", "mentions", "quantities", "times", "places", "event_mentions", "claim_mentions"] {
            let orphans = one(&format!(
                "SELECT count(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = t.doc)"
            ))?;
            if orphans > 0 {
                problems.push(format!("{orphans} rows of {table} without their document"));
            }
        }
        let unstoried = one("SELECT count(*) FROM documents WHERE story IS NULL")?;
        if unstoried > 0 {
            problems.push(format!("{unstoried} documents without a story"));
        }
        Ok(problems)
    }

    /// Copies what the WAL holds into the main file and truncates the WAL.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

fn not_a_store(path: &Path, reason: &str) -> StoreError {
    StoreError::NotAStore { path: path.to_path_buf(), reason: reason.to_string() }
}

/// The file exists: it must start like a SQLite database. Reads 16 bytes, writes nothing.
fn check_file(path: &Path) -> Result<(), StoreError> {
    let mut head = [0u8; 16];
    let mut f = File::open(path).map_err(StoreError::Io)?;
    let n = read_up_to(&mut f, &mut head).map_err(StoreError::Io)?;
    if n == 0 {
        return Err(not_a_store(path, "the file is empty"));
    }
    if n < 16 || &head != SQLITE_MAGIC {
        return Err(not_a_store(path, "not a SQLite database"));
    }
    Ok(())
}

fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Reads `application_id` and `user_version` through a read-only connection.
fn check_identity(path: &Path) -> Result<i32, StoreError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| not_a_store(path, &e.to_string()))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let read = |pragma: &str| conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get::<_, i32>(0));
    let app = read("application_id").map_err(|e| not_a_store(path, &format!("unreadable SQLite database: {e}")))?;
    if app != APPLICATION_ID {
        return Err(StoreError::Foreign { path: path.to_path_buf(), application_id: app });
    }
    let version = read("user_version").map_err(|e| not_a_store(path, &format!("unreadable SQLite database: {e}")))?;
    if version > LATEST {
        return Err(StoreError::TooNew { path: path.to_path_buf(), version, supported: LATEST });
    }
    // A quick look at the schema catches a truncated or damaged file early.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map_err(|e| not_a_store(path, &format!("damaged database: {e}")))?;
    Ok(version)
}

/// Builds a new store in a temporary file beside `path`, then renames it into place.
fn create(path: &Path) -> Result<(), StoreError> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "sitrep.db".into());
    let tmp = dir.join(format!(".{name}.creating-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| -> Result<(), StoreError> {
        let conn = Connection::open(&tmp)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        migrate(&conn, 0)?;
        conn.close().map_err(|(_, e)| e)?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // Never replace a file that appeared meanwhile.
    if path.exists() {
        let _ = std::fs::remove_file(&tmp);
        return check_file(path);
    }
    std::fs::rename(&tmp, path).map_err(StoreError::Io)?;
    Ok(())
}

/// Runs the migrations after `from`, each in its own transaction with its version bump.
fn migrate(conn: &Connection, from: i32) -> Result<(), StoreError> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        let version = i as i32 + 1;
        conn.execute_batch(&format!("BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"))
            .inspect_err(|_| {
                let _ = conn.execute_batch("ROLLBACK");
            })?;
        if version == 1 {
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('created_by', ?1)",
                [concat!("sitrep ", env!("CARGO_PKG_VERSION"))],
            )?;
        }
    }
    Ok(())
}

/// The current time in UTC, `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests;
