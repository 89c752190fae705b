//! An order as its reader sees it: an invitation for someone who opened its link, and the order with the buttons
//! that fit the viewer's next step.

use super::admins::is_admin;
use super::handlers::{HandlerResult, Reader};
use super::keyboard::keyboard;
use crate::app::App;
use crate::i18n::Text;
use crate::messages::buttons::{funding_buttons, proposal_buttons};
use crate::messages::dossier::{admin_buttons, profile_text};
use crate::messages::{Button, Callback, views};
use crate::services::ServiceError;
use dereja_domain::{InviteToken, Order, OrderId, Role, StatusKind};
use teloxide::prelude::*;

/// Shows an invitation to someone who opened its link.
pub async fn show_invitation(bot: &Bot, app: &App, reader: &Reader, token: &str) -> HandlerResult {
    let order = match token.parse::<InviteToken>() {
        Ok(token) => app.orders.by_invitation(token).await?,
        Err(()) => None,
    };
    let Some(order) = order else {
        reader
            .say(bot, &Text::new("error-invitation-unknown"))
            .await?;
        return Ok(());
    };
    let summary = views::order_summary(&order, reader.lang(), reader.tz());
    if order.role_of(reader.user.id).is_some() {
        reader.send(bot, summary, None).await?;
        return Ok(());
    }
    let free_role = if order.buyer.is_none() {
        Role::Buyer
    } else {
        Role::Seller
    };
    if order.buyer.is_some() && order.seller.is_some() {
        reader.refuse(bot, &Text::new("error-order-full")).await?;
        return Ok(());
    }
    let invitation = reader.html(&Text::new("invitation").arg("role", views::role_name(free_role)));
    // Who is asking: their record, before anyone agrees to anything.
    let creator = match order.party(order.created_by) {
        Some(user) => app.orders.profile(user).await?,
        None => None,
    };
    let creator = creator.map_or(String::new(), |p| {
        let text = Text::new("dossier-party")
            .arg("role", views::role_name(order.created_by))
            .arg("profile", profile_text(&p));
        format!("{}\n\n", reader.html(&text))
    });
    let Some(token) = order.invitation else {
        return Ok(());
    };
    // Two taps from the link to work agreed: join and accept everything proposed, or join and answer each.
    let all = Button::callback("button-join-accept-all", Callback::JoinAcceptAll(token));
    let join = Button::callback("button-join", Callback::Join(token));
    let proposed = order
        .milestones
        .iter()
        .any(|m| m.status.kind() == dereja_domain::StatusKind::Proposed);
    let rows = if proposed {
        vec![vec![all], vec![join]]
    } else {
        vec![vec![join]]
    };
    let buttons = keyboard(&rows, reader.lang());
    reader
        .send(
            bot,
            format!("{invitation}\n\n{creator}{summary}"),
            Some(buttons),
        )
        .await?;
    Ok(())
}

/// `/order <id>` and the "show order" button: the order with the buttons that fit the viewer's next step.
pub async fn show_order(bot: &Bot, app: &App, reader: &Reader, id: OrderId) -> HandlerResult {
    let order = match app.orders.get(id).await {
        Ok(o) => o,
        Err(ServiceError::NotFound(_)) => {
            reader.refuse(bot, &Text::new("error-not-found")).await?;
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    let role = order.role_of(reader.user.id);
    if role.is_none() && !is_admin(bot, app, reader.user.id, &order).await? {
        reader.refuse(bot, &Text::new("error-not-found")).await?;
        return Ok(());
    }
    let mut summary = views::order_summary(&order, reader.lang(), reader.tz());
    let mut rows = Vec::new();
    // A frozen order offers no step: each would be refused until an admin unfreezes it.
    if let Some(freeze) = &order.frozen {
        let frozen = Text::new("order-frozen").arg("reason", freeze.reason.as_str());
        summary = format!("{summary}\n\n{}", reader.html(&frozen));
    } else if let (Some(role), Some(m)) = (role, order.current_milestone()) {
        let seq = m.seq;
        let b = |label: &str, cb: Callback| Button::callback(label, cb);
        match (role, m.status.kind()) {
            (Role::Buyer, StatusKind::AwaitingFunding) => {
                rows.extend(funding_buttons(&order, seq, app.orders.audience()))
            }
            (Role::Seller, StatusKind::InProgress | StatusKind::RevisionRequested) => {
                rows.push(vec![b(
                    "button-deliver",
                    Callback::StartDelivery(order.id, seq),
                )]);
            }
            (Role::Buyer, StatusKind::Delivered) => rows.push(vec![
                b("button-approve", Callback::Approve(order.id, seq)),
                b(
                    "button-request-revision",
                    Callback::RequestRevision(order.id, seq),
                ),
            ]),
            (r, StatusKind::Proposed) if r != m.proposed_by => {
                rows.extend(proposal_buttons(&order, seq))
            }
            _ => {}
        }
        match m.status.kind() {
            StatusKind::Proposed | StatusKind::ChangesRequested | StatusKind::AwaitingFunding => {
                rows.push(vec![
                    b("button-cancel-milestone", Callback::Cancel(order.id, seq)),
                    b("button-cancel-order", Callback::CancelOrder(order.id)),
                ]);
            }
            StatusKind::Funded
            | StatusKind::InProgress
            | StatusKind::Delivered
            | StatusKind::RevisionRequested => {
                rows.push(vec![
                    b(
                        "button-request-cancellation",
                        Callback::RequestCancellation(order.id, seq),
                    ),
                    b("button-open-dispute", Callback::OpenDispute(order.id, seq)),
                ]);
            }
            StatusKind::Disputed => {
                if let dereja_domain::Status::Disputed { opened_by, .. } = m.status
                    && opened_by == role
                {
                    rows.push(vec![b(
                        "button-withdraw-dispute",
                        Callback::WithdrawDispute(order.id, seq),
                    )]);
                }
            }
            _ => {}
        }
    }
    // An admin looking at a disputed order gets the decision buttons.
    if role.is_none()
        && let Some(m) = order
            .current_milestone()
            .filter(|m| m.status.kind() == StatusKind::Disputed)
    {
        rows.extend(admin_buttons(&order, m.seq));
    }
    if let Some(role) = role
        && order.party(role.other()).is_some()
    {
        rows.push(vec![Button::callback(
            "button-show-profile",
            Callback::ShowProfile(order.id),
        )]);
    }
    if let Some(role) = role
        && order.party(role.other()).is_some()
    {
        rows.push(vec![Button::callback(
            "button-chat",
            Callback::Chat(order.id),
        )]);
    }
    if role.is_some() && order.milestones.len() < Order::MAX_MILESTONES {
        rows.push(vec![Button::callback(
            "button-propose",
            Callback::AddOn(order.id),
        )]);
    }
    if order.frozen.is_some() {
        rows.retain(|row| {
            matches!(
                row[..],
                [Button {
                    callback: Callback::ShowProfile(_),
                    ..
                }]
            )
        });
    }
    let buttons = (!rows.is_empty()).then(|| keyboard(&rows, reader.lang()));
    reader.send(bot, summary, buttons).await?;
    Ok(())
}
