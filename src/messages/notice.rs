//! What a message is, before Telegram: its recipient, its text (a catalogue id with arguments, rendered in the
//! reader's language when it is sent), its buttons as typed intents, its files, and what to do when the person
//! cannot be reached. Services store these in the outbox in the transaction of the change they announce.

use super::callback::Callback;
use crate::i18n::Text;
use dereja_domain::{Attachment, AttachmentKind, Order, OrderId, UserId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Recipient {
    /// A person, in their private chat with the bot and their language.
    User(UserId),
    /// A group or the admin chat, in the language its admins chose (else the community's default).
    Chat(i64),
}

/// An inline button: a label from the locales and the callback data it sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Button {
    pub label: Text,
    pub callback: Callback,
}

impl Button {
    /// A button labelled with the catalogue's message `label`.
    pub fn callback(label: &str, callback: Callback) -> Button {
        Button {
            label: Text::new(label),
            callback,
        }
    }

    /// A button labelled with words that are not the catalogue's (a template's name, a milestone's title).
    pub fn labelled(words: &str, callback: Callback) -> Button {
        Button {
            label: Text::new("button-label").arg("label", words),
            callback,
        }
    }
}

/// What to do when Telegram says a person cannot be reached (never started the bot, or blocked it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fallback {
    #[default]
    Nothing,
    /// Point the person to their private chat from the order's group (never the notice itself: it is private).
    Group {
        chat_id: i64,
        /// The order the notice is about (absent in rows queued by older versions).
        #[serde(default)]
        order: Option<OrderId>,
    },
    /// Tell the other party of the order, once, with the invitation link to pass on.
    OtherParty { order: OrderId, user: UserId },
}

/// One message to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub to: Recipient,
    pub text: Text,
    pub buttons: Vec<Vec<Button>>,
    /// Files re-sent by `file_id` after the text (a delivery).
    pub attachments: Vec<Attachment>,
    /// The caption of the first file (the delivery's own words, shown with its files).
    #[serde(default)]
    pub caption: Option<Text>,
    pub fallback: Fallback,
}

impl Notice {
    pub fn new(to: Recipient, text: Text) -> Notice {
        Notice {
            to,
            text,
            buttons: Vec::new(),
            attachments: Vec::new(),
            caption: None,
            fallback: Fallback::Nothing,
        }
    }

    pub fn buttons(mut self, rows: Vec<Vec<Button>>) -> Notice {
        self.buttons = rows;
        self
    }
}

/// Who hears about what needs an admin, and what the community offers for paying.
#[derive(Debug, Clone, Default)]
pub struct Audience {
    pub admins: Vec<UserId>,
    pub admin_chat: Option<i64>,
    /// Groups registered as communities by configuration (`DEREJA_COMMUNITIES`).
    pub communities: Vec<i64>,
    /// The order's group is a registered community: its admins are asked to decide too.
    pub group_decides: bool,
    /// Whether Telegram Payments is configured (the "pay with Telegram" button).
    pub telegram_payments: bool,
}

impl Audience {
    /// The admins who decide on an order and hear of its disputes: the global admins who are not a party to it,
    /// then the admin chat.
    pub fn deciders(&self, order: &Order) -> Vec<Recipient> {
        self.admins_except(|a| order.role_of(a).is_some())
    }

    /// Every global admin, then the admin chat.
    pub fn all(&self) -> Vec<Recipient> {
        self.admins_except(|_| false)
    }

    /// The global admins but those `excluded` (a party, the person asking), then the admin chat.
    pub fn admins_except(&self, excluded: impl Fn(UserId) -> bool) -> Vec<Recipient> {
        self.admins
            .iter()
            .filter(|a| !excluded(**a))
            .map(|a| Recipient::User(*a))
            .chain(self.admin_chat.map(Recipient::Chat))
            .collect()
    }
}

