//! Service calls from a handler: the result, or the refusal explained to the user in their language. Unexpected
//! errors are passed up and get the apology (see `acting`).

use super::handlers::Reader;
use crate::app::App;
use crate::i18n::Text;
use crate::messages::views::explain_domain;
use crate::services::ServiceError;
use dereja_domain::{Action, Actor, Command, Order, OrderId, Outcome};
use teloxide::prelude::*;

/// What a business refusal says to the user; `None` for unexpected errors (those get an apology).
pub fn explain(error: &ServiceError) -> Option<Text> {
    match error {
        ServiceError::Domain(e) => Some(explain_domain(e)),
        ServiceError::NotFound(_) => Some(Text::new("error-not-found")),
        ServiceError::ReferenceUsed => Some(Text::new("error-reference-used")),
        ServiceError::NoPayoutMethod => Some(Text::new("error-no-payout-method")),
        ServiceError::NoWithdrawal => Some(Text::new("error-not-found")),
        ServiceError::Store(_) => None,
    }
}

/// A service's answer: `Some(value)`, or `None` once the refusal was explained to the reader. Unexpected errors
/// go up, to the apology.
pub async fn or_explain<T>(
    bot: &Bot,
    reader: &Reader,
    result: Result<T, ServiceError>,
) -> anyhow::Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) => match explain(&e) {
            Some(text) => {
                reader.refuse(bot, &text).await?;
                Ok(None)
            }
            None => Err(e.into()),
        },
    }
}

/// Runs a command on an order; a refusal is explained and `None` returned.
pub async fn run(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    order: OrderId,
    actor: Actor,
    command: Command,
) -> anyhow::Result<Option<Outcome>> {
    or_explain(bot, reader, app.orders.execute(order, actor, command).await).await
}

/// Asks the rules whether `actor` may take `action` on milestone `seq` now, before a step collects text for it;
/// the order when allowed, else `None` once the refusal was explained.
pub async fn allowed(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    (order, seq): (OrderId, u16),
    actor: Actor,
    action: Action,
) -> anyhow::Result<Option<Order>> {
    or_explain(
        bot,
        reader,
        app.orders.check(order, actor, action, seq).await,
    )
    .await
}
