//! Writes: one writer thread owns the store's write connection and the pipeline, and
//! works through ingest tasks in order. A task's progress is kept in a table that
//! `GET /api/tasks/{id}` reads.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;

use serde::Serialize;
use sitrep_extract::Extractor;
use sitrep_model::Document;
use sitrep_store::{AddStatus, OpenMode, SqliteStore, StoreError};

/// Where a task is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Queued,
    Running,
    Done,
    Failed,
}

/// One ingest request and its outcome.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaskInfo {
    /// `t1`, `t2`, ...
    pub task: String,
    pub status: TaskStatus,
    /// Documents read from the request body.
    pub documents: usize,
    /// Stored as new documents.
    pub added: usize,
    /// Already stored (same text), or a stored URL or id with another text.
    pub skipped: usize,
    /// Records of the body that could not be read, or documents that could not be stored.
    pub failed: usize,
    /// One line per problem.
    pub errors: Vec<String>,
    /// The stored documents' ids (new ones and those already stored with the same text).
    pub doc_ids: Vec<String>,
}

struct Job {
    task: String,
    docs: Vec<Document>,
}

/// Finished tasks kept for `GET /api/tasks/{id}`.
const KEEP_TASKS: usize = 1000;
/// Tasks waiting for the writer before new ones are refused.
pub const MAX_QUEUED: usize = 64;

#[derive(Default)]
struct Table {
    next: u64,
    tasks: HashMap<String, TaskInfo>,
    order: VecDeque<String>,
    queued: usize,
}

/// The task table and the queue of the writer thread.
pub struct Tasks {
    table: Arc<Mutex<Table>>,
    queue: Mutex<Option<mpsc::Sender<Job>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
}

fn lock(table: &Mutex<Table>) -> std::sync::MutexGuard<'_, Table> {
    table.lock().unwrap_or_else(|p| p.into_inner())
}

impl Tasks {
    /// Opens the store for writing (creating it when missing) and starts the writer.
    pub fn start(path: &Path, extractor: Arc<Extractor>) -> Result<Tasks, StoreError> {
        let store = SqliteStore::open(path, OpenMode::Create)?;
        let table = Arc::new(Mutex::new(Table::default()));
        let (tx, rx) = mpsc::channel::<Job>();
        let t = Arc::clone(&table);
        let writer = std::thread::Builder::new()
            .name("sitrep-writer".into())
            .spawn(move || writer(store, extractor, rx, t))
            .map_err(StoreError::Io)?;
        Ok(Tasks { table, queue: Mutex::new(Some(tx)), writer: Mutex::new(Some(writer)) })
    }

    /// Queues documents; `errors` are records of the body that could not be read.
    /// `None` when too many tasks are waiting.
    pub fn submit(&self, docs: Vec<Document>, errors: Vec<String>) -> Option<TaskInfo> {
        let info = {
            let mut t = lock(&self.table);
            if t.queued >= MAX_QUEUED {
                return None;
            }
            t.next += 1;
            t.queued += 1;
            let info = TaskInfo {
                task: format!("t{}", t.next),
                status: TaskStatus::Queued,
                documents: docs.len(),
                added: 0,
                skipped: 0,
                failed: errors.len(),
                errors,
                doc_ids: vec![],
            };
            t.tasks.insert(info.task.clone(), info.clone());
            t.order.push_back(info.task.clone());
            while t.order.len() > KEEP_TASKS {
                let old = t.order.pop_front().expect("not empty");
                t.tasks.remove(&old);
            }
            info
        };
        let queue = self.queue.lock().unwrap_or_else(|p| p.into_inner());
        let sent = queue.as_ref().is_some_and(|q| q.send(Job { task: info.task.clone(), docs }).is_ok());
        if !sent {
            let mut t = lock(&self.table);
            t.queued -= 1;
            if let Some(i) = t.tasks.get_mut(&info.task) {
                i.status = TaskStatus::Failed;
                i.errors.push("the server is shutting down".into());
            }
        }
        Some(info)
    }

    /// A task by id.
    pub fn get(&self, id: &str) -> Option<TaskInfo> {
        lock(&self.table).tasks.get(id).cloned()
    }

    /// Stops taking tasks and waits for the writer to finish the queued ones.
    pub fn shutdown(&self) {
        self.queue.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(w) = self.writer.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = w.join();
        }
    }
}

fn writer(mut store: SqliteStore, extractor: Arc<Extractor>, jobs: mpsc::Receiver<Job>, table: Arc<Mutex<Table>>) {
    let update = |task: &str, f: &dyn Fn(&mut TaskInfo)| {
        if let Some(info) = lock(&table).tasks.get_mut(task) {
            f(info);
        }
    };
    for job in jobs {
        update(&job.task, &|i| i.status = TaskStatus::Running);
        let n = job.docs.len();
        // A panic in the pipeline fails this task (its transaction rolls back), not the writer.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::ingest::ingest_documents(&mut store, &extractor, job.docs)
        }))
        .map_err(|_| "the extraction pipeline failed on these documents".to_string())
        .and_then(|r| r.map_err(|e| format!("storing failed: {e}")));
        let _ = store.optimize();
        update(&job.task, &|i| match &result {
            Ok(statuses) => {
                for st in statuses {
                    match st {
                        AddStatus::Added { id } => {
                            i.added += 1;
                            i.doc_ids.push(id.clone());
                        }
                        AddStatus::Duplicate { existing, .. } => {
                            i.skipped += 1;
                            i.doc_ids.push(existing.clone());
                        }
                        AddStatus::Changed { id, existing, key } => {
                            i.skipped += 1;
                            i.errors.push(format!(
                                "skipped {id}: its {key} is stored with a different text (document {existing}); not merged"
                            ));
                        }
                    }
                }
                i.status = TaskStatus::Done;
            }
            Err(e) => {
                i.failed += n;
                i.errors.push(e.clone());
                i.status = TaskStatus::Failed;
            }
        });
        lock(&table).queued -= 1;
    }
}
