//! What an inline button carries. One typed enum, versioned, at most 64 bytes (Telegram's limit); anything that
//! does not parse (an old or forged button) is answered politely and ignored. The data only names what was
//! pressed: who pressed it is checked by the domain, whatever the data says.

use dereja_domain::{InviteToken, Language, OrderId, Role, WithdrawalId};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Bumped when the meaning of existing button data changes, so old buttons are recognised as stale.
const VERSION: &str = "1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    SetLanguage(Language),
    /// New-order dialogue: the creator's role.
    ChooseRole(Role),
    /// New-order dialogue: another milestone, or done.
    AddMilestone,
    FinishMilestones,
    ConfirmOrder,
    /// New-order dialogue: "Edit" on the summary, then which milestone (its index).
    EditMilestones,
    EditMilestone(u8),
    CancelDialogue,
    /// New-order dialogue: "yes" to a deadline read by guessing.
    KeepDeadline,
    /// New-order dialogue: start from the n-th phase template, or blank (`None`).
    UseTemplate(Option<u8>),
    /// Join the order this invitation token opens (the token proves the link was given: order ids are guessable).
    Join(InviteToken),
    /// Join and accept every proposed milestone at once (one transaction).
    JoinAcceptAll(InviteToken),
    Accept(OrderId, u16),
    Decline(OrderId, u16),
    RequestChanges(OrderId, u16),
    PayByTelegram(OrderId, u16),
    PayByTransfer(OrderId, u16),
    ConfirmPayment(OrderId, u16),
    RejectPayment(OrderId, u16),
    StartDelivery(OrderId, u16),
    SubmitDelivery(OrderId, u16),
    Approve(OrderId, u16),
    RequestRevision(OrderId, u16),
    Cancel(OrderId, u16),
    RequestCancellation(OrderId, u16),
    AnswerCancellation(OrderId, u16, bool),
    ShowOrder(OrderId),
    /// The proposer revises a milestone the other party asked changes to.
    ReviseMilestone(OrderId, u16),
    /// Propose another milestone on a running order: an add-on.
    AddOn(OrderId),
    CancelOrder(OrderId),
    /// A rating of the other party, 1 to 5 stars.
    Rate(OrderId, u8),
    AskExtraRevision(OrderId, u16),
    GrantRevision(OrderId, u16),
    /// The buyer, after a missed deadline: more time, keep waiting, or a dispute.
    ExtendDeadline(OrderId, u16),
    KeepWaiting(OrderId, u16),
    OpenDispute(OrderId, u16),
    /// An admin's decision on a dispute (a split then asks for the seller's share).
    Resolve(OrderId, u16, Verdict),
    /// An admin asks one party for more information.
    AskParty(OrderId, u16, Role),
    /// A group admin asks for the dossier in private.
    ShowDispute(OrderId, u16),
    WithdrawDispute(OrderId, u16),
    /// A party answers an admin's question (or adds evidence).
    DisputeReply(OrderId, u16),
    /// Ends adding evidence; skips the optional note of a resolution.
    EvidenceDone,
    SkipNote,
    /// The buyer's rating of one approved milestone, 1 to 5 stars.
    RateMilestone(OrderId, u16, u8),
    /// Approval is asked twice: "Release ... ? This cannot be undone."
    ConfirmApprove(OrderId, u16),
    KeepReviewing(OrderId, u16),
    /// `/withdraw`: the seller confirms amount and destination.
    ConfirmWithdraw,
    /// The other party's profile, from an order.
    ShowProfile(OrderId),
    /// `/payout`: the n-th configured payout method.
    ChoosePayout(u8),
    /// An admin: a withdrawal was paid, or is rejected.
    PayWithdrawal(WithdrawalId),
    RejectWithdrawal(WithdrawalId),
    /// The buyer ticks (or unticks) a checklist item of a delivery (0-based).
    TickItem(OrderId, u16, u8),
    /// Write to the other party of an order, through the bot; and stop doing so.
    Chat(OrderId),
    LeaveChat,
    /// The seller writes a progress note.
    PostProgress(OrderId, u16),
    /// A page of `/orders` (0: the most recent).
    OrdersPage(u32),
}

/// Stored (in outbox rows) as the data the button sends.
impl Serialize for Callback {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Callback {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let data = String::deserialize(deserializer)?;
        data.parse()
            .map_err(|_| serde::de::Error::custom(format!("not button data: {data}")))
    }
}

/// What an admin decides on a dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Release,
    Refund,
    Split,
}

impl Verdict {
    fn as_str(&self) -> &'static str {
        match self {
            Verdict::Release => "rel",
            Verdict::Refund => "ref",
            Verdict::Split => "spl",
        }
    }
}

