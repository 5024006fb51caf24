//! The cart: products from any booth, kept in a cookie (`slug:quantity,…`) so it needs no
//! account and no JavaScript. At checkout it becomes one order per exhibitor.

/// The cart's cookie.
pub const CART_COOKIE: &str = "pavilion_cart";
/// At most this many products in a cart.
pub const MAX_CART_LINES: usize = 20;

fn valid_slug(slug: &str) -> bool {
    (1..=120).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The cart's lines from its cookie value; anything malformed is dropped, a product listed
/// twice keeps its first quantity.
pub fn parse(raw: &str) -> Vec<(String, i64)> {
    let mut lines: Vec<(String, i64)> = Vec::new();
    for part in raw.split(',') {
        let Some((slug, quantity)) = part.split_once(':') else {
            continue;
        };
        let Ok(quantity) = quantity.parse::<i64>() else {
            continue;
        };
        if valid_slug(slug)
            && (1..=100_000).contains(&quantity)
            && !lines.iter().any(|(s, _)| s == slug)
            && lines.len() < MAX_CART_LINES
        {
            lines.push((slug.to_owned(), quantity));
        }
    }
    lines
}

/// The cookie value for `lines`.
pub fn encode(lines: &[(String, i64)]) -> String {
    lines
        .iter()
        .take(MAX_CART_LINES)
        .map(|(slug, quantity)| format!("{slug}:{quantity}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `lines` with `slug` set to `quantity` (added at the end when new; removed at 0).
pub fn set(lines: &[(String, i64)], slug: &str, quantity: i64) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = lines.iter().filter(|(s, _)| s != slug).cloned().collect();
    if quantity > 0 && valid_slug(slug) {
        match lines.iter().position(|(s, _)| s == slug) {
            Some(at) => out.insert(at.min(out.len()), (slug.to_owned(), quantity)),
            None => out.push((slug.to_owned(), quantity)),
        }
    }
    out.truncate(MAX_CART_LINES);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carts_round_trip_and_drop_what_is_malformed() {
        let lines = parse("tea:2,bad slug:1,saffron:0,pepper:x,tea:9,rice:100001,mace:5");
        assert_eq!(lines, vec![("tea".to_owned(), 2), ("mace".to_owned(), 5)]);
        assert_eq!(parse(&encode(&lines)), lines);
        assert_eq!(parse(""), Vec::new());
    }

    #[test]
    fn setting_a_line_keeps_its_place() {
        let lines = parse("a:1,b:2,c:3");
        assert_eq!(encode(&set(&lines, "b", 7)), "a:1,b:7,c:3");
        assert_eq!(encode(&set(&lines, "d", 1)), "a:1,b:2,c:3,d:1");
        assert_eq!(encode(&set(&lines, "a", 0)), "b:2,c:3");
        let full: Vec<(String, i64)> = (0..MAX_CART_LINES).map(|i| (format!("p{i}"), 1)).collect();
        assert_eq!(set(&full, "extra", 1).len(), MAX_CART_LINES);
    }
}
