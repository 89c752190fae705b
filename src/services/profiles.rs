//! What the bot knows about a person's conduct: their track record (from their orders' events), their rating and
//! how long they have used the bot. Shown before accepting an invitation, in `/profile` and to admins in a dispute.

use crate::store::{StoreError, Tx};
use chrono::{DateTime, Utc};
use dereja_domain::{TrackRecord, UserId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub user: UserId,
    pub name: String,
    pub since: Option<DateTime<Utc>>,
    pub record: TrackRecord,
    /// Sum of the stars others gave, and how many ratings.
    pub stars: i64,
    pub ratings: i64,
}

impl Profile {
    /// The average rating to one decimal (`4.5`), once there is a rating.
    pub fn rating(&self) -> Option<String> {
        (self.ratings > 0).then(|| {
            let tenths = (self.stars * 10 + self.ratings / 2) / self.ratings;
            format!("{}.{}", tenths / 10, tenths % 10)
        })
    }
}

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
