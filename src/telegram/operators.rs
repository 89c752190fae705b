//! Commands for the operator's global admins, in their private chat: `/stats`, the whole bot at a glance (what
//! `/metrics` gives a monitoring system, in words). Who may read them is the domain's rule.

use super::handlers::{HandlerResult, Reader};
use crate::app::App;
use crate::i18n::{Arg, Text};
use crate::messages::views::{explain_domain, status_name};
use dereja_domain::authority::may_read_statistics;

pub async fn receive_stats(bot: teloxide::Bot, app: App, r: Reader) -> HandlerResult {
    if let Err(refusal) = may_read_statistics(app.config.admins.contains(&r.user.id)) {
        r.say(&bot, &explain_domain(&refusal)).await?;
        return Ok(());
    }
    let figures = app.health.figures().await?;
    let milestones = figures
        .milestones
        .iter()
        .map(|(status, count)| {
            Text::new("stats-line")
                .arg("what", status_name(status))
                .arg("count", *count)
        })
        .collect();
    let held = figures
        .escrow
        .iter()
        .map(|(currency, minor)| {
            let amount = Arg::Money {
                minor: *minor,
                currency: currency.clone(),
            };
            Text::new("stats-held").arg("amount", amount)
        })
        .collect();
    let waiting = |kind: &str| {
        figures
            .payouts_waiting
            .iter()
            .find(|(k, _)| k == kind)
            .map_or(0, |(_, n)| *n)
    };
    let text = Text::new("stats")
        .arg("milestones", Arg::Lines(milestones))
        .arg("held", Arg::Lines(held))
        .arg("to_confirm", figures.payments_to_confirm)
        .arg("withdrawals", waiting("earnings"))
        .arg("refunds", waiting("refund"))
        .arg("unsettled", figures.payments_unsettled)
        .arg("disputes", figures.disputes_open)
        .arg("active", figures.active_this_week);
    r.say(&bot, &text).await?;
    Ok(())
}
