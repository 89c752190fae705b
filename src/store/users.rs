//! Users as the bot knows them: name, language and time zone, @username, and a suspension by an admin.

use super::{Result, StoreError, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::{Ban, User, UserId};
use sqlx::types::Json;

#[derive(sqlx::FromRow)]
pub(super) struct UserRow {
    pub(super) id: i64,
    pub(super) name: String,
    pub(super) language: String,
    pub(super) time_zone: String,
}

impl UserRow {
    fn into_domain(self) -> Result<User> {
        Ok(User {
            id: UserId(self.id),
            name: self.name,
            language: self.language.parse().map_err(StoreError::Corrupt)?,
            time_zone: self.time_zone.parse().map_err(StoreError::Corrupt)?,
        })
    }
}

/// A user as `Users::seen` compares them with an update: also their @username and whether they were unreachable.
#[derive(Clone)]
pub struct SeenUser {
    pub user: User,
    pub username: Option<String>,
    pub unreachable: bool,
    /// The conversation state the bot keeps for the chat asked about, if any.
    pub dialogue: Option<serde_json::Value>,
}

#[derive(sqlx::FromRow)]
pub(super) struct SeenRow {
    #[sqlx(flatten)]
    pub(super) user: UserRow,
    pub(super) username: Option<String>,
    pub(super) unreachable: bool,
    pub(super) dialogue: Option<Json<serde_json::Value>>,
}

impl SeenRow {
    pub(super) fn into_domain(self) -> Result<SeenUser> {
        Ok(SeenUser {
            user: self.user.into_domain()?,
            username: self.username,
            unreachable: self.unreachable,
            dialogue: self.dialogue.map(|d| d.0),
        })
    }
}

/// A [`SeenRow`] read for a claim, with the chat whose conversation it holds.
#[derive(sqlx::FromRow)]
struct ReaderRow {
    #[sqlx(flatten)]
    seen: SeenRow,
    reader_chat: i64,
}

impl Tx {
    /// The user with what an update may change without their doing (their @username, their reachability), and
    /// the conversation state of `chat`, in one query: an update from a known person costs one read.
    pub async fn seen_user(&mut self, id: UserId, chat: i64) -> Result<Option<SeenUser>> {
        let sql = "SELECT id, name, language, time_zone, username, unreachable_since IS NOT NULL AS unreachable, \
                   (SELECT state FROM dialogues WHERE chat_id = $2) AS dialogue FROM users WHERE id = $1";
        let row: Option<SeenRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(id.0)
            .bind(chat)
            .fetch_optional(c)
            .await?);
        row.map(SeenRow::into_domain).transpose()
    }

    /// [`Tx::seen_user`] for many people at once, each with the conversation of their own chat, in one statement:
    /// the people of a claim's updates. People the bot does not know are left out.
    pub async fn seen_users(&mut self, readers: &[(UserId, i64)]) -> Result<Vec<(i64, SeenUser)>> {
        const SQL: &str = "SELECT u.id, u.name, u.language, u.time_zone, u.username, \
            u.unreachable_since IS NOT NULL AS unreachable, \
            (SELECT state FROM dialogues d WHERE d.chat_id = r.chat) AS dialogue, r.chat AS reader_chat \
            FROM {readers} JOIN users u ON u.id = r.id";
        if readers.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<ReaderRow> = match self {
            Tx::Sqlite(c) => {
                let pairs: Vec<(i64, i64)> = readers.iter().map(|(u, chat)| (u.0, *chat)).collect();
                let from =
                    "(SELECT value ->> 0 AS id, value ->> 1 AS chat FROM json_each($1)) AS r";
                sqlx::query_as(&SQL.replace("{readers}", from))
                    .bind(Json(pairs))
                    .fetch_all(&mut **c)
                    .await?
            }
            Tx::Postgres(c) => {
                let (users, chats): (Vec<i64>, Vec<i64>) =
                    readers.iter().map(|(user, chat)| (user.0, *chat)).unzip();
                let from = "UNNEST($1::BIGINT[], $2::BIGINT[]) AS r (id, chat)";
                sqlx::query_as(&SQL.replace("{readers}", from))
                    .bind(users)
                    .bind(chats)
                    .fetch_all(&mut **c)
                    .await?
            }
        };
        rows.into_iter()
            .map(|r| Ok((r.reader_chat, r.seen.into_domain()?)))
            .collect()
    }

    /// Saves a user's choices (language, time zone).
    pub async fn save_user(&mut self, user: &User, now: DateTime<Utc>) -> Result<()> {
        let sql = "INSERT INTO users (id, name, language, time_zone, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $5) \
                   ON CONFLICT (id) DO UPDATE SET name = excluded.name, language = excluded.language, \
                   time_zone = excluded.time_zone, updated_at = excluded.updated_at";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(user.id.0)
                .bind(&user.name)
                .bind(user.language.code())
                .bind(user.time_zone.to_string())
                .bind(now)
                .execute(c)
                .await?;
        });
        Ok(())
    }

    /// When the bot first met the user.
    pub async fn user_since(&mut self, id: UserId) -> Result<Option<DateTime<Utc>>> {
        let sql = "SELECT created_at FROM users WHERE id = $1";
        Ok(on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(id.0)
            .fetch_optional(c)
            .await?))
    }

    /// The people of `ids` that are known, in one statement (the sender's readers of a claim).
    pub async fn users(&mut self, ids: &[UserId]) -> Result<Vec<User>> {
        const SQL: &str = "SELECT id, name, language, time_zone FROM users WHERE id {in}";
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<UserRow> = match self {
            Tx::Sqlite(c) => {
                let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
                sqlx::query_as(&SQL.replace("{in}", "IN (SELECT value FROM json_each($1))"))
                    .bind(Json(ids))
                    .fetch_all(&mut **c)
                    .await?
            }
            Tx::Postgres(c) => {
                let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
                sqlx::query_as(&SQL.replace("{in}", "= ANY($1)"))
                    .bind(ids)
                    .fetch_all(&mut **c)
                    .await?
            }
        };
        rows.into_iter().map(UserRow::into_domain).collect()
    }

    pub async fn user(&mut self, id: UserId) -> Result<Option<User>> {
        let sql = "SELECT id, name, language, time_zone FROM users WHERE id = $1";
        let row: Option<UserRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(id.0)
            .fetch_optional(c)
            .await?);
        row.map(UserRow::into_domain).transpose()
    }
}

