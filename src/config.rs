//! Configuration from the environment (and an optional `.env` file), checked once at start-up so a mistake is
//! one readable line, not a panic later.

use chrono::{Duration, NaiveTime};
use dereja_domain::{Currency, Language, PayoutMethod, QuietHours, Reminders, TimeZone, UserId};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Human,
    Json,
}

/// Webhook mode: where Telegram posts updates, and the secret it sends with each (`DEREJA_WEBHOOK_SECRET`; unset,
/// one is generated and kept in the database for every replica).
#[derive(Clone)]
pub struct Webhook {
    pub url: url::Url,
    pub secret: Option<String>,
}

#[derive(Clone)]
pub struct Config {
    /// `TELOXIDE_TOKEN`: required to run the bot, not to migrate.
    pub token: Option<String>,
    /// `TELOXIDE_API_URL`: a local Bot API server instead of api.telegram.org.
    pub api_url: Option<url::Url>,
    /// `DEREJA_LISTEN` (`127.0.0.1:8080`): where `/healthz`, `/readyz` and `/metrics` are served (and the
    /// webhook); unset, nothing is, unless the webhook needs it.
    pub listen: Option<std::net::SocketAddr>,
    /// `DEREJA_WEBHOOK_URL`: Telegram posts updates to this https URL instead of being polled.
    pub webhook: Option<Webhook>,
    pub database_url: String,
    pub admins: Vec<UserId>,
    pub admin_chat: Option<i64>,
    /// Groups registered as communities by configuration.
    pub communities: Vec<i64>,
    pub currency: Currency,
    pub timezone: TimeZone,
    pub auto_approve_days: u32,
    pub clearing_days: u32,
    /// `DEREJA_PAYOUT_METHODS` (`telebirr:0,cbe:3,bank:14`): what sellers can be paid with, and the clearing
    /// days of each (`DEREJA_CLEARING_DAYS` applies to a seller without one).
    pub payout_methods: Vec<PayoutMethod>,
    pub log_format: LogFormat,
    /// `DEREJA_PAYMENT_PROVIDER_TOKEN`: from @BotFather's Payments; enables funding through Telegram.
    pub payment_provider_token: Option<String>,
    /// `DEREJA_LANGUAGE`: what groups and the admin chat read (people read their own language).
    pub community_language: Language,
    /// `DEREJA_REMIND_*`: lead times of the reminders.
    pub reminders: Reminders,
    /// `DEREJA_QUIET_HOURS` (`22-7`): reminders wait for the morning in the recipient's time zone.
    pub quiet_hours: QuietHours,
    /// `DEREJA_DIGEST_HOUR` (9): when the admins' daily digest goes out, in `timezone`.
    pub digest_hour: u32,
    /// `DEREJA_DISPUTE_STALE_HOURS` (48): disputes open longer than this are listed in the digest.
    pub dispute_stale_hours: u32,
    /// Phase templates: the built-in ones and those of the file at `DEREJA_TEMPLATES`, if set.
    pub templates: crate::templates::Templates,
    /// `DEREJA_RECEIVE_UPDATES` (true): `false` runs only the scheduler and the outbox sender, for extra replicas
    /// beside the one that polls Telegram (which allows one poller per token).
    pub receive_updates: bool,
    /// `DEREJA_MAX_HANDLERS` (16): updates handled at once, each from a different chat; as many again are claimed
    /// ahead, ready for the next free handler; more wait in the inbox.
    pub max_handlers: usize,
    /// `DEREJA_SEND_LIMITS` (telegram): `off` lifts the pacing of what the bot sends, for benchmarks against a fake
    /// Bot API that limits nothing. Against Telegram that would meet 429s and get the bot limited.
    pub send_limits: bool,
}