impl fmt::Display for Callback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Callback::*;
        write!(f, "{VERSION}:")?;
        match *self {
            SetLanguage(lang) => write!(f, "lang:{}", lang.code()),
            ChooseRole(role) => write!(f, "role:{}", role.as_str()),
            AddMilestone => write!(f, "more"),
            FinishMilestones => write!(f, "done"),
            ConfirmOrder => write!(f, "confirm"),
            EditMilestones => write!(f, "edit"),
            EditMilestone(i) => write!(f, "edit:{i}"),
            CancelDialogue => write!(f, "quit"),
            KeepDeadline => write!(f, "dl"),
            TickItem(o, s, i) => write!(f, "tick:{o}:{s}:{i}"),
            Chat(o) => write!(f, "chat:{o}"),
            LeaveChat => write!(f, "bye"),
            PostProgress(o, s) => write!(f, "prog:{o}:{s}"),
            OrdersPage(page) => write!(f, "ord:{page}"),
            UseTemplate(Some(i)) => write!(f, "tpl:{i}"),
            UseTemplate(None) => write!(f, "tpl"),
            Join(token) => write!(f, "join:{token}"),
            JoinAcceptAll(token) => write!(f, "joinall:{token}"),
            ShowOrder(o) => write!(f, "show:{o}"),
            AddOn(o) => write!(f, "prp:{o}"),
            ReviseMilestone(o, s) => write!(f, "rvs:{o}:{s}"),
            CancelOrder(o) => write!(f, "cxo:{o}"),
            Rate(o, stars) => write!(f, "rate:{o}:{stars}"),
            AskExtraRevision(o, s) => write!(f, "xrv:{o}:{s}"),
            GrantRevision(o, s) => write!(f, "grv:{o}:{s}"),
            ExtendDeadline(o, s) => write!(f, "ext:{o}:{s}"),
            KeepWaiting(o, s) => write!(f, "wait:{o}:{s}"),
            OpenDispute(o, s) => write!(f, "dsp:{o}:{s}"),
            Resolve(o, s, v) => write!(f, "res:{o}:{s}:{}", v.as_str()),
            AskParty(o, s, role) => write!(f, "ask:{o}:{s}:{}", role.as_str()),
            ShowDispute(o, s) => write!(f, "sdp:{o}:{s}"),
            WithdrawDispute(o, s) => write!(f, "wdp:{o}:{s}"),
            DisputeReply(o, s) => write!(f, "rpl:{o}:{s}"),
            EvidenceDone => write!(f, "evd"),
            SkipNote => write!(f, "skip"),
            ChoosePayout(i) => write!(f, "pm:{i}"),
            ShowProfile(o) => write!(f, "prof:{o}"),
            ConfirmWithdraw => write!(f, "cwd"),
            ConfirmApprove(o, s) => write!(f, "apc:{o}:{s}"),
            KeepReviewing(o, s) => write!(f, "apn:{o}:{s}"),
            RateMilestone(o, s, n) => write!(f, "rm:{o}:{s}:{n}"),
            PayWithdrawal(id) => write!(f, "wpd:{}", id.0),
            RejectWithdrawal(id) => write!(f, "wrj:{}", id.0),
            AnswerCancellation(o, s, agree) => write!(f, "cxa:{o}:{s}:{}", u8::from(agree)),
            Accept(o, s) => write!(f, "acc:{o}:{s}"),
            Decline(o, s) => write!(f, "dec:{o}:{s}"),
            RequestChanges(o, s) => write!(f, "chg:{o}:{s}"),
            PayByTelegram(o, s) => write!(f, "ptg:{o}:{s}"),
            PayByTransfer(o, s) => write!(f, "ptr:{o}:{s}"),
            ConfirmPayment(o, s) => write!(f, "pok:{o}:{s}"),
            RejectPayment(o, s) => write!(f, "pno:{o}:{s}"),
            StartDelivery(o, s) => write!(f, "dlv:{o}:{s}"),
            SubmitDelivery(o, s) => write!(f, "sub:{o}:{s}"),
            Approve(o, s) => write!(f, "apr:{o}:{s}"),
            RequestRevision(o, s) => write!(f, "rev:{o}:{s}"),
            Cancel(o, s) => write!(f, "cnl:{o}:{s}"),
            RequestCancellation(o, s) => write!(f, "cxr:{o}:{s}"),
        }
    }
}

impl FromStr for Callback {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() > 64 {
            return Err(());
        }
        let parts: Vec<&str> = s.split(':').collect();
        let (&version, rest) = parts.split_first().ok_or(())?;
        if version != VERSION {
            return Err(());
        }
        let fields = Fields(rest);
        let tag = rest.first().copied().ok_or(())?;
        if let Some(make) = milestone_button(tag) {
            fields.expect_len(3)?;
            return Ok(make(fields.order(1)?, fields.seq(2)?));
        }
        if let Some(make) = order_button(tag) {
            fields.expect_len(2)?;
            return Ok(make(fields.order(1)?));
        }
        if let Some(plain) = plain_button(tag, rest.len()) {
            fields.expect_len(1)?;
            return Ok(plain);
        }
        other_button(tag, &fields)
    }
}

