//! The control room's pulse: what a stream's team reads while it is live, sent once a second
//! over the room's socket to the team only. The hub holding the room knows the viewers now,
//! the last minutes' peaks, the chat and question rates and the room's state (pins with
//! stock, the deal, the question queue); the store knows the clicks on pinned products and
//! the orders. [`build`] puts the two together and words what needs doing as alerts.

use crate::live::model::{DealPhase, RoomState};
use serde::{Deserialize, Serialize};

/// Minutes of viewer trend the control room shows (the last is the minute so far).
pub const TREND_MINUTES: usize = 10;
/// An open question waiting this long (seconds) is flagged.
pub const WAIT_ALERT_S: i64 = 90;
/// Viewers "are falling" when they are this share (per cent) below the last two minutes'
/// most at once, from at least [`FALL_FROM`] viewers.
pub const FALL_PCT: i64 = 20;
pub const FALL_FROM: i64 = 5;
/// A pinned product with this many units or fewer is running low.
pub const LOW_STOCK: i64 = 5;

/// One second of the stream, as the control room shows it. Money in INR paise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pulse {
    /// Server time, Unix milliseconds.
    pub at: i64,
    pub live: bool,
    pub viewers: i64,
    /// Most viewers at once in each of the last minutes, oldest first; the last is this
    /// minute so far.
    pub trend: Vec<i64>,
    /// Chat messages and questions in the last 60 seconds.
    pub chats_per_minute: i64,
    pub questions_per_minute: i64,
    pub open_questions: i64,
    /// The open question that has waited longest.
    pub oldest: Option<Waiting>,
    pub pins: Vec<PinFigures>,
    pub deal: Option<DealFigures>,
    /// In the last 60 seconds: pinned products' checkouts opened, products added to a cart
    /// from the room, orders placed, orders paid.
    pub clicks_minute: i64,
    pub carts_minute: i64,
    pub checkouts_minute: i64,
    pub orders_minute: i64,
    /// Paid orders since the stream went live, and their goods value.
    pub orders: i64,
    pub sales_minor: i64,
    pub alerts: Vec<Alert>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub name: String,
    pub text: String,
    pub votes: i64,
    pub age_s: i64,
}

/// A pinned product now: its stock, who opened its checkout from the room (and that as a
/// share of the viewers reached), who added it to a cart there, and its paid orders from the
/// stream.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinFigures {
    pub product: i64,
    pub stock: i64,
    pub clicks: i64,
    pub click_through_pct: Option<i64>,
    pub carts: i64,
    pub orders: i64,
}

/// The flash deal: units sold, how fast, and how soon it sold out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DealFigures {
    pub product: i64,
    pub quantity: i64,
    pub left: i64,
    pub open: bool,
    /// Units sold per second while it ran, to a tenth.
    pub per_second: f64,
    pub sold_out_after_s: Option<i64>,
}

/// What needs doing, in the control room's words (translated by the page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Alert {
    /// Viewers fell from `from` (the last two minutes' most) to `to`; `question` is the top
    /// open one, when there is one to answer.
    Falling {
        from: i64,
        to: i64,
        question: Option<String>,
    },
    /// The oldest open question has waited this long.
    Waiting {
        seconds: i64,
    },
    /// The deal sold out this soon after it opened, under half its run.
    SoldOutFast {
        seconds: i64,
    },
    LowStock {
        product: i64,
        left: i64,
    },
    PinnedSoldOut {
        product: i64,
    },
}

/// What the hub knows of the room this second.
pub struct Room<'a> {
    pub now_ms: i64,
    pub live: bool,
    /// When the stream went live (Unix milliseconds): a question asked before waits from then.
    pub since_ms: i64,
    pub viewers: i64,
    pub trend: Vec<i64>,
    pub chats_minute: i64,
    pub questions_minute: i64,
    pub state: &'a RoomState,
    /// When the current deal's last unit went (Unix milliseconds), if it did.
    pub sold_out_at: Option<i64>,
}

/// What the store knows: clicks, carts and orders since the stream went live.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sales {
    pub orders: i64,
    pub sales_minor: i64,
    pub clicks_minute: i64,
    pub carts_minute: i64,
    pub checkouts_minute: i64,
    pub orders_minute: i64,
    /// Distinct viewers the stream has reached.
    pub reached: i64,
    pub by_product: Vec<ProductSales>,
}

