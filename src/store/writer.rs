//! SQLite's one writing connection, with group commit. SQLite lets one transaction write at a time, and each commit
//! waits for the disk (WAL, `synchronous = FULL`). Writers queue for the connection in order; each runs inside a
//! savepoint of the one transaction open on it and, when done, waits for that transaction's commit, which a flush
//! queued behind the writers already waiting makes. One fsync then serves every writer that queued meanwhile, where
//! each paid its own; alone, a writer commits at once (the flush is next in the queue).
//!
//! Nobody hears "committed" before the commit is on disk, so durability is unchanged. A writer that fails or
//! rolls back undoes only its savepoint; a commit that fails fails every writer of its group (none of their
//! effects stayed), so each is retried as after any failed commit.

use super::{Result, StoreError};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard, oneshot};

/// The longest a write waits for the connection, as for a pooled one: a write begun inside another on the same task
/// fails after it instead of waiting forever.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// The writing connection and the transaction open on it.
#[derive(Clone)]
pub struct Writer {
    lane: Arc<Mutex<Lane>>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

struct Lane {
    /// `None` once the store is closed.
    conn: Option<SqliteConnection>,
    /// The open transaction, if any.
    group: Option<Group>,
    /// A transaction was being ended when its writer was stopped (a timeout): it may still be open.
    ending: bool,
}

/// The writers whose savepoints were released into the open transaction, waiting for its commit. Not empty exactly
/// when a flush is queued.
#[derive(Default)]
struct Group {
    waiting: Vec<oneshot::Sender<Result<(), String>>>,
}

/// A write in progress: the writing connection, held until [`Writing::commit`] or [`Writing::rollback`] (or a drop,
/// which rolls back).
pub struct Writing {
    lane: Option<OwnedMutexGuard<Lane>>,
}

impl Writer {
    pub async fn connect(options: &SqliteConnectOptions) -> Result<Writer> {
        let conn = options.connect().await?;
        Ok(Writer {
            lane: Arc::new(Mutex::new(Lane {
                conn: Some(conn),
                group: None,
                ending: false,
            })),
        })
    }

    /// Waits for the connection (in the order asked), then opens a savepoint in the open transaction, beginning one
    /// (`BEGIN IMMEDIATE`, which another process may hold) if none is open.
    pub async fn begin(&self) -> Result<Writing> {
        let mut lane = tokio::time::timeout(ACQUIRE_TIMEOUT, self.lane.clone().lock_owned())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?;
        if lane.group.is_none() {
            if lane.ending {
                let _ = lane.end("ROLLBACK").await;
            }
            lane.run("BEGIN IMMEDIATE").await?;
            lane.group = Some(Group::default());
        }
        if let Err(e) = lane.run("SAVEPOINT write").await {
            lane.abort(&e).await;
            return Err(e);
        }
        Ok(Writing { lane: Some(lane) })
    }

    /// Applies `migrations` on the connection, outside any transaction of the writers.
    pub async fn migrate(&self, migrations: &Migrator) -> Result<()> {
        let mut lane = self.lane.lock().await;
        let conn = lane.conn.as_mut().ok_or(sqlx::Error::PoolClosed)?;
        migrations.run_direct(conn).await?;
        Ok(())
    }

    /// Whether a write holds the connection now.
    pub fn in_use(&self) -> bool {
        self.lane.try_lock().is_err()
    }

    /// Closes the connection once the writes queued before are done.
    pub async fn close(&self) {
        let mut lane = self.lane.lock().await;
        if let Some(conn) = lane.conn.take() {
            let _ = conn.close().await;
        }
    }
}

/// Queues the commit of the open transaction on `lane` behind the writers waiting for it now.
fn queue_flush(lane: Arc<Mutex<Lane>>) {
    tokio::spawn(async move {
        let mut lane = lane.lock().await;
        lane.commit().await;
    });
}

impl Lane {
    async fn run(&mut self, sql: &'static str) -> Result<()> {
        let conn = self.conn.as_mut().ok_or(sqlx::Error::PoolClosed)?;
        sqlx::query(sql).execute(conn).await?;
        Ok(())
    }

