//! One error type for the whole app: stores and actions refuse with it, server functions
//! return it, pages render it. It maps once to an HTTP status ([`AppError::status`]), to the
//! problems shown next to a form's fields ([`AppError::problems`]) and — through the codes —
//! to a translated message (`forms::message`) or problem JSON (the API).

use http::StatusCode;
use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

/// A field that was refused and why (`code` picks the translated message; `form` is the
/// field of problems that belong to the whole form). `detail` is an optional English
/// sentence for API callers (with the figures that apply, say); pages never show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl FieldProblem {
    pub fn new(field: &str, code: &str) -> Self {
        Self {
            field: field.to_owned(),
            code: code.to_owned(),
            detail: None,
        }
    }
}

/// Every failure a caller can see. Role and ownership refusals come before any field is
/// read. The UI shows a message chosen by variant and code, never a server string; details
/// of internal failures stay in the server log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No such thing within the caller's reach (another booth's product, say): 404.
    #[error("not found")]
    NotFound,
    /// Nobody is signed in, or the credentials did not match: 401.
    #[error("sign-in required")]
    Unauthorized,
    /// Signed in, but this role may not do this: 403.
    #[error("forbidden")]
    Forbidden,
    /// A request that cannot be read as asked (a malformed query parameter, say): 400.
    #[error("bad request: {0:?}")]
    BadRequest(FieldProblem),
    /// Fields that are not valid, all of them at once: 422, nothing saved.
    #[error("invalid: {0:?}")]
    Invalid(Vec<FieldProblem>),
    /// Valid, but it clashes with what exists (a taken name, a decided application): 409.
    #[error("conflict: {0:?}")]
    Conflict(FieldProblem),
    /// Too many attempts lately: 429, with the seconds to wait.
    #[error("throttled for {0} s")]
    Throttled(i64),
    /// The store is busy (its pool ran dry): 503.
    #[error("temporarily unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    /// Transport-level failures of the server-function machinery itself.
    #[error("request failed: {0}")]
    Request(String),
}

/// What stores and actions return.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A request parameter that cannot be read.
    pub fn bad_request(field: &str, code: &str) -> Self {
        Self::BadRequest(FieldProblem::new(field, code))
    }

    /// One invalid field.
    pub fn invalid(field: &str, code: &str) -> Self {
        Self::Invalid(vec![FieldProblem::new(field, code)])
    }

    /// A clash with what exists, shown at `field`.
    pub fn conflict(field: &str, code: &str) -> Self {
        Self::Conflict(FieldProblem::new(field, code))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) | Self::Request(_) => StatusCode::BAD_REQUEST,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A refusal the person can act on (4xx), as opposed to the server failing (5xx).
    pub fn is_refusal(&self) -> bool {
        self.status().is_client_error()
    }

    /// The problems to show next to a form's fields.
    pub fn problems(&self) -> Vec<FieldProblem> {
        match self {
            Self::Invalid(problems) => problems.clone(),
            Self::Conflict(problem) | Self::BadRequest(problem) => vec![problem.clone()],
            Self::Throttled(seconds) => vec![FieldProblem::new(
                "form",
                &format!("throttled:{}", (seconds + 59) / 60),
            )],
            _ => Vec::new(),
        }
    }

    /// The first problem's field and code, for problem JSON.
    pub fn first_problem(&self) -> Option<FieldProblem> {
        self.problems().into_iter().next()
    }

    /// The same refusal with an English sentence for API callers on its first problem.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        if let Self::Invalid(problems) = &mut self
            && let Some(first) = problems.first_mut()
        {
            first.detail = Some(detail.into());
        } else if let Self::Conflict(problem) | Self::BadRequest(problem) = &mut self {
            problem.detail = Some(detail.into());
        }
        self
    }

    /// The stable code callers branch on.
    pub fn code(&self) -> String {
        match self {
            Self::NotFound => "not_found".to_owned(),
            Self::Unauthorized => "sign_in".to_owned(),
            Self::Forbidden => "forbidden".to_owned(),
            Self::Throttled(_) => "throttled".to_owned(),
            Self::Unavailable => "unavailable".to_owned(),
            Self::Internal => "internal".to_owned(),
            Self::Request(_) => "request".to_owned(),
            Self::Invalid(_) | Self::Conflict(_) | Self::BadRequest(_) => self
                .first_problem()
                .map_or_else(|| "invalid".to_owned(), |p| p.code),
        }
    }

    /// The error as RFC 7807 problem details (`application/problem+json`): status, a
    /// stable code, the field it concerns, and an English detail.
    pub fn problem_json(&self) -> String {
        let first = self.first_problem();
        let code = self.code();
        let detail = first
            .as_ref()
            .and_then(|p| p.detail.clone())
            .unwrap_or_else(|| crate::forms::message(crate::i18n::Locale::En, &code));
        let mut body = serde_json::json!({
            "type": format!("https://pavilion.example/problems/{code}"),
            "title": code.replace('_', " "),
            "status": self.status().as_u16(),
            "detail": detail,
            "code": code,
            "field": first.map(|p| p.field).filter(|f| f != "form"),
        });
        if let Self::Throttled(seconds) = self {
            body["retry_after"] = serde_json::json!(seconds);
        }
        body.to_string()
    }

    /// Reads problem details back (a stored answer replayed, say) as the error they stand
    /// for; `None` if the body is not one.
    pub fn from_problem_json(body: &str) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_str(body).ok()?;
        let code = value["code"].as_str()?;
        let field = value["field"].as_str().unwrap_or("form");
        let mut one = FieldProblem::new(field, code);
        one.detail = value["detail"].as_str().map(str::to_owned);
        Some(match value["status"].as_u64()? {
            400 => Self::BadRequest(one),
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            409 => Self::Conflict(one),
            422 => Self::Invalid(vec![one]),
            429 => Self::Throttled(value["retry_after"].as_i64().unwrap_or(60)),
            503 => Self::Unavailable,
            _ => Self::Internal,
        })
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::Deserialization(msg) => {
                Self::bad_request("request", &msg)
            }
            other => Self::Request(other.to_string()),
        }
    }
}

