//! The playground in a real browser: `dereja playground` started as a process, headless Chromium driven over
//! WebDriver (chromedriver, with fantoccini), and a whole order run by clicking and typing in the page only.
//! Screenshots of the start, the middle and the end are saved under `target/playground-screenshots/`.
//!
//! Without chromedriver (a developer's laptop) the test says so and passes; on CI (`CI` set) it fails instead.

use crate::helpers::fixtures::fragment;
use crate::helpers::{ScratchDir, WAIT};
use dereja::i18n::Text;
use dereja_domain::Language;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const EN: Language = Language::EN;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_order_in_the_playground_page() {
    let Some(driver) = chromedriver() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: install chromium and chromium-driver (.ci/run does)"
        );
        eprintln!(
            "note: skipping the playground's browser test: no chromedriver (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let dir = ScratchDir::new();
    let (_playground, url) = start_playground(&dir).await;
    let (_driver, page) = Page::open(&driver, &url).await;
    page.check_fonts().await;
    page.check_phone_layout().await;
    page.screenshot("1-start").await;

    page.buyer_creates_an_order().await;
    page.seller_joins_and_accepts().await;
    page.buyer_pays_by_transfer_and_the_admin_confirms().await;
    page.screenshot("2-funded").await;
    page.seller_delivers("sample.pdf").await;
    page.buyer_requests_a_revision().await;
    page.seller_delivers_a_file_from_disk(&dir).await;
    page.expect("buyer", "notice-delivered").await;

    // Three days without an answer: the delivery is approved automatically and the seller's balance shows it.
    page.click("button[data-hours='72']").await;
    page.expect("seller", "notice-auto-approved-seller").await;
    page.until("the clock's move told in the group, with the time", || async {
        let moved = Text::new("playground-clock-moved").arg("time", "").render(EN);
        let notes = "return [...document.querySelectorAll(\"section[data-chat='group'] .note\")] \
            .map(n => n.textContent)";
        let shown = page.client.execute(notes, vec![]).await.ok()?;
        let told = |n: &str| n.starts_with(&moved) && n.len() > moved.len();
        let any = shown.as_array()?.iter().any(|n| n.as_str().is_some_and(told));
        any.then_some(())
    })
    .await;
    page.type_in("seller", "/balance").await;
    page.expect_where("seller", |text| text.contains("1,500.00"))
        .await;

    // The seller switches to Amharic: the bot answers in Ethiopic script.
    page.choose("section[data-chat='seller'] select.language", "am")
        .await;
    page.type_in("seller", "/help").await;
    let ethiopic = |text: &str| text.chars().any(|c| ('\u{1200}'..='\u{137F}').contains(&c));
    page.expect_where("seller", ethiopic).await;
    page.screenshot("3-end").await;

    // A second order, paid with Telegram Payments: the invoice's Pay button funds it.
    page.choose("section[data-chat='seller'] select.language", "en")
        .await;
    page.buyer_creates_an_order().await;
    page.seller_joins_and_accepts().await;
    page.expect("buyer", "notice-fund-please").await;
    page.press("buyer", "button-pay-telegram").await;
    page.click_last("section[data-chat='buyer'] .invoice button.pay")
        .await;
    page.expect("buyer", "notice-funded").await;

    // Reset: every chat starts over on an empty database.
    page.click("#reset").await;
    page.until("the chats emptied by Reset", || async {
        let count = "return document.querySelectorAll('.message').length";
        let shown = page.client.execute(count, vec![]).await.ok()?;
        (shown.as_u64()? <= 6).then_some(())
    })
    .await;
    page.seen.lock().unwrap().clear();
    page.expect("buyer", "welcome").await;

    // The page in Amharic: its own words from the catalogue, and the bot's clock as the bot writes it.
    page.choose("#page-language", "am").await;
    page.until("the page's own words in Amharic", || async {
        let shown = "return ['#reset', '#clock', \"section[data-chat='group'] .title\"] \
            .map(css => document.querySelector(css).textContent)";
        let shown = page.client.execute(shown, vec![]).await.ok()?;
        let all = shown
            .as_array()?
            .iter()
            .all(|t| t.as_str().is_some_and(ethiopic));
        all.then_some(())
    })
    .await;
    page.screenshot("4-amharic").await;
    page.client
        .clone()
        .close()
        .await
        .expect("close the browser");
}

