//! The writing connection (SQLite's one, Postgres's lanes), with group commit. SQLite lets one transaction write at
//! a time, and on either database each commit waits for the disk (SQLite: WAL, `synchronous = FULL`; Postgres: its
//! WAL flush). Writers queue for the connection in order; each runs inside a savepoint of the one transaction open
//! on it and, when done, waits for that transaction's commit, which a flush queued behind the writers already
//! waiting makes. One flush to disk then serves every writer that queued meanwhile, where each paid its own; alone,
//! a writer commits at once (the flush is next in the queue).
//!
//! Nobody hears "committed" before the commit is on disk, so durability is unchanged. A writer that fails or
//! rolls back undoes only its savepoint; a commit that fails fails every writer of its group (none of their
//! effects stayed), so each is retried as after any failed commit. A connection that breaks (a Postgres restart)
//! is dropped, and the next writer opens another.
//!
//! Postgres lets many transactions write at once: it gets more than one such lane, and a writer takes a free one
//! or waits for the next in turn. What one lane's open transaction wrote stays locked until its commit, so a writer
//! on another lane that needs those rows waits for it; two lanes waiting on each other is a deadlock Postgres
//! breaks within a second by failing one statement, whose write is undone and retried like any failed one.

use super::{Result, StoreError};
use futures_util::future::BoxFuture;
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnection;
use sqlx::{ConnectOptions, Connection, Executor};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard, oneshot};

/// The longest a write waits for the connection, as for a pooled one: a write begun inside another on the same task
/// fails after it instead of waiting forever.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection a lane can run its own statements on (`BEGIN`, savepoints, `COMMIT`).
pub trait LaneConnection: Connection + 'static {
    fn run(&mut self, sql: &'static str) -> BoxFuture<'_, Result<(), sqlx::Error>>;
}