/// One product of the stream's booth since it went live: viewers who opened its checkout
/// from the room, who added it to a cart there, and its paid orders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProductSales {
    pub product: i64,
    pub clicks: i64,
    pub carts: i64,
    pub orders: i64,
}

pub fn build(room: Room<'_>, sales: Sales) -> Pulse {
    let state = room.state;
    let open: Vec<_> = state.questions.iter().filter(|q| !q.answered).collect();
    let oldest = open.iter().min_by_key(|q| q.message.id).map(|q| Waiting {
        name: q.message.name.clone(),
        text: q.message.text.clone(),
        votes: q.votes,
        age_s: ((room.now_ms - q.message.at.max(room.since_ms)) / 1000).max(0),
    });
    let top = state
        .queue()
        .into_iter()
        .find(|q| !q.answered)
        .map(|q| q.message.text.clone());
    let pins: Vec<PinFigures> = state
        .pins
        .iter()
        .map(|pin| {
            let ProductSales {
                clicks,
                carts,
                orders,
                ..
            } = sales
                .by_product
                .iter()
                .find(|p| p.product == pin.product)
                .copied()
                .unwrap_or_default();
            PinFigures {
                product: pin.product,
                stock: pin.stock,
                clicks,
                // (a click from someone the sessions do not hold, such as a
                // signed-out reader, cannot make it more than all of them)
                click_through_pct: (sales.reached > 0)
                    .then(|| (clicks * 100 / sales.reached).min(100)),
                carts,
                orders,
            }
        })
        .collect();
    let deal = state.deal.as_ref().map(|d| {
        let sold = d.quantity - d.left.max(0);
        let sold_out_at = room.sold_out_at.filter(|_| d.left <= 0);
        let until = sold_out_at.unwrap_or(room.now_ms).min(d.ends_ms);
        let ran_ms = until - d.starts_ms;
        DealFigures {
            product: d.product,
            quantity: d.quantity,
            left: d.left.max(0),
            open: matches!(d.phase(room.now_ms), DealPhase::Open(_)),
            per_second: if ran_ms > 0 {
                (sold as f64 * 10_000.0 / ran_ms as f64).round() / 10.0
            } else {
                0.0
            },
            sold_out_after_s: sold_out_at.map(|at| ((at - d.starts_ms) / 1000).max(0)),
        }
    });

    let mut alerts = Vec::new();
    let recent_peak = room.trend.iter().rev().take(3).copied().max().unwrap_or(0);
    if room.live && recent_peak >= FALL_FROM && room.viewers * 100 <= recent_peak * (100 - FALL_PCT)
    {
        alerts.push(Alert::Falling {
            from: recent_peak,
            to: room.viewers,
            question: top,
        });
    }
    if let Some(waiting) = oldest
        .as_ref()
        .filter(|w| room.live && w.age_s >= WAIT_ALERT_S)
    {
        alerts.push(Alert::Waiting {
            seconds: waiting.age_s,
        });
    }
    if let (Some(figures), Some(d)) = (&deal, &state.deal)
        && let Some(seconds) = figures.sold_out_after_s
        && seconds * 2000 < d.ends_ms - d.starts_ms
    {
        alerts.push(Alert::SoldOutFast { seconds });
    }
    for pin in &pins {
        if pin.stock <= 0 {
            alerts.push(Alert::PinnedSoldOut {
                product: pin.product,
            });
        } else if pin.stock <= LOW_STOCK {
            alerts.push(Alert::LowStock {
                product: pin.product,
                left: pin.stock,
            });
        }
    }

    Pulse {
        at: room.now_ms,
        live: room.live,
        viewers: room.viewers,
        trend: room.trend,
        chats_per_minute: room.chats_minute,
        questions_per_minute: room.questions_minute,
        open_questions: open.len() as i64,
        oldest,
        pins,
        deal,
        clicks_minute: sales.clicks_minute,
        carts_minute: sales.carts_minute,
        checkouts_minute: sales.checkouts_minute,
        orders_minute: sales.orders_minute,
        orders: sales.orders,
        sales_minor: sales.sales_minor,
        alerts,
    }
}

