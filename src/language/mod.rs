//! The languages messages are given in: Indonesian (`id`) and English (`en`). The code writes
//! every message in English; [`catalog::MESSAGES`] holds each one's Indonesian, as templates
//! where a part varies. A message the catalog lacks is kept in English and remembered
//! ([`take_untranslated`]), so that the test suite fails on it.

mod catalog;

use std::collections::{BTreeSet, HashMap};
use std::sync::{LazyLock, Mutex};

/// A language the API answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Indonesian,
    English,
}

impl Language {
    /// The language tag, as `Content-Language` gives it.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Indonesian => "id",
            Language::English => "en",
        }
    }

    /// A language by its primary subtag (`id-ID` and the old `in` are Indonesian).
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").trim();
        match primary.to_ascii_lowercase().as_str() {
            "id" | "in" => Some(Language::Indonesian),
            "en" => Some(Language::English),
            _ => None,
        }
    }

    /// The language an `Accept-Language` header (RFC 9110) prefers among ours: the highest
    /// `q` wins, the earlier on a tie; `*` and a header naming neither give `default`.
    pub fn negotiate(header: Option<&str>, default: Language) -> Language {
        let Some(header) = header else {
            return default;
        };
        let mut best: Option<(u16, Language)> = None;
        for range in header.split(',') {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .map_or(1000, |q| (q.clamp(0.0, 1.0) * 1000.0) as u16);
            let language = if tag == "*" {
                Some(default)
            } else {
                Language::from_tag(tag)
            };
            if let Some(language) = language
                && quality > 0
                && best.is_none_or(|(q, _)| quality > q)
            {
                best = Some((quality, language));
            }
        }
        best.map_or(default, |(_, language)| language)
    }

    /// `message` (written in English) in this language.
    pub fn say(self, message: &str) -> String {
        let indonesian = indonesian(message);
        if indonesian.is_none() && message.len() <= LONGEST {
            remember_untranslated(message);
        }
        match (self, indonesian) {
            (Language::Indonesian, Some(text)) => text,
            _ => message.to_owned(),
        }
    }
}

/// A template: the English split at its `{}`s, and the Indonesian.
struct Template {
    pieces: Vec<&'static str>,
    indonesian: &'static str,
}

struct Catalog {
    exact: HashMap<&'static str, &'static str>,
    /// The most specific (the most literal text) first.
    templates: Vec<Template>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let mut exact = HashMap::new();
    let mut templates = Vec::new();
    for (english, indonesian) in catalog::MESSAGES {
        if english.contains("{}") {
            templates.push(Template {
                pieces: english.split("{}").collect(),
                indonesian,
            });
        } else {
            exact.insert(*english, *indonesian);
        }
    }
    templates.sort_by_key(|t| std::cmp::Reverse(t.pieces.iter().map(|p| p.len()).sum::<usize>()));
    Catalog { exact, templates }
});

static UNTRANSLATED: LazyLock<Mutex<BTreeSet<String>>> = LazyLock::new(Default::default);

fn remember_untranslated(message: &str) {
    tracing::debug!(message, "no Indonesian for this message");
    if message.len() <= LONGEST
        && let Ok(mut missing) = UNTRANSLATED.lock()
        && missing.len() < 100
    {
        missing.insert(message.to_owned());
    }
}

/// The messages answered since the last call that have no Indonesian (the test suite
/// requires none).
pub fn take_untranslated() -> Vec<String> {
    UNTRANSLATED
        .lock()
        .map(|mut m| std::mem::take(&mut *m).into_iter().collect())
        .unwrap_or_default()
}

/// The longest message translated. Longer ones can only be long because they echo what a
/// caller sent; they stay as written (and matching stays cheap whatever a caller sends).
const LONGEST: usize = 1000;

/// The Indonesian of an English message, if the catalog has it.
pub fn indonesian(message: &str) -> Option<String> {
    translated(message, true)
}

/// `nested`: whether the varying parts may themselves be messages (one level deep).
fn translated(message: &str, nested: bool) -> Option<String> {
    let catalog = &*CATALOG;
    if let Some(text) = catalog.exact.get(message) {
        return Some((*text).to_owned());
    }
    if message.len() > LONGEST {
        return None;
    }
    catalog.templates.iter().find_map(|template| {
        let holes = matches(message, &template.pieces)?;
        Some(fill(template, &holes, nested))
    })
}

/// The varying parts of `text` if it has the literal `pieces` around them: each middle piece
/// at its first occurrence, in one pass (no backtracking, so the cost is linear).
fn matches<'t>(text: &'t str, pieces: &[&str]) -> Option<Vec<&'t str>> {
    let (first, rest) = pieces.split_first()?;
    let (last, middle) = rest.split_last()?;
    let mut text = text.strip_prefix(first)?.strip_suffix(last)?;
    let mut holes = Vec::with_capacity(rest.len());
    for piece in middle {
        let at = text.find(piece)?;
        holes.push(&text[..at]);
        text = &text[at + piece.len()..];
    }
    holes.push(text);
    Some(holes)
}