    /// Runs `sql`, which ends the transaction, so that a stop halfway is seen by the next [`Writer::begin`].
    async fn end(&mut self, sql: &'static str) -> Result<()> {
        self.ending = true;
        let ended = self.run(sql).await;
        self.ending = false;
        ended
    }

    /// Commits the open transaction and tells its writers how it went.
    async fn commit(&mut self) {
        let Some(group) = self.group.take() else {
            return;
        };
        let outcome = match self.end("COMMIT").await {
            Ok(()) => {
                metrics::counter!("dereja_db_commits_total").increment(1);
                Ok(())
            }
            Err(e) => {
                // A commit that failed may leave the transaction open: nothing of it is kept.
                let _ = self.end("ROLLBACK").await;
                Err(e.to_string())
            }
        };
        for writer in group.waiting {
            let _ = writer.send(outcome.clone());
        }
    }

    /// Undoes the current writer's savepoint; the transaction goes on for the others.
    async fn undo(&mut self) {
        let undone = match self.run("ROLLBACK TO write").await {
            Ok(()) => self.run("RELEASE write").await,
            Err(e) => Err(e),
        };
        match undone {
            Ok(()) => self.end_if_unused().await,
            // The savepoint is gone: SQLite rolled the whole transaction back on an error (a full disk, I/O).
            Err(e) => self.abort(&e).await,
        }
    }

    /// A transaction nobody waits for holds nothing worth a commit: it ends now, releasing SQLite's write lock.
    async fn end_if_unused(&mut self) {
        if self.group.as_ref().is_some_and(|g| g.waiting.is_empty()) {
            self.group = None;
            let _ = self.end("ROLLBACK").await;
        }
    }

    /// Ends the transaction without its changes, failing every writer waiting for it.
    async fn abort(&mut self, error: &StoreError) {
        if let Some(group) = self.group.take() {
            let _ = self.end("ROLLBACK").await;
            for writer in group.waiting {
                let _ = writer.send(Err(error.to_string()));
            }
        }
    }
}

impl std::ops::Deref for Writing {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        let lane = self.lane.as_ref().expect("held until the write ends");
        lane.conn
            .as_ref()
            .expect("a write began on an open connection")
    }
}

impl std::ops::DerefMut for Writing {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        let lane = self.lane.as_mut().expect("held until the write ends");
        lane.conn
            .as_mut()
            .expect("a write began on an open connection")
    }
}

impl Writing {
    /// Keeps this write and waits until the transaction holding it is committed (or fails).
    pub async fn commit(mut self) -> Result<()> {
        // Held by `self` until released: a commit stopped halfway is undone by the drop.
        let released = self.lane_mut().run("RELEASE write").await;
        let mut lane = self.lane.take().expect("held until the write ends");
        if let Err(e) = released {
            lane.abort(&e).await;
            return Err(e);
        }
        let (told, outcome) = oneshot::channel();
        let this_lane = OwnedMutexGuard::mutex(&lane).clone();
        let group = lane
            .group
            .as_mut()
            .expect("a write runs in the open transaction");
        if group.waiting.is_empty() {
            queue_flush(this_lane);
        }
        group.waiting.push(told);
        drop(lane);
        match outcome.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(StoreError::Commit(e)),
            Err(_) => Err(StoreError::Commit("the writer stopped".into())),
        }
    }

    /// Undoes this write; the others in the transaction stay.
    pub async fn rollback(mut self) -> Result<()> {
        // Stopped halfway, the drop undoes it again: a savepoint already gone then fails the group, the safe way.
        self.lane_mut().undo().await;
        self.lane = None;
        Ok(())
    }

    fn lane_mut(&mut self) -> &mut OwnedMutexGuard<Lane> {
        self.lane.as_mut().expect("held until the write ends")
    }
}

impl Drop for Writing {
    /// A write dropped unfinished (an error returned early, a handler stopped) is undone before anyone else writes.
    fn drop(&mut self) {
        if let Some(mut lane) = self.lane.take() {
            tokio::spawn(async move { lane.undo().await });
        }
    }
}