impl Config {
    /// Pooled database connections (writes have their own): one for each handler at work, and a few for the
    /// poller, the sender and the scheduler, so a burst of updates waits in the inbox rather than for a connection.
    pub fn pool_size(&self) -> u32 {
        u32::try_from(self.max_handlers)
            .unwrap_or(u32::MAX)
            .saturating_add(4)
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("api_url", &self.api_url.as_ref().map(url::Url::as_str))
            .field("database_url", &redact_password(&self.database_url))
            .field("admins", &self.admins)
            .field("admin_chat", &self.admin_chat)
            .field("communities", &self.communities)
            .field("currency", &self.currency)
            .field("timezone", &self.timezone)
            .field("auto_approve_days", &self.auto_approve_days)
            .field("clearing_days", &self.clearing_days)
            .field("payout_methods", &self.payout_methods)
            .field("community_language", &self.community_language)
            .field("reminders", &self.reminders)
            .field("quiet_hours", &self.quiet_hours)
            .field("digest_hour", &self.digest_hour)
            .field("dispute_stale_hours", &self.dispute_stale_hours)
            .field(
                "templates",
                &self
                    .templates
                    .all()
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("log_format", &self.log_format)
            .field("receive_updates", &self.receive_updates)
            .field("max_handlers", &self.max_handlers)
            .field("send_limits", &self.send_limits)
            .field("listen", &self.listen)
            .field(
                "webhook",
                &self.webhook.as_ref().map(|w| {
                    let secret = if w.secret.is_some() {
                        "<set>"
                    } else {
                        "<generated>"
                    };
                    format!("{} (secret {secret})", w.url)
                }),
            )
            .field(
                "payment_provider_token",
                &self.payment_provider_token.as_ref().map(|_| "<set>"),
            )
            .finish()
    }
}

/// Every problem found, one per line.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError(pub Vec<String>);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for ConfigError {}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://dereja.db";

/// Every setting the bot reads, in the order `check-config` lists them.
pub const SETTINGS: &[&str] = &[
    "TELOXIDE_TOKEN",
    "TELOXIDE_API_URL",
    "DATABASE_URL",
    "DEREJA_ADMINS",
    "DEREJA_ADMIN_CHAT",
    "DEREJA_COMMUNITIES",
    "DEREJA_CURRENCY",
    "DEREJA_TIMEZONE",
    "DEREJA_LANGUAGE",
    "DEREJA_AUTO_APPROVE_DAYS",
    "DEREJA_CLEARING_DAYS",
    "DEREJA_PAYOUT_METHODS",
    "DEREJA_PAYMENT_PROVIDER_TOKEN",
    "DEREJA_REMIND_DEADLINE_HOURS",
    "DEREJA_REMIND_OVERDUE_TIMES",
    "DEREJA_REMIND_QUIET_WORK_HOURS",
    "DEREJA_REMIND_REVIEW_HOURS",
    "DEREJA_REMIND_UNANSWERED_HOURS",
    "DEREJA_REMIND_UNFUNDED_HOURS",
    "DEREJA_REVISION_RESPONSE_HOURS",
    "DEREJA_QUIET_HOURS",
    "DEREJA_DIGEST_HOUR",
    "DEREJA_DISPUTE_STALE_HOURS",
    "DEREJA_TEMPLATES",
    "DEREJA_LISTEN",
    "DEREJA_WEBHOOK_URL",
    "DEREJA_WEBHOOK_SECRET",
    "DEREJA_RECEIVE_UPDATES",
    "DEREJA_MAX_HANDLERS",
    "DEREJA_SEND_LIMITS",
    "DEREJA_LOG_FORMAT",
];

/// A setting's value as `check-config` shows it: secrets only as set, a database URL without its password.
pub fn shown(key: &str, value: &str) -> String {
    match key {
        "TELOXIDE_TOKEN" | "DEREJA_PAYMENT_PROVIDER_TOKEN" | "DEREJA_WEBHOOK_SECRET" => {
            "<set>".into()
        }
        "DATABASE_URL" => redact_password(value),
        _ => value.to_string(),
    }
}
/// Where the webhook is served when `DEREJA_LISTEN` is not set: a reverse proxy in front forwards to it.
const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

impl Config {
    /// Reads the configuration through `get` (the process environment in production).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let mut env = Env {
            get: &|key: &str| {
                get(key)
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
            },
            problems: Vec::new(),
        };
        let token = env.value("TELOXIDE_TOKEN");
        if let Some(t) = &token
            && !looks_like_token(t)
        {
            env.problem("TELOXIDE_TOKEN does not look like a bot token (expected 123456789:ABC..., from @BotFather)".into());
        }
        let api_url = env.parsed("TELOXIDE_API_URL", None, |u, _| match url::Url::parse(u) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(Some(url)),
            _ => Err(format!("TELOXIDE_API_URL {u:?} is not an http(s) URL")),
        });
        let listen = env.parsed("DEREJA_LISTEN", None, |a, _| match a.trim().parse() {
            Ok(address) => Ok(Some(address)),
            Err(_) => Err(format!(
                "DEREJA_LISTEN {a:?} is not an address with a port, like 127.0.0.1:8080"
            )),
        });
        let webhook = webhook(&mut env);
        let listen = match (&webhook, listen) {
            (Some(_), None) => Some(DEFAULT_LISTEN.parse().expect("a socket address")),
            (_, listen) => listen,
        };
        let database_url = env
            .value("DATABASE_URL")
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        if !["sqlite:", "postgres:", "postgresql:"]
            .iter()
            .any(|p| database_url.starts_with(p))
        {
            env.problem(format!(
                "DATABASE_URL {:?} must start with sqlite:// or postgres://",
                redact_password(&database_url)
            ));
        }
        let admins = env.parsed("DEREJA_ADMINS", Vec::new(), |list, problems| {
            Ok(admins(list, problems))
        });
        let communities = env.parsed("DEREJA_COMMUNITIES", Vec::new(), |list, problems| {
            Ok(chat_ids(list, problems))
        });
        let admin_chat = env.parsed("DEREJA_ADMIN_CHAT", None, |s, _| {
            s.parse::<i64>()
                .map(Some)
                .map_err(|_| format!("DEREJA_ADMIN_CHAT {s:?} is not a chat id"))
        });
        let currency = env.parsed("DEREJA_CURRENCY", Currency::ETB, |c, _| {
            c.parse().map_err(|e| format!("DEREJA_CURRENCY: {e}"))
        });
        let timezone = env.parsed("DEREJA_TIMEZONE", TimeZone::ADDIS_ABABA, |t, _| {
            t.parse().map_err(|e| format!("DEREJA_TIMEZONE: {e}"))
        });
        let auto_approve_days = env.days("DEREJA_AUTO_APPROVE_DAYS", 3, 60);
        let clearing_days = env.days("DEREJA_CLEARING_DAYS", 14, 90);
        let methods = env
            .value("DEREJA_PAYOUT_METHODS")
            .unwrap_or_else(|| "telebirr:0,cbe:3,bank:14".into());
        let payout_methods = payout_methods(&methods, &mut env.problems);
        let community_language = env.parsed("DEREJA_LANGUAGE", Language::EN, |l, _| {
            community_language(l)
        });
        let reminders = reminders(&mut env);
        let quiet_hours = env.parsed("DEREJA_QUIET_HOURS", QuietHours::default(), |s, _| {
            quiet_hours(s)
        });
        let digest_hour = env.hours("DEREJA_DIGEST_HOUR", 9, 23);
        let dispute_stale_hours = env.hours("DEREJA_DISPUTE_STALE_HOURS", 48, 24 * 30);
        let templates = templates(&mut env);
        let max_handlers = env.parsed("DEREJA_MAX_HANDLERS", 16, |s, _| match s.trim().parse() {
            Ok(n) if (1..=256).contains(&n) => Ok(n),
            _ => Err(format!(
                "DEREJA_MAX_HANDLERS {s:?} must be a whole number from 1 to 256"
            )),
        });
        let receive_updates = env.parsed("DEREJA_RECEIVE_UPDATES", true, |s, _| match s {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            other => Err(format!(
                "DEREJA_RECEIVE_UPDATES {other:?} must be true or false"
            )),
        });
        let send_limits = env.parsed("DEREJA_SEND_LIMITS", true, |s, _| match s {
            "telegram" => Ok(true),
            "off" => Ok(false),
            other => Err(format!(
                "DEREJA_SEND_LIMITS {other:?} must be telegram or off"
            )),
        });
        let log_format = env.parsed("DEREJA_LOG_FORMAT", LogFormat::Human, |s, _| match s {
            "human" => Ok(LogFormat::Human),
            "json" => Ok(LogFormat::Json),
            other => Err(format!("DEREJA_LOG_FORMAT {other:?} must be human or json")),
        });
        let payment_provider_token = env.value("DEREJA_PAYMENT_PROVIDER_TOKEN");
        if !env.problems.is_empty() {
            return Err(ConfigError(env.problems));
        }
        Ok(Config {
            token,
            api_url,
            database_url,
            admins,
            admin_chat,
            communities,
            currency,
            timezone,
            auto_approve_days,
            clearing_days,
            payout_methods,
            log_format,
            payment_provider_token,
            community_language,
            reminders,
            quiet_hours,
            digest_hour: u32::try_from(digest_hour).expect("0 to 23"),
            dispute_stale_hours: u32::try_from(dispute_stale_hours).expect("bounded"),
            templates,
            receive_updates,
            max_handlers,
            send_limits,
            listen,
            webhook,
        })
    }

    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|k| std::env::var(k).ok())
    }

    pub fn policy(&self) -> dereja_domain::Policy {
        dereja_domain::Policy {
            auto_approve_after: chrono::Duration::days(i64::from(self.auto_approve_days)),
            clearing_period: chrono::Duration::days(i64::from(self.clearing_days)),
        }
    }
}

