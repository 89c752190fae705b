//! Commands for the operator's global admins, in their private chat: `/stats`, the whole bot at a glance (what
//! `/metrics` gives a monitoring system, in words), and moderation: `/find`, `/ban`, `/unban`, `/freeze`,
//! `/unfreeze`, `/maintenance`. Who may use them is the domain's rule.

use super::handlers::{HandlerResult, Reader, order_number};
use super::orders::show_order;
use super::refusals::{or_explain, run};
use crate::app::App;
use crate::i18n::{Arg, Text};
use crate::messages::dossier::profile_text;
use crate::messages::views::{self, explain_domain, status_name};
use crate::services::ServiceError;
use crate::services::moderation::Person;
use dereja_domain::authority::{may_moderate, may_read_statistics};
use dereja_domain::{Actor, Command, Note, OrderId, UserId};
use teloxide::Bot;

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

/// The admin, if they may moderate; otherwise the refusal is said and `None` returned.
async fn moderator(bot: &Bot, app: &App, r: &Reader) -> anyhow::Result<Option<UserId>> {
    match may_moderate(app.config.admins.contains(&r.user.id)) {
        Ok(()) => Ok(Some(r.user.id)),
        Err(refusal) => {
            r.say(bot, &explain_domain(&refusal)).await?;
            Ok(None)
        }
    }
}

/// The first word and the rest: `/ban @kebede took the money` -> ("@kebede", "took the money").
fn first_and_rest(arg: &str) -> (&str, &str) {
    let arg = arg.trim();
    arg.split_once(char::is_whitespace)
        .map_or((arg, ""), |(first, rest)| (first, rest.trim()))
}

/// The person `who` names, or `None` once "I do not know that person" was said.
async fn person_named(
    bot: &Bot,
    app: &App,
    r: &Reader,
    who: &str,
) -> anyhow::Result<Option<UserId>> {
    let found = app.moderation.whom(who).await?;
    if found.is_none() {
        r.say(bot, &Text::new("error-person-unknown")).await?;
    }
    Ok(found)
}