impl Recipient {
    /// The Telegram chat the message goes to (a person's private chat has their user id).
    pub fn chat_id(self) -> i64 {
        match self {
            Recipient::User(user) => user.0,
            Recipient::Chat(chat) => chat,
        }
    }
}

/// One row of the outbox: a message, one file of a delivery, or an album of its files (one send each, so a retry
/// never re-sends what already went out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outgoing {
    Message(Notice),
    File {
        to: Recipient,
        attachment: Attachment,
        #[serde(default)]
        caption: Option<Text>,
        fallback: Fallback,
    },
    /// Two to ten files of one family, shown together as one album, the caption under the first.
    Album {
        to: Recipient,
        attachments: Vec<Attachment>,
        #[serde(default)]
        caption: Option<Text>,
        fallback: Fallback,
    },
}

/// The most files Telegram puts in one album.
pub const ALBUM_MAX: usize = 10;

impl Outgoing {
    /// A notice as outbox rows: its text, then its files in albums (see [`albums`]), the caption on the first.
    pub fn from_notice(notice: &Notice) -> Vec<Outgoing> {
        let mut text = notice.clone();
        text.attachments.clear();
        text.caption = None;
        let (to, fallback) = (notice.to, notice.fallback);
        let mut caption = notice.caption.clone();
        let files = albums(&notice.attachments).into_iter().map(|mut group| {
            let caption = caption.take();
            if group.len() == 1 {
                let attachment = group.remove(0);
                Outgoing::File {
                    to,
                    attachment,
                    caption,
                    fallback,
                }
            } else {
                Outgoing::Album {
                    to,
                    attachments: group,
                    caption,
                    fallback,
                }
            }
        });
        std::iter::once(Outgoing::Message(text))
            .chain(files)
            .collect()
    }

    pub fn recipient(&self) -> Recipient {
        match self {
            Outgoing::Message(n) => n.to,
            Outgoing::File { to, .. } | Outgoing::Album { to, .. } => *to,
        }
    }

    pub fn fallback(&self) -> Fallback {
        match self {
            Outgoing::Message(n) => n.fallback,
            Outgoing::File { fallback, .. } | Outgoing::Album { fallback, .. } => *fallback,
        }
    }
}

/// Files grouped as Telegram allows albums: photos and videos together, documents together, audio together, at
/// most ten to an album, each family in the order sent; voice notes cannot be grouped and go one by one.
pub fn albums(attachments: &[Attachment]) -> Vec<Vec<Attachment>> {
    use AttachmentKind::*;
    let families: [&[AttachmentKind]; 4] = [&[Photo, Video], &[Document], &[Audio], &[Voice]];
    let mut groups = Vec::new();
    for family in families {
        let members: Vec<Attachment> = attachments
            .iter()
            .filter(|a| family.contains(&a.kind))
            .cloned()
            .collect();
        let size = if family == [Voice] { 1 } else { ALBUM_MAX };
        groups.extend(members.chunks(size).map(<[Attachment]>::to_vec));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(kinds: &[AttachmentKind]) -> Vec<Attachment> {
        kinds
            .iter()
            .enumerate()
            .map(|(i, kind)| Attachment {
                kind: *kind,
                file_id: format!("f{i}"),
                name: None,
            })
            .collect()
    }

    #[test]
    fn albums_keep_families_apart_and_ten_at_most() {
        use AttachmentKind::*;
        let mut kinds = vec![Photo, Document, Video, Voice, Audio, Photo, Voice];
        kinds.extend([Document; 11]);
        let groups = albums(&files(&kinds));
        let shape: Vec<Vec<AttachmentKind>> = groups
            .iter()
            .map(|g| g.iter().map(|a| a.kind).collect())
            .collect();
        assert_eq!(
            shape,
            vec![
                vec![Photo, Video, Photo],
                vec![Document; 10],
                vec![Document; 2],
                vec![Audio],
                vec![Voice],
                vec![Voice],
            ]
        );
        // Every file once, each family in the order sent.
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), kinds.len());
        assert_eq!(groups[0][1].file_id, "f2");
    }
}
