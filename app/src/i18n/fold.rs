//! Search folding: one form of a text that ignores case and accents in every script, so a
//! query and a document compare as `LIKE '%query%'` on SQLite and PostgreSQL alike.
//!
//! Each character folds on its own, so a match in the folded text maps back to a span of
//! the original (for highlighting). Latin, Greek and Cyrillic lose case and combining
//! accents ("Café" → "cafe"); Arabic loses its optional vowel marks (harakat); Devanagari,
//! CJK and kana are kept as they are, since their marks change the word.

use unicode_normalization::UnicodeNormalization;

/// Accents and marks a reader may or may not type.
fn is_optional_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036f}'      // combining diacritical marks
        | '\u{1ab0}'..='\u{1aff}'    // … extended
        | '\u{1dc0}'..='\u{1dff}'    // … supplement
        | '\u{064b}'..='\u{065f}'    // Arabic harakat
        | '\u{0670}'                 // Arabic superscript alef
        | '\u{0640}'                 // Arabic tatweel
    )
}

fn fold_char(c: char, out: &mut String) {
    for d in std::iter::once(c).nfkd() {
        if is_optional_mark(d) {
            continue;
        }
        out.extend(d.to_lowercase());
    }
}

/// The folded form of `text`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    // Recompose what survived (kana with voicing marks, Hangul) so the query and the
    // document agree whatever form either arrived in.
    out.nfc().collect()
}

/// The byte spans of `text` whose folded form contains `folded_query`, left to right and
/// not overlapping; empty when the query is empty.
pub fn find(text: &str, folded_query: &str) -> Vec<(usize, usize)> {
    if folded_query.is_empty() {
        return Vec::new();
    }
    // The folded text, and for every folded byte the original character it came from.
    let mut folded = String::new();
    let mut origin: Vec<(usize, usize)> = Vec::new();
    for (start, c) in text.char_indices() {
        let mut piece = String::new();
        fold_char(c, &mut piece);
        let piece: String = piece.nfc().collect();
        origin.extend(std::iter::repeat_n(
            (start, start + c.len_utf8()),
            piece.len(),
        ));
        folded.push_str(&piece);
    }
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(found) = folded[from..].find(folded_query) {
        let begin = from + found;
        let end = begin + folded_query.len();
        let span = (origin[begin].0, origin[end - 1].1);
        if spans.last().is_none_or(|last| last.1 <= span.0) {
            spans.push(span);
        }
        from = end;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Café CRÈME"), "cafe creme");
        assert_eq!(fold("Ящик"), "ящик");
        assert_eq!(fold("Straße"), "straße");
        assert_eq!(fold("ﬁne"), "fine");
    }

    #[test]
    fn keeps_scripts_whose_marks_matter() {
        assert_eq!(fold("काली मिर्च"), "काली मिर्च");
        assert_eq!(fold("黑胡椒"), "黑胡椒");
        assert_eq!(fold("ブラックペッパー"), "ブラックペッパー");
        // Arabic without its optional vowel marks.
        assert_eq!(fold("فُلْفُل"), "فلفل");
    }

    #[test]
    fn finds_spans_in_the_original() {
        let text = "Crème de Café, café noir";
        let spans = find(text, &fold("CAFE"));
        let found: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(found, ["Café", "café"]);
        let text = "喀拉拉黑胡椒，整粒";
        let spans = find(text, &fold("黑胡椒"));
        assert_eq!(
            spans.iter().map(|&(a, b)| &text[a..b]).collect::<Vec<_>>(),
            ["黑胡椒"]
        );
        assert!(find(text, "").is_empty());
    }

    proptest! {
        #[test]
        fn every_span_folds_to_the_query(text in "\\PC{0,40}", start in 0_usize..40, len in 1_usize..6) {
            let chars: Vec<char> = text.chars().collect();
            let start = start.min(chars.len());
            let end = (start + len).min(chars.len());
            let query = fold(&chars[start..end].iter().collect::<String>());
            for (a, b) in find(&text, &query) {
                prop_assert!(fold(&text[a..b]).contains(&query));
            }
        }

        #[test]
        fn folding_is_idempotent(text in "\\PC{0,40}") {
            let once = fold(&text);
            prop_assert_eq!(fold(&once), once);
        }
    }
}