/// `DEREJA_WEBHOOK_URL` (https, as Telegram requires) and `DEREJA_WEBHOOK_SECRET` (1 to 256 of `A-Z a-z 0-9 _ -`,
/// Telegram's rule for `secret_token`).
fn webhook(env: &mut Env) -> Option<Webhook> {
    let url = env.parsed("DEREJA_WEBHOOK_URL", None, |u, _| match url::Url::parse(u) {
        Ok(url) if url.scheme() == "https" && url.host().is_some() => Ok(Some(url)),
        _ => Err(format!(
            "DEREJA_WEBHOOK_URL {u:?} must be an https URL, like https://bot.example.com/telegram"
        )),
    });
    let secret = env.parsed("DEREJA_WEBHOOK_SECRET", None, |s, _| {
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        if s.len() <= 256 && s.chars().all(allowed) {
            Ok(Some(s.to_string()))
        } else {
            Err("DEREJA_WEBHOOK_SECRET must be 1 to 256 letters, digits, _ or -".into())
        }
    });
    if secret.is_some() && url.is_none() {
        env.problem("DEREJA_WEBHOOK_SECRET is set but DEREJA_WEBHOOK_URL is not".into());
    }
    url.map(|url| Webhook { url, secret })
}

/// The environment being read, and every problem found so far.
struct Env<'a> {
    get: &'a dyn Fn(&str) -> Option<String>,
    problems: Vec<String>,
}

