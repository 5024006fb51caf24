//! One page of a list that grows with use (orders, applications, notices). Pages are cut by
//! a cursor — the sort value and id of the last row shown — never by an offset, so a page
//! costs the same however deep it is and rows added meanwhile neither repeat nor vanish.

use serde::{Deserialize, Serialize};

/// Where the next page starts: after the row with this sort value and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub at: i64,
    pub id: i64,
}

impl Cursor {
    /// `"{at}.{id}"`, as the page's link carries it; anything else is no cursor.
    pub fn parse(raw: &str) -> Option<Self> {
        let (at, id) = raw.split_once('.')?;
        let number = |s: &str| {
            (!s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i64>().ok())
                .flatten()
        };
        Some(Self {
            at: number(at)?,
            id: number(id)?,
        })
    }

    pub fn text(&self) -> String {
        format!("{}.{}", self.at, self.id)
    }

    /// Where a newest-first list starts (before everything).
    pub const NEWEST: Self = Self {
        at: i64::MAX,
        id: i64::MAX,
    };

    /// Where an oldest-first list starts (after nothing).
    pub const OLDEST: Self = Self {
        at: i64::MIN,
        id: i64::MIN,
    };
}

/// Rows of one page, and the cursor of the next page if there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            next: None,
        }
    }
}

impl<T> Page<T> {
    /// From rows read with `LIMIT size + 1` in the list's order, each with its cursor: the
    /// extra row only says that another page follows.
    pub fn of(mut rows: Vec<(Cursor, T)>, size: usize) -> Self {
        let more = rows.len() > size;
        rows.truncate(size);
        let next = more
            .then(|| rows.last().map(|(cursor, _)| cursor.text()))
            .flatten();
        Self {
            items: rows.into_iter().map(|(_, item)| item).collect(),
            next,
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back_and_refuse_anything_else() {
        let c = Cursor {
            at: 1_795_874_400,
            id: 42,
        };
        assert_eq!(Cursor::parse(&c.text()), Some(c));
        for bad in [
            "",
            ".",
            "1.",
            ".1",
            "-1.2",
            "1.2.3",
            "a.b",
            "99999999999999999999.1",
            " 1.2",
        ] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_extra_row_makes_the_next_cursor() {
        let rows = |n: i64| {
            (0..n)
                .map(|i| (Cursor { at: 100 - i, id: i }, i))
                .collect::<Vec<_>>()
        };
        let page = Page::of(rows(3), 3);
        assert_eq!((page.items, page.next), (vec![0, 1, 2], None));
        let page = Page::of(rows(4), 3);
        assert_eq!(
            (page.items, page.next),
            (vec![0, 1, 2], Some("98.2".to_owned()))
        );
    }
}
