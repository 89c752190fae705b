//! The store and the order service, run identically against SQLite and Postgres.

use crate::helpers::{fetch_all, on_both_backends};
use chrono::{Duration, TimeZone as _, Utc};
use dereja::clock::{Clock, ManualClock};
use dereja::messages::Audience;
use dereja::services::inbox::{Backlog, Claim, Inbox, finish_in};
use dereja::services::{Orders, ServiceError};
use dereja::store::{Claiming, Incoming, Store, StoreError, Taken, Tx};
use dereja::telegram::dialogue_storage::DialogueStorage;
use dereja_domain::*;
use std::collections::HashSet;
use std::str::FromStr;
use std::sync::Arc;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;
use tokio::sync::Notify;

const BUYER: UserId = UserId(1001);
const SELLER: UserId = UserId(2002);
const ADMIN: UserId = UserId(3003);

const TABLES: [&str; 19] = [
    "admin_log",
    "chats",
    "communities",
    "dialogues",
    "events",
    "inbox",
    "jobs",
    "ledger_entries",
    "ledger_transactions",
    "milestone_reviews",
    "milestones",
    "orders",
    "outbox",
    "payment_references",
    "payments",
    "reviews",
    "settings",
    "users",
    "withdrawals",
];

fn policy() -> Policy {
    Policy {
        auto_approve_after: Duration::days(3),
        clearing_period: Duration::days(14),
    }
}

fn user(id: UserId) -> Actor {
    Actor::User { id, admin: false }
}

fn etb(text: &str) -> Money {
    Money::new(
        rust_decimal::Decimal::from_str(text).unwrap(),
        Currency::ETB,
    )
    .unwrap()
}

fn terms(amount: &str) -> MilestoneTerms {
    MilestoneTerms {
        title: Title::new("Backend API").unwrap(),
        deliverables: Deliverables::new("- REST API\n- OpenAPI spec\n- tests").unwrap(),
        deadline: Deadline::after_activation(Duration::days(10)).unwrap(),
        amount: etb(amount),
        revisions: RevisionCount::new(2).unwrap(),
    }
}

struct Fixture {
    store: Store,
    clock: Arc<ManualClock>,
    orders: Orders,
}

impl Fixture {
    async fn new(store: Store) -> Fixture {
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 6, 1, 8, 30, 0).unwrap(),
        ));
        let orders = Orders::new(
            store.clone(),
            clock.clone(),
            dereja::services::orders::OrderRules {
                policy: policy(),
                reminders: dereja_domain::Reminders::default(),
                payout_methods: Vec::new(),
            },
            Audience::default(),
            Arc::new(Notify::new()),
            Arc::new(Notify::new()),
        );
        let mut tx = store.begin().await.unwrap();
        for (id, name) in [(BUYER, "Selam"), (SELLER, "Dawit"), (ADMIN, "Admin")] {
            let u = User {
                id,
                name: name.into(),
                language: Language::AM,
                time_zone: TimeZone::ADDIS_ABABA,
            };
            tx.save_user(&u, clock.now()).await.unwrap();
        }
        tx.commit().await.unwrap();
        Fixture {
            store,
            clock,
            orders,
        }
    }

    async fn open(&self, amounts: &[&str]) -> Order {
        let draft = OrderDraft::new(
            Title::new("Delivery app").unwrap(),
            Currency::ETB,
            Origin::Group { chat_id: -100_777 },
            BUYER,
            Role::Buyer,
            amounts.iter().map(|a| terms(a)).collect(),
        )
        .unwrap();
        self.orders.open(draft).await.unwrap().0
    }

    async fn run(&self, order: OrderId, actor: Actor, command: Command) -> Outcome {
        self.orders.execute(order, actor, command).await.unwrap()
    }

    /// Opened, joined, accepted and the first milestone funded and delivered.
    async fn delivered(&self, amounts: &[&str]) -> OrderId {
        let opened = self.open(amounts).await;
        let id = opened.id;
        let join = Command::Join {
            invitation: opened.invitation,
        };
        self.run(id, user(SELLER), join).await;
        for seq in 1..=amounts.len() as u16 {
            self.run(id, user(SELLER), Command::Accept { seq }).await;
        }
        let payment = PaymentRef::Telegram {
            charge_id: "c1".into(),
            provider_charge_id: "p1".into(),
        };
        self.run(id, user(BUYER), Command::Fund { seq: 1, payment })
            .await;
        let delivery = Delivery::new(Some("https://git.example.com/app"), vec![]).unwrap();
        self.run(id, user(SELLER), Command::Deliver { seq: 1, delivery })
            .await;
        id
    }

    async fn events(&self, id: OrderId) -> Vec<Event> {
        let mut tx = self.store.begin_read().await.unwrap();
        let events = tx.order_events(id).await.unwrap();
        tx.commit().await.unwrap();
        events
    }

    async fn postings(&self, id: OrderId) -> Vec<Transaction> {
        let mut tx = self.store.begin_read().await.unwrap();
        let postings = tx.order_postings(id).await.unwrap();
        tx.commit().await.unwrap();
        postings
    }

    async fn ledger_totals(&self) -> Vec<(String, i64)> {
        let mut tx = self.store.begin_read().await.unwrap();
        let totals = tx.ledger_totals().await.unwrap();
        tx.commit().await.unwrap();
        totals
    }
}

