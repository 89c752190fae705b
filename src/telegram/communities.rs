//! `/community on|off` in a group (a global admin registers it, or switches it off) and `/communities` (the
//! registered groups, for a global admin). Only a registered community's administrators decide on money for the
//! orders started there; see `dereja_domain::authority`.

use super::handlers::{HandlerResult, Reader};
use super::refusals::or_explain;
use crate::app::App;
use crate::i18n::{Arg, Text};
use crate::messages::views;
use dereja_domain::error::Who;
use teloxide::prelude::*;

pub async fn receive_community_command(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    arg: String,
) -> HandlerResult {
    let on = match arg.trim() {
        "on" if !msg.chat.is_private() => true,
        "off" if !msg.chat.is_private() => false,
        _ => {
            r.say(&bot, &Text::new("community-usage")).await?;
            return Ok(());
        }
    };
    let global = app.config.admins.contains(&r.user.id);
    let switched = app
        .communities
        .switch(msg.chat.id.0, on, r.user.id, global)
        .await;
    if or_explain(&bot, &r, switched).await?.is_some() {
        let done = if on { "community-on" } else { "community-off" };
        r.say(&bot, &Text::new(done)).await?;
    }
    Ok(())
}

pub async fn receive_communities_command(bot: Bot, app: App, r: Reader) -> HandlerResult {
    if !app.config.admins.contains(&r.user.id) {
        r.say(&bot, &views::not_allowed(Who::Admin)).await?;
        return Ok(());
    }
    let chats = app.communities.list().await?;
    let text = if chats.is_empty() {
        Text::new("communities-none")
    } else {
        let lines = chats
            .into_iter()
            .map(|chat| Text::new("communities-line").arg("chat", chat.to_string()))
            .collect();
        Text::new("communities-list").arg("items", Arg::Lines(lines))
    };
    r.say(&bot, &text).await?;
    Ok(())
}