/// `/find <order | @username | user id>`: an order's card with its parties, or a person with their record and
/// latest orders. A number is an order first, then a user id.
pub async fn receive_find(bot: Bot, app: App, r: Reader, arg: String) -> HandlerResult {
    if moderator(&bot, &app, &r).await?.is_none() {
        return Ok(());
    }
    let (what, _) = first_and_rest(&arg);
    if what.is_empty() {
        r.say(&bot, &Text::new("usage-find")).await?;
        return Ok(());
    }
    let order = match order_number(what) {
        Some(id) => match app.orders.get(id).await {
            Ok(order) => Some(order),
            Err(ServiceError::NotFound(_)) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    if let Some(order) = order {
        let id = order.id;
        let parties = Text::new("find-order")
            .arg("id", id.0)
            .arg("buyer", party_name(&app, order.buyer).await?)
            .arg("seller", party_name(&app, order.seller).await?)
            .arg(
                "frozen",
                order.frozen.as_ref().map_or(Arg::Str(String::new()), |f| {
                    Text::new("find-frozen")
                        .arg("reason", f.reason.as_str())
                        .into()
                }),
            );
        r.say(&bot, &parties).await?;
        return show_order(&bot, &app, &r, id).await;
    }
    let Some(user) = person_named(&bot, &app, &r, what).await? else {
        return Ok(());
    };
    match app.moderation.person(user).await? {
        Some(person) => r.say(&bot, &person_card(&person)).await.map(|_| ()),
        None => r
            .say(&bot, &Text::new("error-person-unknown"))
            .await
            .map(|_| ()),
    }
}

/// `Selam (1234567)`, or a dash for a party who has not joined.
async fn party_name(app: &App, user: Option<UserId>) -> anyhow::Result<String> {
    Ok(match user {
        Some(u) => {
            let name = app.users.name_of(u).await?.unwrap_or_default();
            format!("{name} ({})", u.0)
        }
        None => "—".to_string(),
    })
}

fn person_card(p: &Person) -> Text {
    let status = match &p.ban {
        Some(ban) => Text::new("find-banned").arg("reason", ban.reason.as_str()),
        None => Text::new("find-not-banned"),
    };
    let orders = if p.orders.is_empty() {
        Text::new("find-no-orders").into()
    } else {
        Arg::Lines(p.orders.iter().map(views::order_line).collect())
    };
    Text::new("find-person")
        .arg("name", p.user.name.as_str())
        .arg("user", p.user.id.0)
        .arg(
            "username",
            p.username
                .as_ref()
                .map_or(String::new(), |u| format!("@{u}")),
        )
        .arg("status", status)
        .arg("record", profile_text(&p.profile))
        .arg("orders", orders)
}

/// `/ban <@username | user id> <reason>`: no new orders or joins for them; their open orders are listed.
pub async fn receive_ban(bot: Bot, app: App, r: Reader, arg: String) -> HandlerResult {
    let Some(admin) = moderator(&bot, &app, &r).await? else {
        return Ok(());
    };
    let (who, reason) = first_and_rest(&arg);
    let Ok(reason) = Note::new(reason) else {
        r.say(&bot, &Text::new("usage-ban")).await?;
        return Ok(());
    };
    let Some(user) = person_named(&bot, &app, &r, who).await? else {
        return Ok(());
    };
    let Some(open) = or_explain(&bot, &r, app.moderation.ban(admin, user, reason).await).await?
    else {
        return Ok(());
    };
    let name = app.users.name_of(user).await?.unwrap_or_default();
    let done = Text::new("done-banned")
        .arg("name", name)
        .arg("count", open.len() as i64)
        .arg("orders", order_list(&open));
    r.say(&bot, &done).await?;
    Ok(())
}

/// `/unban <@username | user id>`.
pub async fn receive_unban(bot: Bot, app: App, r: Reader, arg: String) -> HandlerResult {
    let Some(admin) = moderator(&bot, &app, &r).await? else {
        return Ok(());
    };
    let (who, _) = first_and_rest(&arg);
    if who.is_empty() {
        r.say(&bot, &Text::new("usage-unban")).await?;
        return Ok(());
    }
    let Some(user) = person_named(&bot, &app, &r, who).await? else {
        return Ok(());
    };
    let lifted = app.moderation.unban(admin, user).await?;
    let name = app.users.name_of(user).await?.unwrap_or_default();
    let id = if lifted {
        "done-unbanned"
    } else {
        "error-not-banned"
    };
    r.say(&bot, &Text::new(id).arg("name", name)).await?;
    Ok(())
}

/// `/freeze <order> <reason>`: nothing moves on the order until `/unfreeze`; both parties are told why.
pub async fn receive_freeze(bot: Bot, app: App, r: Reader, arg: String) -> HandlerResult {
    let Some(admin) = moderator(&bot, &app, &r).await? else {
        return Ok(());
    };
    let (order, reason) = first_and_rest(&arg);
    let (Some(id), Ok(reason)) = (order_number(order), Note::new(reason)) else {
        r.say(&bot, &Text::new("usage-freeze")).await?;
        return Ok(());
    };
    let command = Command::Freeze { reason };
    if run(&bot, &app, &r, id, as_admin(admin), command)
        .await?
        .is_some()
    {
        r.say(&bot, &Text::new("done-frozen").arg("id", id.0))
            .await?;
    }
    Ok(())
}

/// `/unfreeze <order>`: the order goes on from where it stood (its timers start again from now).
pub async fn receive_unfreeze(bot: Bot, app: App, r: Reader, arg: String) -> HandlerResult {
    let Some(admin) = moderator(&bot, &app, &r).await? else {
        return Ok(());
    };
    let Some(id) = order_number(first_and_rest(&arg).0) else {
        r.say(&bot, &Text::new("usage-unfreeze")).await?;
        return Ok(());
    };
    if run(&bot, &app, &r, id, as_admin(admin), Command::Unfreeze)
        .await?
        .is_some()
    {
        r.say(&bot, &Text::new("done-unfrozen").arg("id", id.0))
            .await?;
    }
    Ok(())
}

/// `/maintenance on <message>` pauses new orders and joins (people who try read the message); `off` ends it.
pub async fn receive_maintenance(bot: Bot, app: App, r: Reader, arg: String) -> HandlerResult {
    let Some(admin) = moderator(&bot, &app, &r).await? else {
        return Ok(());
    };
    let (switch, message) = first_and_rest(&arg);
    let done = match (switch, Note::new(message)) {
        ("on", Ok(message)) => {
            app.moderation
                .set_maintenance(admin, Some(&message))
                .await?;
            Text::new("done-maintenance-on").arg("message", message.as_str())
        }
        ("off", _) => {
            app.moderation.set_maintenance(admin, None).await?;
            Text::new("done-maintenance-off")
        }
        _ => Text::new("usage-maintenance"),
    };
    r.say(&bot, &done).await?;
    Ok(())
}

/// A global admin acting on an order.
fn as_admin(id: UserId) -> Actor {
    Actor::User { id, admin: true }
}

/// `#12, #15`.
fn order_list(orders: &[OrderId]) -> String {
    orders
        .iter()
        .map(|o| format!("#{}", o.0))
        .collect::<Vec<_>>()
        .join(", ")
}