on_both_backends!(
    migrations_create_every_table_and_are_idempotent,
    an_opened_order_loads_back_identically,
    a_page_of_orders_loads_each_as_it_loads_alone,
    a_whole_milestone_keeps_money_exact_and_the_ledger_balanced,
    two_concurrent_approvals_give_one_success_and_one_clean_refusal,
    a_refused_command_writes_nothing,
    a_stale_version_is_a_conflict,
    the_inbox_stores_an_update_once_and_hands_out_a_chats_updates_in_order,
    a_claim_tells_whose_end_frees_another_update,
    a_handed_over_batch_is_stored_by_the_next_claim,
    a_batch_of_any_size_is_stored_and_finished_whole,
    an_update_that_keeps_failing_is_given_up_and_kept,
    users_keep_their_language,
    dialogues_survive_in_the_store,
    a_person_and_their_conversation_are_read_together,
    a_claim_reads_the_people_of_what_it_hands_out,
    a_claim_in_one_call_does_what_its_statements_do_one_by_one,
    writes_queued_together_keep_or_lose_only_their_own,
    a_write_that_began_the_transaction_undone_leaves_the_writes_queued_behind,
);

async fn migrations_create_every_table_and_are_idempotent(store: Store) {
    assert_eq!(store.table_names().await.unwrap(), TABLES);
    store.migrate().await.unwrap();
    assert_eq!(store.table_names().await.unwrap(), TABLES);
}

async fn an_opened_order_loads_back_identically(store: Store) {
    let f = Fixture::new(store).await;
    let opened = f.open(&["1500", "2500.75"]).await;
    assert_eq!(f.orders.get(opened.id).await.unwrap(), opened);
    assert_eq!(opened.origin, Origin::Group { chat_id: -100_777 });
    let names: Vec<_> = f
        .events(opened.id)
        .await
        .iter()
        .map(|e| e.kind.name())
        .collect();
    assert_eq!(
        names,
        ["order_opened", "milestone_proposed", "milestone_proposed"]
    );
    assert!(matches!(
        f.orders.get(OrderId(999_999)).await,
        Err(ServiceError::NotFound(OrderId(999_999)))
    ));
}

/// A page of orders is read in two statements, not two per order: each order as it loads alone, whatever its
/// milestones and their states, in the order asked; an id with no order is left out.
async fn a_page_of_orders_loads_each_as_it_loads_alone(store: Store) {
    let f = Fixture::new(store).await;
    let delivered = f.delivered(&["1500", "700"]).await;
    let opened = f.open(&["250"]).await.id;
    let three = f.open(&["1", "2", "3.50"]).await.id;
    let asked = [three, OrderId(999_999), delivered, opened];
    let mut tx = f.store.begin_read().await.unwrap();
    let page = tx.load_orders(&asked).await.unwrap();
    let mut alone = Vec::new();
    for id in [three, delivered, opened] {
        alone.push(tx.load_order(id).await.unwrap().unwrap().0);
    }
    assert!(tx.load_orders(&[]).await.unwrap().is_empty());
    tx.commit().await.unwrap();
    assert_eq!(page, alone);
    let milestones: Vec<usize> = page.iter().map(|o| o.milestones.len()).collect();
    assert_eq!(milestones, [3, 2, 1]);
    // The service's pages of two: the buyer's most recent first.
    for (from, expected) in [(0, vec![three, opened]), (2, vec![delivered])] {
        let page = f.orders.page_of_user(BUYER, from, 2).await.unwrap();
        let ids: Vec<OrderId> = page.iter().map(|o| o.id).collect();
        assert_eq!(ids, expected, "the page from {from}");
    }
}

async fn a_whole_milestone_keeps_money_exact_and_the_ledger_balanced(store: Store) {
    let f = Fixture::new(store).await;
    let id = f.delivered(&["1234567.89", "0.01"]).await;
    f.run(id, user(BUYER), Command::Approve { seq: 1 }).await;
    f.clock.advance(Duration::days(14));
    f.run(id, Actor::System, Command::Clear { seq: 1 }).await;

    let order = f.orders.get(id).await.unwrap();
    assert_eq!(
        order.milestone(1).unwrap().status.kind(),
        StatusKind::Cleared
    );
    assert_eq!(order.milestone(1).unwrap().terms.amount, etb("1234567.89"));
    assert_eq!(order.milestone(2).unwrap().terms.amount, etb("0.01"));

    // The books, rebuilt from the stored rows, balance and account for every cent.
    let postings = f.postings(id).await;
    let kinds: Vec<_> = postings.iter().map(|t| t.kind()).collect();
    assert_eq!(
        kinds,
        [
            PostingKind::Funding,
            PostingKind::Release,
            PostingKind::Clearing
        ]
    );
    let mut ledger = Ledger::default();
    postings.iter().for_each(|t| ledger.post(t));
    assert!(ledger.total(Currency::ETB).is_zero());
    let available = ledger.balance(Account::Available { user: SELLER }, Currency::ETB);
    assert_eq!(available, etb("1234567.89").amount());
    let m1 = MilestoneMoney::from_transactions(MilestoneRef { order: id, seq: 1 }, &postings);
    assert!(m1.is_conserved());
    assert_eq!(m1.released, etb("1234567.89").amount());
    assert_eq!(f.ledger_totals().await, vec![("ETB".to_string(), 0)]);

    let names: Vec<_> = f.events(id).await.iter().map(|e| e.kind.name()).collect();
    assert_eq!(
        names[names.len() - 6..],
        [
            "proposal_accepted",
            "funded",
            "started",
            "delivered",
            "approved",
            "cleared"
        ]
    );
}

