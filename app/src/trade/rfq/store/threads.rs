//! One thread of messages per request and booth, between the buyer and the booth's team;
//! each message is emailed to the other side (through the outbox).

use super::*;
use crate::trade::rfq::form::check_message;
use crate::trade::rfq::model::Message;

/// The messages between the buyer of request `rfq` and `booth`, oldest first.
pub(super) async fn thread(
    conn: &mut AnyConnection,
    rfq: i64,
    booth: i64,
    locale: Locale,
) -> Result<Vec<Message>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT m.from_booth, u.display_name, m.body, m.at FROM rfq_messages m
           JOIN users u ON u.id = m.author_id
          WHERE m.rfq_id = $1 AND m.booth_id = $2 ORDER BY m.id",
    )
    .bind(rfq)
    .bind(booth)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(from_booth, author, body, at)| Message {
            from_booth: from_booth == 1,
            author,
            body,
            at: Instant(at).rfc3339(),
            when: format::date_time(locale, Instant(at), "UTC"),
        })
        .collect())
}

/// Most messages one side may post in one thread in an hour.
pub const MESSAGES_PER_HOUR: i64 = 30;

/// Posts a message: the buyer writes to a booth that received their request (`booth`
/// field), a booth's team member to the buyer of a request the booth received.
pub async fn post_message(
    db: &Db,
    actor: Option<&User>,
    number: &str,
    fields: &[(String, String)],
    site: &str,
    now: Instant,
) -> AppResult<()> {
    let user = signed_in(actor)?;
    // The buyer's own request, else one the caller's booth received.
    let (rfq, booth, from_booth) = match own_rfq(db, user, number).await {
        Ok(rfq) => {
            let booth: i64 = sqlx::query_scalar(
                "SELECT b.id FROM rfq_recipients rr JOIN booths b ON b.id = rr.booth_id
                  WHERE rr.rfq_id = $1 AND b.slug = $2",
            )
            .bind(rfq)
            .bind(field(fields, "booth").trim())
            .fetch_optional(db)
            .await?
            .ok_or_else(|| AppError::invalid("booth", "choice"))?;
            (rfq, booth, false)
        }
        Err(AppError::NotFound) => {
            let (rfq, booth) = received_rfq(db, actor, number).await?;
            (rfq, booth, true)
        }
        Err(other) => return Err(other),
    };
    let body = check_message(fields)?;
    let recent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM rfq_messages WHERE rfq_id = $1 AND booth_id = $2 AND author_id = $3
            AND at > $4",
    )
    .bind(rfq)
    .bind(booth)
    .bind(user.id)
    .bind(now.seconds() - 3600)
    .fetch_one(db)
    .await?;
    if recent >= MESSAGES_PER_HOUR {
        return Err(AppError::Throttled(600));
    }
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO rfq_messages (rfq_id, booth_id, author_id, from_booth, body, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(rfq)
    .bind(booth)
    .bind(user.id)
    .bind(i64::from(from_booth))
    .bind(&body)
    .bind(now.seconds())
    .execute(&mut *tx)
    .await?;
    let (buyer_email, locale, booth_name) = parties(&mut tx, rfq, booth).await?;
    if from_booth {
        let subject = tr!(
            locale.ui(),
            rfq_mail_message,
            from = booth_name,
            number = number.to_owned()
        );
        let mail = format!(
            "{subject}\n\n{body}\n\n{site}/{}/rfqs/{number}\n",
            locale.code()
        );
        queue_email(&mut *tx, &buyer_email, &subject, &mail, now).await?;
    } else {
        let from = user.display_name.clone();
        mail_team(&mut tx, booth, number, site, now, |ui| {
            (
                tr!(
                    ui,
                    rfq_mail_message,
                    from = from.clone(),
                    number = number.to_owned()
                ),
                body.clone(),
            )
        })
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