impl Env<'_> {
    fn value(&self, key: &str) -> Option<String> {
        (self.get)(key)
    }

    fn problem(&mut self, problem: String) {
        self.problems.push(problem);
    }

    /// `key` read by `parse` (which may report problems of its own), or `default` when unset or unreadable.
    fn parsed<T>(
        &mut self,
        key: &str,
        default: T,
        parse: impl FnOnce(&str, &mut Vec<String>) -> Result<T, String>,
    ) -> T {
        let Some(value) = self.value(key) else {
            return default;
        };
        parse(&value, &mut self.problems).unwrap_or_else(|problem| {
            self.problems.push(problem);
            default
        })
    }

    fn days(&mut self, key: &str, default: u32, max: u32) -> u32 {
        self.parsed(key, default, |s, _| match s.parse::<u32>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(format!(
                "{key} {s:?} must be a whole number of days from 0 to {max}"
            )),
        })
    }

    fn hours(&mut self, key: &str, default: i64, max: i64) -> i64 {
        self.parsed(key, default, |s, _| match s.trim().parse::<i64>() {
            Ok(n) if (0..=max).contains(&n) => Ok(n),
            _ => Err(format!(
                "{key} {s:?} must be a whole number of hours from 0 to {max}"
            )),
        })
    }
}