async fn two_concurrent_approvals_give_one_success_and_one_clean_refusal(store: Store) {
    let f = Fixture::new(store).await;
    let id = f.delivered(&["900"]).await;
    let (a, b) = tokio::join!(
        f.orders
            .execute(id, user(BUYER), Command::Approve { seq: 1 }),
        f.orders
            .execute(id, user(BUYER), Command::Approve { seq: 1 }),
    );
    let (ok, refused) = match (a, b) {
        (Ok(ok), Err(e)) | (Err(e), Ok(ok)) => (ok, e),
        (a, b) => panic!("expected one success and one refusal, got {a:?} and {b:?}"),
    };
    assert!(matches!(ok.events[0].kind, EventKind::Approved { .. }));
    assert!(
        matches!(
            refused,
            ServiceError::Domain(DomainError::InvalidTransition {
                from: StatusKind::Approved,
                action: Action::Approve,
                ..
            })
        ),
        "{refused:?}"
    );
    let postings = f.postings(id).await;
    let releases = postings
        .iter()
        .filter(|t| t.kind() == PostingKind::Release)
        .count();
    assert_eq!(releases, 1, "the money was released once");
    assert_eq!(f.ledger_totals().await, vec![("ETB".to_string(), 0)]);
}

async fn a_refused_command_writes_nothing(store: Store) {
    let f = Fixture::new(store).await;
    let id = f.delivered(&["900"]).await;
    let before_events = f.events(id).await.len();
    let before = f.orders.get(id).await.unwrap();
    // The seller pressing the buyer's "approve" button (a forged callback) is refused.
    let refused = f
        .orders
        .execute(id, user(SELLER), Command::Approve { seq: 1 })
        .await;
    assert!(matches!(
        refused,
        Err(ServiceError::Domain(DomainError::NotAllowed {
            action: Action::Approve,
            ..
        }))
    ));
    assert_eq!(f.orders.get(id).await.unwrap(), before);
    assert_eq!(f.events(id).await.len(), before_events);
    assert_eq!(f.postings(id).await.len(), 1, "only the funding");
}

async fn a_stale_version_is_a_conflict(store: Store) {
    let f = Fixture::new(store.clone()).await;
    let id = f.open(&["10"]).await.id;
    let mut tx = store.begin().await.unwrap();
    let (order, version) = tx.load_order(id).await.unwrap().unwrap();
    let next = tx.save_order(&order, version, f.clock.now()).await.unwrap();
    assert_eq!(next, version + 1);
    assert!(matches!(
        tx.save_order(&order, version, f.clock.now()).await,
        Err(StoreError::Conflict)
    ));
}

fn incoming(update_id: i64, chat_id: i64) -> Incoming {
    Incoming {
        update_id,
        chat_id,
        payload: format!("{{\"update_id\":{update_id}}}"),
        reader: None,
    }
}

async fn claim(inbox: &Inbox) -> Vec<i64> {
    claim_after(inbox, &[]).await
}

/// Marks `finished` done and claims, in one transaction.
async fn claim_after(inbox: &Inbox, finished: &[i64]) -> Vec<i64> {
    claim_up_to(inbox, 10, finished, &HashSet::new()).await.0
}

/// Claims at most `limit` while this process handles updates of the `busy` chats.
async fn claim_up_to(
    inbox: &Inbox,
    limit: i64,
    finished: &[i64],
    busy: &HashSet<i64>,
) -> (Vec<i64>, Backlog) {
    let (claims, backlog) = inbox.claim(limit, finished, busy).await.unwrap();
    let ids = claims
        .into_iter()
        .map(|c| match c {
            Claim::Handle(c, _) => c.update_id,
            Claim::GivenUp(id) => -id,
        })
        .collect();
    (ids, backlog)
}

async fn a_claim_tells_whose_end_frees_another_update(store: Store) {
    let inbox = Inbox::new(store.clone(), 3);
    let batch = [
        incoming(1, 10),
        incoming(2, 10),
        incoming(3, 20),
        incoming(4, 30),
    ];
    inbox.receive(&batch).await.unwrap();
    let (taken, backlog) = claim_up_to(&inbox, 10, &[], &HashSet::new()).await;
    assert_eq!(taken, [1, 3, 4]);
    // Chat 10's second update waits behind its first; chats 20 and 30 hold nothing more.
    assert!(backlog.frees_another(10));
    assert!(!backlog.frees_another(20));
    assert!(!backlog.frees_another(30));
    // A later arrival behind a busy chat shows at the next claim, which cannot take it yet.
    inbox.receive(&[incoming(5, 20)]).await.unwrap();
    let busy = HashSet::from([10, 20, 30]);
    let (taken, backlog) = claim_up_to(&inbox, 10, &[4], &busy).await;
    assert_eq!(taken, Vec::<i64>::new());
    assert!(backlog.frees_another(10) && backlog.frees_another(20));
    assert!(!backlog.frees_another(30));
    // A claim that takes all it may leaves others free: any end may free one.
    let (taken, backlog) = claim_up_to(&inbox, 1, &[1, 3], &HashSet::from([30])).await;
    assert_eq!(taken, [2]);
    assert!(backlog.frees_another(30));
}