/// The control room's socket closes with this when its person is no longer on the team.
pub const NOT_TEAM: u16 = 4003;

/// A frame on the control room's socket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Frame {
    Pulse { pulse: Box<Pulse> },
}

#[cfg(feature = "ssr")]
pub use store::{Counted, click_viewer, control_room, counted, sales, sold_out_at};

#[cfg(feature = "ssr")]
mod store {
    use super::{ProductSales, Room, Sales, TREND_MINUTES, build};
    use crate::accounts::store::User;
    use crate::db::Db;
    use crate::error::AppResult;
    use crate::i18n::fx::Pricing;
    use crate::insights::model::ControlRoom;
    use crate::insights::{report, rollup, sink::SILENT_AFTER_MS};

    /// The control room as first rendered, for the booth's team, its hall's council and the
    /// admins (anyone else: as the report refuses them). Viewers and their trend come from
    /// the recorded sessions; the page's socket then brings the hub's own count.
    pub async fn control_room(
        db: &Db,
        actor: Option<&User>,
        pricing: &Pricing,
        slug: &str,
        now_ms: i64,
    ) -> AppResult<ControlRoom> {
        let stream = report::readable(db, actor, slug).await?;
        let state: String = sqlx::query_scalar("SELECT state FROM streams WHERE id = $1")
            .bind(stream.id)
            .fetch_one(db)
            .await?;
        let room = crate::live::store::load_state(db, stream.id).await?;
        let catalogue = crate::live::store::catalogue(db, pricing.locale, stream.booth_id)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let live = state == "live";
        let (viewers, trend) = match stream.live_at {
            Some(live_at) if live => {
                let from = (now_ms - (TREND_MINUTES as i64 - 1) * 60_000).max(live_at * 1000);
                let minutes = rollup::compute(db, stream.id, from, now_ms, now_ms).await?;
                let viewers: i64 = sqlx::query_scalar(
                    "SELECT COUNT(DISTINCT viewer) FROM viewer_sessions
                      WHERE stream_id = $1 AND left_at IS NULL AND seen_at >= $2",
                )
                .bind(stream.id)
                .bind(now_ms - SILENT_AFTER_MS)
                .fetch_one(db)
                .await?;
                (viewers, minutes.iter().map(|m| m.viewers_peak).collect())
            }
            _ => (0, Vec::new()),
        };
        let since = now_ms - 60_000;
        let chats_minute = room.chat.iter().filter(|m| m.at > since).count() as i64;
        let questions_minute = room
            .questions
            .iter()
            .filter(|q| q.message.at > since)
            .count() as i64;
        let sales = sales(
            db,
            stream.id,
            stream.live_at.unwrap_or(now_ms / 1000),
            now_ms,
        )
        .await?;
        let sold_out = match &room.deal {
            Some(deal) => sold_out_at(db, stream.id, deal).await?,
            None => None,
        };
        let pulse = build(
            Room {
                now_ms,
                live,
                since_ms: stream.live_at.map_or(0, |t| t * 1000),
                viewers,
                trend,
                chats_minute,
                questions_minute,
                state: &room,
                sold_out_at: sold_out,
            },
            sales,
        );
        Ok(ControlRoom {
            slug: stream.slug,
            title: stream.title,
            booth_name: stream.booth_name,
            state,
            catalogue,
            rate: pricing.rate.map(|r| r.rate),
            pulse,
        })
    }

    const PAID: &str = "('paid', 'shipped', 'delivered')";

