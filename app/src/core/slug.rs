//! URL slugs: the stable, shareable names of halls, booths, products and streams.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A lowercase ASCII slug (`a-z`, `0-9`, single `-` between words), 1–80 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

/// Why a string is not a slug.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("a slug cannot be empty")]
    Empty,
    #[error("a slug is at most 80 characters")]
    TooLong,
    #[error("a slug holds only a-z, 0-9 and single dashes between words")]
    BadCharacter,
}

impl Slug {
    pub const MAX_LEN: usize = 80;

    pub fn parse(raw: &str) -> Result<Self, SlugError> {
        if raw.is_empty() {
            return Err(SlugError::Empty);
        }
        if raw.len() > Self::MAX_LEN {
            return Err(SlugError::TooLong);
        }
        let well_formed = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--");
        if well_formed {
            Ok(Self(raw.to_owned()))
        } else {
            Err(SlugError::BadCharacter)
        }
    }

    /// Derives a slug from a display name ("Kerala Spice Route Co." → "kerala-spice-route-co").
    pub fn from_name(name: &str) -> Result<Self, SlugError> {
        let mut out = String::with_capacity(name.len());
        for ch in name.chars() {
            if ch.is_ascii_alphanumeric() {
                out.push(ch.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        out.truncate(Self::MAX_LEN);
        Self::parse(out.trim_end_matches('-'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> Self {
        value.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_plain_slugs() {
        assert_eq!(
            Slug::parse("malabar-pepper-500g").map(|s| s.0),
            Ok("malabar-pepper-500g".into())
        );
    }

    #[test]
    fn refuses_bad_shapes() {
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        for bad in ["-a", "a-", "a--b", "A", "a b", "a/b", "ä", "../etc"] {
            assert_eq!(Slug::parse(bad), Err(SlugError::BadCharacter), "{bad}");
        }
        assert_eq!(Slug::parse(&"a".repeat(81)), Err(SlugError::TooLong));
    }

    #[test]
    fn derives_from_names() {
        assert_eq!(
            Slug::from_name("Kerala Spice Route Co.").map(|s| s.0),
            Ok("kerala-spice-route-co".into())
        );
    }

    proptest! {
        #[test]
        fn derived_slugs_always_parse(name in "[A-Za-z0-9 .,&'-]{1,60}") {
            if let Ok(slug) = Slug::from_name(&name) {
                prop_assert!(Slug::parse(slug.as_str()).is_ok());
            }
        }
    }
}