/// The poller's batch goes into the workers' next claim: stored and claimed in one transaction, and the poller
/// learns it may acknowledge the batch only then; a claim that may take nothing (every handler busy) still stores.
async fn a_handed_over_batch_is_stored_by_the_next_claim(store: Store) {
    let inbox = Inbox::new(store.clone(), 3);
    let poller = inbox.clone();
    let handed = tokio::spawn(async move {
        poller
            .hand_over(vec![incoming(1, 10), incoming(2, 20)])
            .await
    });
    while !inbox.holds_batches() {
        tokio::task::yield_now().await;
    }
    assert!(
        !handed.is_finished(),
        "not acknowledged before it is stored"
    );
    assert_eq!(inbox.next_offset().await.unwrap(), None);
    assert_eq!(claim_up_to(&inbox, 1, &[], &HashSet::new()).await.0, [1]);
    handed.await.unwrap().expect("stored");
    assert_eq!(inbox.next_offset().await.unwrap(), Some(3));
    // Every handler busy: the claim takes nothing, but the batch is stored.
    let poller = inbox.clone();
    let handed = tokio::spawn(async move { poller.hand_over(vec![incoming(3, 30)]).await });
    while !inbox.holds_batches() {
        tokio::task::yield_now().await;
    }
    let (taken, backlog) = claim_up_to(&inbox, 0, &[1], &HashSet::from([10])).await;
    assert!(taken.is_empty() && backlog.frees_another(10));
    handed.await.unwrap().expect("stored");
    assert_eq!(inbox.next_offset().await.unwrap(), Some(4));
    assert_eq!(claim(&inbox).await, [2, 3]);
}

/// A batch of any size is stored in one statement and marked done in one (SQLite once took a placeholder per value,
/// 500 rows to a statement), each update as it came: quotes and Amharic in its text, its reader or none.
async fn a_batch_of_any_size_is_stored_and_finished_whole(store: Store) {
    let inbox = Inbox::new(store.clone(), 3);
    let batch: Vec<Incoming> = (1..=2_000)
        .map(|id| Incoming {
            update_id: id,
            chat_id: id % 700,
            payload: format!(r#"{{"update_id":{id},"text":"\"ሰላም\" {id}"}}"#),
            reader: (id % 2 == 0).then_some((UserId(id), id % 700)),
        })
        .collect();
    assert_eq!(inbox.receive(&batch).await.unwrap(), 2_000);
    let (claims, _) = inbox.claim(1_000, &[], &HashSet::new()).await.unwrap();
    let taken: Vec<_> = claims
        .into_iter()
        .map(|c| match c {
            Claim::Handle(c, _) => c,
            Claim::GivenUp(id) => panic!("update {id} given up"),
        })
        .collect();
    // The first update of each of the 700 chats, as stored.
    let ids: Vec<i64> = taken.iter().map(|c| c.update_id).collect();
    assert_eq!(ids, (1..=700).collect::<Vec<_>>());
    for claimed in &taken {
        let sent = &batch[claimed.update_id as usize - 1];
        assert_eq!(claimed.chat_id, sent.chat_id);
        assert_eq!(claimed.payload, sent.payload);
        assert_eq!(claimed.reader(), sent.reader);
    }
    // All marked done at once: each chat's next comes out.
    let (claims, _) = inbox.claim(1_000, &ids, &HashSet::new()).await.unwrap();
    assert_eq!(claims.len(), 700);
}

async fn the_inbox_stores_an_update_once_and_hands_out_a_chats_updates_in_order(store: Store) {
    let inbox = Inbox::new(store.clone(), 3);
    assert_eq!(inbox.next_offset().await.unwrap(), None);
    let batch = [incoming(1, 10), incoming(2, 10), incoming(3, 20)];
    assert_eq!(inbox.receive(&batch).await.unwrap(), 3);
    // Telegram sends the batch again (the acknowledgement was lost): nothing new.
    assert_eq!(inbox.receive(&batch).await.unwrap(), 0);
    assert_eq!(inbox.next_offset().await.unwrap(), Some(4));
    // The first update of each chat; chat 10's second waits for its first.
    assert_eq!(claim(&inbox).await, [1, 3]);
    assert_eq!(claim(&inbox).await, Vec::<i64>::new());
    // Update 1 changed nothing: it is marked done with the next claim, which then hands out chat 10's next.
    assert_eq!(claim_after(&inbox, &[1]).await, [2]);
    // The transaction of a handler's effects marks it done; marking it again changes nothing.
    let mut tx = store.begin().await.unwrap();
    Inbox::handling(2, finish_in(&mut tx)).await.unwrap();
    tx.commit().await.unwrap();
    inbox.finish(&[2, 3]).await.unwrap();
    assert_eq!(claim(&inbox).await, Vec::<i64>::new());
    // Handled updates are pruned; the next offset comes from what is left, or from Telegram.
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.prune(Utc::now() + Duration::seconds(1)).await.unwrap(),
        3
    );
    tx.commit().await.unwrap();
}

async fn given_up(store: &Store) -> Vec<i64> {
    let mut tx = store.begin().await.unwrap();
    let ids = tx
        .failed_updates(Utc::now() - Duration::days(1))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    ids
}

