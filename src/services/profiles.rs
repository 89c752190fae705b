//! What the bot knows about a person's conduct: their track record (from their orders' events), their rating and
//! how long they have used the bot. Shown before accepting an invitation, in `/profile` and to admins in a dispute.

use crate::store::{StoreError, Tx};
use dereja_domain::{Profile, TrackRecord, UserId};

/// The profile of `user`, read in `tx`.
pub async fn profile(tx: &mut Tx, user: UserId) -> Result<Option<Profile>, StoreError> {
    let Some(found) = tx.user(user).await? else {
        return Ok(None);
    };
    let events = tx.events_of_user(user).await?;
    let (stars, ratings) = tx.rating_of(user).await?;
    Ok(Some(Profile {
        user,
        name: found.name,
        since: tx.user_since(user).await?,
        record: TrackRecord::of(user, &events),
        stars,
        ratings,
    }))
}
