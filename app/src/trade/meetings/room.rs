//! The meeting room in the store (ssr only): the conversation beside the call — lines said
//! and the booth's products shared, written by the meeting's two parties (and its council
//! moderator, when one is seated) only while it is booked and not over — and the STUN/TURN
//! servers a party's browser is given for the call.

use super::model::{IceServer, NOTE_MAX, Note, Room, SharedProduct};
use super::store::{Party, party};
use crate::accounts::roles::signed_in;
use crate::accounts::store::User;
use crate::core::Instant;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::fx::Pricing;
use crate::i18n::{Locale, format};
use crate::pavilion::store::{products_by_ids, products_of_booth};
use base64::Engine;
use hmac::{Hmac, Mac};

/// How long TURN credentials made for a page stay good.
const TURN_HOURS: i64 = 12;
/// The conversation shown: the latest lines, oldest first.
const NOTES_SHOWN: i64 = 200;

/// The call's STUN and TURN servers, from the configuration. TURN credentials follow the
/// "REST API" scheme coturn checks with `use-auth-secret`: the user name is the expiry
/// and the person, the password its HMAC-SHA1 under the shared secret.
#[derive(Clone, Debug, Default)]
pub struct IceConfig {
    pub stun: Vec<String>,
    pub turn: Vec<String>,
    pub turn_secret: Option<String>,
    /// Every call through TURN (where peers must never learn each other's address).
    pub relay_only: bool,
}

impl IceConfig {
    /// The servers for `user`'s browser, TURN with credentials good for [`TURN_HOURS`].
    pub fn servers(&self, user: i64, now: Instant) -> Vec<IceServer> {
        let mut servers = Vec::new();
        if !self.stun.is_empty() {
            servers.push(IceServer {
                urls: self.stun.clone(),
                username: None,
                credential: None,
            });
        }
        if let (false, Some(secret)) = (self.turn.is_empty(), &self.turn_secret) {
            let username = format!("{}:{user}", now.seconds() + TURN_HOURS * 3600);
            servers.push(IceServer {
                urls: self.turn.clone(),
                credential: Some(turn_password(secret, &username)),
                username: Some(username),
            });
        }
        servers
    }
}

/// coturn's password for a REST API user name: base64 of HMAC-SHA1 under the secret.
fn turn_password(secret: &str, username: &str) -> String {
    let mut mac =
        Hmac::<sha1::Sha1>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(username.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// How a party reads the room: their language, zone and prices.
pub struct Reader<'a> {
    pub id: i64,
    pub locale: Locale,
    pub zone: &'a str,
    pub pricing: &'a Pricing,
}

type NoteRow = (i64, i64, String, String, Option<i64>, i64);

const NOTE_SELECT: &str =
    "SELECT n.id, n.author_id, u.display_name, n.body, n.product_id, n.created_at
   FROM meeting_notes n JOIN users u ON u.id = n.author_id";

async fn shown(db: &Db, reader: &Reader<'_>, rows: Vec<NoteRow>) -> AppResult<Vec<Note>> {
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.4).collect();
    let cards = products_by_ids(db, reader.locale, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|(id, author_id, author, body, product, at)| Note {
            id,
            author,
            mine: author_id == reader.id,
            text: body,
            time: format::time(reader.locale, Instant(at), reader.zone),
            at: Instant(at).rfc3339(),
            product: product
                .and_then(|p| cards.iter().find(|(id, _)| *id == p))
                .map(|(_, card)| SharedProduct {
                    slug: card.slug.clone(),
                    name: card.name.clone(),
                    price: reader.pricing.tag(card.price).label,
                    unit: card.unit.clone(),
                    image: card.image.src.clone(),
                    alt: card.image.alt.clone(),
                }),
        })
        .collect())
}

/// One line of a meeting, as `reader` reads it.
pub async fn note(db: &Db, meeting: i64, id: i64, reader: &Reader<'_>) -> AppResult<Option<Note>> {
    let row: Option<NoteRow> = sqlx::query_as(&format!(
        "{NOTE_SELECT} WHERE n.id = $1 AND n.meeting_id = $2"
    ))
    .bind(id)
    .bind(meeting)
    .fetch_optional(db)
    .await?;
    Ok(shown(db, reader, row.into_iter().collect()).await?.pop())
}