impl<C> LaneConnection for C
where
    C: Connection + 'static,
    for<'c> &'c mut C: Executor<'c, Database = C::Database>,
{
    fn run(&mut self, sql: &'static str) -> BoxFuture<'_, Result<(), sqlx::Error>> {
        Box::pin(async move { self.execute(sql).await.map(|_| ()) })
    }
}

/// The most writes one commit serves. Postgres keeps the ids of 64 subtransactions (here, savepoints that wrote) per
/// transaction in shared memory; past that, every other snapshot looks them up on disk.
const MAX_GROUP: usize = 64;

/// The writing connections (lanes), each with the transaction open on it.
pub struct Writer<C: LaneConnection> {
    lanes: Arc<[Arc<Mutex<Lane<C>>>]>,
    next: Arc<std::sync::atomic::AtomicUsize>,
}

impl<C: LaneConnection> Clone for Writer<C> {
    fn clone(&self) -> Self {
        Writer {
            lanes: self.lanes.clone(),
            next: self.next.clone(),
        }
    }
}

impl<C: LaneConnection> std::fmt::Debug for Writer<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

struct Lane<C: LaneConnection> {
    /// How to open the connection again after it broke.
    options: C::Options,
    /// What begins a transaction: SQLite's takes the write lock at once (`BEGIN IMMEDIATE`).
    begin: &'static str,
    /// `None` once it broke (until the next writer opens another) or the store is closed.
    conn: Option<C>,
    closed: bool,
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
pub struct Writing<C: LaneConnection> {
    lane: Option<OwnedMutexGuard<Lane<C>>>,
}

impl<C: LaneConnection> Writer<C> {
    /// Opens `lanes` connections; `begin` is the statement that begins a transaction on one.
    pub async fn connect(
        options: C::Options,
        begin: &'static str,
        lanes: usize,
    ) -> Result<Writer<C>> {
        let mut all = Vec::new();
        for _ in 0..lanes {
            let conn = options.connect().await?;
            all.push(Arc::new(Mutex::new(Lane {
                options: options.clone(),
                begin,
                conn: Some(conn),
                closed: false,
                group: None,
                ending: false,
            })));
        }
        Ok(Writer {
            lanes: all.into(),
            next: Arc::default(),
        })
    }

    /// A free lane if there is one, else the next in turn.
    async fn lane(&self) -> Result<OwnedMutexGuard<Lane<C>>> {
        for lane in self.lanes.iter() {
            if let Ok(held) = lane.clone().try_lock_owned() {
                return Ok(held);
            }
        }
        let turn = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % self.lanes.len();
        tokio::time::timeout(ACQUIRE_TIMEOUT, self.lanes[turn].clone().lock_owned())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut.into())
    }

    /// Waits for a lane (a free one, else the next in turn, in the order asked), then begins a transaction (on SQLite
    /// `BEGIN IMMEDIATE`, which another process may hold) or, when one is open with other writes in it, a savepoint
    /// in it.
    pub async fn begin(&self) -> Result<Writing<C>> {
        let mut lane = self.lane().await?;
        if lane
            .group
            .as_ref()
            .is_some_and(|g| g.waiting.len() >= MAX_GROUP)
        {
            lane.commit().await;
        }
        if lane.group.is_none() {
            if lane.ending {
                let _ = lane.end("ROLLBACK").await;
            }
            lane.open().await?;
        }
        if lane.shared()
            && let Err(e) = lane.run("SAVEPOINT write").await
        {
            lane.abort(&e).await;
            return Err(e);
        }
        Ok(Writing { lane: Some(lane) })
    }

    /// How many lanes a write (or a commit) holds now.
    pub fn in_use(&self) -> u32 {
        let held = self.lanes.iter().filter(|lane| lane.try_lock().is_err());
        u32::try_from(held.count()).expect("a few lanes")
    }

    /// Closes the connections once the writes queued before are done.
    pub async fn close(&self) {
        for lane in self.lanes.iter() {
            let mut lane = lane.lock().await;
            lane.closed = true;
            if let Some(conn) = lane.conn.take() {
                let _ = conn.close().await;
            }
        }
    }
}

impl Writer<SqliteConnection> {
    /// Applies `migrations` on the connection, outside any transaction of the writers.
    pub async fn migrate(&self, migrations: &Migrator) -> Result<()> {
        let mut lane = self.lanes[0].lock().await;
        let conn = lane.conn.as_mut().ok_or(sqlx::Error::PoolClosed)?;
        migrations.run_direct(conn).await?;
        Ok(())
    }
}

/// Queues the commit of the open transaction on `lane` behind the writers waiting for it now.
fn queue_flush<C: LaneConnection>(lane: Arc<Mutex<Lane<C>>>) {
    tokio::spawn(async move {
        let mut lane = lane.lock().await;
        lane.commit().await;
    });
}

impl<C: LaneConnection> Lane<C> {
    /// Opens the connection again if it broke; no transaction is open then (it went with the connection).
    async fn reconnect(&mut self) -> Result<()> {
        if self.closed {
            return Err(sqlx::Error::PoolClosed.into());
        }
        if self.conn.is_none() {
            self.conn = Some(self.options.connect().await?);
        }
        Ok(())
    }

    /// Begins a transaction. A connection that fails to begin one is dropped for a new one, which tries once more:
    /// nothing was open on it, and one that died idle (a Postgres restart) then costs no write.
    async fn open(&mut self) -> Result<()> {
        if self.try_begin().await.is_err() {
            self.try_begin().await?;
        }
        self.group = Some(Group::default());
        Ok(())
    }

    async fn try_begin(&mut self) -> Result<()> {
        self.reconnect().await?;
        let begun = self.run(self.begin).await;
        if begun.is_err() {
            self.conn = None;
        }
        begun
    }

    async fn run(&mut self, sql: &'static str) -> Result<()> {
        let conn = self.conn.as_mut().ok_or(sqlx::Error::PoolClosed)?;
        conn.run(sql).await?;
        Ok(())
    }

    /// Runs `sql`, which ends the transaction, so that a stop halfway is seen by the next [`Writer::begin`]. A
    /// rollback that fails means the connection broke: it is dropped (with its transaction, if any).
    async fn end(&mut self, sql: &'static str) -> Result<()> {
        self.ending = true;
        let ended = self.run(sql).await;
        self.ending = false;
        if ended.is_err() && sql == "ROLLBACK" {
            self.conn = None;
        }
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

    /// Whether the open transaction holds other writes than the current writer's: only then does a write need a
    /// savepoint of its own (one round trip to open it, one to release it). The current writer holds the lane, so
    /// nobody joins meanwhile.
    fn shared(&self) -> bool {
        self.group.as_ref().is_some_and(|g| !g.waiting.is_empty())
    }

    /// Undoes the current writer's changes; the transaction goes on for the others, if any. Alone in it, the
    /// writer ends it, releasing SQLite's write lock.
    async fn undo(&mut self) {
        if self.group.is_none() {
            return;
        }
        if !self.shared() {
            self.group = None;
            let _ = self.end("ROLLBACK").await;
            return;
        }
        let undone = match self.run("ROLLBACK TO write").await {
            Ok(()) => self.run("RELEASE write").await,
            Err(e) => Err(e),
        };
        // The savepoint is gone: SQLite rolled the whole transaction back on an error (a full disk, I/O), or the
        // connection broke.
        if let Err(e) = undone {
            self.abort(&e).await;
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

impl<C: LaneConnection> std::ops::Deref for Writing<C> {
    type Target = C;

    fn deref(&self) -> &C {
        let lane = self.lane.as_ref().expect("held until the write ends");
        lane.conn
            .as_ref()
            .expect("a write began on an open connection")
    }
}

impl<C: LaneConnection> std::ops::DerefMut for Writing<C> {
    fn deref_mut(&mut self) -> &mut C {
        let lane = self.lane.as_mut().expect("held until the write ends");
        lane.conn
            .as_mut()
            .expect("a write began on an open connection")
    }
}

impl<C: LaneConnection> Writing<C> {
    /// Keeps this write and waits until the transaction holding it is committed (or fails): at once when nobody
    /// waits for the lane, else by a flush queued behind those who do, so that they share the commit.
    pub async fn commit(mut self) -> Result<()> {
        let shared = self.lane_mut().shared();
        if shared {
            // Held by `self` until released: a commit stopped halfway is undone by the drop.
            let released = self.lane_mut().run("RELEASE write").await;
            if let Err(e) = released {
                let mut lane = self.lane.take().expect("held until the write ends");
                lane.abort(&e).await;
                return Err(e);
            }
        }
        let mut lane = self.lane.take().expect("held until the write ends");
        let (told, outcome) = oneshot::channel();
        lane.group
            .as_mut()
            .expect("a write runs in the open transaction")
            .waiting
            .push(told);
        if !shared {
            let this_lane = OwnedMutexGuard::mutex(&lane);
            // Each task waiting for the lane holds a clone of its `Arc`; besides them, only the list of lanes and
            // this guard do.
            if Arc::strong_count(this_lane) == 2 {
                lane.commit().await;
            } else {
                queue_flush(this_lane.clone());
            }
        }
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

    fn lane_mut(&mut self) -> &mut OwnedMutexGuard<Lane<C>> {
        self.lane.as_mut().expect("held until the write ends")
    }
}

impl<C: LaneConnection> Drop for Writing<C> {
    /// A write dropped unfinished (an error returned early, a handler stopped) is undone before anyone else writes.
    fn drop(&mut self) {
        if let Some(mut lane) = self.lane.take() {
            tokio::spawn(async move { lane.undo().await });
        }
    }
}
