//! Telegram's HTML `parse_mode`, read as Telegram reads it: the tags it supports become entities over the text
//! people see, and anything else (an unknown tag, a bare `<`, `>` or `&`, a tag left open) is refused with "can't
//! parse entities", so a message the bot forgot to escape fails in tests as it would in production.

use serde_json::{Value, json};

/// A message's visible text and its entities (offsets and lengths in UTF-16 code units, as in the Bot API).
#[derive(Debug, Clone, PartialEq)]
pub struct Formatted {
    pub text: String,
    pub entities: Vec<Value>,
}

/// A tag still open: its name, the entity it makes, where it started, and its attribute (a link's URL).
struct Open {
    name: String,
    kind: &'static str,
    start: usize,
    url: Option<String>,
}

/// Reads `html` as Telegram does, or says why Telegram would refuse it.
pub fn parse(html: &str) -> Result<Formatted, String> {
    let mut text = String::new();
    let mut utf16 = 0;
    let mut open: Vec<Open> = Vec::new();
    let mut entities = Vec::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let end = rest.find('>').ok_or_else(|| {
                    format!("unclosed start tag at byte {}", html.len() - rest.len())
                })?;
                let tag = &rest[1..end];
                rest = &rest[end + 1..];
                match tag.strip_prefix('/') {
                    Some(name) => close(name.trim(), &mut open, &mut entities, utf16)?,
                    None => open.push(start_tag(tag, utf16)?),
                }
            }
            '&' => {
                let (decoded, used) = entity(rest)?;
                utf16 += decoded.len_utf16();
                text.push(decoded);
                rest = &rest[used..];
            }
            '>' => return Err("unexpected end tag character '>'".into()),
            _ => {
                utf16 += c.len_utf16();
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    match open.last() {
        Some(tag) => Err(format!(
            "can't find end tag corresponding to start tag \"{}\"",
            tag.name
        )),
        None => Ok(Formatted { text, entities }),
    }
}

/// Escapes text for HTML `parse_mode`: the three characters Telegram asks to replace.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn start_tag(tag: &str, at: usize) -> Result<Open, String> {
    let (name, attributes) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
    let name = name.to_ascii_lowercase();
    let attribute = |key: &str| attribute(attributes, key);
    let kind = match name.as_str() {
        "b" | "strong" => "bold",
        "i" | "em" => "italic",
        "u" | "ins" => "underline",
        "s" | "strike" | "del" => "strikethrough",
        "tg-spoiler" => "spoiler",
        "span" if attribute("class").as_deref() == Some("tg-spoiler") => "spoiler",
        "code" => "code",
        "pre" => "pre",
        "blockquote" if attributes.contains("expandable") => "expandable_blockquote",
        "blockquote" => "blockquote",
        "a" => "text_link",
        _ => return Err(format!("unsupported start tag \"{name}\"")),
    };
    let url = match kind {
        "text_link" => Some(attribute("href").ok_or("a link without href")?),
        _ => None,
    };
    Ok(Open {
        name,
        kind,
        start: at,
        url,
    })
}

/// The value of `key="…"` (or `'…'`) among a tag's attributes, its entities decoded.
fn attribute(attributes: &str, key: &str) -> Option<String> {
    let after = attributes.split_once(&format!("{key}="))?.1;
    let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = after[1..].split(quote).next()?;
    let mut decoded = String::new();
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        if c == '&' {
            let (d, used) = entity(rest).ok()?;
            decoded.push(d);
            rest = &rest[used..];
        } else {
            decoded.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Some(decoded)
}

fn close(
    name: &str,
    open: &mut Vec<Open>,
    entities: &mut Vec<Value>,
    at: usize,
) -> Result<(), String> {
    let name = name.to_ascii_lowercase();
    let tag = open
        .pop()
        .filter(|t| t.name == name)
        .ok_or_else(|| format!("unmatched end tag \"{name}\""))?;
    if at > tag.start {
        let mut entity = json!({ "type": tag.kind, "offset": tag.start, "length": at - tag.start });
        if let Some(url) = tag.url {
            entity["url"] = json!(url);
        }
        entities.push(entity);
    }
    Ok(())
}

/// The character an entity (`&lt;`, `&#8226;`, `&#x2022;`) at the start of `rest` stands for, and its length.
fn entity(rest: &str) -> Result<(char, usize), String> {
    let end = rest
        .char_indices()
        .take(12)
        .find(|(_, c)| *c == ';')
        .map(|(i, _)| i)
        .ok_or("a bare '&': write &amp;")?;
    let name = &rest[1..end];
    let decoded = match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        _ => name.strip_prefix('#').and_then(|n| {
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            };
            code.and_then(char::from_u32)
        }),
    };
    decoded
        .map(|c| (c, end + 1))
        .ok_or_else(|| format!("unsupported entity \"&{name};\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_entities_over_the_visible_text() {
        let parsed = parse("Order <b>#12</b>: pay <code>ETB 1,500</code> &amp; <a href=\"https://t.me/x?a=1&amp;b=2\">open</a>").unwrap();
        assert_eq!(parsed.text, "Order #12: pay ETB 1,500 & open");
        assert_eq!(
            parsed.entities[0],
            json!({ "type": "bold", "offset": 6, "length": 3 })
        );
        assert_eq!(
            parsed.entities[1],
            json!({ "type": "code", "offset": 15, "length": 9 })
        );
        assert_eq!(parsed.entities[2]["url"], "https://t.me/x?a=1&b=2");
    }

    #[test]
    fn offsets_count_utf16_code_units() {
        let parsed = parse("😀 ሰላም <b>ብር</b>").unwrap();
        assert_eq!(parsed.entities[0]["offset"], 7);
        assert_eq!(parsed.entities[0]["length"], 2);
    }

    #[test]
    fn what_telegram_refuses_is_refused() {
        for bad in [
            "a < b",
            "a > b",
            "Tom & Jerry",
            "<b>open",
            "<b>x</i>",
            "<script>x</script>",
            "<a>x</a>",
            "&nbsp;",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn escaped_text_reads_back_as_written() {
        let title = "<b>x</b> & <a href=\"https://evil.example\">y</a> ሎጎ";
        let parsed = parse(&format!("<b>{}</b>", escape(title))).unwrap();
        assert_eq!(parsed.text, title);
        assert_eq!(parsed.entities.len(), 1);
    }
}
