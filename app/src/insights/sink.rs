//! Ingestion. A node keeps its viewers' session openings and closings in memory and writes
//! them in one transaction every few seconds, with a heartbeat every [`HEARTBEAT_MS`] for the
//! sessions it still holds: ten thousand viewers cost a few small writes, not a write each. A session is keyed by
//! its socket, so a batch written twice (a retry after a failure) counts once, and a viewer
//! who reconnects in a loop is counted at most [`SESSIONS_PER_MINUTE`] times a minute.

use crate::db::Db;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Sessions one viewer may open in one stream within a minute and have counted.
pub const SESSIONS_PER_MINUTE: u32 = 6;
/// How often a node marks its open sessions as still open.
pub const HEARTBEAT_MS: i64 = 30_000;
/// A session whose node has not beaten for this long ended at its last heartbeat.
pub const SILENT_AFTER_MS: i64 = 3 * HEARTBEAT_MS;
/// Samples kept while the store cannot be written; beyond this the oldest are let go (and
/// counted in the log), so a long outage costs figures, not the node's memory.
pub const PENDING_MAX: usize = 200_000;

/// The language of the page a socket was opened from: the one its page names (`lang`), else
/// the `Referer`'s (`/{locale}/streams/…`), or `und` when it cannot be told.
pub fn language_of(asked: Option<&str>, referer: Option<&str>) -> &'static str {
    let from_page = referer
        .and_then(|r| r.split("://").nth(1).or(Some(r)))
        .and_then(|rest| rest.split('/').nth(1));
    asked
        .and_then(crate::i18n::Locale::parse)
        .or_else(|| from_page.and_then(crate::i18n::Locale::parse))
        .map_or("und", |l| l.code())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sample {
    Opened {
        key: String,
        stream: i64,
        viewer: String,
        user: Option<i64>,
        language: String,
        at_ms: i64,
    },
    Closed {
        key: String,
        at_ms: i64,
    },
}

/// What a node recorded since its last batch, and the instant of its heartbeat (when one
/// is due).
#[derive(Clone, Debug)]
pub struct Batch {
    pub node: String,
    pub samples: Vec<Sample>,
    pub now_ms: i64,
    pub beat: bool,
}

pub type SinkFuture<'a> = Pin<Box<dyn Future<Output = Result<(), sqlx::Error>> + Send + 'a>>;

/// Where batches are written. The store (SQLite or PostgreSQL) is the only one today; at
/// internet scale a column store takes the raw sessions behind the same trait (see the
/// README), and the rollups stay in the store.
pub trait EventSink: Send + Sync {
    fn write<'a>(&'a self, batch: &'a Batch) -> SinkFuture<'a>;
}

/// Writes batches into `viewer_sessions`.
pub struct StoreSink(pub Db);

impl EventSink for StoreSink {
    fn write<'a>(&'a self, batch: &'a Batch) -> SinkFuture<'a> {
        Box::pin(write_batch(&self.0, batch))
    }
}

