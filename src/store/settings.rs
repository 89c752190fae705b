//! Values generated once and shared by every replica, by name.

use super::{Result, Tx, on_conn};

impl Tx {
    /// The value stored under `name`, storing `value` first if there is none: two replicas starting together
    /// agree on the first one written.
    pub async fn setting_or_insert(&mut self, name: &str, value: &str) -> Result<String> {
        let insert =
            "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
        let select = "SELECT value FROM settings WHERE name = $1";
        on_conn!(self, |c| {
            sqlx::query(insert)
                .bind(name)
                .bind(value)
                .execute(c)
                .await?;
        });
        Ok(on_conn!(self, |c| sqlx::query_scalar(select)
            .bind(name)
            .fetch_one(c)
            .await?))
    }
}