/// chromedriver where Debian puts it, or where `DEREJA_CHROMEDRIVER` says.
fn chromedriver() -> Option<PathBuf> {
    let path = std::env::var_os("DEREJA_CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"));
    path.exists().then_some(path)
}

/// `dereja playground` on a free port in `dir` (so `playground.db` lands there); returns it and its URL.
async fn start_playground(dir: &ScratchDir) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dereja"))
        .args(["playground", "--address", "127.0.0.1:0"])
        .env_clear()
        .env("RUST_LOG", "warn")
        .env("RUST_BACKTRACE", "1")
        // Whatever a token says, the playground uses its embedded fake.
        .env(
            "TELOXIDE_TOKEN",
            "123456789:not-a-real-token-and-never-used",
        )
        .current_dir(&dir.0)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("start dereja playground");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let url = tokio::time::timeout(WAIT, async {
        while let Some(line) = lines.next_line().await.expect("read stdout") {
            if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                return url.to_string();
            }
        }
        panic!("the playground stopped before printing its URL")
    })
    .await
    .expect("the playground prints its URL");
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "loopback by default: {url}"
    );
    (child, url)
}

/// The page in headless Chromium, and what each chat showed when last looked at.
struct Page {
    client: Client,
    seen: std::sync::Mutex<HashMap<String, usize>>,
}

impl Page {
    async fn open(driver: &Path, url: &str) -> (Child, Page) {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        let client = connect(port).await;
        client
            .set_window_size(1500, 950)
            .await
            .expect("window size");
        client.goto(url).await.expect("open the page");
        let page = Page {
            client,
            seen: Default::default(),
        };
        page.expect("buyer", "welcome").await;
        (child, page)
    }

    async fn buyer_creates_an_order(&self) {
        self.type_in("buyer", "/neworder").await;
        self.expect("buyer", "neworder-role").await;
        self.press("buyer", "button-i-am-buyer").await;
        self.expect("buyer", "neworder-title").await;
        self.type_in("buyer", "Café logo").await;
        self.expect("buyer", "neworder-template").await;
        self.press("buyer", "button-blank-order").await;
        let answers = [
            ("Logo", "neworder-deliverables"),
            ("3 logo concepts as PNG", "neworder-deadline"),
            ("5d", "neworder-amount"),
            ("1500", "neworder-revisions"),
            ("1", "neworder-milestone-added"),
        ];
        self.expect("buyer", "neworder-milestone-title").await;
        for (answer, next) in answers {
            self.type_in("buyer", answer).await;
            self.expect("buyer", next).await;
        }
        self.press("buyer", "button-done").await;
        self.expect("buyer", "neworder-summary").await;
        self.press("buyer", "button-confirm").await;
        self.expect("buyer", "neworder-created").await;
    }

    async fn seller_joins_and_accepts(&self) {
        // The buyer's invitation: the link as tap-to-copy code, and a Share button whose link the seller opens
        // (the page asks who opens it).
        self.find("section[data-chat='buyer'] code.copy").await;
        self.click_last("section[data-chat='buyer'] button[data-url*='share']")
            .await;
        self.click("#chooser button[data-person='seller']").await;
        self.expect("seller", "invitation").await;
        self.press("seller", "button-join").await;
        self.expect("seller", "milestone-summary").await;
        self.press("seller", "button-accept").await;
    }

