//! Collaborations in the store. Who may act is settled first, from the collaboration
//! itself: the booth's team is one side, the creator whose profile it names the other; anyone
//! else learns nothing (404). Every change is a conditional write on the version it answers,
//! so two people answering at once cannot both win (the loser gets 409).

use super::model::{
    BoothList, CreatorList, Invite, Kind, Offer, Outcome, Page, Side, State, Summary, Terms,
    TermsForm,
};
use crate::accounts::roles::{member, signed_in};
use crate::accounts::store::User;
use crate::core::{Instant, Money};
use crate::creators::model::{Choice, LANGUAGES, portrait_src};
use crate::creators::store::{all, language_choices, parse_percent, percent, typed_percent};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::forms::{Checks, field};
use crate::i18n::{Locale, format};
use sqlx::FromRow;
use std::collections::HashMap;

const DAY: i64 = 24 * 3600;
/// The longest period one version of terms may cover.
const PERIOD_MAX_DAYS: i64 = 366;
/// The most products one version covers.
const PRODUCTS_MAX: usize = 20;

#[derive(FromRow)]
struct Row {
    booth_id: i64,
    creator_id: Option<i64>,
    kind: String,
    state: String,
    agreed_version: Option<i64>,
    creator_user: Option<i64>,
}

impl Row {
    fn kind(&self) -> Kind {
        Kind::parse(&self.kind).unwrap_or(Kind::Target)
    }

    fn state(&self) -> State {
        State::parse(&self.state).unwrap_or(State::Declined)
    }

    /// The reader's side, if they are on one.
    fn side(&self, user: &User) -> Option<Side> {
        if user.booth.is_some_and(|(booth, _)| booth == self.booth_id) {
            Some(Side::Exhibitor)
        } else if self.creator_user == Some(user.id) {
            Some(Side::Creator)
        } else {
            None
        }
    }

    /// An open offer itself (not a creator's collaboration from it).
    fn is_offer(&self) -> bool {
        self.kind() == Kind::Open && self.creator_id.is_none()
    }
}

const ROW_SELECT: &str = "SELECT k.booth_id, k.creator_id, k.kind, k.state,
        k.agreed_version, c.user_id AS creator_user
   FROM collaborations k LEFT JOIN creators c ON c.id = k.creator_id";

async fn row<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(db: E, id: i64) -> AppResult<Row> {
    sqlx::query_as(&format!("{ROW_SELECT} WHERE k.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The collaboration and the caller's side of it; nobody else learns it exists.
async fn party<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    actor: Option<&User>,
    id: i64,
) -> AppResult<(Row, Side)> {
    let user = signed_in(actor)?;
    let row = row(db, id).await?;
    let side = row.side(user).ok_or(AppError::NotFound)?;
    Ok((row, side))
}

/// Takes the collaboration for this transaction (its row lock on PostgreSQL, the write lock
/// on SQLite) and reads where it stands now: a concurrent change waits until this one is done.
async fn lock(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    now: Instant,
) -> AppResult<(State, Option<i64>)> {
    sqlx::query("UPDATE collaborations SET updated_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now.seconds())
        .execute(&mut **tx)
        .await?;
    let (state, agreed): (String, Option<i64>) =
        sqlx::query_as("SELECT state, agreed_version FROM collaborations WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
    Ok((State::parse(&state).unwrap_or(State::Declined), agreed))
}

#[derive(FromRow)]
struct TermsRow {
    id: i64,
    version: i64,
    side: String,
    proposed_name: String,
    proposed_at: i64,
    fee_inr_minor: Option<i64>,
    commission_bps: i64,
    starts_at: i64,
    ends_at: i64,
    streams: i64,
    minutes: Option<i64>,
    market: Option<String>,
    language: Option<String>,
    note: String,
    outcome: Option<String>,
    answered_name: Option<String>,
    answered_at: Option<i64>,
}

impl TermsRow {
    fn side(&self) -> Side {
        Side::parse(&self.side).unwrap_or(Side::Exhibitor)
    }
}

const TERMS_SELECT: &str = "SELECT id, version, side, proposed_name, proposed_at, fee_inr_minor,
        commission_bps, starts_at, ends_at, streams, minutes, market, language, note, outcome,
        answered_name, answered_at
   FROM collaboration_terms";

async fn versions<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    id: i64,
) -> Result<Vec<TermsRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{TERMS_SELECT} WHERE collaboration_id = $1 ORDER BY version DESC"
    ))
    .bind(id)
    .fetch_all(db)
    .await
}