async fn write_batch(db: &Db, batch: &Batch) -> Result<(), sqlx::Error> {
    if batch.samples.is_empty() && !batch.beat {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    for sample in &batch.samples {
        match sample {
            Sample::Opened {
                key,
                stream,
                viewer,
                user,
                language,
                at_ms,
            } => {
                sqlx::query(
                    "INSERT INTO viewer_sessions
                        (session_key, stream_id, viewer, user_id, language, node, joined_at, seen_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
                     ON CONFLICT (session_key) DO NOTHING",
                )
                .bind(key)
                .bind(stream)
                .bind(viewer)
                .bind(user)
                .bind(language)
                .bind(&batch.node)
                .bind(at_ms)
                .execute(&mut *tx)
                .await?;
            }
            Sample::Closed { key, at_ms } => {
                sqlx::query(
                    "UPDATE viewer_sessions
                        SET left_at = CASE WHEN joined_at > $1 THEN joined_at ELSE $1 END,
                            seen_at = CASE WHEN joined_at > $1 THEN joined_at ELSE $1 END
                      WHERE session_key = $2 AND left_at IS NULL",
                )
                .bind(at_ms)
                .bind(key)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    if batch.beat {
        sqlx::query(
            "UPDATE viewer_sessions SET seen_at = $1
              WHERE node = $2 AND left_at IS NULL AND seen_at < $1",
        )
        .bind(batch.now_ms)
        .bind(&batch.node)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// A viewer's key: `u:<user id>` when signed in, else the client address hashed with
/// `salt` (`a:<hash>`; the address itself is never stored).
pub fn keyed_viewer(salt: &str, user: Option<i64>, address: &str) -> String {
    match user {
        Some(id) => format!("u:{id}"),
        None => {
            let hash = crate::core::secrets::sha256_hex(format!("{salt}:{address}").as_bytes());
            format!("a:{}", &hash[..24])
        }
    }
}

/// A node's sessions not yet written.
pub struct Recorder {
    node: String,
    /// Keys the hash of a guest's address.
    salt: String,
    next: AtomicU64,
    /// When the node last beat (Unix milliseconds).
    beaten: std::sync::atomic::AtomicI64,
    pending: Mutex<Vec<Sample>>,
    /// Sessions counted this minute, by stream and viewer: `(minute, count)`.
    recent: Mutex<HashMap<(i64, String), (i64, u32)>>,
}

impl Recorder {
    pub fn new(node: &str) -> Self {
        Self {
            node: node.to_owned(),
            salt: crate::core::secrets::new_token(),
            next: AtomicU64::new(1),
            beaten: std::sync::atomic::AtomicI64::new(0),
            pending: Mutex::new(Vec::new()),
            recent: Mutex::new(HashMap::new()),
        }
    }

    /// Who a session belongs to: the signed-in person, else their client address hashed with
    /// this node's secret (the address itself is never stored). The same key in another
    /// stream of the booth is a returning viewer.
    pub fn viewer_key(&self, user: Option<i64>, address: &str) -> String {
        keyed_viewer(&self.salt, user, address)
    }

    /// A socket opened: its session's key, or `None` when the viewer has opened too many
    /// in this stream this minute (the socket works; it is not counted again).
    pub fn open(
        &self,
        stream: i64,
        viewer: &str,
        user: Option<i64>,
        language: &str,
        at_ms: i64,
    ) -> Option<String> {
        let minute = at_ms.div_euclid(60_000);
        {
            let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
            let seen = recent
                .entry((stream, viewer.to_owned()))
                .or_insert((minute, 0));
            if seen.0 != minute {
                *seen = (minute, 0);
            }
            if seen.1 >= SESSIONS_PER_MINUTE {
                return None;
            }
            seen.1 += 1;
        }
        let key = format!(
            "{}:{}",
            self.node,
            self.next.fetch_add(1, Ordering::Relaxed)
        );
        self.push(Sample::Opened {
            key: key.clone(),
            stream,
            viewer: viewer.to_owned(),
            user,
            language: language.to_owned(),
            at_ms,
        });
        Some(key)
    }

    pub fn close(&self, key: String, at_ms: i64) {
        self.push(Sample::Closed { key, at_ms });
    }

    fn push(&self, sample: Sample) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if pending.len() >= PENDING_MAX {
            let dropped = pending.len() + 1 - PENDING_MAX;
            pending.drain(..dropped);
            tracing::warn!(dropped, "viewer sessions not written in time were let go");
        }
        pending.push(sample);
    }

    /// Everything recorded since the last batch (and forgets last minute's counts).
    pub fn take(&self, now_ms: i64) -> Batch {
        let minute = now_ms.div_euclid(60_000);
        self.recent
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, (m, _)| *m >= minute);
        let samples = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        let beat = now_ms - self.beaten.load(Ordering::Relaxed) >= HEARTBEAT_MS;
        if beat {
            self.beaten.store(now_ms, Ordering::Relaxed);
        }
        Batch {
            node: self.node.clone(),
            samples,
            now_ms,
            beat,
        }
    }

    /// A batch that could not be written goes back in front, to be written with the next
    /// (the keys make a second write of what did land harmless).
    pub fn put_back(&self, batch: Batch) {
        if batch.beat {
            self.beaten.store(0, Ordering::Relaxed);
        }
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let later = std::mem::replace(&mut *pending, batch.samples);
        pending.extend(later);
        let over = pending.len().saturating_sub(PENDING_MAX);
        if over > 0 {
            pending.drain(..over);
            tracing::warn!(
                dropped = over,
                "viewer sessions not written in time were let go"
            );
        }
    }

    /// Writes what is pending through `sink`; on failure keeps it for the next time.
    pub async fn flush(&self, sink: &dyn EventSink, now_ms: i64) -> Result<usize, sqlx::Error> {
        let batch = self.take(now_ms);
        let n = batch.samples.len();
        match sink.write(&batch).await {
            Ok(()) => Ok(n),
            Err(err) => {
                self.put_back(batch);
                Err(err)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_viewer_reconnecting_in_a_loop_is_counted_a_few_times_a_minute() {
        let recorder = Recorder::new("n1");
        let keys: Vec<_> = (0..10)
            .filter_map(|i| recorder.open(7, "u:1", Some(1), "en", 60_000 + i))
            .collect();
        assert_eq!(keys.len(), SESSIONS_PER_MINUTE as usize);
        assert!(
            recorder.open(8, "u:1", Some(1), "en", 60_010).is_some(),
            "another stream"
        );
        assert!(
            recorder.open(7, "u:1", Some(1), "en", 120_000).is_some(),
            "the next minute"
        );
        let batch = recorder.take(120_001);
        assert_eq!(batch.samples.len(), SESSIONS_PER_MINUTE as usize + 2);
        assert!(recorder.take(120_002).samples.is_empty());
    }

    #[test]
    fn viewers_are_keyed_without_their_address_and_languages_read_from_the_page() {
        let (one, other) = (Recorder::new("n1"), Recorder::new("n2"));
        assert_eq!(one.viewer_key(Some(42), "203.0.113.9"), "u:42");
        let anonymous = one.viewer_key(None, "203.0.113.9");
        assert!(anonymous.starts_with("a:") && !anonymous.contains("203"));
        assert_eq!(anonymous, one.viewer_key(None, "203.0.113.9"));
        assert_ne!(
            anonymous,
            other.viewer_key(None, "203.0.113.9"),
            "keyed per node"
        );
        let page = |path: &str| Some(format!("https://pavilion.example{path}"));
        assert_eq!(
            language_of(Some("hi"), page("/ja/streams/x").as_deref()),
            "hi"
        );
        assert_eq!(language_of(None, page("/ja/streams/x").as_deref()), "ja");
        assert_eq!(
            language_of(Some("xx"), page("/ar/streams/x?y=1").as_deref()),
            "ar"
        );
        assert_eq!(language_of(None, page("/xx/streams/x").as_deref()), "und");
        assert_eq!(language_of(None, None), "und");
    }

    #[test]
    fn a_batch_put_back_goes_first() {
        let recorder = Recorder::new("n1");
        let first = recorder.open(7, "u:1", None, "en", 1).expect("counted");
        let batch = recorder.take(2);
        recorder.close(first.clone(), 3);
        recorder.put_back(batch);
        let again = recorder.take(4);
        assert!(matches!(&again.samples[0], Sample::Opened { key, .. } if *key == first));
        assert!(matches!(&again.samples[1], Sample::Closed { key, .. } if *key == first));
    }
}
