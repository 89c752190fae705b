//! Orders driven like people, all in parallel: create, join, accept, fund by transfer (the admin confirms),
//! deliver, submit, approve. Each step waits for the bot's answer it needs (a prompt, a button) before the next.

use crate::process::{ADMIN, BotProcess};
use crate::replies::{Replies, Reply};
use crate::stats::{Figures, percentile};
use dereja::i18n::Text;
use dereja_domain::Language;
use dereja_fakebot::{Call, FakeBotApi, SimUser};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The lifecycle's figures, and the share of each order's time spent on the admin's steps: their one chat takes
/// every order's notice and confirmation in turn, so what it adds is that chat's queue, not the bot's rate.
pub struct Lifecycle {
    pub figures: Figures,
    pub admin_share: f64,
}

pub async fn run(fake: &Arc<FakeBotApi>, bot: &BotProcess, orders: usize) -> Lifecycle {
    let replies = Replies::watch(fake.clone());
    let admin = fake.user(ADMIN, "Admin", Some("en"));
    admin.has_started();
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let updates_before = fake.last_update_id();
    let writes = bot.writes().await;
    let started = Instant::now();
    let drivers: Vec<_> = (0..orders as i64)
        .map(|i| {
            let order = Order {
                buyer: Person::new(
                    fake.user(200_000 + 2 * i, "Buyer", Some("en")),
                    &replies,
                    &latencies,
                ),
                seller: Person::new(
                    fake.user(200_001 + 2 * i, "Seller", Some("en")),
                    &replies,
                    &latencies,
                ),
                admin: Person::new(admin.clone(), &replies, &latencies),
                reference: format!("TX-{i}-OK"),
            };
            tokio::spawn(order.drive())
        })
        .collect();
    let (mut admin_steps, mut whole) = (Duration::ZERO, Duration::ZERO);
    for driver in drivers {
        let times = driver.await.expect("an order driven to its end");
        admin_steps += times.admin_steps;
        whole += times.whole;
    }
    let elapsed = started.elapsed();
    let updates = (fake.last_update_id() - updates_before) as usize;
    let writes = bot.writes().await - writes;
    let latencies = latencies.lock().unwrap().clone();
    let figures = Figures {
        updates,
        per_second: updates as f64 / elapsed.as_secs_f64(),
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
        writes_per_update: writes.transactions / updates as f64,
        commits_per_update: writes.commits / updates as f64,
        peak_rss_mib: bot.peak_rss_mib(),
    };
    Lifecycle {
        figures,
        admin_share: admin_steps.as_secs_f64() / whole.as_secs_f64(),
    }
}

/// How long one order took, and how much of it went from the reference's answer to the admin's confirmation
/// answered.
struct Times {
    admin_steps: Duration,
    whole: Duration,
}

struct Order {
    buyer: Person,
    seller: Person,
    admin: Person,
    reference: String,
}

impl Order {
    async fn drive(mut self) -> Times {
        let started = Instant::now();
        let (b, s) = (&mut self.buyer, &mut self.seller);
        b.say("/neworder", Expect::Button("button-i-am-buyer"))
            .await;
        b.press("button-i-am-buyer", Expect::Text("neworder-title"))
            .await;
        b.say("Logo for the café", Expect::Button("button-blank-order"))
            .await;
        b.press("button-blank-order", Expect::Any).await;
        b.say("Logo", Expect::Any).await;
        b.say("- 3 concepts as PNG", Expect::Any).await;
        b.say("5d", Expect::Any).await;
        b.say("1500", Expect::Any).await;
        b.say("1", Expect::Button("button-done")).await;
        b.press("button-done", Expect::Button("button-confirm"))
            .await;
        let created = b
            .press("button-confirm", Expect::Contains("?start=".into()))
            .await;
        let link = link_in(&created.call);
        s.say(
            &link.replace("https://t.me/dereja_test_bot?start=", "/start "),
            Expect::Button("button-join"),
        )
        .await;
        s.press("button-join", Expect::Button("button-accept"))
            .await;
        s.press("button-accept", Expect::Any).await;
        b.wait(Expect::Button("button-pay-transfer")).await;
        b.press(
            "button-pay-transfer",
            Expect::Text("prompt-payment-reference"),
        )
        .await;
        // The admins' chat is shared by every order: this order's notice is the one with its reference, sent after
        // the reference is.
        self.admin.seen = self.admin.replies.count(ADMIN);
        b.say(&self.reference, Expect::Any).await;
        let admin_started = Instant::now();
        self.admin
            .wait(Expect::Contains(self.reference.clone()))
            .await;
        self.admin
            .press("button-confirm-payment", Expect::Any)
            .await;
        let admin_steps = admin_started.elapsed();
        s.wait(Expect::Button("button-deliver")).await;
        s.press("button-deliver", Expect::Any).await;
        s.say(
            "https://example.com/logo.zip",
            Expect::Button("button-submit"),
        )
        .await;
        s.press("button-submit", Expect::Any).await;
        b.wait(Expect::Button("button-approve")).await;
        b.press("button-approve", Expect::Button("button-release-confirm"))
            .await;
        // The notice comes from the outbox, before or after the confirmation's own edit.
        b.press(
            "button-release-confirm",
            Expect::Text("notice-approved-buyer"),
        )
        .await;
        Times {
            admin_steps,
            whole: started.elapsed(),
        }
    }
}