async fn latest<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    id: i64,
) -> AppResult<TermsRow> {
    sqlx::query_as(&format!(
        "{TERMS_SELECT} WHERE collaboration_id = $1 ORDER BY version DESC LIMIT 1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::Internal)
}

/// "1 December 2026 – 31 December 2026": the first and the last day covered (UTC).
fn period(locale: Locale, starts_at: i64, ends_at: i64) -> String {
    format!(
        "{} – {}",
        format::date(locale, Instant(starts_at), "UTC"),
        format::date(locale, Instant(ends_at - DAY), "UTC")
    )
}

/// The products each of `terms` covers, `(slug, name)` in the booth's order: one query for
/// a page's versions or offers.
async fn products_of(
    db: &Db,
    terms: &[i64],
) -> Result<HashMap<i64, Vec<(String, String)>>, sqlx::Error> {
    let mut by_terms: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    if terms.is_empty() {
        return Ok(by_terms);
    }
    // Ids are integers from the store, never from the request.
    let ids: Vec<String> = terms.iter().map(i64::to_string).collect();
    let rows: Vec<(i64, String, String)> = sqlx::query_as(&format!(
        "SELECT x.terms_id, p.slug, p.name FROM collaboration_products x
           JOIN products p ON p.id = x.product_id
          WHERE x.terms_id IN ({}) ORDER BY p.position, p.id",
        ids.join(", ")
    ))
    .fetch_all(db)
    .await?;
    for (terms, slug, name) in rows {
        by_terms.entry(terms).or_default().push((slug, name));
    }
    Ok(by_terms)
}

fn terms_view(locale: Locale, t: TermsRow, products: Vec<(String, String)>) -> Terms {
    Terms {
        version: t.version,
        side: t.side(),
        by: t.proposed_name.clone(),
        on: format::date(locale, Instant(t.proposed_at), "UTC"),
        fee: t
            .fee_inr_minor
            .map(|minor| format::money(locale, Money::inr(minor))),
        commission: percent(locale, t.commission_bps),
        period: period(locale, t.starts_at, t.ends_at),
        products,
        streams: t.streams,
        minutes: t.minutes,
        market: t.market.as_deref().map(|c| format::country(locale, c)),
        language: t.language.as_deref().map(|c| format::language(locale, c)),
        note: t.note,
        outcome: t.outcome.as_deref().and_then(Outcome::parse),
        answered: t.answered_name.zip(
            t.answered_at
                .map(|at| format::date(locale, Instant(at), "UTC")),
        ),
    }
}

/// The checked terms, before anything is written.
struct NewTerms {
    products: Vec<i64>,
    fee: Option<i64>,
    commission: i64,
    starts_at: i64,
    ends_at: i64,
    streams: i64,
    minutes: Option<i64>,
    market: Option<String>,
    language: Option<String>,
    note: String,
}

/// Checks posted terms for the booth's products; an open offer has no fee and no
/// deliverables (any listed creator features the products in their own streams).
async fn check_terms(
    db: &Db,
    booth: i64,
    kind: Kind,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<NewTerms> {
    let mut checks = Checks::default();
    let posted = all(fields, "products");
    let published: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, slug FROM products WHERE booth_id = $1 AND status = 'published'",
    )
    .bind(booth)
    .fetch_all(db)
    .await?;
    let products: Vec<i64> = published
        .iter()
        .filter(|(_, slug)| posted.contains(&slug.as_str()))
        .map(|(id, _)| *id)
        .collect();
    if posted.is_empty() {
        checks.fail("products", "pick_one");
    } else if posted.len() > PRODUCTS_MAX {
        checks.fail("products", "pick_fewer");
    } else if products.len() != posted.len() {
        checks.fail("products", "choice");
    }
    let fee = match (kind, field(fields, "fee").trim()) {
        (Kind::Open, _) | (_, "") => None,
        (Kind::Target, raw) => match Money::parse_inr(raw) {
            Some(money) if money.minor <= 100_000_000_000 => Some(money.minor),
            _ => {
                checks.fail("fee", "fee");
                None
            }
        },
    };
    let commission = match field(fields, "commission").trim() {
        "" => {
            checks.fail("commission", "required");
            0
        }
        raw => parse_percent(raw).unwrap_or_else(|| {
            checks.fail("commission", "commission");
            0
        }),
    };
    let today = now.seconds() - now.seconds().rem_euclid(DAY);
    let mut date = |name: &str| match Instant::parse_date(field(fields, name)) {
        Some(at) => Some(at.seconds()),
        None => {
            checks.fail(
                name,
                if field(fields, name).trim().is_empty() {
                    "required"
                } else {
                    "date"
                },
            );
            None
        }
    };
    let (starts, ends) = (date("starts"), date("ends"));
    let (mut starts_at, mut ends_at) = (today, today + DAY);
    if let (Some(starts), Some(ends)) = (starts, ends) {
        (starts_at, ends_at) = (starts, ends + DAY);
        if starts < today {
            checks.fail("starts", "in_past");
        } else if ends < starts {
            checks.fail("ends", "end_before_start");
        } else if ends_at - starts_at > PERIOD_MAX_DAYS * DAY {
            checks.fail("ends", "period_too_long");
        }
    }
    let (mut streams, mut minutes, mut market, mut language) = (0, None, None, None);
    if kind == Kind::Target {
        streams = match field(fields, "streams").trim() {
            "" => 0,
            raw => checks.number("streams", raw, 0..=20),
        };
        if streams > 0 {
            minutes = Some(checks.number("minutes", field(fields, "minutes"), 15..=240));
        }
        let served = crate::checkout::shipping::countries(db).await?;
        market = match field(fields, "market").trim() {
            "" => None,
            code if served.iter().any(|c| c == code) => Some(code.to_owned()),
            _ => {
                checks.fail("market", "choice");
                None
            }
        };
        language = match field(fields, "language").trim() {
            "" => None,
            code if LANGUAGES.contains(&code) => Some(code.to_owned()),
            _ => {
                checks.fail("language", "choice");
                None
            }
        };
    }
    let note = match field(fields, "note").trim() {
        "" => String::new(),
        raw => checks.paragraph("note", raw, 1000),
    };
    checks.finish()?;
    Ok(NewTerms {
        products,
        fee,
        commission,
        starts_at,
        ends_at,
        streams,
        minutes,
        market,
        language,
        note,
    })
}

async fn write_terms(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    version: i64,
    side: Side,
    user: &User,
    terms: &NewTerms,
    now: Instant,
) -> AppResult<()> {
    let terms_id: i64 = sqlx::query_scalar(
        "INSERT INTO collaboration_terms (collaboration_id, version, side, proposed_by,
                proposed_name, proposed_at, fee_inr_minor, commission_bps, starts_at, ends_at,
                streams, minutes, market, language, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(id)
    .bind(version)
    .bind(side.code())
    .bind(user.id)
    .bind(&user.display_name)
    .bind(now.seconds())
    .bind(terms.fee)
    .bind(terms.commission)
    .bind(terms.starts_at)
    .bind(terms.ends_at)
    .bind(terms.streams)
    .bind(terms.minutes)
    .bind(terms.market.as_deref())
    .bind(terms.language.as_deref())
    .bind(&terms.note)
    .fetch_one(&mut **tx)
    .await?;
    for product in &terms.products {
        sqlx::query("INSERT INTO collaboration_products (terms_id, product_id) VALUES ($1, $2)")
            .bind(terms_id)
            .bind(product)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A new collaboration's row: the booth, the creator (none on an open offer), the offer it
/// was joined from.
struct NewRow {
    booth: i64,
    creator: Option<i64>,
    kind: Kind,
    offer: Option<i64>,
    state: State,
}

async fn new_collaboration(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    new: NewRow,
    user: &User,
    now: Instant,
) -> Result<i64, sqlx::Error> {
    let NewRow {
        booth,
        creator,
        kind,
        offer,
        state,
    } = new;
    sqlx::query_scalar(
        "INSERT INTO collaborations (booth_id, creator_id, kind, offer_id, state, agreed_version,
                created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(booth)
    .bind(creator)
    .bind(kind.code())
    .bind(offer)
    .bind(state.code())
    .bind((state == State::Agreed).then_some(1_i64))
    .bind(user.id)
    .bind(now.seconds())
    .fetch_one(&mut **tx)
    .await
}

/// The booth's team invites a creator with terms (a target collaboration). A creator not
/// taking collaborations, or the inviter's own profile, is a 409.
pub async fn invite(
    db: &Db,
    actor: Option<&User>,
    creator: &str,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<i64> {
    let (user, booth, _) = member(actor)?;
    let (creator_id, creator_user, available): (i64, Option<i64>, i64) =
        sqlx::query_as("SELECT id, user_id, available FROM creators WHERE slug = $1")
            .bind(creator)
            .fetch_optional(db)
            .await?
            .ok_or(AppError::NotFound)?;
    if creator_user == Some(user.id) {
        return Err(AppError::conflict("form", "collab_self"));
    }
    if available != 1 {
        return Err(AppError::conflict("form", "collab_unavailable"));
    }
    propose_first(db, user, booth, Some(creator_id), fields, now).await
}

/// The booth's team offers products at a commission for a period to any listed creator.
pub async fn offer(
    db: &Db,
    actor: Option<&User>,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<i64> {
    let (user, booth, _) = member(actor)?;
    propose_first(db, user, booth, None, fields, now).await
}

/// The booth's first version: an invitation of `creator`, or (none) an open offer.
async fn propose_first(
    db: &Db,
    user: &User,
    booth: i64,
    creator: Option<i64>,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<i64> {
    let kind = if creator.is_some() {
        Kind::Target
    } else {
        Kind::Open
    };
    let terms = check_terms(db, booth, kind, fields, now).await?;
    let mut tx = db.begin().await?;
    let id = new_collaboration(
        &mut tx,
        NewRow {
            booth,
            creator,
            kind,
            offer: None,
            state: State::Proposed,
        },
        user,
        now,
    )
    .await?;
    write_terms(&mut tx, id, 1, Side::Exhibitor, user, &terms, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// A party proposes new terms: a counter to the other side's proposal, or a change to the
/// terms in force. `base` is the version the proposer saw; a newer one since is a 409.
pub async fn propose(
    db: &Db,
    actor: Option<&User>,
    id: i64,
    base: &str,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<i64> {
    let (row, side) = party(db, actor, id).await?;
    let user = signed_in(actor)?;
    let base = version_of(base)?;
    if row.is_offer() || row.state().ended() {
        return Err(AppError::conflict("form", "collab_closed"));
    }
    let terms = check_terms(db, row.booth_id, row.kind(), fields, now).await?;
    let mut tx = db.begin().await?;
    let (state, _) = lock(&mut tx, id, now).await?;
    if state.ended() {
        return Err(AppError::conflict("form", "collab_closed"));
    }
    let last = latest(&mut *tx, id).await?;
    if last.version != base {
        return Err(AppError::conflict("form", "collab_stale"));
    }
    if last.outcome.is_none() {
        if last.side() == side {
            // Their own proposal still awaits the other side.
            return Err(AppError::conflict("form", "collab_turn"));
        }
        let answered = answer_version(&mut tx, last.id, Outcome::Countered, user, now).await?;
        if !answered {
            return Err(AppError::conflict("form", "collab_stale"));
        }
    }
    let version = last.version + 1;
    write_terms(&mut tx, id, version, side, user, &terms, now).await?;
    tx.commit().await?;
    Ok(version)
}

/// Answers a version still awaiting one; false when someone answered it first.
async fn answer_version(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    terms: i64,
    outcome: Outcome,
    user: &User,
    now: Instant,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE collaboration_terms SET outcome = $2, answered_by = $3, answered_name = $4,
                answered_at = $5
          WHERE id = $1 AND outcome IS NULL",
    )
    .bind(terms)
    .bind(outcome.code())
    .bind(user.id)
    .bind(&user.display_name)
    .bind(now.seconds())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What a party does with the version awaiting an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The other side's proposal.
    Accept,
    Decline,
    /// The caller's own proposal, or (the booth, on an open offer) the offer itself.
    Withdraw,
}

impl Answer {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "accept" => Some(Self::Accept),
            "decline" => Some(Self::Decline),
            "withdraw" => Some(Self::Withdraw),
            _ => None,
        }
    }
}

/// A version number as a form posts it.
fn version_of(raw: &str) -> AppResult<i64> {
    raw.trim()
        .parse()
        .map_err(|_| AppError::bad_request("version", "number"))
}

/// Accepts, declines or withdraws (`answer`) `version`, which must be the one awaiting an
/// answer.
pub async fn answer(
    db: &Db,
    actor: Option<&User>,
    id: i64,
    version: &str,
    answer: &str,
    now: Instant,
) -> AppResult<()> {
    let (row, side) = party(db, actor, id).await?;
    let user = signed_in(actor)?;
    let version = version_of(version)?;
    let answer = Answer::parse(answer).ok_or_else(|| AppError::bad_request("answer", "choice"))?;
    let mut tx = db.begin().await?;
    let (state, agreed) = lock(&mut tx, id, now).await?;
    if state.ended() {
        return Err(AppError::conflict("form", "collab_closed"));
    }
    let last = latest(&mut *tx, id).await?;
    if last.version != version || last.outcome.is_some() {
        return Err(AppError::conflict("form", "collab_stale"));
    }
    let theirs = last.side() != side;
    let outcome = match answer {
        // Terms whose period is over are no longer there to accept.
        Answer::Accept if theirs && !row.is_offer() && last.ends_at <= now.seconds() => {
            return Err(AppError::conflict("form", "collab_closed"));
        }
        Answer::Accept if theirs && !row.is_offer() => Outcome::Accepted,
        Answer::Decline if theirs && !row.is_offer() => Outcome::Declined,
        Answer::Withdraw if !theirs => Outcome::Withdrawn,
        _ => return Err(AppError::conflict("form", "collab_turn")),
    };
    if !answer_version(&mut tx, last.id, outcome, user, now).await? {
        return Err(AppError::conflict("form", "collab_stale"));
    }
    let (state, agreed) = match (outcome, agreed) {
        (Outcome::Accepted, _) => (State::Agreed, Some(version)),
        (_, Some(agreed)) => (State::Agreed, Some(agreed)),
        (Outcome::Withdrawn, None) if row.is_offer() => (State::Closed, None),
        (Outcome::Withdrawn, None) => (State::Withdrawn, None),
        (_, None) => (State::Declined, None),
    };
    sqlx::query("UPDATE collaborations SET state = $2, agreed_version = $3 WHERE id = $1")
        .bind(id)
        .bind(state.code())
        .bind(agreed)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The creator's profile of the signed-in person, with whether a council lists them or
/// their agency.
pub(crate) async fn own_creator(
    db: &Db,
    user: &User,
) -> AppResult<Option<(i64, String, String, bool)>> {
    let row: Option<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.slug, c.name,
                (SELECT COUNT(*) FROM vettings v
                  WHERE v.withdrawn_at IS NULL
                    AND (v.creator_id = c.id OR v.agency_id = c.agency_id)) AS listings
           FROM creators c WHERE c.user_id = $1",
    )
    .bind(user.id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, slug, name, listings)| (id, slug, name, listings > 0)))
}

/// A creator joins an open offer: a collaboration of their own, with the offer's terms
/// accepted by them. Only council-listed creators (or of a listed agency) may join.
pub async fn join(db: &Db, actor: Option<&User>, offer: i64, now: Instant) -> AppResult<i64> {
    let user = signed_in(actor)?;
    // Joining is a creator's act: without a creator profile, not theirs to do.
    let (creator, _, _, listed) = own_creator(db, user).await?.ok_or(AppError::Forbidden)?;
    let offered = row(db, offer).await?;
    let published: Option<String> = sqlx::query_scalar("SELECT status FROM booths WHERE id = $1")
        .bind(offered.booth_id)
        .fetch_optional(db)
        .await?;
    if !offered.is_offer() || published.as_deref() != Some("published") {
        return Err(AppError::NotFound);
    }
    if user
        .booth
        .is_some_and(|(booth, _)| booth == offered.booth_id)
    {
        return Err(AppError::conflict("form", "collab_self"));
    }
    if !listed {
        return Err(AppError::conflict("form", "collab_listed"));
    }
    let mut tx = db.begin().await?;
    let (state, _) = lock(&mut tx, offer, now).await?;
    let terms = latest(&mut *tx, offer).await?;
    if state != State::Proposed || terms.ends_at <= now.seconds() {
        return Err(AppError::conflict("form", "collab_closed"));
    }
    let id = new_collaboration(
        &mut tx,
        NewRow {
            booth: offered.booth_id,
            creator: Some(creator),
            kind: Kind::Open,
            offer: Some(offer),
            state: State::Agreed,
        },
        user,
        now,
    )
    .await?;
    // The offer's version 1, copied as the creator's accepted version 1.
    sqlx::query(
        "INSERT INTO collaboration_terms (collaboration_id, version, side, proposed_by,
                proposed_name, proposed_at, fee_inr_minor, commission_bps, starts_at, ends_at,
                streams, minutes, market, language, note, outcome, answered_by, answered_name,
                answered_at)
         SELECT $1, 1, side, proposed_by, proposed_name, proposed_at, fee_inr_minor,
                commission_bps, starts_at, ends_at, streams, minutes, market, language, note,
                'accepted', $2, $3, $4
           FROM collaboration_terms WHERE id = $5",
    )
    .bind(id)
    .bind(user.id)
    .bind(&user.display_name)
    .bind(now.seconds())
    .bind(terms.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO collaboration_products (terms_id, product_id)
         SELECT t.id, x.product_id FROM collaboration_terms t, collaboration_products x
          WHERE t.collaboration_id = $1 AND t.version = 1 AND x.terms_id = $2",
    )
    .bind(id)
    .bind(terms.id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The terms form: the booth's published products and the choices, filled with `kept`.
async fn terms_form(
    db: &Db,
    locale: Locale,
    booth: i64,
    kept: Option<(&TermsRow, Vec<String>)>,
    defaults: (Option<i64>, Option<i64>),
    now: Instant,
) -> AppResult<TermsForm> {
    let products: Vec<(String, String)> = sqlx::query_as(
        "SELECT slug, name FROM products WHERE booth_id = $1 AND status = 'published'
          ORDER BY position, id",
    )
    .bind(booth)
    .fetch_all(db)
    .await?;
    let chosen: Vec<String> = kept.as_ref().map(|k| k.1.clone()).unwrap_or_default();
    let countries = crate::checkout::shipping::named_countries(db, locale).await?;
    let today = now.seconds() - now.seconds().rem_euclid(DAY);
    let t = kept.map(|k| k.0);
    let market = t.and_then(|t| t.market.clone());
    let language = t.and_then(|t| t.language.clone());
    let fee = t.map_or(defaults.0, |t| t.fee_inr_minor);
    let commission = t.map(|t| t.commission_bps).or(defaults.1);
    // A counter keeps the period unless it has begun; then it starts today.
    let starts_at = t.map_or(today, |t| t.starts_at.max(today));
    let ends_at = t.map_or(today + 30 * DAY, |t| t.ends_at.max(starts_at + DAY));
    Ok(TermsForm {
        products: products
            .into_iter()
            .map(|(slug, name)| Choice {
                chosen: chosen.contains(&slug),
                value: slug,
                label: name,
            })
            .collect(),
        fee: fee.map(|m| Money::inr(m).decimal()).unwrap_or_default(),
        commission: commission.map(typed_percent).unwrap_or_default(),
        starts: Instant(starts_at).iso_date(),
        ends: Instant(ends_at - DAY).iso_date(),
        streams: t.map_or(1, |t| t.streams).to_string(),
        minutes: t
            .map_or(Some(60), |t| t.minutes)
            .map(|m| m.to_string())
            .unwrap_or_default(),
        markets: countries
            .into_iter()
            .map(|(code, label)| Choice {
                chosen: market.as_deref() == Some(code.as_str()),
                value: code,
                label,
            })
            .collect(),
        languages: language_choices(locale, |code| language.as_deref() == Some(code)),
        note: t.map(|t| t.note.clone()).unwrap_or_default(),
    })
}

/// `/{locale}/collaborations/{id}`, for either side.
pub async fn page(
    db: &Db,
    locale: Locale,
    actor: Option<&User>,
    id: i64,
    now: Instant,
) -> AppResult<Page> {
    let (row, side) = party(db, actor, id).await?;
    let booth: (String, String) = sqlx::query_as("SELECT slug, name FROM booths WHERE id = $1")
        .bind(row.booth_id)
        .fetch_one(db)
        .await?;
    let creator: Option<(String, String, String)> = match row.creator_id {
        Some(creator) => Some(
            sqlx::query_as("SELECT slug, name, colour FROM creators WHERE id = $1")
                .bind(creator)
                .fetch_one(db)
                .await?,
        ),
        None => None,
    };
    let rows = versions(db, id).await?;
    let mut products = products_of(db, &rows.iter().map(|t| t.id).collect::<Vec<_>>()).await?;
    let pending = rows
        .first()
        .filter(|t| t.outcome.is_none())
        .map(|t| (t.version, t.side() != side));
    let state = row.state();
    let may_propose = !row.is_offer() && !state.ended() && pending.is_none_or(|(_, theirs)| theirs);
    let form = match (may_propose, rows.first()) {
        (true, Some(last)) => {
            let chosen: Vec<String> = products
                .get(&last.id)
                .into_iter()
                .flatten()
                .map(|(slug, _)| slug.clone())
                .collect();
            Some(
                terms_form(
                    db,
                    locale,
                    row.booth_id,
                    Some((last, chosen)),
                    (None, None),
                    now,
                )
                .await?,
            )
        }
        _ => None,
    };
    let joined: Vec<(String, String)> = if row.is_offer() {
        sqlx::query_as(
            "SELECT c.slug, c.name FROM collaborations k JOIN creators c ON c.id = k.creator_id
              WHERE k.offer_id = $1 ORDER BY k.created_at, k.id",
        )
        .bind(id)
        .fetch_all(db)
        .await?
    } else {
        Vec::new()
    };
    let history: Vec<Terms> = rows
        .into_iter()
        .map(|t| {
            let covered = products.remove(&t.id).unwrap_or_default();
            terms_view(locale, t, covered)
        })
        .collect();
    Ok(Page {
        id,
        kind: row.kind(),
        state,
        booth,
        creator: creator.map(|(slug, name, colour)| {
            let portrait = portrait_src(&slug, &colour);
            (slug, name, portrait)
        }),
        side,
        history,
        agreed: row.agreed_version,
        pending: pending.map(|p| p.0),
        awaiting_you: pending.is_some_and(|p| p.1) && !row.is_offer(),
        may_propose,
        form,
        joined,
    })
}

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    kind: String,
    state: String,
    booth: String,
    creator_slug: Option<String>,
    creator_name: Option<String>,
    side: String,
    commission_bps: i64,
    starts_at: i64,
    ends_at: i64,
    outcome: Option<String>,
    joined: i64,
}

const SUMMARY_SELECT: &str = "SELECT k.id, k.kind, k.state, b.name AS booth,
        c.slug AS creator_slug, c.name AS creator_name, t.side, t.commission_bps, t.starts_at,
        t.ends_at, t.outcome,
        (SELECT COUNT(*) FROM collaborations j WHERE j.offer_id = k.id) AS joined
   FROM collaborations k
   JOIN booths b ON b.id = k.booth_id
   LEFT JOIN creators c ON c.id = k.creator_id
   JOIN collaboration_terms t ON t.collaboration_id = k.id
    AND t.version = (SELECT MAX(version) FROM collaboration_terms l WHERE l.collaboration_id = k.id)";

fn summaries(locale: Locale, rows: Vec<SummaryRow>, side: Side) -> Vec<Summary> {
    rows.into_iter()
        .map(|r| {
            let kind = Kind::parse(&r.kind).unwrap_or(Kind::Target);
            let offer = kind == Kind::Open && r.creator_slug.is_none();
            let pending = r.outcome.is_none() && !offer;
            Summary {
                id: r.id,
                kind,
                state: State::parse(&r.state).unwrap_or(State::Declined),
                booth: r.booth,
                creator: r.creator_slug.zip(r.creator_name),
                commission: percent(locale, r.commission_bps),
                period: period(locale, r.starts_at, r.ends_at),
                awaiting_you: pending && Side::parse(&r.side) != Some(side),
                pending,
                joined: r.joined,
            }
        })
        .collect()
}

/// `/{locale}/exhibitor/collaborations`: the booth's collaborations and open offers, the
/// ones awaiting the booth first.
pub async fn booth_list(
    db: &Db,
    locale: Locale,
    actor: Option<&User>,
    now: Instant,
) -> AppResult<BoothList> {
    let (_, booth, _) = member(actor)?;
    let name: String = sqlx::query_scalar("SELECT name FROM booths WHERE id = $1")
        .bind(booth)
        .fetch_one(db)
        .await?;
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE k.booth_id = $1 ORDER BY k.updated_at DESC, k.id DESC"
    ))
    .bind(booth)
    .fetch_all(db)
    .await?;
    let (offers, mut collaborations): (Vec<Summary>, Vec<Summary>) =
        summaries(locale, rows, Side::Exhibitor)
            .into_iter()
            .partition(|s| s.kind == Kind::Open && s.creator.is_none());
    collaborations.sort_by_key(|s| !s.awaiting_you);
    Ok(BoothList {
        booth: name,
        collaborations,
        offers,
        form: terms_form(db, locale, booth, None, (None, Some(1000)), now).await?,
        owed: crate::creators::statements::store::owed(db, locale, booth, now).await?,
    })
}

/// `/{locale}/creator/collaborations`: the creator's collaborations, and the open offers
/// still taking creators.
pub async fn creator_list(
    db: &Db,
    locale: Locale,
    actor: Option<&User>,
    now: Instant,
) -> AppResult<CreatorList> {
    let user = signed_in(actor)?;
    let Some((creator, slug, name, listed)) = own_creator(db, user).await? else {
        return Ok(CreatorList {
            creator: None,
            listed: false,
            collaborations: Vec::new(),
            offers: Vec::new(),
        });
    };
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE k.creator_id = $1 ORDER BY k.updated_at DESC, k.id DESC"
    ))
    .bind(creator)
    .fetch_all(db)
    .await?;
    let mut collaborations = summaries(locale, rows, Side::Creator);
    collaborations.sort_by_key(|s| !s.awaiting_you);
    #[derive(FromRow)]
    struct OfferRow {
        id: i64,
        terms_id: i64,
        booth_slug: String,
        booth_name: String,
        commission_bps: i64,
        starts_at: i64,
        ends_at: i64,
        joined: Option<i64>,
    }
    let offered: Vec<OfferRow> = sqlx::query_as(
        "SELECT k.id, t.id AS terms_id, b.slug AS booth_slug, b.name AS booth_name,
                t.commission_bps, t.starts_at, t.ends_at,
                (SELECT j.id FROM collaborations j WHERE j.offer_id = k.id AND j.creator_id = $1)
                  AS joined
           FROM collaborations k
           JOIN booths b ON b.id = k.booth_id AND b.status = 'published'
           JOIN collaboration_terms t ON t.collaboration_id = k.id AND t.version = 1
          WHERE k.kind = 'open' AND k.creator_id IS NULL AND k.state = 'proposed'
            AND t.ends_at > $2
          ORDER BY t.commission_bps DESC, k.id",
    )
    .bind(creator)
    .bind(now.seconds())
    .fetch_all(db)
    .await?;
    let mut products =
        products_of(db, &offered.iter().map(|o| o.terms_id).collect::<Vec<_>>()).await?;
    let offers: Vec<Offer> = offered
        .into_iter()
        .map(|o| Offer {
            id: o.id,
            booth: (o.booth_slug, o.booth_name),
            commission: percent(locale, o.commission_bps),
            period: period(locale, o.starts_at, o.ends_at),
            products: products.remove(&o.terms_id).unwrap_or_default(),
            joined: o.joined,
        })
        .collect();
    Ok(CreatorList {
        creator: Some((slug, name)),
        listed,
        collaborations,
        offers,
    })
}

/// `/{locale}/exhibitor/invite/{creator}`: the invitation, filled from the creator's rate
/// card.
pub async fn invite_form(
    db: &Db,
    locale: Locale,
    actor: Option<&User>,
    creator: &str,
    now: Instant,
) -> AppResult<Invite> {
    let (_, booth, _) = member(actor)?;
    #[derive(FromRow)]
    struct CreatorRow {
        slug: String,
        name: String,
        colour: String,
        headline: String,
        fee_inr_minor: Option<i64>,
        commission_bps: Option<i64>,
    }
    let c: CreatorRow = sqlx::query_as(
        "SELECT slug, name, colour, headline, fee_inr_minor, commission_bps FROM creators
          WHERE slug = $1",
    )
    .bind(creator)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    let form = terms_form(
        db,
        locale,
        booth,
        None,
        (c.fee_inr_minor, c.commission_bps),
        now,
    )
    .await?;
    Ok(Invite {
        creator: (c.slug.clone(), c.name, portrait_src(&c.slug, &c.colour)),
        headline: c.headline,
        fee: c
            .fee_inr_minor
            .map(|minor| format::money(locale, Money::inr(minor))),
        commission: c.commission_bps.map(|bps| percent(locale, bps)),
        form,
    })
}
