//! Idempotency keys and the group commit: checkouts queue, share one transaction (a
//! savepoint each), and every answer is stored under its key for replays.

use super::*;

/// A checkout request as it arrived: parsed at the edge (the web form builds one; the API
/// parses its body once), or a body that is not one, which is refused under its key.
#[derive(Clone, Debug)]
pub enum Submitted {
    Parsed(Box<CheckoutRequest>),
    Unparsable { raw: Vec<u8>, error: String },
}

impl Submitted {
    /// The API's JSON body.
    pub fn from_json(raw: &[u8]) -> Self {
        match serde_json::from_slice(raw) {
            Ok(request) => Self::Parsed(Box::new(request)),
            Err(err) => Self::Unparsable {
                raw: raw.to_vec(),
                error: err.to_string(),
            },
        }
    }

    /// What the key remembers of the request: its parameters, not its bytes, so the same
    /// request with other whitespace matches.
    fn hash(&self) -> String {
        match self {
            Self::Parsed(request) => sha256_hex(
                serde_json::to_string(request)
                    .unwrap_or_default()
                    .as_bytes(),
            ),
            Self::Unparsable { raw, .. } => sha256_hex(raw),
        }
    }
}

/// Who is buying: the signed-in account, if any, and the client address the request came
/// from (the limits on holds and checkouts count both), and the token of the creator's link
/// they followed, if their browser keeps one (`creators::links::COOKIE`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Buyer {
    pub user: Option<i64>,
    pub client: String,
    pub referral: Option<String>,
}

/// One request waiting for the next group commit.
struct Job {
    key: IdempotencyKey,
    request: Submitted,
    buyer: Buyer,
    provider: &'static str,
    reply: tokio::sync::oneshot::Sender<Result<Answer, sqlx::Error>>,
}

/// Group commit: checkouts queue here and one task places them in batches, each request in
/// its own savepoint of one transaction, so a batch costs one commit (one fsync) instead of
/// one per buyer. Each request's answer is exactly what it would get alone: its key, its
/// stock decrement and its orders are in its savepoint, and a refusal or a store error
/// inside it rolls back only that savepoint.
#[derive(Clone)]
pub struct GroupCommit {
    queue: tokio::sync::mpsc::Sender<Job>,
}

/// At most this many checkouts share one commit.
pub const BATCH: usize = 256;

