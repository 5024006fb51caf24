//! Delivering the outbox: every email is first a row in `outbox` (written in the same
//! transaction as what caused it); this loop sends the rows over SMTP when
//! `PAVILION_SMTP_URL` is set, or prints them to the log in development. A node claims a
//! row before sending it, so several nodes never send one twice; failures are retried with
//! growing pauses, five times at most.

use app::accounts::outbox::{self, Due};
use app::core::Instant;
use app::db::Db;
use app::state::now;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::message::{MultiPart, SinglePart};
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

/// Emails sent per round.
const BATCH: i64 = 20;

enum Transport {
    Log,
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

pub struct Mailer {
    db: Db,
    from: Mailbox,
    transport: Transport,
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
        let mut sent = 0;
        for mail in outbox::due(&self.db, now, BATCH).await? {
            if !outbox::claim(&self.db, mail.id, now).await? {
                continue; // another node has it
            }
            match self.send(&mail).await {
                Ok(()) => {
                    outbox::sent(&self.db, mail.id, now).await?;
                    sent += 1;
                }
                Err((error, permanent)) => {
                    tracing::warn!(id = mail.id, %error, "an email could not be sent");
                    outbox::failed(&self.db, &mail, &error, permanent, now).await?;
                }
            }
        }
        Ok(sent)
    }

    /// The message of one outbox row; the error says whether trying again could help.
    fn message(&self, mail: &Due) -> Result<Message, (String, bool)> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|e| (format!("bad recipient: {e}"), true))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone());
        match &mail.calendar {
            // A meeting's entry: the words and, as their alternative, the calendar part mail
            // programs show as an invitation (its method in the content type, as iTIP over
            // email asks, RFC 6047).
            Some(calendar) => {
                let method = mail.calendar_method.as_deref().unwrap_or("PUBLISH");
                let kind =
                    ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                        .map_err(|e| (format!("bad calendar method: {e}"), true))?;
                builder.multipart(
                    MultiPart::alternative()
                        .singlepart(SinglePart::plain(mail.body.clone()))
                        .singlepart(SinglePart::builder().header(kind).body(calendar.clone())),
                )
            }
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone()),
        }
        .map_err(|e| (format!("cannot build the message: {e}"), true))
    }

    /// Sends one message; the error says whether trying again could help.
    async fn send(&self, mail: &Due) -> Result<(), (String, bool)> {
        let message = self.message(mail)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn due(calendar: Option<&str>) -> Due {
        Due {
            id: 1,
            recipient: "kenji@importer.example".to_owned(),
            subject: "Meeting booked".to_owned(),
            body: "See you then.".to_owned(),
            attempts: 0,
            calendar: calendar.map(str::to_owned),
            calendar_method: calendar.map(|_| "CANCEL".to_owned()),
        }
    }

    fn mailer() -> Mailer {
        let db = sqlx::any::AnyPoolOptions::new()
            .connect_lazy("sqlite::memory:")
            .unwrap_or_else(|e| panic!("a lazy pool: {e}"));
        Mailer {
            db,
            from: "Pavilion <noreply@pavilion.example>"
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
            transport: Transport::Log,
        }
    }

    #[tokio::test]
    async fn a_calendar_entry_travels_as_its_own_part() {
        sqlx::any::install_default_drivers();
        let mailer = mailer();
        let plain = mailer
            .message(&due(None))
            .unwrap_or_else(|e| panic!("{e:?}"));
        let plain = String::from_utf8(plain.formatted()).unwrap_or_default();
        assert!(plain.contains("Content-Type: text/plain"), "{plain}");
        assert!(!plain.contains("text/calendar"));
        let entry = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n";
        let with = mailer
            .message(&due(Some(entry)))
            .unwrap_or_else(|e| panic!("{e:?}"));
        let with = String::from_utf8(with.formatted()).unwrap_or_default();
        assert!(with.contains("multipart/alternative"), "{with}");
        assert!(
            with.contains("text/calendar; charset=utf-8; method=CANCEL"),
            "{with}"
        );
        assert!(with.contains("METHOD:CANCEL"), "{with}");
        assert!(with.contains("See you then."));
    }
}
