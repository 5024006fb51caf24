//! Locales in the URL and their negotiation; UI strings arrive with the multilingual work.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One of the ten pavilion locales; always the first URL segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    En,
    Hi,
    Ar,
    Zh,
    Es,
    Fr,
    De,
    Ja,
    Ru,
    Pt,
}

impl Locale {
    pub const ALL: [Locale; 10] = [
        Self::En,
        Self::Hi,
        Self::Ar,
        Self::Zh,
        Self::Es,
        Self::Fr,
        Self::De,
        Self::Ja,
        Self::Ru,
        Self::Pt,
    ];

    /// The name of the cookie that remembers a visitor's choice.
    pub const COOKIE: &'static str = "pavilion_locale";

    pub fn parse(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == tag)
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Hi => "hi",
            Self::Ar => "ar",
            Self::Zh => "zh",
            Self::Es => "es",
            Self::Fr => "fr",
            Self::De => "de",
            Self::Ja => "ja",
            Self::Ru => "ru",
            Self::Pt => "pt",
        }
    }

    /// The locale's own name for itself, for a language switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Hi => "हिन्दी",
            Self::Ar => "العربية",
            Self::Zh => "中文",
            Self::Es => "Español",
            Self::Fr => "Français",
            Self::De => "Deutsch",
            Self::Ja => "日本語",
            Self::Ru => "Русский",
            Self::Pt => "Português",
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Self::Ar
    }

    /// Picks the best locale from an `Accept-Language` header: highest quality first,
    /// region subtags fall back to their language (`pt-BR` → `pt`), `*` and unknown tags skip.
    pub fn negotiate(accept_language: &str) -> Option<Self> {
        let mut ranked: Vec<(u16, usize, Self)> = Vec::new();
        for (index, item) in accept_language.split(',').enumerate() {
            let mut parts = item.trim().split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), parse_quality);
            let Some(quality) = quality else { continue };
            let language = tag
                .split(['-', '_'])
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if quality == 0 {
                continue;
            }
            if let Some(locale) = Self::parse(&language) {
                ranked.push((quality, index, locale));
            }
        }
        // Highest quality wins; among equals the earlier entry does.
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|r| r.2)
    }
}

/// `q` values as thousandths (0–1000); `None` for anything malformed.
fn parse_quality(raw: &str) -> Option<u16> {
    let value: f32 = raw.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_known_codes() {
        for locale in Locale::ALL {
            assert_eq!(Locale::parse(locale.code()), Some(locale));
        }
        assert_eq!(Locale::parse("EN"), None);
        assert_eq!(Locale::parse("xx"), None);
        assert_eq!(Locale::parse(""), None);
    }

    #[test]
    fn negotiates_accept_language() {
        assert_eq!(
            Locale::negotiate("de-DE,de;q=0.9,en;q=0.8"),
            Some(Locale::De)
        );
        assert_eq!(Locale::negotiate("pt-BR"), Some(Locale::Pt));
        assert_eq!(Locale::negotiate("zh-CN,zh;q=0.9"), Some(Locale::Zh));
        assert_eq!(Locale::negotiate("en;q=0.5, ja;q=0.8"), Some(Locale::Ja));
        assert_eq!(Locale::negotiate("sv, ar;q=0.3"), Some(Locale::Ar));
        assert_eq!(Locale::negotiate("fr;q=0, es"), Some(Locale::Es));
        assert_eq!(Locale::negotiate("*"), None);
        assert_eq!(Locale::negotiate("sv,nl"), None);
        assert_eq!(Locale::negotiate("en;q=abc"), None);
        assert_eq!(Locale::negotiate(""), None);
    }
}