/// `DEREJA_ADMINS`: Telegram user ids, comma-separated.
fn admins(list: &str, problems: &mut Vec<String>) -> Vec<UserId> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|s| match s.parse::<i64>() {
            Ok(id) if id > 0 => Some(UserId(id)),
            _ => {
                problems.push(format!("DEREJA_ADMINS: {s:?} is not a Telegram user id"));
                None
            }
        })
        .collect()
}

/// `DEREJA_COMMUNITIES`: group chat ids (negative), comma-separated.
fn chat_ids(list: &str, problems: &mut Vec<String>) -> Vec<i64> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|s| match s.parse::<i64>() {
            Ok(id) if id < 0 => Some(id),
            _ => {
                problems.push(format!(
                    "DEREJA_COMMUNITIES: {s:?} is not a group chat id (groups have negative ids, e.g. -1001234567890)"
                ));
                None
            }
        })
        .collect()
}

/// `DEREJA_PAYOUT_METHODS`: `code:days` entries, comma-separated.
fn payout_methods(list: &str, problems: &mut Vec<String>) -> Vec<PayoutMethod> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|entry| {
            let parsed = entry.split_once(':').and_then(|(code, days)| {
                let code = code.trim().to_ascii_lowercase();
                let valid = !code.is_empty()
                    && code.len() <= 20
                    && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                let days = days.trim().parse::<u32>().ok().filter(|d| *d <= 90)?;
                valid.then_some(PayoutMethod {
                    code,
                    clearing_days: days,
                })
            });
            if parsed.is_none() {
                problems.push(format!(
                    "DEREJA_PAYOUT_METHODS: {entry:?} must be like telebirr:0 (a code, then 0 to 90 days)"
                ));
            }
            parsed
        })
        .collect()
}

/// `DEREJA_LANGUAGE`: a language with a catalogue in locales/.
fn community_language(code: &str) -> Result<Language, String> {
    code.parse::<Language>()
        .and_then(|l| {
            crate::i18n::is_available(l)
                .then_some(l)
                .ok_or_else(|| format!("no catalogue in locales/ for {l}"))
        })
        .map_err(|e| {
            let known: Vec<String> = crate::i18n::languages()
                .iter()
                .map(|l| l.to_string())
                .collect();
            format!("DEREJA_LANGUAGE: {e} (use one of {})", known.join(", "))
        })
}