/// The Indonesian template with its `{}` (in order) or `{N}` filled. A varying part that is a
/// message itself (a noun, a nested message) is translated too, unless the English quotes it
/// (a code, a value the caller sent, in backticks or quotes, stays as it is).
fn fill(template: &Template, holes: &[&str], nested: bool) -> String {
    let quoted = |i: usize| template.pieces[i].ends_with(['`', '"', '\'']);
    let hole = |i: usize| -> String {
        let text = holes[i];
        match nested && !quoted(i) {
            true => translated(text, false).unwrap_or_else(|| text.to_owned()),
            false => text.to_owned(),
        }
    };
    let mut out = String::with_capacity(template.indonesian.len() + 16);
    let mut next = 0;
    let mut rest = template.indonesian;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let index = match &after[..close] {
            "" => {
                next += 1;
                Some(next - 1)
            }
            n => n.parse::<usize>().ok(),
        };
        match index.filter(|i| *i < holes.len()) {
            Some(i) => out.push_str(&hole(i)),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{}` and `{N}` of a text (other braces are literal text).
    fn holes(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let inside = &rest[open + 1..open + close];
            if inside.chars().all(|c| c.is_ascii_digit()) {
                found.push(inside.to_owned());
            }
            rest = &rest[open + close + 1..];
        }
        found
    }

    #[test]
    fn every_entry_has_its_indonesian_with_the_same_varying_parts() {
        let mut seen = BTreeSet::new();
        for (english, indonesian) in catalog::MESSAGES {
            assert!(seen.insert(*english), "{english:?} is listed twice");
            assert!(
                !indonesian.trim().is_empty(),
                "{english:?} has no Indonesian"
            );
            let english_holes = holes(english).len();
            let mut used: Vec<usize> = Vec::new();
            let mut next = 0;
            for hole in holes(indonesian) {
                let index = if hole.is_empty() {
                    next += 1;
                    next - 1
                } else {
                    hole.parse().unwrap_or(usize::MAX)
                };
                used.push(index);
            }
            used.sort_unstable();
            assert_eq!(
                used,
                (0..english_holes).collect::<Vec<_>>(),
                "{english:?} and {indonesian:?} differ in their varying parts"
            );
            assert_ne!(
                english.replace("{}", "").trim_matches(['.', ' ']),
                "",
                "{english:?} is too generic"
            );
        }
    }

    #[test]
    fn a_template_fills_its_holes_and_translates_a_noun_in_one() {
        assert_eq!(
            matches("No employee with id \"x\".", &["No ", " with id ", "."]),
            Some(vec!["employee", "\"x\""])
        );
        let template = |pieces: Vec<&'static str>, indonesian| Template { pieces, indonesian };
        assert_eq!(
            fill(
                &template(vec!["No ", " with id ", "."], "Tidak ada {} dengan id {}."),
                &["employee", "\"x\""],
                true
            ),
            format!(
                "Tidak ada {} dengan id \"x\".",
                indonesian("employee").expect("a noun in the catalog")
            )
        );
        // A quoted part is a code or the caller's own text: never translated.
        assert_eq!(
            fill(
                &template(vec!["value `", "`"], "nilai `{}`"),
                &["employee"],
                true
            ),
            "nilai `employee`"
        );
        assert_eq!(
            fill(
                &template(vec!["", " then ", ""], "{1} lalu {0}"),
                &["a", "b"],
                true
            ),
            "b lalu a"
        );
        assert_eq!(matches("a-b-c", &["", "-", ""]), Some(vec!["a", "b-c"]));
        assert_eq!(matches("abc", &["x", ""]), None);
        assert_eq!(matches("ab", &["ab", "b"]), None);
    }

    #[test]
    fn a_long_echo_stays_as_written_and_is_not_remembered() {
        let echo = ": x of y (z ".repeat(20_000);
        let message = format!("Unknown grant_type {echo:?}.");
        assert_eq!(indonesian(&message), None);
        assert_eq!(Language::Indonesian.say(&message), message);
        assert!(!take_untranslated().contains(&message));
    }

    #[test]
    fn accept_language_picks_the_preferred_language_we_have() {
        use Language::{English as En, Indonesian as Id};
        assert_eq!(Language::negotiate(None, Id), Id);
        assert_eq!(Language::negotiate(Some("en-US,en;q=0.9"), Id), En);
        assert_eq!(Language::negotiate(Some("fr, en;q=0.5, id;q=0.8"), En), Id);
        assert_eq!(Language::negotiate(Some("id-ID"), En), Id);
        assert_eq!(Language::negotiate(Some("fr"), En), En);
        assert_eq!(Language::negotiate(Some("*"), Id), Id);
        assert_eq!(Language::negotiate(Some("en;q=0, fr"), Id), Id);
        assert_eq!(Language::negotiate(Some("en;q=0.5, id;q=0.5"), Id), En);
    }
}
