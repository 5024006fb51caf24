//! Statements in the store: a creator's commissions line by line with where each stands,
//! summed by month, booth and source; the same lines as CSV; and what a booth owes each
//! creator.

use super::RETURN_DAYS;
use super::model::{Earning, Standing, Statement, Sum};
use crate::accounts::roles::signed_in;
use crate::accounts::store::User;
use crate::core::{Instant, Money, spreadsheet_safe};
use crate::creators::collaborations::store::own_creator;
use crate::creators::store::percent;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, format, tr};
use sqlx::FromRow;

const DAY: i64 = 24 * 3600;

/// One line's commission as stored, with its order's standing.
#[derive(FromRow)]
struct Row {
    number: String,
    created_at: i64,
    booth: String,
    creator: String,
    product: String,
    stream: Option<String>,
    link: Option<String>,
    basis: i64,
    rate: i64,
    amount: i64,
    state: String,
    order_state: String,
    delivered_at: Option<i64>,
}

const ROWS: &str = "SELECT o.number, o.created_at, b.name AS booth, c.name AS creator,
        p.name AS product, s.title AS stream, l.code AS link,
        m.basis_inr_minor AS basis, m.rate_bps AS rate, m.amount_inr_minor AS amount,
        m.state, o.state AS order_state,
        (SELECT MAX(e.at) FROM order_events e
          WHERE e.order_id = o.id AND e.state = 'delivered') AS delivered_at
   FROM line_commissions m JOIN orders o ON o.id = m.order_id
   JOIN booths b ON b.id = o.booth_id JOIN products p ON p.id = m.product_id
   JOIN creators c ON c.id = m.creator_id
   LEFT JOIN streams s ON s.id = o.stream_id
   LEFT JOIN creator_links l ON l.id = o.link_id";

/// Where a line stands at `now`: reversed with its refund; payable once its order was
/// delivered [`RETURN_DAYS`] ago (and still is); pending before.
pub fn standing(
    state: &str,
    order_state: &str,
    delivered_at: Option<i64>,
    now: Instant,
) -> Standing {
    if state == "reversed" {
        Standing::Reversed
    } else if order_state == "delivered"
        && delivered_at.is_some_and(|at| at + RETURN_DAYS * DAY <= now.seconds())
    {
        Standing::Payable
    } else {
        Standing::Pending
    }
}

impl Row {
    fn standing(&self, now: Instant) -> Standing {
        standing(&self.state, &self.order_state, self.delivered_at, now)
    }

    /// The stream or link that brought the order, in words.
    fn via(&self, locale: Locale) -> String {
        let ui = locale.ui();
        match (&self.stream, &self.link) {
            (Some(title), _) => tr!(ui, earnings_via_stream, title = title.clone()),
            (None, Some(code)) => tr!(ui, earnings_via_link, code = code.clone()),
            (None, None) => String::new(),
        }
    }
}

/// Totals in minor units by group, in the order groups were first met.
#[derive(Default)]
struct Groups(Vec<(String, i64, i64)>);

impl Groups {
    fn add(&mut self, name: String, standing: Standing, amount: i64) {
        let at = match self.0.iter().position(|(n, ..)| *n == name) {
            Some(at) => at,
            None => {
                self.0.push((name, 0, 0));
                self.0.len() - 1
            }
        };
        match standing {
            Standing::Pending => self.0[at].1 += amount,
            Standing::Payable => self.0[at].2 += amount,
            Standing::Reversed => {}
        }
    }

    fn sums(self, locale: Locale) -> Vec<Sum> {
        let inr = |minor: i64| format::money(locale, Money::inr(minor));
        self.0
            .into_iter()
            .map(|(name, pending, payable)| Sum {
                name,
                pending: inr(pending),
                payable: inr(payable),
            })
            .collect()
    }
}