/// The `DEREJA_REMIND_*` settings and the revision response time.
fn reminders(env: &mut Env) -> Reminders {
    let deadline_before = env.hours("DEREJA_REMIND_DEADLINE_HOURS", 24, 24 * 14);
    let overdue_times = env.hours("DEREJA_REMIND_OVERDUE_TIMES", 3, 10);
    let unfunded_after = env.hours("DEREJA_REMIND_UNFUNDED_HOURS", 24, 24 * 30);
    let review_before = env.hours("DEREJA_REMIND_REVIEW_HOURS", 24, 24 * 30);
    let quiet_work_after = env.hours("DEREJA_REMIND_QUIET_WORK_HOURS", 72, 24 * 60);
    // At least an hour: a revision cannot be answered in no time.
    let revision_response = env
        .hours("DEREJA_REVISION_RESPONSE_HOURS", 72, 24 * 60)
        .max(1);
    let unanswered_after = env.parsed(
        "DEREJA_REMIND_UNANSWERED_HOURS",
        vec![24, 72],
        |list, problems| {
            Ok(list
                .split(',')
                .filter_map(|h| match h.trim().parse::<i64>() {
                    Ok(n) if (1..=24 * 30).contains(&n) => Some(n),
                    _ => {
                        problems.push(format!(
                            "DEREJA_REMIND_UNANSWERED_HOURS: {h:?} is not a number of hours (e.g. 24,72)"
                        ));
                        None
                    }
                })
                .collect())
        },
    );
    Reminders {
        deadline_before: Duration::hours(deadline_before),
        overdue_every: Duration::hours(24),
        overdue_times: u8::try_from(overdue_times).expect("at most 10"),
        unanswered_after: unanswered_after.into_iter().map(Duration::hours).collect(),
        unfunded_after: Duration::hours(unfunded_after),
        review_before: Duration::hours(review_before),
        quiet_work_after: Duration::hours(quiet_work_after),
        revision_response: Duration::hours(revision_response),
    }
}

/// `DEREJA_QUIET_HOURS`: `22-7` (hours), or `off`.
fn quiet_hours(s: &str) -> Result<QuietHours, String> {
    if s.trim() == "off" {
        return Ok(QuietHours {
            from: NaiveTime::MIN,
            until: NaiveTime::MIN,
        });
    }
    let hour = |h: &str| {
        h.trim()
            .parse::<u32>()
            .ok()
            .and_then(|h| NaiveTime::from_hms_opt(h, 0, 0))
    };
    s.split_once('-')
        .and_then(|(a, b)| {
            Some(QuietHours {
                from: hour(a)?,
                until: hour(b)?,
            })
        })
        .ok_or_else(|| format!("DEREJA_QUIET_HOURS {s:?} must be like 22-7 (hours), or off"))
}

/// The built-in phase templates, with the operator's `DEREJA_TEMPLATES` file added.
fn templates(env: &mut Env) -> crate::templates::Templates {
    let extra = env.parsed("DEREJA_TEMPLATES", None, |path, _| {
        std::fs::read_to_string(path)
            .map(Some)
            .map_err(|e| format!("DEREJA_TEMPLATES {path:?}: {e}"))
    });
    crate::templates::Templates::load(extra.as_deref()).unwrap_or_else(|e| {
        env.problem(format!("DEREJA_TEMPLATES: {e}"));
        crate::templates::Templates::load(None).expect("the built-in templates are valid")
    })
}