async fn an_update_that_keeps_failing_is_given_up_and_kept(store: Store) {
    let inbox = Inbox::new(store.clone(), 2);
    inbox.receive(&[incoming(7, 10)]).await.unwrap();
    let first = match inbox.claim(10, &[], &HashSet::new()).await.unwrap().0.pop() {
        Some(Claim::Handle(c, _)) => c,
        _ => panic!("update 7 is handed out"),
    };
    assert_eq!(first.attempts, 1);
    inbox.failed(&first, "database unreachable").await.unwrap();
    // Waiting to retry: not handed out at once.
    assert_eq!(claim(&inbox).await, Vec::<i64>::new());
    let mut tx = store.begin().await.unwrap();
    let later = Utc::now() + Duration::minutes(1);
    let retried = tx.claim_updates(later, later, 10).await.unwrap();
    assert_eq!(retried.iter().map(|c| c.attempts).collect::<Vec<_>>(), [2]);
    tx.fail_update(7, later, None, "still failing")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(given_up(&store).await, [7]);
    // Kept past pruning, for the admins.
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.prune(Utc::now() + Duration::days(30)).await.unwrap(), 0);
    tx.commit().await.unwrap();
    assert_eq!(given_up(&store).await, [7]);
}

async fn users_keep_their_language(store: Store) {
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::new(Utc::now()));
    let users = dereja::services::Users::new(store, clock, TimeZone::ADDIS_ABABA, Language::EN);
    let seen = |name| dereja::services::Seen {
        id: UserId(5),
        name,
        username: None,
        language_code: Some("am-ET"),
    };
    let (user, new) = users.seen(seen("Hana")).await.unwrap();
    assert!(new);
    assert_eq!(user.language, Language::AM);
    users.set_language(UserId(5), Language::EN).await.unwrap();
    let (user, new) = users.seen(seen("Hana B.")).await.unwrap();
    assert!(!new);
    assert_eq!(
        user.language,
        Language::EN,
        "a chosen language beats Telegram's language_code"
    );
    assert_eq!(user.name, "Hana B.");
    assert_eq!(
        users.set_language(UserId(6), Language::AM).await.unwrap(),
        None
    );
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
enum Dialogue {
    AskTitle,
    AskAmount { title: String },
}

async fn a_person_and_their_conversation_are_read_together(store: Store) {
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::new(Utc::now()));
    let users =
        dereja::services::Users::new(store.clone(), clock, TimeZone::ADDIS_ABABA, Language::EN);
    let seen = dereja::services::Seen {
        id: UserId(5),
        name: "Hana",
        username: Some("Hana_B"),
        language_code: None,
    };
    // First contact writes the person; their conversation is not read with them then.
    let known = users.seen_in(seen, 5, None).await.unwrap();
    assert!(known.first_contact);
    assert_eq!(known.dialogue, None);
    let storage = DialogueStorage::new(store);
    let state = Dialogue::AskAmount {
        title: "ሎጎ".into()
    };
    storage
        .clone()
        .update_dialogue(ChatId(5), state.clone())
        .await
        .unwrap();
    // Known and unchanged: one read brings the conversation of the chat asked about, or none.
    let known = users.seen_in(seen, 5, None).await.unwrap();
    assert!(!known.first_contact);
    let read = known
        .dialogue
        .expect("read with the person")
        .expect("a conversation");
    assert_eq!(serde_json::from_value::<Dialogue>(read).unwrap(), state);
    assert_eq!(
        users.seen_in(seen, -100, None).await.unwrap().dialogue,
        Some(None)
    );
    // A changed name is written first, and the conversation read on its own.
    let renamed = dereja::services::Seen {
        name: "Hana B.",
        ..seen
    };
    assert_eq!(
        users.seen_in(renamed, 5, None).await.unwrap().dialogue,
        None
    );
}

async fn dialogues_survive_in_the_store(store: Store) {
    let storage = DialogueStorage::new(store);
    let chat = ChatId(77);
    let get = || Storage::<Dialogue>::get_dialogue(storage.clone(), chat);
    assert_eq!(get().await.unwrap(), None);
    storage
        .clone()
        .update_dialogue(chat, Dialogue::AskTitle)
        .await
        .unwrap();
    let state = Dialogue::AskAmount {
        title: "ሎጎ".into()
    };
    storage
        .clone()
        .update_dialogue(chat, state.clone())
        .await
        .unwrap();
    assert_eq!(get().await.unwrap(), Some(state));
    Storage::<Dialogue>::remove_dialogue(storage.clone(), chat)
        .await
        .unwrap();
    assert_eq!(get().await.unwrap(), None);
}

/// An update from `reader` (a person and the chat whose conversation it continues).
fn from_reader(update_id: i64, chat_id: i64, reader: Option<(UserId, i64)>) -> Incoming {
    Incoming {
        reader,
        ..incoming(update_id, chat_id)
    }
}

/// Hana (5, Amharic), known to the bot, in `state` in her private chat.
async fn hana_in_a_conversation(
    store: &Store,
    state: Dialogue,
) -> (dereja::services::Users, dereja::services::Seen<'static>) {
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::new(Utc::now()));
    let users =
        dereja::services::Users::new(store.clone(), clock, TimeZone::ADDIS_ABABA, Language::EN);
    let hana = dereja::services::Seen {
        id: UserId(5),
        name: "Hana",
        username: None,
        language_code: Some("am"),
    };
    users.seen(hana).await.unwrap();
    DialogueStorage::new(store.clone())
        .update_dialogue(ChatId(5), state)
        .await
        .unwrap();
    (users, hana)
}

