//! Telegram payments: stored the moment they arrive, then applied as the milestone's funding (the funding marks the
//! payment settled in its own transaction). A payment that can no longer fund its milestone (cancelled, or paid by
//! transfer meanwhile) is owed back to the payer as a refund and the admins are alerted. A crash or a database
//! failure in between leaves it on record, unsettled: the update is handled again and the payment applied then
//! (until then it is in the digest).

use super::inbox::finish_in;
use super::payouts::refund_owed;
use super::{Orders, ServiceError};
use crate::i18n::Text;
use crate::messages::Notice;
use crate::services::outbox::enqueue_notices;
use crate::store::Received;
use dereja_domain::{Actor, Command, MilestoneRef, PaymentRef, Transaction};

/// What became of a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentApplied {
    /// It funded its milestone.
    Funded,
    /// It could not: the money is owed back to the payer.
    OwedBack,
    /// This charge was settled before (Telegram delivered the update again): nothing more is done.
    AlreadyRecorded,
}

impl Orders {
    pub async fn receive_payment(
        &self,
        received: Received<'_>,
    ) -> Result<PaymentApplied, ServiceError> {
        let now = self.clock.now();
        // On record first, in its own transaction: whatever happens next, the money is not forgotten.
        let mut tx = self.store.begin().await?;
        let unsettled = tx.record_payment(&received, now).await?;
        tx.commit().await?;
        if !unsettled {
            return Ok(PaymentApplied::AlreadyRecorded);
        }
        let (order, seq) = received.milestone;
        let actor = Actor::User {
            id: received.payer,
            admin: false,
        };
        let fund = Command::Fund {
            seq,
            payment: PaymentRef::Telegram {
                charge_id: received.charge_id.to_string(),
                provider_charge_id: received.provider_charge_id.to_string(),
            },
        };
        match self.execute(order, actor, fund).await {
            Ok(_) => Ok(PaymentApplied::Funded),
            Err(ServiceError::Domain(_) | ServiceError::NotFound(_)) => {
                self.owe_back(&received).await?;
                Ok(PaymentApplied::OwedBack)
            }
            Err(e) => Err(e),
        }
    }

    /// The payment is owed back to its payer (a refund request, or the payer is asked where to receive it) and
    /// the admins hear of it.
    async fn owe_back(&self, p: &Received<'_>) -> Result<(), ServiceError> {
        let now = self.clock.now();
        let (order, seq) = p.milestone;
        let mut tx = self.store.begin().await?;
        let milestone = MilestoneRef { order, seq };
        tx.post(
            &[Transaction::unapplied_payment(p.payer, milestone, p.amount)],
            now,
        )
        .await?;
        tx.settle_payment(p.charge_id, "refunded", now).await?;
        // The admins read why first, then the refund request it became.
        let alert = Text::new("admin-payment-not-applied")
            .arg("amount", p.amount)
            .arg("id", order.0)
            .arg("seq", i64::from(seq))
            .arg("charge", p.charge_id);
        let mut notices: Vec<Notice> = self
            .audience
            .all()
            .into_iter()
            .map(|to| Notice::new(to, alert.clone()))
            .collect();
        notices.extend(refund_owed(&mut tx, &self.audience, p.payer, now).await?);
        enqueue_notices(&mut tx, &notices, now).await?;
        finish_in(&mut tx).await?;
        tx.commit().await?;
        self.outbox.notify_one();
        tracing::warn!(
            order = order.0,
            seq,
            charge = p.charge_id,
            "a payment could not fund its milestone: owed back"
        );
        Ok(())
    }
}