impl GroupCommit {
    /// Starts the committing task for `db`.
    pub fn start(db: Db) -> Self {
        let (queue, mut jobs) = tokio::sync::mpsc::channel::<Job>(4 * BATCH);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(BATCH);
            while jobs.recv_many(&mut batch, BATCH).await > 0 {
                commit_batch(&db, std::mem::take(&mut batch)).await;
            }
        });
        Self { queue }
    }

    /// Places one checkout in the next batch and waits for its answer.
    pub async fn checkout(
        &self,
        key: Option<IdempotencyKey>,
        request: Submitted,
        buyer: Buyer,
        provider: &'static str,
    ) -> Result<Answer, sqlx::Error> {
        let Some(key) = key else {
            return Ok(bad_key());
        };
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = Job {
            key,
            request,
            buyer,
            provider,
            reply,
        };
        let gone = || sqlx::Error::PoolClosed;
        self.queue.send(job).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

async fn commit_batch(db: &Db, jobs: Vec<Job>) {
    let now = crate::state::now();
    let mut tx = match db.begin().await {
        Ok(tx) => tx,
        Err(err) => return fail_all(jobs, &err),
    };
    let mut answers = Vec::with_capacity(jobs.len());
    for job in &jobs {
        let answer = async {
            let mut own = tx.begin().await?;
            match checkout_in(
                &mut own,
                job.key.as_str(),
                &job.request,
                &job.buyer,
                job.provider,
                now,
            )
            .await
            {
                Ok(answer) => {
                    own.commit().await?;
                    Ok(answer)
                }
                Err(err) => {
                    own.rollback().await?;
                    Err(err)
                }
            }
        }
        .await;
        // A savepoint that cannot even be rolled back leaves the transaction unusable.
        if let Err(sqlx::Error::Io(_) | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed) =
            &answer
        {
            let err = answer.err().unwrap_or(sqlx::Error::WorkerCrashed);
            return fail_all(jobs, &err);
        }
        answers.push(answer);
    }
    if let Err(err) = tx.commit().await {
        return fail_all(jobs, &err);
    }
    for (job, answer) in jobs.into_iter().zip(answers) {
        let _ = job.reply.send(answer);
    }
}

/// Nothing of the batch was kept: every buyer may retry with the same key.
fn fail_all(jobs: Vec<Job>, err: &sqlx::Error) {
    tracing::warn!(error = %err, jobs = jobs.len(), "a checkout batch was not committed");
    for job in jobs {
        let _ = job.reply.send(Err(sqlx::Error::Protocol(format!(
            "batch not committed: {err}"
        ))));
    }
}

fn bad_key() -> Answer {
    Answer::refused(
        &AppError::bad_request("form", "idempotency_key")
            .with_detail("Send an Idempotency-Key header of 1 to 255 visible ASCII characters."),
    )
}

/// One checkout inside `tx` (a transaction or a savepoint of one): claims the key, places
/// the orders or records the refusal, and stores the answer under the key. A replay or a
/// key used with another request writes nothing. A buyer over a limit is refused with 429
/// and the key is not kept, so the same request may be retried later.
pub(super) async fn checkout_in(
    tx: &mut Transaction<'_, Any>,
    key: &str,
    request: &Submitted,
    buyer: &Buyer,
    provider: &str,
    now: Instant,
) -> Result<Answer, sqlx::Error> {
    let request_hash = request.hash();
    let claimed = sqlx::query(
        "INSERT INTO idempotency_keys (key, request_hash, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(&request_hash)
    .bind(now.seconds())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        let (stored_hash, status, body): (String, i64, String) = sqlx::query_as(
            "SELECT request_hash, status, body FROM idempotency_keys WHERE key = $1",
        )
        .bind(key)
        .fetch_one(&mut **tx)
        .await?;
        if stored_hash != request_hash {
            return Ok(Answer::refused(&AppError::invalid("form", "idempotency_mismatch").with_detail("This Idempotency-Key was used with a different request. Use a new key for a new request.")));
        }
        if status == 0 {
            return Ok(Answer::refused(
                &AppError::conflict("form", "in_progress").with_detail(
                    "A request with this Idempotency-Key is still being processed; retry shortly.",
                ),
            ));
        }
        return Ok(Answer {
            status: u16::try_from(status).unwrap_or(500),
            body,
            replayed: true,
        });
    }
    if let Some(wait) = over_limits(tx, buyer, now).await? {
        sqlx::query("DELETE FROM idempotency_keys WHERE key = $1")
            .bind(key)
            .execute(&mut **tx)
            .await?;
        return Ok(Answer::refused(&AppError::Throttled(wait)));
    }
    let answer = match request {
        Submitted::Unparsable { error, .. } => Answer::refused(
            &AppError::bad_request("form", "malformed")
                .with_detail(format!("The body is not a checkout request: {error}")),
        ),
        Submitted::Parsed(request) => {
            let mut attempt = tx.begin().await?;
            match place(&mut attempt, request, buyer, provider, now).await? {
                Ok(response) => {
                    attempt.commit().await?;
                    Answer {
                        status: 201,
                        body: serde_json::to_string(&response).unwrap_or_default(),
                        replayed: false,
                    }
                }
                Err(problem) => {
                    attempt.rollback().await?;
                    Answer::refused(&problem)
                }
            }
        }
    };
    sqlx::query("UPDATE idempotency_keys SET status = $2, body = $3 WHERE key = $1")
        .bind(key)
        .bind(i64::from(answer.status))
        .bind(&answer.body)
        .execute(&mut **tx)
        .await?;
    Ok(answer)
}

/// Seconds to wait if `buyer` is over a limit: checkouts per minute, or checkouts holding
/// stock unpaid, per client address and per account. Counted inside the batch's
/// transaction, so a batch is checked in order and the events commit with it.
async fn over_limits(
    tx: &mut Transaction<'_, Any>,
    buyer: &Buyer,
    now: Instant,
) -> Result<Option<i64>, sqlx::Error> {
    let by_client = format!("checkout-ip:{}", buyer.client);
    let by_user = buyer.user.map(|id| format!("checkout-user:{id}"));
    let mut limits = vec![Limit::new(&by_client, CHECKOUTS_PER_MINUTE, 60)];
    if let Some(key) = &by_user {
        limits.push(Limit::new(key, CHECKOUTS_PER_MINUTE, 60));
    }
    // On PostgreSQL, nodes commit their batches concurrently: each key is taken for the
    // rest of this batch's transaction, so two nodes never count the same buyer at once (a
    // key another node holds right now is a moment's wait for the buyer: 429, retry).
    if tx.backend_name() == "PostgreSQL" {
        for limit in &limits {
            let taken: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock(hashtext($1))")
                .bind(limit.key)
                .fetch_one(&mut **tx)
                .await?;
            if !taken {
                return Ok(Some(1));
            }
        }
    }
    let attempt = match throttle::attempt(tx, &limits, now).await? {
        Ok(attempt) => attempt,
        Err(wait) => return Ok(Some(wait)),
    };
    let holds: Vec<i64> = sqlx::query_scalar(
        "SELECT MIN(expires_at) FROM orders
          WHERE state = 'pending' AND expires_at > $1 AND (client = $2 OR user_id = $3)
          GROUP BY checkout ORDER BY MIN(expires_at)",
    )
    .bind(now.seconds())
    .bind(&buyer.client)
    .bind(buyer.user)
    .fetch_all(&mut **tx)
    .await?;
    if holds.len() as i64 >= OPEN_HOLDS {
        // Refused before it was tried: it does not use up the buyer's checkouts per minute.
        throttle::forget(tx, attempt).await?;
        return Ok(Some((holds[0] - now.seconds()).max(1)));
    }
    Ok(None)
}

/// Forgets idempotency keys older than twice their promised lifetime.
pub async fn forget_keys(db: &Db, now: Instant) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(now.seconds() - 2 * KEY_SECONDS)
            .execute(db)
            .await?
            .rows_affected(),
    )
}