/// `<digits>:<35 or so letters, digits, - and _>`, as @BotFather issues them.
fn looks_like_token(token: &str) -> bool {
    let Some((id, secret)) = token.split_once(':') else {
        return false;
    };
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit())
        && secret.len() >= 20
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The URL with any password replaced, for logs and error messages.
pub fn redact_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| env.get(k).cloned())
    }

    #[test]
    fn defaults_need_nothing() {
        let c = config(&[]).unwrap();
        assert_eq!(c.token, None);
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.currency, Currency::ETB);
        assert_eq!(c.timezone, TimeZone::ADDIS_ABABA);
        assert_eq!((c.auto_approve_days, c.clearing_days), (3, 14));
        assert_eq!(c.log_format, LogFormat::Human);
    }

    #[test]
    fn reads_every_variable() {
        let c = config(&[
            ("TELOXIDE_TOKEN", "123456:AAbbCCddEEffGGhhIIjjKKll-_"),
            ("TELOXIDE_API_URL", "http://127.0.0.1:8081/"),
            ("DATABASE_URL", "postgres://dereja:secret@db/dereja"),
            ("DEREJA_ADMINS", "11, 22,"),
            ("DEREJA_ADMIN_CHAT", "-100123"),
            ("DEREJA_CURRENCY", "usd"),
            ("DEREJA_TIMEZONE", "Africa/Nairobi"),
            ("DEREJA_AUTO_APPROVE_DAYS", "5"),
            ("DEREJA_CLEARING_DAYS", "0"),
            ("DEREJA_LOG_FORMAT", "json"),
            ("DEREJA_PAYMENT_PROVIDER_TOKEN", "284685063:TEST:secret"),
        ])
        .unwrap();
        assert_eq!(c.admins, vec![UserId(11), UserId(22)]);
        assert_eq!(c.admin_chat, Some(-100123));
        assert_eq!(c.currency, Currency::USD);
        assert_eq!(c.clearing_days, 0);
        assert_eq!(c.log_format, LogFormat::Json);
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("secret") && !debug.contains("AAbb"),
            "{debug}"
        );
    }

    #[test]
    fn a_webhook_needs_https_and_listens_by_default() {
        let c = config(&[("DEREJA_WEBHOOK_URL", "https://bot.example.com/tg")]).unwrap();
        let webhook = c.webhook.expect("webhook mode");
        assert_eq!(webhook.url.path(), "/tg");
        assert_eq!(webhook.secret, None);
        assert_eq!(c.listen, Some("127.0.0.1:8080".parse().unwrap()));
        let c = config(&[
            ("DEREJA_WEBHOOK_URL", "https://bot.example.com/tg"),
            ("DEREJA_WEBHOOK_SECRET", "s3cret_-X"),
            ("DEREJA_LISTEN", "0.0.0.0:9000"),
        ])
        .unwrap();
        assert_eq!(c.listen, Some("0.0.0.0:9000".parse().unwrap()));
        assert!(!format!("{c:?}").contains("s3cret"));
        for bad in [
            vec![("DEREJA_WEBHOOK_URL", "http://bot.example.com/tg")],
            vec![("DEREJA_WEBHOOK_URL", "bot.example.com")],
            vec![
                ("DEREJA_WEBHOOK_URL", "https://bot.example.com/tg"),
                ("DEREJA_WEBHOOK_SECRET", "has space"),
            ],
            vec![("DEREJA_WEBHOOK_SECRET", "alone")],
        ] {
            assert_eq!(config(&bad).unwrap_err().0.len(), 1, "{bad:?}");
        }
        assert!(config(&[]).unwrap().webhook.is_none());
    }

    #[test]
    fn settings_lists_exactly_what_is_read() {
        let asked = std::cell::RefCell::new(std::collections::BTreeSet::new());
        let _ = Config::from_lookup(|k| {
            asked.borrow_mut().insert(k.to_string());
            None
        });
        let listed: std::collections::BTreeSet<String> =
            SETTINGS.iter().map(|s| s.to_string()).collect();
        assert_eq!(asked.into_inner(), listed);
        assert_eq!(shown("TELOXIDE_TOKEN", "123:abc"), "<set>");
        assert_eq!(
            shown("DATABASE_URL", "postgres://u:secret@db/x"),
            redact_password("postgres://u:secret@db/x")
        );
    }

    #[test]
    fn reports_every_problem_at_once() {
        let err = config(&[
            ("TELOXIDE_TOKEN", "not-a-token"),
            ("DATABASE_URL", "mysql://x"),
            ("DEREJA_ADMINS", "12,abc"),
            ("DEREJA_CURRENCY", "BTC"),
            ("DEREJA_TIMEZONE", "Mars/Base"),
            ("DEREJA_AUTO_APPROVE_DAYS", "-1"),
        ])
        .unwrap_err();
        assert_eq!(err.0.len(), 6, "{err}");
    }
}