impl Tx {
    /// Records that Telegram refuses messages to `user`; `true` if they were reachable until now.
    pub async fn mark_unreachable(&mut self, user: UserId, now: DateTime<Utc>) -> Result<bool> {
        let sql =
            "UPDATE users SET unreachable_since = $1 WHERE id = $2 AND unreachable_since IS NULL";
        let changed = on_conn!(self, |c| sqlx::query(sql)
            .bind(now)
            .bind(user.0)
            .execute(c)
            .await?
            .rows_affected());
        Ok(changed == 1)
    }

    /// The user wrote to the bot: messages reach them again.
    pub async fn mark_reachable(&mut self, user: UserId) -> Result<()> {
        let sql = "UPDATE users SET unreachable_since = NULL WHERE id = $1 AND unreachable_since IS NOT NULL";
        on_conn!(self, |c| {
            sqlx::query(sql).bind(user.0).execute(c).await?;
        });
        Ok(())
    }
}

impl Tx {
    /// Keeps the person's Telegram @username (lowercase) for `/find`; writes only when it changed.
    pub async fn remember_username(&mut self, user: UserId, username: Option<&str>) -> Result<()> {
        let sql = "UPDATE users SET username = $1 WHERE id = $2 AND username IS DISTINCT FROM $1";
        let username = username.map(str::to_lowercase);
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(username)
                .bind(user.0)
                .execute(c)
                .await?;
        });
        Ok(())
    }

    /// The person with this @username (without the @, any case), if the bot has met them.
    pub async fn user_by_username(&mut self, username: &str) -> Result<Option<UserId>> {
        let sql = "SELECT id FROM users WHERE username = $1";
        let id: Option<i64> = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(username.to_lowercase())
            .fetch_optional(c)
            .await?);
        Ok(id.map(UserId))
    }

    pub async fn username(&mut self, user: UserId) -> Result<Option<String>> {
        let sql = "SELECT username FROM users WHERE id = $1";
        let name: Option<Option<String>> = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(user.0)
            .fetch_optional(c)
            .await?);
        Ok(name.flatten())
    }

    /// The person's suspension, if a global admin suspended them.
    pub async fn ban_of(&mut self, user: UserId) -> Result<Option<Ban>> {
        let sql = "SELECT banned FROM users WHERE id = $1";
        let ban: Option<Option<Json<Ban>>> = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(user.0)
            .fetch_optional(c)
            .await?);
        Ok(ban.flatten().map(|b| b.0))
    }

    /// Suspends the person (`Some`) or lifts the suspension (`None`).
    pub async fn set_ban(&mut self, user: UserId, ban: Option<&Ban>) -> Result<()> {
        let sql = "UPDATE users SET banned = $1 WHERE id = $2";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(ban.map(Json))
                .bind(user.0)
                .execute(c)
                .await?;
        });
        Ok(())
    }
}
