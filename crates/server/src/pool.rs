//! A few read connections shared by all requests.
//!
//! A SQLite connection serves one thread at a time, and queries block: each request
//! waits (asynchronously) for a free connection, then runs its query on tokio's blocking
//! threads. WAL mode lets these readers work while the writer commits.

use std::path::Path;
use std::sync::{Arc, Mutex};

use sitrep_store::{OpenMode, SqliteStore, StoreError};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// A fixed set of read-only connections to one store.
pub struct ReadPool {
    idle: Mutex<Vec<SqliteStore>>,
    permits: Semaphore,
}

/// Puts the connection back even when the query panics.
struct Lease<'a> {
    pool: &'a ReadPool,
    store: Option<SqliteStore>,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            self.pool.idle.lock().unwrap_or_else(|p| p.into_inner()).push(store);
        }
    }
}

impl ReadPool {
    /// Opens `size` read connections (at least one).
    pub fn open(path: &Path, size: usize) -> Result<ReadPool, StoreError> {
        let size = size.max(1);
        let idle = (0..size).map(|_| SqliteStore::open(path, OpenMode::Read)).collect::<Result<Vec<_>, _>>()?;
        Ok(ReadPool { idle: Mutex::new(idle), permits: Semaphore::new(size) })
    }

    /// Runs `f` on a free connection, off the async threads.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self.permits.acquire().await.map_err(|_| ApiError::internal("the store is closed"))?;
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let store = pool.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let lease = Lease { pool: &pool, store };
            let store = lease.store.as_ref().ok_or_else(|| ApiError::internal("no free store connection"))?;
            f(store)
        })
        .await
        .map_err(|e| ApiError::internal(format!("a query failed: {e}")))?
    }
}
