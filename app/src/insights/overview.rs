//! A booth's streams side by side (`/{locale}/exhibitor/insights`): each one's report in
//! brief, latest first, and what moved from the stream before it — for the booth's team.

use super::model::{BoothInsights, Change, StreamSummary};
use super::report::stream_report;
use super::rollup::LIVE_AT;
use crate::accounts::roles::member;
use crate::accounts::store::User;
use crate::core::{Instant, Money};
use crate::db::Db;
use crate::error::AppResult;
use crate::i18n::format;
use crate::i18n::fx::Pricing;

/// The most streams shown side by side.
const SHOWN: usize = 12;

pub async fn booth_insights(
    db: &Db,
    actor: Option<&User>,
    pricing: &Pricing,
    zone: String,
    now: Instant,
) -> AppResult<BoothInsights> {
    let (_, booth, _) = member(actor)?;
    let booth_name: String = sqlx::query_scalar("SELECT name FROM booths WHERE id = $1")
        .bind(booth)
        .fetch_one(db)
        .await?;
    let gone_live = format!(
        "FROM streams s WHERE s.booth_id = $1 AND {LIVE_AT} IS NOT NULL AND {LIVE_AT} <= $2"
    );
    let count: i64 = sqlx::query_scalar(&format!("SELECT CAST(COUNT(*) AS BIGINT) {gone_live}"))
        .bind(booth)
        .bind(now.seconds())
        .fetch_one(db)
        .await?;
    // One more than shown: the oldest shown is compared with the one before it.
    let slugs: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT s.slug {gone_live} ORDER BY {LIVE_AT} DESC, s.id DESC LIMIT $3"
    ))
    .bind(booth)
    .bind(now.seconds())
    .bind(SHOWN as i64 + 1)
    .fetch_all(db)
    .await?;
    let mut reports = Vec::new();
    for slug in &slugs {
        reports.push(stream_report(db, actor, pricing, slug, zone.clone(), now).await?);
    }
    let locale = pricing.locale;
    let streams = (0..reports.len().min(SHOWN))
        .map(|i| {
            let report = &reports[i];
            let change = reports.get(i + 1).map(|before| {
                let sales = |r: &super::model::StreamReport| r.during.minor + r.after_week.minor;
                let sales_minor = sales(report) - sales(before);
                Change {
                    viewers: report.unique_viewers - before.unique_viewers,
                    peak: report.peak_viewers - before.peak_viewers,
                    questions: report.questions - before.questions,
                    orders: report.during.orders + report.after_week.orders
                        - before.during.orders
                        - before.after_week.orders,
                    sales_minor,
                    sales: format::money(locale, Money::inr(sales_minor.abs())),
                }
            });
            StreamSummary {
                slug: report.slug.clone(),
                title: report.title.clone(),
                live: report.live,
                live_from: report.live_from.clone(),
                viewers: report.unique_viewers,
                peak: report.peak_viewers,
                average_watch: report.average_watch.clone(),
                questions: report.questions,
                orders: report.during.orders + report.after_week.orders,
                sales: format::money(
                    locale,
                    Money::inr(report.during.minor + report.after_week.minor),
                ),
                change,
            }
        })
        .collect();
    Ok(BoothInsights {
        booth_name,
        streams,
        older: (count - SHOWN as i64).max(0),
    })
}
