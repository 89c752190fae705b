//! What the bot keeps, shown on request: `/history <order>` (the audit log, to the parties and the order's
//! admins), `/export` (a CSV of one's orders and milestones), `/profile` (one's own record, or the other
//! party's from an order) and `/board` (every milestone in three columns with the next step).

use super::admins::is_admin;
use super::handlers::{HandlerResult, Reader, paced};
use super::keyboard::keyboard;
use crate::app::App;
use crate::i18n::Text;
use crate::messages::dossier::{HISTORY_QUOTE_CHARS, history_lines, profile_text};
use crate::messages::export::orders_csv;
use crate::messages::{Button, Callback, views};
use crate::services::ServiceError;
use dereja_domain::UserId;
use teloxide::prelude::*;
use teloxide::types::{ChatAction, InlineKeyboardMarkup, InputFile, ParseMode};

/// Telegram's limit is 4096 characters (counted after the markup is read: counting the HTML leaves room); a long
/// history goes in several messages.
const CHUNK: usize = 3500;
/// Telegram reads at most 100 formatted spans (bold, code…) in a message.
const MAX_ENTITIES: usize = 100;

pub async fn receive_history(bot: Bot, app: App, r: Reader, arg: String) -> HandlerResult {
    let Some(id) = super::handlers::order_number(&arg) else {
        r.say(&bot, &Text::new("history-usage")).await?;
        return Ok(());
    };
    r.busy(&bot, ChatAction::Typing).await;
    let (order, events) = match app.orders.history(id).await {
        Ok(found) => found,
        Err(ServiceError::NotFound(_)) => {
            r.say(&bot, &Text::new("error-not-found")).await?;
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    // Only the parties and the order's admins; to anyone else the order does not exist.
    if order.role_of(r.user.id).is_none() && !is_admin(&bot, &app, r.user.id, &order).await? {
        r.say(&bot, &Text::new("error-not-found")).await?;
        return Ok(());
    }
    let header = r.html(
        &Text::new("history-header")
            .arg("id", order.id.0)
            .arg("order", order.title.as_str()),
    );
    let lines = history_lines(&order, &events, HISTORY_QUOTE_CHARS)
        .iter()
        .map(|line| r.html(line))
        .collect();
    for message in chunked(header, lines) {
        r.send(&bot, message, None).await?;
    }
    Ok(())
}

/// A heading and its lines (Telegram HTML, each line's tags closed on it) in as many messages as Telegram's limits
/// need, cut between lines only: nothing is left out, whatever the length.
pub(super) fn chunked(heading: String, lines: Vec<String>) -> Vec<String> {
    let mut messages = Vec::new();
    let mut chunk = heading;
    let spans = |html: &str| html.matches("</").count();
    for line in lines {
        let too_long = chunk.chars().count() + line.chars().count() + 1 > CHUNK;
        let too_rich = spans(&chunk) + spans(&line) > MAX_ENTITIES;
        if !chunk.is_empty() && (too_long || too_rich) {
            messages.push(std::mem::take(&mut chunk));
        }
        if !chunk.is_empty() {
            chunk.push('\n');
        }
        chunk.push_str(&line);
    }
    messages.push(chunk);
    messages
}

pub async fn receive_export(bot: Bot, app: App, r: Reader) -> HandlerResult {
    r.busy(&bot, ChatAction::UploadDocument).await;
    let orders = app.orders.of_user(r.user.id, 10_000).await?;
    if orders.is_empty() {
        r.say(&bot, &Text::new("orders-none")).await?;
        return Ok(());
    }
    let csv = orders_csv(r.user.id, &orders);
    let file = InputFile::memory(csv).file_name("dereja-orders.csv");
    let caption = r.html(&Text::new("export-caption").arg("count", orders.len() as i64));
    paced(
        &r.pacer,
        r.chat,
        bot.send_document(r.chat, file)
            .caption(caption)
            .parse_mode(ParseMode::Html),
    )
    .await?;
    Ok(())
}

pub async fn receive_profile(bot: Bot, app: App, r: Reader) -> HandlerResult {
    show_profile(&bot, &app, &r, r.user.id).await
}

/// A profile, if the bot knows the person.
pub async fn show_profile(bot: &Bot, app: &App, reader: &Reader, user: UserId) -> HandlerResult {
    match app.orders.profile(user).await? {
        Some(profile) => reader.say(bot, &profile_text(&profile)).await?,
        None => reader.say(bot, &Text::new("profile-unknown")).await?,
    };
    Ok(())
}

/// How many orders a page of `/orders` lists, the most recent first (20 of the longest lines fit one message).
const ORDERS_PER_PAGE: i64 = 20;

/// `/orders`: the person's most recent orders, with a button to the older ones.
pub async fn receive_orders(bot: Bot, app: App, r: Reader) -> HandlerResult {
    match orders_page(&app, &r, 0).await? {
        Some((text, buttons)) => r.send(&bot, text, buttons).await?,
        None => r.say(&bot, &Text::new("orders-none")).await?,
    };
    Ok(())
}

/// "Newer" or "Older" under a page of `/orders`: that page, in place of the pressed one in the presser's private
/// chat (a page pressed elsewhere comes to it as a new message).
pub async fn turn_orders_page(
    bot: Bot,
    app: App,
    r: Reader,
    query: CallbackQuery,
    page: u32,
) -> HandlerResult {
    let Some((text, buttons)) = orders_page(&app, &r, page).await? else {
        return r.refuse(&bot, &Text::new("button-stale")).await;
    };
    match query.message.as_ref().filter(|m| m.chat().id == r.chat) {
        Some(pressed) => {
            let mut edit = bot
                .edit_message_text(r.chat, pressed.id(), text)
                .parse_mode(ParseMode::Html);
            if let Some(buttons) = buttons {
                edit = edit.reply_markup(buttons);
            }
            paced(&app.pacer, r.chat, edit).await?;
        }
        None => {
            r.send(&bot, text, buttons).await?;
        }
    }
    Ok(())
}

/// One page of the reader's orders, newest first, with the buttons to its neighbours; `None` when it is empty.
async fn orders_page(
    app: &App,
    r: &Reader,
    page: u32,
) -> anyhow::Result<Option<(String, Option<InlineKeyboardMarkup>)>> {
    let from = i64::from(page) * ORDERS_PER_PAGE;
    let orders = app
        .orders
        .page_of_user(r.user.id, from, ORDERS_PER_PAGE + 1)
        .await?;
    if orders.is_empty() {
        return Ok(None);
    }
    let older = orders.len() as i64 > ORDERS_PER_PAGE;
    let lines: Vec<String> = orders
        .iter()
        .take(ORDERS_PER_PAGE as usize)
        .map(|o| r.html(&views::order_line(o)))
        .collect();
    let mut header = r.html(&Text::new("orders-header"));
    if page > 0 || older {
        let range = Text::new("orders-page")
            .arg("from", from + 1)
            .arg("to", from + lines.len() as i64);
        header = format!("{header} {}", r.html(&range));
    }
    let mut row = Vec::new();
    if page > 0 {
        row.push(Button::callback(
            "button-orders-newer",
            Callback::OrdersPage(page - 1),
        ));
    }
    if older {
        row.push(Button::callback(
            "button-orders-older",
            Callback::OrdersPage(page + 1),
        ));
    }
    let buttons = (!row.is_empty()).then(|| keyboard(&[row], r.lang()));
    Ok(Some((format!("{header}\n\n{}", lines.join("\n")), buttons)))
}

/// `/board`: in progress, waiting for feedback, completed; each milestone with the reader's next step.
pub async fn receive_board(bot: Bot, app: App, r: Reader) -> HandlerResult {
    use dereja_domain::board::{Column, NextStep, place};
    let orders = app.orders.of_user(r.user.id, 200).await?;
    let mut columns: std::collections::BTreeMap<Column, Vec<Text>> = Default::default();
    for order in &orders {
        let Some(role) = order.role_of(r.user.id) else {
            continue;
        };
        for m in &order.milestones {
            let Some((column, next)) = place(role, m) else {
                continue;
            };
            let next = match next {
                NextStep::Fund => "fund",
                NextStep::Deliver => "deliver",
                NextStep::Review => "review",
                NextStep::Answer => "answer",
                NextStep::Revise => "revise",
                NextStep::WaitForOther => "wait-other",
                NextStep::WaitForAdmin => "wait-admin",
                NextStep::Nothing => "nothing",
            };
            let mut line = Text::new("board-line")
                .arg("id", order.id.0)
                .arg("seq", i64::from(m.seq))
                .arg("title", m.terms.title.as_str())
                .arg("amount", m.terms.amount)
                .arg("next", Text::new("board-next").arg("step", next));
            line = match m.status.due_at() {
                Some(due) => line.arg("due", Text::new("board-due").arg("at", due)),
                None => line.arg("due", ""),
            };
            columns.entry(column).or_default().push(line);
        }
    }
    if columns.is_empty() {
        r.say(&bot, &Text::new("orders-none")).await?;
        return Ok(());
    }
    for column in [
        Column::InProgress,
        Column::WaitingForFeedback,
        Column::Completed,
    ] {
        let lines = columns.remove(&column).unwrap_or_default();
        let name = match column {
            Column::InProgress => "in-progress",
            Column::WaitingForFeedback => "waiting",
            Column::Completed => "completed",
        };
        let heading = r.html(&Text::new("board-column").arg("column", name));
        let lines = if lines.is_empty() {
            vec![r.html(&Text::new("board-empty"))]
        } else {
            lines.iter().map(|line| r.html(line)).collect()
        };
        // A busy seller's completed list runs past one message: it goes on in the next.
        for message in chunked(heading, lines) {
            r.send(&bot, message, None).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{CHUNK, chunked};

    #[test]
    fn long_lists_go_in_several_messages_and_lose_nothing() {
        let lines: Vec<String> = (0..200)
            .map(|i| format!("• line {i} {}", "ደ".repeat(100)))
            .collect();
        let messages = chunked("Heading".into(), lines.clone());
        assert!(messages.len() > 1);
        assert!(messages.iter().all(|m| m.chars().count() <= CHUNK));
        assert!(messages[0].starts_with("Heading\n"));
        let back: Vec<&str> = messages.iter().flat_map(|m| m.lines()).skip(1).collect();
        assert_eq!(back, lines.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(
            chunked("Heading".into(), vec![]),
            vec!["Heading".to_string()]
        );
    }
}
