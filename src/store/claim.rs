//! The inbox's claim as one unit: store the batch just received, mark the handled updates done, take the next
//! update of each free chat, read the people behind them, and say which chats hold more. On SQLite these are the
//! statements of [`super::inbox`] in one transaction, in-process calls; on Postgres, where each statement is a
//! round trip to the server and the one worker that claims waits on each, they are one call to the `inbox_claim`
//! function (migration 0018), the same statements run by the server.

use super::users::{SeenRow, UserRow};
use super::{Claimed, Incoming, Result, SeenUser, Store, Tx};
use chrono::{DateTime, Utc};
use dereja_domain::UserId;
use sqlx::postgres::PgConnection;
use sqlx::types::Json;

/// What one claim does.
pub struct Claiming<'a> {
    /// A batch received, to store first.
    pub arrived: &'a [Incoming],
    /// Handled updates that changed nothing, to mark done.
    pub finished: &'a [i64],
    /// Chats whose updates this process is handling.
    pub busy: &'a [i64],
    pub now: DateTime<Utc>,
    pub lease_until: DateTime<Utc>,
    /// The most updates to take.
    pub limit: i64,
}

/// What a claim took.
pub struct Taken {
    /// The updates taken, oldest first.
    pub claimed: Vec<Claimed>,
    /// The people behind them whom the bot knows, each with the chat whose conversation was read with them.
    pub readers: Vec<(i64, SeenUser)>,
    /// When fewer were taken than `limit`: which of the busy chats and of those taken hold another open update.
    /// `None` when the claim took all it could (more may be free anywhere).
    pub queued: Option<Vec<i64>>,
}

impl Store {
    /// Runs a claim as one unit: it commits whole or not at all.
    pub async fn claim_inbox(&self, claiming: &Claiming<'_>) -> Result<Taken> {
        let mut tx = self.begin().await?;
        let taken = match &mut tx {
            Tx::Postgres(conn) => in_one_call(conn, claiming).await?,
            Tx::Sqlite(_) => tx.claim_step_by_step(claiming).await?,
        };
        tx.commit().await?;
        Ok(taken)
    }
}

impl Tx {
    /// The claim's statements one by one, in this transaction (how SQLite claims; on Postgres, what the one call
    /// must agree with).
    pub async fn claim_step_by_step(&mut self, c: &Claiming<'_>) -> Result<Taken> {
        self.store_updates(c.arrived, c.now).await?;
        self.finish_updates(c.finished, c.now).await?;
        let claimed = match c.limit {
            0 => Vec::new(),
            _ => self.claim_updates(c.now, c.lease_until, c.limit).await?,
        };
        let queued = if claimed.len() as i64 >= c.limit {
            None
        } else {
            let chats: Vec<i64> = c
                .busy
                .iter()
                .copied()
                .chain(claimed.iter().map(|c| c.chat_id))
                .collect();
            Some(self.chats_with_more(&chats).await?)
        };
        let mut wanted: Vec<(UserId, i64)> = claimed.iter().filter_map(Claimed::reader).collect();
        wanted.sort_unstable_by_key(|(user, chat)| (user.0, *chat));
        wanted.dedup();
        let readers = self.seen_users(&wanted).await?;
        Ok(Taken {
            claimed,
            readers,
            queued,
        })
    }
}

/// A row of `inbox_claim`: an update taken, with its person's columns when the bot knows them, or (no update id)
/// a chat holding more.
#[derive(sqlx::FromRow)]
struct ClaimRow {
    update_id: Option<i64>,
    chat_id: i64,
    attempts: Option<i64>,
    payload: Option<String>,
    reader_id: Option<i64>,
    reader_chat: Option<i64>,
    name: Option<String>,
    language: Option<String>,
    time_zone: Option<String>,
    username: Option<String>,
    unreachable: Option<bool>,
    dialogue: Option<Json<serde_json::Value>>,
}

impl ClaimRow {
    /// The person, when the bot knows them: their record's columns are there.
    fn reader(&mut self) -> Option<(i64, SeenRow)> {
        let user = UserRow {
            id: self.reader_id?,
            name: self.name.take()?,
            language: self.language.take()?,
            time_zone: self.time_zone.take()?,
        };
        let seen = SeenRow {
            user,
            username: self.username.take(),
            unreachable: self.unreachable.unwrap_or(false),
            dialogue: self.dialogue.take(),
        };
        Some((self.reader_chat?, seen))
    }
}

/// The claim in one call to the server's `inbox_claim`.
async fn in_one_call(conn: &mut PgConnection, c: &Claiming<'_>) -> Result<Taken> {
    const SQL: &str = "SELECT * FROM inbox_claim($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    let column = |f: fn(&Incoming) -> Option<i64>| c.arrived.iter().map(f).collect::<Vec<_>>();
    let payloads: Vec<&str> = c.arrived.iter().map(|u| u.payload.as_str()).collect();
    let rows: Vec<ClaimRow> = sqlx::query_as(SQL)
        .bind(column(|u| Some(u.update_id)))
        .bind(column(|u| Some(u.chat_id)))
        .bind(payloads)
        .bind(column(|u| u.reader.map(|(user, _)| user.0)))
        .bind(column(|u| u.reader.map(|(_, chat)| chat)))
        .bind(c.finished)
        .bind(c.busy)
        .bind(c.now)
        .bind(c.lease_until)
        .bind(c.limit)
        .fetch_all(conn)
        .await?;
    let mut taken = Taken {
        claimed: Vec::new(),
        readers: Vec::new(),
        queued: None,
    };
    let mut queued = Vec::new();
    for mut row in rows {
        let (Some(update_id), Some(attempts), Some(payload)) =
            (row.update_id, row.attempts, row.payload.take())
        else {
            queued.push(row.chat_id);
            continue;
        };
        if let Some((chat, seen)) = row.reader() {
            taken.readers.push((chat, seen.into_domain()?));
        }
        taken.claimed.push(Claimed::new(
            update_id,
            row.chat_id,
            attempts,
            payload,
            row.reader_id.zip(row.reader_chat),
        ));
    }
    taken.claimed.sort_by_key(|c| c.update_id);
    if (taken.claimed.len() as i64) < c.limit {
        taken.queued = Some(queued);
    }
    Ok(taken)
}