/// Unique keys whose violation is a refusal the person can act on, by constraint name:
/// PostgreSQL names the constraint (`{table}_{column}_key` for an inline `UNIQUE`), SQLite
/// names the columns (`{table}.{column}`). Anything else is a bug and stays internal.
#[cfg(feature = "ssr")]
const UNIQUE_KEYS: [(&str, &str, &str, &str); 10] = [
    ("users_email_key", "users.email", "email", "email_taken"),
    ("councils_slug_key", "councils.slug", "slug", "name_taken"),
    // One person, one booth (and never twice in the same one).
    (
        "booth_members_user_id_key",
        "booth_members.user_id",
        "form",
        "already_exhibitor",
    ),
    (
        "booth_members_pkey",
        "booth_members.booth_id, booth_members.user_id",
        "form",
        "already_exhibitor",
    ),
    // A council lists a creator or an agency once at a time (two curators at once).
    (
        "vettings_standing_creator",
        "vettings.creator_id, vettings.council_id",
        "listing",
        "already_listed",
    ),
    (
        "vettings_standing_agency",
        "vettings.agency_id, vettings.council_id",
        "listing",
        "already_listed",
    ),
    // One creator profile per person; a name taken by a profile saved at the same moment.
    (
        "creators_user_id_key",
        "creators.user_id",
        "form",
        "duplicate",
    ),
    ("creators_slug_key", "creators.slug", "name", "name_taken"),
    // Two answers to one collaboration at once: the later one was made on stale terms.
    (
        "collaboration_terms_collaboration_id_version_key",
        "collaboration_terms.collaboration_id, collaboration_terms.version",
        "form",
        "collab_stale",
    ),
    // A creator joins an open offer once (twice at once).
    (
        "collaborations_joined",
        "collaborations.offer_id, collaborations.creator_id",
        "form",
        "collab_joined",
    ),
];

/// The refusal a unique violation stands for, by its constraint, if it is one of
/// [`UNIQUE_KEYS`].
#[cfg(feature = "ssr")]
pub fn unique_conflict_of(err: &sqlx::Error) -> Option<AppError> {
    match err {
        sqlx::Error::Database(db) if db.is_unique_violation() => unique_conflict(db.as_ref()),
        _ => None,
    }
}

#[cfg(feature = "ssr")]
fn unique_conflict(err: &dyn sqlx::error::DatabaseError) -> Option<AppError> {
    let constraint = err.constraint();
    let message = err.message();
    UNIQUE_KEYS
        .iter()
        .find(|(name, columns, _, _)| {
            constraint == Some(*name)
                || (constraint.is_none() && message.ends_with(&format!("failed: {columns}")))
        })
        .map(|(_, _, field, code)| AppError::conflict(field, code))
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => Self::NotFound,
            sqlx::Error::PoolTimedOut => {
                tracing::warn!("database pool timed out");
                Self::Unavailable
            }
            // A busy store is "try again", not a fault: 503 with Retry-After.
            ref busy if crate::db::is_busy(busy) => {
                tracing::warn!(error = %busy, "the store is busy");
                Self::Unavailable
            }
            sqlx::Error::Database(db) if db.is_unique_violation() => unique_conflict(db.as_ref())
                .unwrap_or_else(|| {
                    tracing::error!(error = %db, "unexpected unique violation");
                    Self::Internal
                }),
            other => {
                tracing::error!(error = %other, "database error");
                Self::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_map_to_statuses_and_problems() {
        assert_eq!(AppError::Unauthorized.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            AppError::bad_request("image", "out_of_range").status(),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            AppError::invalid("email", "email").status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            AppError::conflict("name", "name_taken").problems(),
            vec![FieldProblem::new("name", "name_taken")]
        );
        assert_eq!(
            AppError::Throttled(61).problems(),
            vec![FieldProblem::new("form", "throttled:2")]
        );
        assert!(AppError::Forbidden.is_refusal());
        assert!(!AppError::Internal.is_refusal());
        assert!(AppError::Internal.problems().is_empty());
    }
}