/// The fields after the version, read one by one.
struct Fields<'a>(&'a [&'a str]);

impl Fields<'_> {
    fn expect_len(&self, n: usize) -> Result<(), ()> {
        if self.0.len() == n { Ok(()) } else { Err(()) }
    }

    fn text(&self, i: usize) -> Result<&str, ()> {
        self.0.get(i).copied().ok_or(())
    }

    fn number<T: FromStr>(&self, i: usize) -> Result<T, ()> {
        self.text(i)?.parse().map_err(|_| ())
    }

    fn order(&self, i: usize) -> Result<OrderId, ()> {
        Some(self.number::<i64>(i)?)
            .filter(|n| *n > 0)
            .map(OrderId)
            .ok_or(())
    }

    fn seq(&self, i: usize) -> Result<u16, ()> {
        Some(self.number::<u16>(i)?).filter(|n| *n > 0).ok_or(())
    }

    fn role(&self, i: usize) -> Result<Role, ()> {
        match self.text(i)? {
            "buyer" => Ok(Role::Buyer),
            "seller" => Ok(Role::Seller),
            _ => Err(()),
        }
    }
}

/// Buttons about one milestone: `<tag>:<order>:<seq>`.
fn milestone_button(tag: &str) -> Option<fn(OrderId, u16) -> Callback> {
    use Callback::*;
    Some(match tag {
        "prog" => PostProgress,
        "rvs" => ReviseMilestone,
        "acc" => Accept,
        "dec" => Decline,
        "chg" => RequestChanges,
        "ptg" => PayByTelegram,
        "ptr" => PayByTransfer,
        "pok" => ConfirmPayment,
        "pno" => RejectPayment,
        "dlv" => StartDelivery,
        "sub" => SubmitDelivery,
        "apr" => Approve,
        "rev" => RequestRevision,
        "cnl" => Cancel,
        "cxr" => RequestCancellation,
        "xrv" => AskExtraRevision,
        "grv" => GrantRevision,
        "ext" => ExtendDeadline,
        "wait" => KeepWaiting,
        "dsp" => OpenDispute,
        "sdp" => ShowDispute,
        "wdp" => WithdrawDispute,
        "rpl" => DisputeReply,
        "apc" => ConfirmApprove,
        "apn" => KeepReviewing,
        _ => return None,
    })
}

/// Buttons about a whole order: `<tag>:<order>`.
fn order_button(tag: &str) -> Option<fn(OrderId) -> Callback> {
    use Callback::*;
    Some(match tag {
        "chat" => Chat,
        "show" => ShowOrder,
        "prp" => AddOn,
        "cxo" => CancelOrder,
        "prof" => ShowProfile,
        _ => return None,
    })
}

/// Buttons without arguments (`edit` and `tpl` also come with one, read by [`other_button`]).
fn plain_button(tag: &str, len: usize) -> Option<Callback> {
    use Callback::*;
    Some(match (tag, len) {
        ("more", _) => AddMilestone,
        ("done", _) => FinishMilestones,
        ("confirm", _) => ConfirmOrder,
        ("edit", 1) => EditMilestones,
        ("quit", _) => CancelDialogue,
        ("dl", _) => KeepDeadline,
        ("tpl", 1) => UseTemplate(None),
        ("bye", _) => LeaveChat,
        ("evd", _) => EvidenceDone,
        ("skip", _) => SkipNote,
        ("cwd", _) => ConfirmWithdraw,
        _ => return None,
    })
}