/// `/{locale}/creator/earnings`: the signed-in creator's commissions, newest first.
pub async fn statement(
    db: &Db,
    locale: Locale,
    actor: Option<&User>,
    now: Instant,
) -> AppResult<Statement> {
    let user = signed_in(actor)?;
    let inr = |minor: i64| format::money(locale, Money::inr(minor));
    let Some((creator, slug, name, _)) = own_creator(db, user).await? else {
        return Ok(Statement {
            creator: None,
            pending: inr(0),
            payable: inr(0),
            reversed: inr(0),
            by_month: Vec::new(),
            by_booth: Vec::new(),
            by_source: Vec::new(),
            lines: Vec::new(),
        });
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{ROWS} WHERE m.creator_id = $1 ORDER BY o.created_at DESC, m.id DESC"
    ))
    .bind(creator)
    .fetch_all(db)
    .await?;
    let (mut by_month, mut by_booth, mut by_source) =
        (Groups::default(), Groups::default(), Groups::default());
    let mut totals = [0_i64; 3];
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let standing = row.standing(now);
        let slot = match standing {
            Standing::Pending => 0,
            Standing::Payable => 1,
            Standing::Reversed => 2,
        };
        totals[slot] += row.amount;
        let bought = Instant(row.created_at);
        by_month.add(bought.iso_date()[..7].to_owned(), standing, row.amount);
        by_booth.add(row.booth.clone(), standing, row.amount);
        by_source.add(row.via(locale), standing, row.amount);
        lines.push(Earning {
            via: row.via(locale),
            order: row.number,
            bought: format::date(locale, bought, "UTC"),
            booth: row.booth,
            product: row.product,
            basis: inr(row.basis),
            rate: percent(locale, row.rate),
            amount: inr(row.amount),
            standing,
        });
    }
    Ok(Statement {
        creator: Some((slug, name)),
        pending: inr(totals[0]),
        payable: inr(totals[1]),
        reversed: inr(totals[2]),
        by_month: by_month.sums(locale),
        by_booth: by_booth.sums(locale),
        by_source: by_source.sums(locale),
        lines,
    })
}

/// The signed-in creator's commissions as CSV, one row per order line (UTC, INR), for a
/// spreadsheet. 403 without a creator profile.
pub async fn statement_csv(db: &Db, actor: Option<&User>, now: Instant) -> AppResult<String> {
    let user = signed_in(actor)?;
    let (creator, ..) = own_creator(db, user).await?.ok_or(AppError::Forbidden)?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{ROWS} WHERE m.creator_id = $1 ORDER BY o.created_at, m.id"
    ))
    .bind(creator)
    .fetch_all(db)
    .await?;
    let failed = |_: csv::Error| AppError::Internal;
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "order",
        "bought_at",
        "booth",
        "product",
        "stream",
        "link",
        "goods_inr",
        "rate_bps",
        "commission_inr",
        "standing",
    ])
    .map_err(failed)?;
    for row in &rows {
        out.write_record([
            row.number.clone(),
            Instant(row.created_at).rfc3339(),
            spreadsheet_safe(&row.booth),
            spreadsheet_safe(&row.product),
            spreadsheet_safe(row.stream.as_deref().unwrap_or("")),
            row.link.clone().unwrap_or_default(),
            Money::inr(row.basis).decimal(),
            row.rate.to_string(),
            Money::inr(row.amount).decimal(),
            row.standing(now).code().to_owned(),
        ])
        .map_err(failed)?;
    }
    let bytes = out.into_inner().map_err(|_| AppError::Internal)?;
    String::from_utf8(bytes).map_err(|_| AppError::Internal)
}

/// What booth `booth_id` owes each creator (commissions not reversed), largest first.
pub async fn owed(db: &Db, locale: Locale, booth_id: i64, now: Instant) -> AppResult<Vec<Sum>> {
    let mut rows: Vec<Row> = sqlx::query_as(&format!(
        "{ROWS} WHERE o.booth_id = $1 AND m.state = 'accrued' ORDER BY c.name, m.id"
    ))
    .bind(booth_id)
    .fetch_all(db)
    .await?;
    let mut groups = Groups::default();
    for row in rows.drain(..) {
        let standing = row.standing(now);
        groups.add(row.creator, standing, row.amount);
    }
    Ok(groups.sums(locale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_payable_once_its_return_window_passed() {
        let now = Instant(100 * DAY);
        let delivered = Some(now.seconds() - RETURN_DAYS * DAY);
        assert_eq!(
            standing("accrued", "delivered", delivered, now),
            Standing::Payable
        );
        let yesterday = Some(now.seconds() - DAY);
        assert_eq!(
            standing("accrued", "delivered", yesterday, now),
            Standing::Pending
        );
        assert_eq!(standing("accrued", "shipped", None, now), Standing::Pending);
        assert_eq!(standing("accrued", "paid", None, now), Standing::Pending);
        assert_eq!(
            standing("reversed", "refunded", delivered, now),
            Standing::Reversed
        );
    }
}