    async fn buyer_pays_by_transfer_and_the_admin_confirms(&self) {
        self.expect("buyer", "notice-fund-please").await;
        self.press("buyer", "button-pay-transfer").await;
        self.expect("buyer", "prompt-payment-reference").await;
        self.type_in("buyer", "TeleBirr TX 8F3K2").await;
        self.expect("group", "notice-payment-reported").await;
        // The buyer (who writes in the group by default) may not confirm: Telegram's alert shows.
        self.press("group", "button-confirm-payment").await;
        let refused = Text::new("error-not-allowed")
            .arg("who", "admin")
            .render(EN);
        self.until("the refusal's alert", || async {
            let alert = self
                .client
                .find(Locator::Css("#alert:not([hidden]) .text"))
                .await
                .ok()?;
            (alert.text().await.ok()? == refused).then_some(())
        })
        .await;
        self.click("#alert button.ok").await;
        self.choose("section[data-chat='group'] select.as", "admin")
            .await;
        self.press("group", "button-confirm-payment").await;
        self.expect("buyer", "notice-funded").await;
    }

    async fn seller_delivers(&self, sample: &str) {
        self.press("seller", "button-deliver").await;
        self.expect("seller", "prompt-delivery").await;
        self.click(&format!(
            "section[data-chat='seller'] button[data-sample='{sample}']"
        ))
        .await;
        self.expect("seller", "delivery-added").await;
        self.press("seller", "button-submit").await;
        self.expect("seller", "notice-submitted").await;
    }

    /// The second delivery: a file chosen with the file picker.
    async fn seller_delivers_a_file_from_disk(&self, dir: &ScratchDir) {
        let file = dir.0.join("logo-v2.png");
        std::fs::write(&file, b"not really a PNG").expect("write a file to send");
        self.press("seller", "button-deliver").await;
        self.expect("seller", "prompt-delivery").await;
        let picker = self
            .find("section[data-chat='seller'] input[type=file]")
            .await;
        picker
            .send_keys(&file.display().to_string())
            .await
            .expect("pick the file");
        self.expect_where("seller", |t| t.contains("logo-v2.png"))
            .await;
        self.press("seller", "button-submit").await;
        self.expect("seller", "notice-submitted").await;
    }

    async fn buyer_requests_a_revision(&self) {
        self.expect("buyer", "notice-delivered").await;
        self.press("buyer", "button-request-revision").await;
        self.expect("buyer", "prompt-revision-feedback").await;
        self.type_in("buyer", "Please make the logo bigger").await;
        self.expect("seller", "notice-revision-requested").await;
    }

    /// Types `text` in a chat's box and sends it.
    async fn type_in(&self, chat: &str, text: &str) {
        let chat = format!("section[data-chat='{chat}']");
        let box_ = self.find(&format!("{chat} textarea")).await;
        box_.send_keys(text).await.expect("type");
        self.click(&format!("{chat} button.send")).await;
    }

    /// Presses the newest button labelled with message `label` (English) in a chat.
    async fn press(&self, chat: &str, label: &str) {
        let label = Text::new(label).render(EN);
        let mark = "const [chat, label] = arguments; \
            document.querySelectorAll('[data-target]').forEach(b => b.removeAttribute('data-target')); \
            const found = [...document.querySelectorAll(`section[data-chat='${chat}'] .keyboard button`)] \
                .filter(b => b.textContent === label).pop(); \
            if (found) found.dataset.target = '1'; return !!found;";
        let args = vec![json!(chat), json!(label)];
        self.until(&format!("a button {label:?} in {chat}"), || async {
            let marked = self.client.execute(mark, args.clone()).await.ok();
            (marked == Some(json!(true))).then_some(())
        })
        .await;
        self.click("[data-target]").await;
    }

    /// Waits for a new message in `chat` containing the fixed words of message `id`.
    async fn expect(&self, chat: &str, id: &str) {
        let words = fragment(&Text::new(id), EN);
        self.expect_where(chat, |text| text.contains(&words)).await;
    }

