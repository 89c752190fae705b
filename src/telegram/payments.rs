//! Funding through Telegram Payments: an invoice for the milestone, the pre-checkout check against the
//! milestone's current state and amount, and the successful payment recorded as funding.

use super::handlers::{HandlerResult, Reader, known_user};
use crate::app::App;
use crate::i18n::Text;
use crate::messages::views;
use crate::services::ServiceError;
use crate::services::payments::PaymentApplied;
use crate::store::Received;
use dereja_domain::{Action, Currency, Money, Order, OrderId};
use teloxide::payloads::{AnswerPreCheckoutQuerySetters, SendInvoiceSetters};
use teloxide::prelude::*;
use teloxide::types::{LabeledPrice, PreCheckoutQuery};

/// The invoice payload names the milestone: `m:<order>:<seq>` (Telegram allows 128 bytes).
fn payload(order: OrderId, seq: u16) -> String {
    format!("m:{}:{seq}", order.0)
}

fn parse_payload(payload: &str) -> Option<(OrderId, u16)> {
    let mut parts = payload.split(':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("m"), Some(o), Some(s), None) => Some((OrderId(o.parse().ok()?), s.parse().ok()?)),
        _ => None,
    }
}

/// Asks the rules, without changing anything, whether `user` may fund milestone `seq` now.
fn may_fund(
    app: &App,
    order: &Order,
    user: dereja_domain::UserId,
    seq: u16,
) -> Result<(), dereja_domain::DomainError> {
    let ctx = app.context(dereja_domain::Actor::User {
        id: user,
        admin: false,
    });
    order.check(Action::Fund, seq, &ctx)
}

pub async fn send_invoice(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    order_id: OrderId,
    seq: u16,
) -> HandlerResult {
    let order = app.orders.get(order_id).await?;
    if let Err(e) = may_fund(app, &order, reader.user.id, seq) {
        reader.say(bot, &views::explain_domain(&e)).await?;
        return Ok(());
    }
    let Some(m) = order.milestone(seq) else {
        return Ok(());
    };
    let currency = m.terms.amount.currency();
    let provider = app.config.payment_provider_token.clone();
    // Telegram Stars need no provider; other currencies do.
    if provider.is_none() && currency != Currency::XTR {
        reader.refuse(bot, &Text::new("error-payments-off")).await?;
        return Ok(());
    }
    let title = reader.plain(&Text::new("invoice-title").arg("seq", i64::from(seq)));
    let description = reader.plain(
        &Text::new("invoice-description")
            .arg("order", order.title.as_str())
            .arg("title", m.terms.title.as_str()),
    );
    let price = LabeledPrice::new(
        m.terms.title.as_str(),
        u32::try_from(m.terms.amount.to_minor()).unwrap_or(u32::MAX),
    );
    let mut request = bot.send_invoice(
        reader.chat,
        title,
        description,
        payload(order_id, seq),
        currency.code(),
        [price],
    );
    if let Some(token) = provider {
        request = request.provider_token(token);
    }
    super::handlers::paced(&reader.pacer, reader.chat, request).await?;
    Ok(())
}

/// Telegram asks before charging: the milestone must still be the buyer's to fund, for exactly this amount.
pub async fn receive_pre_checkout(bot: Bot, query: PreCheckoutQuery, app: App) -> HandlerResult {
    let (user, _) = known_user(&app, &query.from).await?;
    let refusal = match parse_payload(&query.invoice_payload) {
        None => Some(Text::new("error-payment-stale")),
        Some((order_id, seq)) => match app.orders.get(order_id).await {
            Err(ServiceError::NotFound(_)) => Some(Text::new("error-payment-stale")),
            // The database is away: no answer yet; the update is tried again within Telegram's 10 s.
            Err(e) => return Err(e.into()),
            Ok(order) => match (may_fund(&app, &order, user.id, seq), order.milestone(seq)) {
                (Err(e), _) => Some(views::explain_domain(&e)),
                (Ok(()), Some(m))
                    if m.terms.amount.currency().code() == query.currency
                        && i64::from(query.total_amount) == m.terms.amount.to_minor() =>
                {
                    None
                }
                _ => Some(Text::new("error-payment-amount")),
            },
        },
    };
    match refusal {
        None => {
            bot.answer_pre_checkout_query(query.id, true).await?;
        }
        Some(text) => {
            let reason = text.render_for(user.language, user.time_zone);
            bot.answer_pre_checkout_query(query.id, false)
                .error_message(reason)
                .await?;
        }
    }
    Ok(())
}

/// The money arrived: record it as the milestone's funding.
pub async fn receive_successful_payment(bot: Bot, msg: Message, app: App) -> HandlerResult {
    let (Some(from), Some(payment)) = (msg.from.clone(), msg.successful_payment().cloned()) else {
        return Ok(());
    };
    let (user, _) = known_user(&app, &from).await?;
    let reader = Reader::in_chat(&app, user, &msg.chat).await?;
    let Some((order, seq)) = parse_payload(&payment.invoice_payload) else {
        tracing::error!(payload = %payment.invoice_payload, "a payment for an unknown invoice");
        reader.say(&bot, &Text::new("payment-not-applied")).await?;
        return Ok(());
    };
    let amount = payment
        .currency
        .parse::<dereja_domain::Currency>()
        .ok()
        .and_then(|c| Money::from_minor(i64::from(payment.total_amount), c).ok());
    let Some(amount) = amount else {
        tracing::error!(currency = %payment.currency, "a payment in a currency the bot does not know");
        reader.say(&bot, &Text::new("payment-not-applied")).await?;
        return Ok(());
    };
    let received = Received {
        charge_id: &payment.telegram_payment_charge_id.0,
        provider_charge_id: &payment.provider_payment_charge_id,
        payer: reader.user.id,
        milestone: (order, seq),
        amount,
    };
    if app.orders.receive_payment(received).await? == PaymentApplied::OwedBack {
        reader.say(&bot, &Text::new("payment-not-applied")).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip_and_refuse_garbage() {
        assert_eq!(
            parse_payload(&payload(OrderId(12), 3)),
            Some((OrderId(12), 3))
        );
        for bad in ["", "m:1", "m:x:1", "m:1:1:1", "x:1:1"] {
            assert_eq!(parse_payload(bad), None, "{bad}");
        }
    }
}