/// A claim reads the person behind each update it hands out, with the conversation the update continues, in its
/// own transaction; the handler then takes them from there instead of reading them again.
async fn a_claim_reads_the_people_of_what_it_hands_out(store: Store) {
    let state = Dialogue::AskAmount {
        title: "ሎጎ".into()
    };
    let (users, hana) = hana_in_a_conversation(&store, state.clone()).await;
    let inbox = Inbox::new(store.clone(), 3);
    // Hana in her private chat, Hana pressing in a group (her private conversation), a stranger, a payment check.
    let batch = [
        from_reader(1, 5, Some((UserId(5), 5))),
        from_reader(2, -100, Some((UserId(5), 5))),
        from_reader(3, 9, Some((UserId(9), 9))),
        from_reader(4, 11, None),
    ];
    inbox.receive(&batch).await.unwrap();
    let (claims, _) = inbox.claim(10, &[], &HashSet::new()).await.unwrap();
    let mut read = Vec::new();
    for claim in claims {
        let Claim::Handle(claimed, prefetched) = claim else {
            panic!("handed out")
        };
        assert_eq!(prefetched.as_ref().map(|p| p.reader), claimed.reader());
        read.push((claimed.update_id, prefetched));
    }
    let [
        (1, Some(private)),
        (2, Some(pressed)),
        (3, Some(stranger)),
        (4, None),
    ] = &read[..]
    else {
        panic!("each update with its reader as stored");
    };
    for p in [private, pressed] {
        let seen = p.seen.as_ref().expect("Hana is known");
        assert_eq!(
            (seen.user.name.as_str(), seen.user.language),
            ("Hana", Language::AM)
        );
        let conversation = seen.dialogue.clone().expect("her conversation");
        assert_eq!(
            serde_json::from_value::<Dialogue>(conversation).unwrap(),
            state
        );
    }
    assert!(stranger.seen.is_none(), "not known yet");
    // The handler takes what the claim read: the same person and conversation as a read of its own.
    let known = users.seen_in(hana, 5, Some(private.clone())).await.unwrap();
    assert!(!known.first_contact);
    let own = users.seen_in(hana, 5, None).await.unwrap();
    assert_eq!((known.user, known.dialogue), (own.user, own.dialogue));
    // A stranger's first contact is recorded as before.
    let stranger_seen = dereja::services::Seen {
        id: UserId(9),
        name: "Abebe",
        username: None,
        language_code: None,
    };
    let met = users
        .seen_in(stranger_seen, 9, Some(stranger.clone()))
        .await
        .unwrap();
    assert!(met.first_contact);
}

/// What a claim took, comparable: each update with its attempts, payload and reader; the people read, by chat;
/// the chats holding more.
type Summary = (
    Vec<(i64, i64, i64, String, Option<(UserId, i64)>)>,
    Vec<(i64, UserId, Option<serde_json::Value>)>,
    Option<Vec<i64>>,
);

fn summary(taken: Taken) -> Summary {
    let claimed = taken
        .claimed
        .into_iter()
        .map(|c| {
            (
                c.update_id,
                c.chat_id,
                c.attempts,
                c.payload.clone(),
                c.reader(),
            )
        })
        .collect();
    let mut readers: Vec<_> = taken
        .readers
        .into_iter()
        .map(|(chat, seen)| (chat, seen.user.id, seen.dialogue))
        .collect();
    readers.sort_by_key(|(chat, user, _)| (*chat, user.0));
    readers.dedup();
    let queued = taken.queued.map(|mut q| {
        q.sort_unstable();
        q
    });
    (claimed, readers, queued)
}

/// On Postgres a claim is one call to a function of the database that runs the claim's statements; on SQLite it
/// runs them one by one. Both must agree: the same claim, run one by one (then rolled back) and as one unit, takes
/// the same updates, reads the same people and names the same chats holding more.
async fn a_claim_in_one_call_does_what_its_statements_do_one_by_one(store: Store) {
    hana_in_a_conversation(&store, Dialogue::AskTitle).await;
    let inbox = Inbox::new(store.clone(), 3);
    let earlier = [
        from_reader(1, 5, Some((UserId(5), 5))),
        from_reader(2, 5, Some((UserId(5), 5))),
        from_reader(3, 20, None),
        from_reader(4, 30, Some((UserId(30), 30))),
    ];
    inbox.receive(&earlier).await.unwrap();
    assert_eq!(claim(&inbox).await, [1, 3, 4]);
    // Update 1 ended; a batch arrives for a new chat and for busy chat 20.
    let arrived = [
        from_reader(5, 40, Some((UserId(9), 40))),
        from_reader(6, 20, None),
    ];
    // First one update at most (it takes all it may: nothing said of what waits), then the rest.
    for limit in [1, 10] {
        let now = Utc::now();
        let claiming = Claiming {
            arrived: &arrived,
            finished: &[1],
            busy: &[20, 30],
            now,
            lease_until: now + Duration::seconds(30),
            limit,
        };
        let mut tx = store.begin().await.unwrap();
        let by_step = summary(tx.claim_step_by_step(&claiming).await.unwrap());
        tx.rollback().await.unwrap();
        let at_once = summary(store.claim_inbox(&claiming).await.unwrap());
        assert_eq!(at_once, by_step, "limit {limit}");
        let taken: Vec<i64> = at_once.0.iter().map(|c| c.0).collect();
        if limit == 1 {
            assert_eq!(taken, [2]);
            let conversation = serde_json::to_value(Dialogue::AskTitle).unwrap();
            assert_eq!(at_once.1, [(5, UserId(5), Some(conversation))]);
            assert_eq!(at_once.2, None, "took all it could");
        } else {
            assert_eq!(taken, [5]);
            assert!(at_once.1.is_empty(), "the bot does not know person 9");
            assert_eq!(at_once.2, Some(vec![20]), "chat 20 holds update 6 behind 3");
        }
    }
    assert_eq!(claim(&inbox).await, Vec::<i64>::new(), "all taken");
}

