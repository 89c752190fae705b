//! `dereja copy-data`: every table from one database into an empty one on the other backend, in one transaction
//! that commits only when the row counts and the ledger's sums match. Each value goes through its column's kind,
//! read from the Postgres side's schema, so timestamps, booleans and JSON convert between the backends' types.

use super::{Result, Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::types::Json;
use sqlx::{Postgres, Row, Sqlite};

/// Every table, each after the tables its rows refer to.
const TABLES: &[&str] = &[
    "users",
    "communities",
    "chats",
    "orders",
    "milestones",
    "ledger_transactions",
    "ledger_entries",
    "events",
    "outbox",
    "inbox",
    "dialogues",
    "reviews",
    "milestone_reviews",
    "jobs",
    "withdrawals",
    "payment_references",
    "payments",
    "settings",
    "admin_log",
];

/// How a column's values travel between the backends.
#[derive(Clone, Copy)]
enum Kind {
    Int,
    Bool,
    Time,
    Json,
    Text,
}

enum Value {
    Int(Option<i64>),
    Bool(Option<bool>),
    Time(Option<DateTime<Utc>>),
    Json(Option<Json<serde_json::Value>>),
    Text(Option<String>),
}

/// What was copied: rows per table, and the ledger's sum per currency (zero when the books balance).
#[derive(Debug, PartialEq, Eq)]
pub struct Copied {
    pub rows: Vec<(String, i64)>,
    pub ledger: Vec<(String, i64)>,
}

impl Store {
    /// Copies every table of `self` into `to`, which must be migrated and empty, in one transaction; checks the
    /// copy (rows per table, ledger sums) before committing.
    pub async fn copy_into(&self, to: &Store) -> Result<Copied> {
        let pg = match (self, to) {
            (Store::Postgres { pool, .. }, Store::Sqlite { .. })
            | (Store::Sqlite { .. }, Store::Postgres { pool, .. }) => pool,
            _ => return Err(refused("copy-data copies between SQLite and Postgres")),
        };
        for store in [self, to] {
            let mut known: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
            known.sort();
            if store.table_names().await? != known {
                return Err(refused(
                    "the tables differ from those this version copies: migrate both databases with this version",
                ));
            }
        }
        let before = to.summary().await?;
        if before.rows.iter().any(|(_, n)| *n > 0) {
            return Err(refused("the target database is not empty"));
        }
        let expected = self.summary().await?;
        let mut target = to.begin().await?;
        for table in TABLES {
            let columns = columns(pg, table).await?;
            let rows = self.read_rows(table, &columns).await?;
            target.write_rows(table, &columns, &rows).await?;
        }
        if let super::Tx::Postgres(tx) = &mut target {
            restart_identities(tx).await?;
        }
        let copied = target.summary().await?;
        if copied != expected {
            return Err(refused(format!(
                "the copy does not match: expected {expected:?}, copied {copied:?}"
            )));
        }
        target.commit().await?;
        Ok(copied)
    }

    async fn summary(&self) -> Result<Copied> {
        let mut tx = self.begin_read().await?;
        let summary = tx.summary().await?;
        tx.commit().await?;
        Ok(summary)
    }

    async fn read_rows(&self, table: &str, columns: &[(String, Kind)]) -> Result<Vec<Vec<Value>>> {
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        let sql = format!("SELECT {} FROM {table}", names.join(", "));
        Ok(match self {
            Store::Sqlite { pool, .. } => {
                let rows = sqlx::query(&sql).fetch_all(pool).await?;
                rows.iter()
                    .map(|r| decode_sqlite(r, columns))
                    .collect::<Result<_>>()?
            }
            Store::Postgres { pool, .. } => {
                let rows = sqlx::query(&sql).fetch_all(pool).await?;
                rows.iter()
                    .map(|r| decode_postgres(r, columns))
                    .collect::<Result<_>>()?
            }
        })
    }
}

impl super::Tx {
    async fn summary(&mut self) -> Result<Copied> {
        let mut rows = Vec::new();
        for table in TABLES {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let n: i64 = super::on_conn!(self, |c| sqlx::query_scalar(&sql).fetch_one(c).await?);
            rows.push((table.to_string(), n));
        }
        let ledger = self.ledger_totals().await?;
        Ok(Copied { rows, ledger })
    }

    async fn write_rows(
        &mut self,
        table: &str,
        columns: &[(String, Kind)],
        rows: &[Vec<Value>],
    ) -> Result<()> {
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            marks.join(", ")
        );
        for row in rows {
            super::on_conn!(self, |c| {
                let mut query = sqlx::query(&sql);
                for value in row {
                    query = match value {
                        Value::Int(v) => query.bind(*v),
                        Value::Bool(v) => query.bind(*v),
                        Value::Time(v) => query.bind(*v),
                        Value::Json(v) => query.bind(v.as_ref().map(|j| Json(&j.0))),
                        Value::Text(v) => query.bind(v.as_deref()),
                    };
                }
                query.execute(c).await?;
            });
        }
        Ok(())
    }
}

/// A table's columns, in order, with their kinds, from the Postgres schema.
async fn columns(pg: &sqlx::PgPool, table: &str) -> Result<Vec<(String, Kind)>> {
    let sql = "SELECT column_name::text, data_type::text FROM information_schema.columns \
               WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position";
    let found: Vec<(String, String)> = sqlx::query_as(sql).bind(table).fetch_all(pg).await?;
    found
        .into_iter()
        .map(|(name, kind)| {
            let kind = match kind.as_str() {
                "bigint" | "integer" | "smallint" => Kind::Int,
                "boolean" => Kind::Bool,
                "timestamp with time zone" => Kind::Time,
                "jsonb" | "json" => Kind::Json,
                "text" | "character varying" => Kind::Text,
                other => return Err(refused(format!("{table}.{name}: cannot copy type {other}"))),
            };
            Ok((name, kind))
        })
        .collect()
}

/// Identity columns continue after the copied ids, so the next order gets the next number.
async fn restart_identities(tx: &mut super::Access<Postgres>) -> Result<()> {
    let sql = "SELECT table_name::text FROM information_schema.columns \
               WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'";
    let tables: Vec<String> = sqlx::query_scalar(sql).fetch_all(&mut **tx).await?;
    for table in tables {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        );
        sqlx::query(&sql).execute(&mut **tx).await?;
    }
    Ok(())
}

macro_rules! decode {
    ($row:expr, $columns:expr) => {
        $columns
            .iter()
            .enumerate()
            .map(|(i, (_, kind))| {
                Ok(match kind {
                    Kind::Int => Value::Int($row.try_get(i)?),
                    Kind::Bool => Value::Bool($row.try_get(i)?),
                    Kind::Time => Value::Time($row.try_get(i)?),
                    Kind::Json => Value::Json($row.try_get(i)?),
                    Kind::Text => Value::Text($row.try_get(i)?),
                })
            })
            .collect()
    };
}

fn decode_sqlite(
    row: &<Sqlite as sqlx::Database>::Row,
    columns: &[(String, Kind)],
) -> Result<Vec<Value>> {
    decode!(row, columns)
}

fn decode_postgres(
    row: &<Postgres as sqlx::Database>::Row,
    columns: &[(String, Kind)],
) -> Result<Vec<Value>> {
    decode!(row, columns)
}

fn refused(why: impl Into<String>) -> StoreError {
    StoreError::Refused(why.into())
}