    /// Waits for a message in `chat`, newer than the last one expected there, whose text passes `accept`.
    async fn expect_where(&self, chat: &str, accept: impl Fn(&str) -> bool) {
        let from = self.seen.lock().unwrap().get(chat).copied().unwrap_or(0);
        let script = "return [...document.querySelectorAll(`section[data-chat='${arguments[0]}'] .message`)] \
            .map(m => m.innerText);";
        let found = self
            .until(&format!("a message in {chat}"), || async {
                let texts = self.client.execute(script, vec![json!(chat)]).await.ok()?;
                let texts: Vec<String> = serde_json::from_value(texts).unwrap_or_default();
                texts
                    .iter()
                    .skip(from)
                    .position(|t| accept(t))
                    .map(|i| from + i)
            })
            .await;
        self.seen
            .lock()
            .unwrap()
            .insert(chat.to_string(), found + 1);
    }

    /// Retries `attempt` every 200 ms until it gives something; fails the test with `what` and the page's chats
    /// after [`WAIT`].
    async fn until<T, F, R>(&self, what: &str, mut attempt: F) -> T
    where
        F: FnMut() -> R,
        R: Future<Output = Option<T>>,
    {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Some(found) = attempt().await {
                return found;
            }
            if tokio::time::Instant::now() > deadline {
                self.screenshot("failure").await;
                let chats = self
                    .client
                    .execute("return document.body.innerText", vec![])
                    .await;
                panic!(
                    "no {what} within {WAIT:?}; the page shows:\n{}",
                    chats.unwrap_or(Value::Null).as_str().unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.until(css, || async {
            self.client.find(Locator::Css(css)).await.ok()
        })
        .await
    }

    async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    async fn click_last(&self, css: &str) {
        self.find(css).await;
        let all = self.client.find_all(Locator::Css(css)).await.expect("find");
        all.last().expect("one").click().await.expect("click");
    }

    async fn choose(&self, css: &str, value: &str) {
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .expect("choose");
    }

    /// On a phone's width the chats stack, one under the other.
    async fn check_phone_layout(&self) {
        let top = |chat: &'static str| async move {
            let css = format!("section[data-chat='{chat}']");
            let (x, y, _, _) = self
                .find(&css)
                .await
                .rectangle()
                .await
                .expect("where the chat is");
            (x, y)
        };
        self.client
            .set_window_size(420, 900)
            .await
            .expect("a phone's width");
        let (buyer, seller) = (top("buyer").await, top("seller").await);
        assert!(
            buyer.0 == seller.0 && seller.1 > buyer.1,
            "stacked: {buyer:?} {seller:?}"
        );
        self.client
            .set_window_size(1500, 950)
            .await
            .expect("a laptop's width");
        let (buyer, seller) = (top("buyer").await, top("seller").await);
        assert!(seller.0 > buyer.0, "side by side: {buyer:?} {seller:?}");
    }

    /// The page declares a font stack for Ethiopic text (system fonts, no download).
    async fn check_fonts(&self) {
        let family = self
            .client
            .execute("return getComputedStyle(document.body).fontFamily", vec![])
            .await
            .expect("style");
        let family = family.as_str().unwrap_or_default();
        assert!(
            family.contains("Noto Sans Ethiopic")
                && family.contains("Abyssinica SIL")
                && family.ends_with("sans-serif"),
            "{family}"
        );
    }

    async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("save the screenshot");
    }
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("playground-screenshots")
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

/// A WebDriver session in headless Chromium, once chromedriver answers. Chromium runs with no network beyond
/// loopback and as root (CI), hence the flags.
async fn connect(port: u16) -> Client {
    let args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": std::env::var("DEREJA_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()), "args": args }),
    );
    let address = format!("http://127.0.0.1:{port}");
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&address)
            .await
        {
            Ok(client) => return client,
            Err(e) if tokio::time::Instant::now() > deadline => panic!("no WebDriver session: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    }
}