/// Writes queued behind one another (on SQLite they share one commit) each keep or lose only their own changes: one
/// rolled back or dropped unfinished leaves the others', and a commit returns only once what it wrote is there for
/// every other connection. Then the writer is free again for the next write.
async fn writes_queued_together_keep_or_lose_only_their_own(store: Store) {
    let mut first = store.begin().await.unwrap();
    first.set_setting("first", Some("kept")).await.unwrap();
    // While the first holds the writer, the others queue behind it.
    let writers: Vec<_> = (0..12)
        .map(|i| tokio::spawn(write_one_setting(store.clone(), i)))
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    first.commit().await.unwrap();
    for writer in writers {
        writer.await.unwrap();
    }
    let kept: Vec<(String,)> = fetch_all!(
        &store,
        "SELECT name FROM settings WHERE name LIKE 'w%' ORDER BY name"
    )
    .unwrap();
    let kept: Vec<String> = kept.into_iter().map(|(name,)| name).collect();
    assert_eq!(
        kept,
        ["w0", "w3", "w6", "w9"],
        "exactly the committed writes"
    );
    let mut tx = store.begin().await.unwrap();
    tx.set_setting("after", Some("kept")).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(setting(&store, "after").await.as_deref(), Some("kept"));
    assert_eq!(setting(&store, "first").await.as_deref(), Some("kept"));
}

/// The write that began the writer's transaction holds no savepoint: undone (rolled back, or dropped unfinished) it
/// ends that transaction, and the writes queued behind it begin another and keep theirs.
async fn a_write_that_began_the_transaction_undone_leaves_the_writes_queued_behind(store: Store) {
    for drop_it in [false, true] {
        let mut first = store.begin().await.unwrap();
        first.set_setting("first", Some("undone")).await.unwrap();
        let queued: Vec<_> = (0..3)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut tx = store.begin().await.unwrap();
                    tx.set_setting(&format!("q{i}"), Some("kept"))
                        .await
                        .unwrap();
                    tx.commit().await.unwrap();
                })
            })
            .collect();
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        if drop_it {
            drop(first);
        } else {
            first.rollback().await.unwrap();
        }
        for write in queued {
            write.await.unwrap();
        }
        assert_eq!(setting(&store, "first").await, None);
        for i in 0..3 {
            assert_eq!(
                setting(&store, &format!("q{i}")).await.as_deref(),
                Some("kept")
            );
        }
    }
}

/// Writes setting `w{i}`, then commits it (`i % 3 == 0`), rolls it back (1) or drops it unfinished (2).
async fn write_one_setting(store: Store, i: usize) {
    let name = format!("w{i}");
    let mut tx = store.begin().await.unwrap();
    tx.set_setting(&name, Some("written")).await.unwrap();
    match i % 3 {
        0 => {
            tx.commit().await.unwrap();
            assert_eq!(setting(&store, &name).await.as_deref(), Some("written"));
        }
        1 => tx.rollback().await.unwrap(),
        _ => drop(tx),
    }
}

/// A setting as another connection reads it.
async fn setting(store: &Store, name: &str) -> Option<String> {
    let mut tx = store.read().await.unwrap();
    let value = tx.setting(name).await.unwrap();
    tx.commit().await.unwrap();
    value
}

/// On SQLite the writes queued together share one commit, so a commit that fails fails them all: each hears so, none
/// of their changes stays, and the writer goes on. (A foreign key deferred to the commit makes this one fail.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_commit_that_fails_fails_every_write_in_it() {
    let db = crate::helpers::TestDb::sqlite().await;
    let store = db.store.clone();
    let mut breaking = store.begin().await.unwrap();
    let Tx::Sqlite(conn) = &mut breaking else {
        unreachable!("a SQLite store")
    };
    for sql in [
        "PRAGMA defer_foreign_keys = ON",
        "INSERT INTO events (order_id, kind, at, data) VALUES (424242, 'x', 'now', '{}')",
    ] {
        sqlx::query(sql).execute(&mut **conn).await.unwrap();
    }
    let queued: Vec<_> = (0..3)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut tx = store.begin().await?;
                tx.set_setting(&format!("g{i}"), Some("written")).await?;
                tx.commit().await
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert!(matches!(
        breaking.commit().await,
        Err(StoreError::Commit(_))
    ));
    for write in queued {
        let outcome = write.await.unwrap();
        assert!(matches!(outcome, Err(StoreError::Commit(_))), "{outcome:?}");
    }
    assert_eq!(setting(&store, "g0").await, None);
    let events: Vec<(i64,)> = fetch_all!(&store, "SELECT id FROM events").unwrap();
    assert!(events.is_empty());
    let mut tx = store.begin().await.unwrap();
    tx.set_setting("after", Some("kept")).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(setting(&store, "after").await.as_deref(), Some("kept"));
    db.finish().await;
}

