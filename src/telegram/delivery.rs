//! Collecting a delivery: after "Deliver", every text (links included) or file the seller sends joins the
//! delivery, shown as a running list, until "Submit for review".

use super::dialogue::{Dialog, DialogExt, State};
use super::handlers::{HandlerResult, Reader};
use super::keyboard::keyboard;
use super::records::chunked;
use super::steps::open_step;
use crate::app::App;
use crate::i18n::Text;
use crate::messages::callback::Callback;
use dereja_domain::{Action, Attachment, AttachmentKind, Delivery, OrderId};
use teloxide::prelude::*;

/// Starts collecting a delivery, after checking with the domain that this user may deliver this milestone now.
pub async fn start(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    order: OrderId,
    seq: u16,
) -> HandlerResult {
    let state = State::Delivering {
        order,
        seq,
        text: Vec::new(),
        attachments: Vec::new(),
    };
    let prompt = Text::new("prompt-delivery").arg("seq", i64::from(seq));
    let step = (Action::Deliver, state, prompt);
    open_step(
        bot,
        app,
        reader,
        dialogue,
        ((order, seq), reader.actor(false)),
        step,
    )
    .await?;
    Ok(())
}

/// One piece of a delivery: text (links included) or a file.
pub async fn receive_item(
    bot: Bot,
    msg: Message,
    r: Reader,
    dialogue: Dialog,
    (order, seq, mut text, mut attachments): (OrderId, u16, Vec<String>, Vec<Attachment>),
) -> HandlerResult {
    let caption = msg.caption().map(str::to_string);
    let attachment = attachment_of(&msg);
    match (msg.text(), attachment) {
        (Some(t), _) => text.push(t.to_string()),
        (None, Some(a)) => {
            attachments.push(a);
            text.extend(caption);
        }
        (None, None) => {
            r.say(&bot, &Text::new("error-delivery-item")).await?;
            return Ok(());
        }
    }
    if attachments.len() > Delivery::MAX_ATTACHMENTS
        || text.iter().map(|t| t.chars().count()).sum::<usize>() > Delivery::MAX_TEXT
    {
        r.say(&bot, &Text::new("error-delivery-too-big")).await?;
        return Ok(());
    }
    let count = (text.len() + attachments.len()) as i64;
    let items = delivery_list(&text, &attachments);
    dialogue
        .save(State::Delivering {
            order,
            seq,
            text,
            attachments,
        })
        .await?;
    let submit =
        crate::messages::Button::callback("button-submit", Callback::SubmitDelivery(order, seq));
    let text = r.html(
        &Text::new("delivery-added")
            .arg("count", count)
            .arg("items", items),
    );
    // A long delivery's list goes on in the next message; the last one carries the button.
    let lines = text.lines().map(str::to_string).collect();
    let mut messages = chunked(String::new(), lines);
    let last = messages.pop().unwrap_or_default();
    for message in messages {
        r.send(&bot, message, None).await?;
    }
    r.send(&bot, last, Some(keyboard(&[vec![submit]], r.lang())))
        .await?;
    Ok(())
}

/// The delivery so far, one line per piece: texts and file names shortened to their first 60 characters.
fn delivery_list(text: &[String], attachments: &[Attachment]) -> String {
    let shorten = |t: &str| {
        let line = t.lines().next().unwrap_or_default();
        if line.chars().count() > 60 {
            format!("{}…", line.chars().take(60).collect::<String>())
        } else {
            line.to_string()
        }
    };
    let texts = text.iter().map(|t| format!("• {}", shorten(t)));
    let files = attachments.iter().map(|a| {
        let name = a
            .name
            .clone()
            .unwrap_or_else(|| format!("{:?}", a.kind).to_lowercase());
        format!("📎 {}", shorten(&name))
    });
    texts.chain(files).collect::<Vec<_>>().join("\n")
}

/// The file a message carries (a document, the largest size of a photo, a video, audio or a voice note).
pub fn attachment_of(msg: &Message) -> Option<Attachment> {
    let file = |kind, id: &teloxide::types::FileId, name: Option<String>| Attachment {
        kind,
        file_id: id.0.clone(),
        name,
    };
    if let Some(d) = msg.document() {
        Some(file(
            AttachmentKind::Document,
            &d.file.id,
            d.file_name.clone(),
        ))
    } else if let Some(p) = msg.photo().and_then(|sizes| sizes.last()) {
        Some(file(AttachmentKind::Photo, &p.file.id, None))
    } else if let Some(v) = msg.video() {
        Some(file(AttachmentKind::Video, &v.file.id, v.file_name.clone()))
    } else if let Some(a) = msg.audio() {
        Some(file(AttachmentKind::Audio, &a.file.id, a.file_name.clone()))
    } else {
        msg.voice()
            .map(|v| file(AttachmentKind::Voice, &v.file.id, None))
    }
}
