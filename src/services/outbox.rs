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
    for notice in notices {
        for row in Outgoing::from_notice(notice) {
            tx.enqueue(notice.to.chat_id(), &row, now).await?;
        }
    }
    Ok(())
}