/// The lines after `after`, oldest first (for a socket back from a drop).
pub(super) async fn since(
    db: &Db,
    meeting: i64,
    after: i64,
    reader: &Reader<'_>,
) -> AppResult<Vec<Note>> {
    let rows: Vec<NoteRow> = sqlx::query_as(&format!(
        "{NOTE_SELECT} WHERE n.meeting_id = $1 AND n.id > $2 ORDER BY n.id LIMIT {NOTES_SHOWN}"
    ))
    .bind(meeting)
    .bind(after)
    .fetch_all(db)
    .await?;
    shown(db, reader, rows).await
}

/// The meeting's room for one of its parties (or its moderator): the latest lines, the booth's products and
/// the call's servers.
pub(super) async fn room(
    db: &Db,
    meeting: &Party,
    reader: &Reader<'_>,
    ice: &IceConfig,
    now: Instant,
) -> AppResult<Room> {
    let mut rows: Vec<NoteRow> = sqlx::query_as(&format!(
        "{NOTE_SELECT} WHERE n.meeting_id = $1 ORDER BY n.id DESC LIMIT {NOTES_SHOWN}"
    ))
    .bind(meeting.meeting)
    .fetch_all(db)
    .await?;
    rows.reverse();
    let products = products_of_booth(db, reader.locale, meeting.booth, None)
        .await?
        .into_iter()
        .map(|card| (card.slug, card.name))
        .collect();
    Ok(Room {
        open: meeting.open,
        me: reader.id,
        peers: meeting.others(reader.id),
        notes: shown(db, reader, rows).await?,
        products,
        ice: if meeting.open {
            ice.servers(reader.id, now)
        } else {
            Vec::new()
        },
        relay_only: ice.relay_only,
        zone: reader.zone.to_owned(),
    })
}

/// A line of a meeting's conversation, as written.
#[derive(Clone, Copy, Debug)]
pub enum Line<'a> {
    Said(&'a str),
    /// A product of the meeting's booth, by slug.
    Shared(&'a str),
}

/// A party's line in their meeting. Answers the meeting's id and the line's.
pub async fn write(
    db: &Db,
    actor: Option<&User>,
    number: &str,
    line: Line<'_>,
    now: Instant,
) -> AppResult<(i64, i64)> {
    let user = signed_in(actor)?;
    let meeting = party(db, user, number, now).await?;
    if !meeting.open {
        return Err(AppError::conflict("form", "meeting_over"));
    }
    let (body, product_id) = match line {
        Line::Said(text) => {
            let text = text.trim();
            if text.is_empty() {
                return Err(AppError::invalid("text", "required"));
            }
            if text.chars().count() > NOTE_MAX {
                return Err(AppError::invalid("text", "too_long"));
            }
            (text, None)
        }
        Line::Shared(slug) => {
            let id: Option<i64> = sqlx::query_scalar(
                "SELECT p.id FROM products p WHERE p.slug = $1 AND p.booth_id = $2
                   AND p.status = 'published'",
            )
            .bind(slug.trim())
            .bind(meeting.booth)
            .fetch_optional(db)
            .await?;
            (
                "",
                Some(id.ok_or_else(|| AppError::invalid("product", "choice"))?),
            )
        }
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO meeting_notes (meeting_id, author_id, body, product_id, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(meeting.meeting)
    .bind(user.id)
    .bind(body)
    .bind(product_id)
    .bind(now.seconds())
    .fetch_one(db)
    .await?;
    Ok((meeting.meeting, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turn_passwords_follow_coturns_rest_scheme() {
        // HMAC-SHA1("secret", "1700000000:42"), base64: computed independently with
        // `printf %s 1700000000:42 | openssl dgst -sha1 -hmac secret -binary | base64`.
        assert_eq!(
            turn_password("secret", "1700000000:42"),
            "ZzfPuPkrzUOsnm5YISnTiKDnXWo="
        );
    }

    #[test]
    fn servers_carry_credentials_only_for_turn() {
        let ice = IceConfig {
            stun: vec!["stun:turn.example.org:3478".into()],
            turn: vec!["turn:turn.example.org:3478?transport=udp".into()],
            turn_secret: Some("s".into()),
            relay_only: false,
        };
        let servers = ice.servers(7, Instant(1000));
        assert_eq!(servers.len(), 2);
        assert_eq!(servers[0].username, None);
        assert_eq!(servers[1].username.as_deref(), Some("44200:7"));
        assert!(servers[1].credential.is_some());
        // No secret, no TURN: a TURN server without credentials would refuse every call.
        let bare = IceConfig {
            turn_secret: None,
            ..ice
        };
        assert_eq!(bare.servers(7, Instant(1000)).len(), 1);
    }
}
