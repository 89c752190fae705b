//! The buttons messages carry, as typed intents: what each step offers whom.

use super::callback::Callback;
use super::notice::{Audience, Button};
use crate::i18n::Text;
use dereja_domain::{Order, Status};

/// A button that opens the order's view with its next steps.
pub fn show_order(order: &Order) -> Vec<Vec<Button>> {
    vec![vec![Button::callback(
        "button-show-order",
        Callback::ShowOrder(order.id),
    )]]
}

/// One to five stars, for rating the other party.
pub fn star_buttons(order: &Order) -> Vec<Vec<Button>> {
    vec![
        (1..=5u8)
            .map(|n| Button {
                label: Text::new("button-stars").arg("stars", i64::from(n)),
                callback: Callback::Rate(order.id, n),
            })
            .collect(),
    ]
}

/// One to five stars for a milestone the buyer approved.
pub fn milestone_star_buttons(order: &Order, seq: u16) -> Vec<Vec<Button>> {
    vec![
        (1..=5u8)
            .map(|n| Button {
                label: Text::new("button-stars").arg("stars", i64::from(n)),
                callback: Callback::RateMilestone(order.id, seq, n),
            })
            .collect(),
    ]
}

/// The funding buttons for a milestone.
pub fn funding_buttons(order: &Order, seq: u16, audience: &Audience) -> Vec<Vec<Button>> {
    let mut row = Vec::new();
    if audience.telegram_payments {
        row.push(Button::callback(
            "button-pay-telegram",
            Callback::PayByTelegram(order.id, seq),
        ));
    }
    row.push(Button::callback(
        "button-pay-transfer",
        Callback::PayByTransfer(order.id, seq),
    ));
    vec![row]
}

/// A delivery under review: one button per checklist item (✅ once the buyer ticked it), then Approve and
/// Request a revision.
pub fn review_buttons(order: &Order, seq: u16) -> Vec<Vec<Button>> {
    /// Telegram shows about this many characters of a button; the message itself has the whole checklist.
    const LABEL_CHARS: usize = 40;
    /// A keyboard of more rows becomes unwieldy on a phone; longer checklists are judged in words.
    const MAX_ITEMS: usize = 20;
    let mut rows: Vec<Vec<Button>> = Vec::new();
    if let Some(m) = order.milestone(seq)
        && let Status::Delivered { ticked, .. } = &m.status
    {
        for (i, item) in m.terms.deliverables.items().into_iter().enumerate() {
            let Ok(i) = u8::try_from(i) else { break };
            if usize::from(i) >= MAX_ITEMS {
                break;
            }
            let mut label: String = item.chars().take(LABEL_CHARS).collect();
            if item.chars().count() > LABEL_CHARS {
                label.push('…');
            }
            let mark = if ticked.contains(&i) { "yes" } else { "no" };
            rows.push(vec![Button {
                label: Text::new("button-check-item")
                    .arg("ticked", mark)
                    .arg("item", label),
                callback: Callback::TickItem(order.id, seq, i),
            }]);
        }
    }
    rows.push(vec![
        Button::callback("button-approve", Callback::Approve(order.id, seq)),
        Button::callback(
            "button-request-revision",
            Callback::RequestRevision(order.id, seq),
        ),
    ]);
    rows
}

/// The answer buttons for a proposed milestone.
pub fn proposal_buttons(order: &Order, seq: u16) -> Vec<Vec<Button>> {
    vec![
        vec![
            Button::callback("button-accept", Callback::Accept(order.id, seq)),
            Button::callback("button-decline", Callback::Decline(order.id, seq)),
        ],
        vec![Button::callback(
            "button-request-changes",
            Callback::RequestChanges(order.id, seq),
        )],
    ]
}
