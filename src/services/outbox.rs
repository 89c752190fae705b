//! Queuing messages: notices become outbox rows in the transaction of the change they announce, so a change and
//! its messages are saved together or not at all. The Telegram edge's sender delivers them.

use crate::messages::{Notice, Outgoing};
use crate::store::{StoreError, Tx};
use chrono::{DateTime, Utc};

/// Stores notices for sending in the transaction of the change they announce.
pub async fn enqueue_notices(
    tx: &mut Tx,
    notices: &[Notice],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let rows: Vec<(i64, Outgoing)> = notices
        .iter()
        .flat_map(|notice| {
            Outgoing::from_notice(notice)
                .into_iter()
                .map(|row| (notice.to.chat_id(), row))
        })
        .collect();
    tx.enqueue_all(&rows, now).await
}