/// The buttons with arguments of their own.
fn other_button(tag: &str, f: &Fields) -> Result<Callback, ()> {
    use Callback::*;
    let len = match tag {
        "lang" | "role" | "edit" | "tpl" | "pm" | "wpd" | "wrj" | "join" | "joinall" | "ord" => 2,
        "rate" => 3,
        "tick" | "cxa" | "rm" | "res" | "ask" => 4,
        _ => return Err(()),
    };
    f.expect_len(len)?;
    match tag {
        "lang" => {
            let lang: Language = f.number(1)?;
            crate::i18n::is_available(lang)
                .then_some(SetLanguage(lang))
                .ok_or(())
        }
        "role" => Ok(ChooseRole(f.role(1)?)),
        "join" => Ok(Join(f.text(1)?.parse()?)),
        "joinall" => Ok(JoinAcceptAll(f.text(1)?.parse()?)),
        "edit" => Ok(EditMilestone(f.number(1)?)),
        "tpl" => Ok(UseTemplate(Some(f.number(1)?))),
        "pm" => Ok(ChoosePayout(f.number(1)?)),
        "ord" => Ok(OrdersPage(f.number(1)?)),
        "wpd" => Ok(PayWithdrawal(WithdrawalId(f.order(1)?.0))),
        "wrj" => Ok(RejectWithdrawal(WithdrawalId(f.order(1)?.0))),
        "rate" => {
            let stars = Some(f.number::<u8>(2)?)
                .filter(|n| (1..=5).contains(n))
                .ok_or(())?;
            Ok(Rate(f.order(1)?, stars))
        }
        "tick" => Ok(TickItem(f.order(1)?, f.seq(2)?, f.number(3)?)),
        "rm" => Ok(RateMilestone(f.order(1)?, f.seq(2)?, f.number(3)?)),
        "cxa" => {
            let agree = match f.text(3)? {
                "1" => true,
                "0" => false,
                _ => return Err(()),
            };
            Ok(AnswerCancellation(f.order(1)?, f.seq(2)?, agree))
        }
        "res" => {
            let verdict = match f.text(3)? {
                "rel" => Verdict::Release,
                "ref" => Verdict::Refund,
                "spl" => Verdict::Split,
                _ => return Err(()),
            };
            Ok(Resolve(f.order(1)?, f.seq(2)?, verdict))
        }
        _ => Ok(AskParty(f.order(1)?, f.seq(2)?, f.role(3)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<Callback> {
        use Callback::*;
        let (o, s) = (OrderId(i64::MAX), u16::MAX);
        vec![
            SetLanguage(Language::AM),
            SetLanguage(Language::EN),
            ChooseRole(Role::Buyer),
            ChooseRole(Role::Seller),
            AddMilestone,
            FinishMilestones,
            ConfirmOrder,
            EditMilestones,
            EditMilestone(19),
            CancelDialogue,
            KeepDeadline,
            UseTemplate(Some(u8::MAX)),
            UseTemplate(None),
            TickItem(o, s, u8::MAX),
            Chat(o),
            LeaveChat,
            PostProgress(o, s),
            OrdersPage(u32::MAX),
            Join(InviteToken::from_bits(u128::MAX)),
            JoinAcceptAll(InviteToken::from_bits(u128::MAX)),
            ShowOrder(o),
            AddOn(o),
            ReviseMilestone(o, s),
            CancelOrder(o),
            Rate(o, 5),
            AskExtraRevision(o, s),
            GrantRevision(o, s),
            ExtendDeadline(o, s),
            KeepWaiting(o, s),
            OpenDispute(o, s),
            Resolve(o, s, Verdict::Release),
            Resolve(o, s, Verdict::Refund),
            Resolve(o, s, Verdict::Split),
            AskParty(o, s, Role::Buyer),
            AskParty(o, s, Role::Seller),
            ShowDispute(o, s),
            WithdrawDispute(o, s),
            DisputeReply(o, s),
            EvidenceDone,
            SkipNote,
            ChoosePayout(2),
            ShowProfile(o),
            ConfirmWithdraw,
            ConfirmApprove(o, s),
            KeepReviewing(o, s),
            RateMilestone(o, s, 5),
            PayWithdrawal(WithdrawalId(77)),
            RejectWithdrawal(WithdrawalId(77)),
            AnswerCancellation(o, s, true),
            AnswerCancellation(o, s, false),
            Accept(o, s),
            Decline(o, s),
            RequestChanges(o, s),
            PayByTelegram(o, s),
            PayByTransfer(o, s),
            ConfirmPayment(o, s),
            RejectPayment(o, s),
            StartDelivery(o, s),
            SubmitDelivery(o, s),
            Approve(o, s),
            RequestRevision(o, s),
            Cancel(o, s),
            RequestCancellation(o, s),
        ]
    }

    #[test]
    fn round_trips_within_telegrams_limit() {
        for cb in all() {
            let data = cb.to_string();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(data.parse(), Ok(cb), "{data}");
        }
    }

    #[test]
    fn refuses_stale_and_forged_data() {
        let long = "x".repeat(200);
        for bad in [
            "",
            "0:lang:am",
            "1:lang:fr",
            "1:lang",
            "1:lang:am:x",
            "1:pay:1",
            "1:apr:1",
            "1:apr:0:1",
            "1:apr:1:0",
            "1:apr:-3:1",
            "1:apr:1:1:1",
            "1:apr:x:1",
            "1:cxa:1:1:2",
            "1:role:admin",
            "1:rate:1:0",
            "1:rate:1:6",
            // An order number where the invitation token belongs: a forged join.
            "1:join:12",
            long.as_str(),
        ] {
            assert_eq!(bad.parse::<Callback>(), Err(()), "{bad}");
        }
    }
}