/// What a step waits for in the person's chat.
enum Expect {
    /// Any new message or edit.
    Any,
    /// A message with this button (a message id, in English).
    Button(&'static str),
    /// The longest fixed piece of a message's English text.
    Text(&'static str),
    Contains(String),
}

impl Expect {
    fn accepts(&self, call: &Call) -> bool {
        let text = call.params["text"].as_str().unwrap_or_default();
        match self {
            Expect::Any => true,
            Expect::Button(label) => button(call, label).is_some(),
            Expect::Text(id) => text.contains(fixed_words(id)),
            Expect::Contains(words) => text.contains(words.as_str()),
        }
    }
}

/// The longest piece of message `id`'s English text that no variable changes. The catalogue is parsed once: a
/// parse at every reply looked at cost the benchmark's people CPU the bot then lacked.
fn fixed_words(id: &str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::LazyLock;
    static FIXED: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
        use fluent_syntax::ast::Entry;
        let source = include_str!("../../locales/en/main.ftl");
        let resource = fluent_syntax::parser::parse(source).expect("the English messages parse");
        resource
            .body
            .into_iter()
            .filter_map(|entry| match entry {
                Entry::Message(m) => Some((m.id.name.to_string(), longest_fixed(m.value?)?)),
                _ => None,
            })
            .collect()
    });
    FIXED
        .get(id)
        .unwrap_or_else(|| panic!("no English message {id}"))
}

/// A pattern's longest line that no variable changes, as the chat shows it.
fn longest_fixed(pattern: fluent_syntax::ast::Pattern<&str>) -> Option<String> {
    use fluent_syntax::ast::PatternElement;
    pattern
        .elements
        .into_iter()
        .filter_map(|element| match element {
            // As the chat shows it: the catalogue's tags (`<b>`, `<code>`) are not in the text people see.
            PatternElement::TextElement { value } => {
                Some(dereja::i18n::to_plain(value).trim().to_string())
            }
            _ => None,
        })
        .flat_map(|text| text.lines().map(str::to_string).collect::<Vec<_>>())
        .max_by_key(|text| text.chars().count())
}

/// The callback data of the button labelled with message `label` on a message.
fn button(call: &Call, label: &str) -> Option<String> {
    let label = Text::new(label).render(Language::EN);
    let rows = call
        .params
        .pointer("/reply_markup/inline_keyboard")?
        .as_array()?;
    rows.iter()
        .filter_map(|r| r.as_array())
        .flatten()
        .find(|b| b["text"] == label.as_str())
        .and_then(|b| b["callback_data"].as_str().map(str::to_string))
}

fn link_in(call: &Call) -> String {
    let text = call.params["text"].as_str().unwrap_or_default();
    let link = text.split_whitespace().find(|w| w.contains("?start="));
    link.expect("the invitation link").to_string()
}

/// A person: what they last saw in their chat, and the message they answer.
struct Person {
    user: SimUser,
    replies: Arc<Replies>,
    latencies: Arc<Mutex<Vec<Duration>>>,
    seen: usize,
    last: Option<Arc<Reply>>,
}

impl Person {
    fn new(user: SimUser, replies: &Arc<Replies>, latencies: &Arc<Mutex<Vec<Duration>>>) -> Person {
        Person {
            user,
            replies: replies.clone(),
            latencies: latencies.clone(),
            seen: 0,
            last: None,
        }
    }

    async fn say(&mut self, text: &str, expect: Expect) -> Arc<Reply> {
        let at = Instant::now();
        self.user.send_text(text);
        self.answered(at, expect).await
    }

    /// Presses `label` on the last message expected in this chat.
    async fn press(&mut self, label: &str, expect: Expect) -> Arc<Reply> {
        let last = self.last.clone().expect("a message to press on");
        let data = button(&last.call, label)
            .unwrap_or_else(|| panic!("no button {label} on {}", last.call.params));
        let message_id = last.call.params["message_id"]
            .as_i64()
            .unwrap_or(last.call.message_id);
        let at = Instant::now();
        self.user.press(&data, message_id);
        self.answered(at, expect).await
    }

    async fn wait(&mut self, expect: Expect) -> Arc<Reply> {
        let (index, reply) = self
            .replies
            .first(self.user.id, self.seen, |c| expect.accepts(c))
            .await;
        self.seen = index + 1;
        self.last = Some(reply.clone());
        reply
    }

    async fn answered(&mut self, at: Instant, expect: Expect) -> Arc<Reply> {
        let reply = self.wait(expect).await;
        self.latencies
            .lock()
            .unwrap()
            .push(reply.at.saturating_duration_since(at));
        reply
    }
}