/// On SQLite a write begun while the same task holds another (a bug) fails after the writer's wait, as a pooled
/// connection's would, instead of waiting forever; the first goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_begun_inside_another_fails_instead_of_waiting_forever() {
    let db = crate::helpers::TestDb::sqlite().await;
    let mut outer = db.store.begin().await.unwrap();
    outer.set_setting("outer", Some("kept")).await.unwrap();
    let inner = db.store.begin().await;
    assert!(matches!(
        inner,
        Err(StoreError::Database(sqlx::Error::PoolTimedOut))
    ));
    outer.commit().await.unwrap();
    assert_eq!(setting(&db.store, "outer").await.as_deref(), Some("kept"));
    db.finish().await;
}

/// On Postgres the writes queued behind the two writers' lanes share their lane's transaction: one commit each for
/// the four writes of a lane.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_writes_queued_on_a_lane_share_its_commit() {
    let Some(db) = crate::helpers::TestDb::postgres().await else {
        return;
    };
    assert_eq!(writes_per_commit(&db.store, 6).await, [4, 4]);
    db.finish().await;
}

/// A commit serves at most 64 writes: the 71 of a lane go in two.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_commits_at_most_64_writes_at_once() {
    let Some(db) = crate::helpers::TestDb::postgres().await else {
        return;
    };
    assert_eq!(writes_per_commit(&db.store, 140).await, [7, 7, 64, 64]);
    db.finish().await;
}

/// Holds both lanes while `queued` writes queue behind them, then lets them all go: how many writes each
/// transaction held, fewest first.
async fn writes_per_commit(store: &Store, queued: usize) -> Vec<usize> {
    let mut first = store.begin().await.unwrap();
    let mut second = store.begin().await.unwrap();
    record_transaction(&mut first, "t-first").await;
    record_transaction(&mut second, "t-second").await;
    let queued: Vec<_> = (0..queued)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut tx = store.begin().await.unwrap();
                record_transaction(&mut tx, &format!("t{i}")).await;
                tx.commit().await.unwrap();
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    first.commit().await.unwrap();
    second.commit().await.unwrap();
    for write in queued {
        write.await.unwrap();
    }
    let rows: Vec<(String,)> =
        fetch_all!(store, "SELECT value FROM settings WHERE name LIKE 't%'").unwrap();
    let mut per_transaction = std::collections::HashMap::<String, usize>::new();
    for (transaction,) in rows {
        *per_transaction.entry(transaction).or_default() += 1;
    }
    let mut sizes: Vec<usize> = per_transaction.into_values().collect();
    sizes.sort_unstable();
    sizes
}

/// Saves, as the setting `name`, the id of the Postgres transaction `tx` writes in.
async fn record_transaction(tx: &mut Tx, name: &str) {
    let Tx::Postgres(conn) = tx else {
        unreachable!("a Postgres store")
    };
    let id: i64 = sqlx::query_scalar("SELECT txid_current()")
        .fetch_one(&mut **conn)
        .await
        .unwrap();
    tx.set_setting(name, Some(&id.to_string())).await.unwrap();
}

/// When Postgres drops the writers' connections (a restart), only the write in flight fails: the next writes, on
/// both lanes at once, open new connections and go through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_writers_survive_their_connections_being_dropped() {
    let Some(db) = crate::helpers::TestDb::postgres().await else {
        return;
    };
    let store = db.store.clone();
    let mut in_flight = store.begin().await.unwrap();
    let mut idle = store.begin().await.unwrap();
    let lanes = [
        backend_pid(&mut in_flight).await,
        backend_pid(&mut idle).await,
    ];
    idle.rollback().await.unwrap();
    in_flight.set_setting("lost", Some("x")).await.unwrap();
    terminate(&store, &lanes).await;
    assert!(in_flight.commit().await.is_err(), "its connection is gone");
    let (mut a, mut b) = (store.begin().await.unwrap(), store.begin().await.unwrap());
    a.set_setting("a", Some("kept")).await.unwrap();
    b.set_setting("b", Some("kept")).await.unwrap();
    a.commit().await.unwrap();
    b.commit().await.unwrap();
    assert_eq!(setting(&store, "a").await.as_deref(), Some("kept"));
    assert_eq!(setting(&store, "b").await.as_deref(), Some("kept"));
    assert_eq!(setting(&store, "lost").await, None);
    db.finish().await;
}

async fn backend_pid(tx: &mut Tx) -> i32 {
    let Tx::Postgres(conn) = tx else {
        unreachable!("a Postgres store")
    };
    sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut **conn)
        .await
        .unwrap()
}

/// Ends the Postgres backends `pids` and waits until they are gone.
async fn terminate(store: &Store, pids: &[i32]) {
    let Store::Postgres { pool, .. } = store else {
        unreachable!("a Postgres store")
    };
    let pids = pids.to_vec();
    sqlx::query("SELECT pg_terminate_backend(pid) FROM unnest($1::INT[]) AS pid")
        .bind(&pids)
        .execute(pool)
        .await
        .unwrap();
    for _ in 0..100 {
        let left: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ANY($1)")
                .bind(&pids)
                .fetch_one(pool)
                .await
                .unwrap();
        if left == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the backends did not end");
}