    /// When the room's current deal sold its last unit (Unix milliseconds), from its events:
    /// for a page rendered on the server, or a hub that loads the room afresh.
    pub async fn sold_out_at(
        db: &Db,
        stream: i64,
        deal: &crate::live::model::Deal,
    ) -> Result<Option<i64>, sqlx::Error> {
        use crate::live::model::Body;
        if deal.left > 0 {
            return Ok(None);
        }
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT at_ms, body FROM room_events
              WHERE stream_id = $1 AND kind = 'deal_left' AND at_ms >= $2 ORDER BY id",
        )
        .bind(stream)
        .bind(deal.starts_ms)
        .fetch_all(db)
        .await?;
        Ok(rows
            .into_iter()
            .find_map(|(at, body)| match serde_json::from_str::<Body>(&body) {
                Ok(Body::DealLeft { deal: id, left }) if id == deal.id && left <= 0 => Some(at),
                _ => None,
            }))
    }

    /// Who clicked: the signed-in person (`u:<id>`, as in the viewer sessions), else the
    /// client address hashed with a secret this process draws (never the address itself).
    pub fn click_viewer(user: Option<i64>, address: &str) -> String {
        static SALT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let salt = SALT.get_or_init(crate::core::secrets::new_token);
        crate::insights::sink::keyed_viewer(salt, user, address)
    }

    /// The stream's clicks and orders since it went live (`live_at`, Unix seconds); "this
    /// minute" is the 60 seconds before `now_ms`.
    pub async fn sales(
        db: &Db,
        stream: i64,
        live_at: i64,
        now_ms: i64,
    ) -> Result<Sales, sqlx::Error> {
        let minute_s = now_ms / 1000 - 60;
        let (orders, sales_minor, checkouts_minute, orders_minute): (i64, i64, i64, i64) =
            sqlx::query_as(&format!(
                "SELECT CAST(COALESCE(SUM(CASE WHEN state IN {PAID} THEN 1 ELSE 0 END), 0) AS BIGINT),
                        CAST(COALESCE(SUM(CASE WHEN state IN {PAID} THEN total_inr_minor ELSE 0 END), 0) AS BIGINT),
                        CAST(COALESCE(SUM(CASE WHEN created_at >= $3 THEN 1 ELSE 0 END), 0) AS BIGINT),
                        CAST(COALESCE(SUM(CASE WHEN created_at >= $3 AND state IN {PAID} THEN 1 ELSE 0 END), 0) AS BIGINT)
                   FROM orders WHERE stream_id = $1 AND created_at >= $2"
            ))
            .bind(stream)
            .bind(live_at)
            .bind(minute_s)
            .fetch_one(db)
            .await?;
        // (product, kind, viewers since live, viewers in the last minute)
        let counted: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT product_id, CAST(0 AS BIGINT), COUNT(*),
                    CAST(COALESCE(SUM(CASE WHEN at_ms >= $3 THEN 1 ELSE 0 END), 0) AS BIGINT)
               FROM stream_clicks WHERE stream_id = $1 AND at_ms >= $2
              GROUP BY product_id
             UNION ALL
             SELECT product_id, CAST(1 AS BIGINT), COUNT(*),
                    CAST(COALESCE(SUM(CASE WHEN at_ms >= $3 THEN 1 ELSE 0 END), 0) AS BIGINT)
               FROM stream_carts WHERE stream_id = $1 AND at_ms >= $2
              GROUP BY product_id",
        )
        .bind(stream)
        .bind(live_at * 1000)
        .bind(now_ms - 60_000)
        .fetch_all(db)
        .await?;
        let paid: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT i.product_id, COUNT(*) FROM orders o JOIN order_items i ON i.order_id = o.id
              WHERE o.stream_id = $1 AND o.created_at >= $2 AND o.state IN {PAID}
              GROUP BY i.product_id"
        ))
        .bind(stream)
        .bind(live_at)
        .fetch_all(db)
        .await?;
        let reached: i64 = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT viewer) FROM viewer_sessions
              WHERE stream_id = $1 AND COALESCE(left_at, seen_at) >= $2",
        )
        .bind(stream)
        .bind(live_at * 1000)
        .fetch_one(db)
        .await?;
        let mut by_product: Vec<ProductSales> = Vec::new();
        fn row(rows: &mut Vec<ProductSales>, product: i64) -> &mut ProductSales {
            let at = match rows.iter().position(|p| p.product == product) {
                Some(at) => at,
                None => {
                    rows.push(ProductSales {
                        product,
                        ..ProductSales::default()
                    });
                    rows.len() - 1
                }
            };
            &mut rows[at]
        }
        let (mut clicks_minute, mut carts_minute) = (0, 0);
        for (product, kind, viewers, last_minute) in counted {
            if kind == 0 {
                row(&mut by_product, product).clicks = viewers;
                clicks_minute += last_minute;
            } else {
                row(&mut by_product, product).carts = viewers;
                carts_minute += last_minute;
            }
        }
        for (product, count) in paid {
            row(&mut by_product, product).orders = count;
        }
        Ok(Sales {
            orders,
            sales_minor,
            clicks_minute,
            carts_minute,
            checkouts_minute,
            orders_minute,
            reached,
            by_product,
        })
    }

    /// What a viewer did with a product from the live room.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Counted {
        /// Opened its checkout from a pin or the deal.
        Clicked,
        /// Added it to their cart from that checkout.
        Carted,
    }

    impl Counted {
        /// Where it is kept: once per stream, product and viewer.
        pub fn table(self) -> &'static str {
            match self {
                Self::Clicked => "stream_clicks",
                Self::Carted => "stream_carts",
            }
        }
    }

    /// A viewer `did` something with `product` from the live room of `stream` (both slugs):
    /// counted once per viewer and product, while the stream is live and only for the
    /// booth's own products; anything else is ignored.
    pub async fn counted(
        db: &Db,
        did: Counted,
        stream: &str,
        product: &str,
        viewer: &str,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let table = did.table();
        // The checkout is read again whenever the buyer changes it: a read answers those,
        // so only the first takes the store's write lock.
        let seen: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {table} c JOIN streams s ON s.id = c.stream_id
               JOIN products p ON p.id = c.product_id
              WHERE s.slug = $1 AND p.slug = $2 AND c.viewer = $3"
        ))
        .bind(stream)
        .bind(product)
        .bind(viewer)
        .fetch_one(db)
        .await?;
        if seen > 0 {
            return Ok(());
        }
        sqlx::query(&format!(
            "INSERT INTO {table} (stream_id, product_id, viewer, at_ms)
             SELECT s.id, p.id, $3, $4 FROM streams s JOIN products p ON p.booth_id = s.booth_id
              WHERE s.slug = $1 AND p.slug = $2 AND s.state = 'live'
             ON CONFLICT DO NOTHING"
        ))
        .bind(stream)
        .bind(product)
        .bind(viewer)
        .bind(now_ms)
        .execute(db)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::model::{Deal, Message, Pin, Question};

    fn question(id: i64, at: i64, votes: i64, answered: bool) -> Question {
        Question {
            message: Message {
                id,
                at,
                user: id,
                name: format!("Buyer {id}"),
                text: format!("Question {id}?"),
                demo: false,
            },
            votes,
            answered,
        }
    }

    fn room(state: &RoomState, viewers: i64, trend: Vec<i64>) -> Room<'_> {
        Room {
            now_ms: 1_000_000,
            live: true,
            since_ms: 0,
            viewers,
            trend,
            chats_minute: 0,
            questions_minute: 0,
            state,
            sold_out_at: None,
        }
    }

    #[test]
    fn falling_viewers_ask_for_the_top_question() {
        let state = RoomState {
            questions: vec![
                question(1, 990_000, 0, true),
                question(2, 995_000, 1, false),
                question(3, 996_000, 4, false),
            ],
            ..RoomState::default()
        };
        // 40 → 32 is 20 % down: flagged; the top open question is the most voted.
        let pulse = build(room(&state, 32, vec![10, 40, 38, 35]), Sales::default());
        assert_eq!(
            pulse.alerts,
            vec![Alert::Falling {
                from: 40,
                to: 32,
                question: Some("Question 3?".into())
            }]
        );
        assert_eq!(pulse.open_questions, 2);
        // The oldest open question, not the top one, is the one waiting longest.
        assert_eq!(pulse.oldest.as_ref().map(|w| w.age_s), Some(5));
        // 40 → 33 is not, nor a fall from under five viewers, nor one three minutes ago.
        assert!(
            build(room(&state, 33, vec![40, 36]), Sales::default())
                .alerts
                .is_empty()
        );
        assert!(
            build(room(&state, 0, vec![4, 4]), Sales::default())
                .alerts
                .is_empty()
        );
        assert!(
            build(room(&state, 10, vec![40, 10, 10, 10]), Sales::default())
                .alerts
                .is_empty()
        );
    }

    #[test]
    fn a_question_waiting_long_is_flagged() {
        let state = RoomState {
            questions: vec![question(7, 1_000_000 - 91_000, 0, false)],
            ..RoomState::default()
        };
        let pulse = build(room(&state, 3, vec![3]), Sales::default());
        assert_eq!(pulse.alerts, vec![Alert::Waiting { seconds: 91 }]);
        // Asked before the stream went live, it waits from then; nothing is flagged while
        // the stream is not live.
        let mut r = room(&state, 3, vec![3]);
        r.since_ms = 1_000_000 - 30_000;
        let pulse = build(r, Sales::default());
        assert_eq!(pulse.oldest.map(|w| w.age_s), Some(30));
        assert!(pulse.alerts.is_empty());
        let mut r = room(&state, 3, vec![3]);
        r.live = false;
        assert!(build(r, Sales::default()).alerts.is_empty());
        let state = RoomState {
            questions: vec![question(7, 1_000_000 - 89_000, 0, false)],
            ..RoomState::default()
        };
        assert!(
            build(room(&state, 3, vec![3]), Sales::default())
                .alerts
                .is_empty()
        );
    }

    #[test]
    fn a_deal_gone_in_under_half_its_run_says_offer_more() {
        let deal = Deal {
            id: 1,
            product: 9,
            price_minor: 100,
            was_minor: 200,
            quantity: 40,
            left: 0,
            per_buyer: 1,
            starts_ms: 900_000,
            ends_ms: 1_020_000,
        };
        let state = RoomState {
            deal: Some(deal.clone()),
            ..RoomState::default()
        };
        let mut r = room(&state, 3, vec![3]);
        r.sold_out_at = Some(940_000);
        let pulse = build(r, Sales::default());
        let figures = pulse.deal.clone().expect("deal figures");
        assert_eq!(figures.sold_out_after_s, Some(40));
        assert_eq!(figures.per_second, 1.0);
        assert!(!figures.open);
        assert_eq!(pulse.alerts, vec![Alert::SoldOutFast { seconds: 40 }]);
        // Sold out after 70 s of a 120 s run: no alert.
        let mut r = room(&state, 3, vec![3]);
        r.sold_out_at = Some(970_000);
        assert!(build(r, Sales::default()).alerts.is_empty());
        // Still selling: the rate so far (10 units in 100 s).
        let state = RoomState {
            deal: Some(Deal { left: 30, ..deal }),
            ..RoomState::default()
        };
        let figures = build(room(&state, 3, vec![3]), Sales::default())
            .deal
            .expect("deal figures");
        assert_eq!((figures.per_second, figures.open), (0.1, true));
        assert_eq!(figures.sold_out_after_s, None);
    }

    #[test]
    fn pins_carry_clicks_orders_and_stock_alerts() {
        let state = RoomState {
            pins: vec![
                Pin {
                    product: 1,
                    stock: 3,
                },
                Pin {
                    product: 2,
                    stock: 0,
                },
                Pin {
                    product: 3,
                    stock: 80,
                },
            ],
            ..RoomState::default()
        };
        let sales = Sales {
            reached: 40,
            by_product: [(1, 10, 4, 2), (3, 1, 0, 0), (4, 9, 9, 9)]
                .map(|(product, clicks, carts, orders)| ProductSales {
                    product,
                    clicks,
                    carts,
                    orders,
                })
                .to_vec(),
            ..Sales::default()
        };
        let pulse = build(room(&state, 3, vec![3]), sales);
        let pins: Vec<_> = pulse
            .pins
            .iter()
            .map(|p| (p.product, p.clicks, p.click_through_pct, p.carts, p.orders))
            .collect();
        assert_eq!(
            pins,
            vec![
                (1, 10, Some(25), 4, 2),
                (2, 0, Some(0), 0, 0),
                (3, 1, Some(2), 0, 0)
            ]
        );
        assert_eq!(
            pulse.alerts,
            vec![
                Alert::LowStock {
                    product: 1,
                    left: 3
                },
                Alert::PinnedSoldOut { product: 2 }
            ]
        );
    }
}
