//! Delivering the outbox: every email is first a row in `outbox` (written in the same
//! transaction as what caused it); this loop sends the rows over SMTP when
//! `PAVILION_SMTP_URL` is set, or prints them to the log in development. A node claims a
//! row before sending it, so several nodes never send one twice; failures are retried with
//! growing pauses, five times at most.

use app::core::Instant;
use app::db::Db;
use app::state::now;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How a message leaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Not at all (tests that read the outbox themselves).
    Off,
    /// Printed to the log, for development.
    Log,
    /// Sent over SMTP: `smtp://host:port` (plain, for a local relay), `smtp://…?tls=required`
    /// (STARTTLS) or `smtps://user:password@host` (TLS).
    Smtp(String),
}

const ATTEMPTS: i64 = 5;
const BATCH: i64 = 20;
const CLAIM_SECONDS: i64 = 120;

enum Transport {
    Log,
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

pub struct Mailer {
    db: Db,
    from: Mailbox,
    transport: Transport,
}

#[derive(sqlx::FromRow)]
struct Due {
    id: i64,
    recipient: String,
    subject: String,
    body: String,
    attempts: i64,
}

impl Mailer {
    /// The mailer for `delivery`, or `None` when delivery is off.
    pub fn new(db: Db, delivery: &Delivery, from: &str) -> anyhow::Result<Option<Self>> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("PAVILION_MAIL_FROM {from:?} is not an address: {e}"))?;
        let transport = match delivery {
            Delivery::Off => return Ok(None),
            Delivery::Log => Transport::Log,
            Delivery::Smtp(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("PAVILION_SMTP_URL is not usable: {e}"))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build(),
            ),
        };
        Ok(Some(Self {
            db,
            from,
            transport,
        }))
    }

    /// Sends what is due now; returns how many went out.
    pub async fn deliver_due(&self, now: Instant) -> Result<usize, sqlx::Error> {
        let due: Vec<Due> = sqlx::query_as(
            "SELECT id, recipient, subject, body, attempts FROM outbox
              WHERE sent_at IS NULL AND attempts < $1 AND (claimed_until IS NULL OR claimed_until < $2)
              ORDER BY id LIMIT $3",
        )
        .bind(ATTEMPTS)
        .bind(now.seconds())
        .bind(BATCH)
        .fetch_all(&self.db)
        .await?;
        let mut sent = 0;
        for mail in due {
            let claimed = sqlx::query(
                "UPDATE outbox SET claimed_until = $2 WHERE id = $1 AND sent_at IS NULL
                   AND (claimed_until IS NULL OR claimed_until < $3)",
            )
            .bind(mail.id)
            .bind(now.seconds() + CLAIM_SECONDS)
            .bind(now.seconds())
            .execute(&self.db)
            .await?;
            if claimed.rows_affected() != 1 {
                continue; // another node has it
            }
            match self.send(&mail).await {
                Ok(()) => {
                    sqlx::query("UPDATE outbox SET sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1")
                        .bind(mail.id)
                        .bind(now.seconds())
                        .execute(&self.db)
                        .await?;
                    sent += 1;
                }
                Err((error, permanent)) => {
                    tracing::warn!(id = mail.id, %error, "an email could not be sent");
                    // Try again after 1, 2, 4, 8 minutes; a bad address never.
                    let attempts = if permanent {
                        ATTEMPTS
                    } else {
                        mail.attempts + 1
                    };
                    let pause = 60 * (1_i64 << mail.attempts.clamp(0, 4));
                    sqlx::query(
                        "UPDATE outbox SET attempts = $2, last_error = $3, claimed_until = $4 WHERE id = $1",
                    )
                    .bind(mail.id)
                    .bind(attempts)
                    .bind(error.chars().take(500).collect::<String>())
                    .bind(now.seconds() + pause)
                    .execute(&self.db)
                    .await?;
                }
            }
        }
        Ok(sent)
    }

    /// Sends one message; the error says whether trying again could help.
    async fn send(&self, mail: &Due) -> Result<(), (String, bool)> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|e| (format!("bad recipient: {e}"), true))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| (format!("cannot build the message: {e}"), true))?;
        match &self.transport {
            Transport::Log => {
                tracing::info!(to = %mail.recipient, subject = %mail.subject, "outgoing email (no SMTP configured):\n{}", mail.body);
                Ok(())
            }
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| (e.to_string(), e.is_permanent())),
        }
    }

    /// Delivers every couple of seconds until the process ends.
    pub async fn run(self) {
        loop {
            if let Err(err) = self.deliver_due(now()).await {
                tracing::warn!(%err, "the outbox could not be read");
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }
}
