//! Specifications attached to a request (ssr only): a PDF (its bytes must say so) kept as
//! sent, or a picture under the product photos' rules, re-encoded as JPEG. Stored by hash
//! outside the public media folder and served only to the request's parties — its buyer,
//! the booths that received it, the hall's council — as a download that cannot run.

use crate::accounts::store::User;
use crate::error::{AppError, AppResult};
use crate::exhibitor::uploads::{MAX_BYTES, Rejected, convert, file_field};
use crate::forms::post::{answer, on_page, posted, see_other};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use http::header;
use sha2::{Digest, Sha256};

/// At most this many files on one request.
pub const MAX_FILES: i64 = 5;

/// What a stored file is.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Jpeg,
}

/// Checks an upload: a PDF as it is, or a picture converted; anything else is refused.
pub fn accept(bytes: &[u8]) -> Result<(Kind, Vec<u8>), Rejected> {
    if bytes.len() > MAX_BYTES {
        return Err(Rejected::TooLarge);
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok((Kind::Pdf, bytes.to_vec()));
    }
    convert(bytes).map(|jpeg| (Kind::Jpeg, jpeg))
}

/// The name a file is shown and downloaded under: the sender's, kept to letters, digits and
/// a few marks, at most 100 characters, with the stored kind's extension.
pub fn shown_name(sent: Option<&str>, kind: &Kind) -> String {
    let ext = match kind {
        Kind::Pdf => "pdf",
        Kind::Jpeg => "jpg",
    };
    let sent = sent.unwrap_or("");
    let last = sent.rsplit(['/', '\\']).next().unwrap_or("");
    let base = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
    let clean: String = base
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '(' | ')'))
        .take(96)
        .collect();
    let clean = clean.trim().trim_start_matches('.');
    if clean.is_empty() {
        format!("specification.{ext}")
    } else {
        format!("{clean}.{ext}")
    }
}

/// `POST /{locale}/rfqs/{rfq}/files` (multipart, field `file`): the buyer attaches a file to
/// their request; a refusal shows the request's page with the problem.
pub async fn upload(
    State(state): State<AppState>,
    Path((_, number)): Path<(String, String)>,
    req: Request<Body>,
) -> Response {
    let (mut parts, body) = req.into_parts();
    let caller = posted(state.clone(), Vec::new(), &parts, Vec::new());
    let (db, user, locale, now) = (state.db.clone(), caller.user, caller.locale, caller.now);
    let values = vec![("file".to_owned(), String::new())];
    on_page(&mut parts, locale, &format!("/rfqs/{number}"));
    let rfq = match may_attach(&db, user.as_ref(), &number).await {
        Ok(rfq) => rfq,
        Err(error) => return answer(state, parts, error, values).await,
    };
    let accepted = match file_field(&parts.headers, body, "file").await {
        Ok((name, bytes)) => tokio::task::spawn_blocking(move || accept(&bytes).map(|a| (name, a)))
            .await
            .unwrap_or(Err(Rejected::NotAnImage)),
        Err(rejected) => Err(rejected),
    };
    let (sent_name, (kind, bytes)) = match accepted {
        Ok(file) => file,
        Err(rejected) => {
            let code = match rejected {
                Rejected::TooLarge => "file_size",
                Rejected::NotAnImage => "file_type",
            };
            return answer(state, parts, AppError::invalid("file", code), values).await;
        }
    };
    let ext = if kind == Kind::Pdf { "pdf" } else { "jpg" };
    let stored = format!("{:x}.{ext}", Sha256::digest(&bytes));
    if let Err(err) = tokio::fs::write(state.files_dir.join(&stored), &bytes).await {
        tracing::error!(error = %err, "cannot store a request's file");
        return (
            http::StatusCode::INTERNAL_SERVER_ERROR,
            "The file could not be stored; please try again.\n",
        )
            .into_response();
    }
    let name = shown_name(sent_name.as_deref(), &kind);
    let added = sqlx::query(
        "INSERT INTO rfq_files (rfq_id, name, stored, kind, bytes, uploaded_at)
         SELECT $1, $2, $3, $4, $5, $6
          WHERE (SELECT COUNT(*) FROM rfq_files WHERE rfq_id = $1) < $7",
    )
    .bind(rfq)
    .bind(&name)
    .bind(&stored)
    .bind(if kind == Kind::Pdf { "pdf" } else { "jpeg" })
    .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
    .bind(now.seconds())
    .bind(MAX_FILES)
    .execute(&db)
    .await;
    match added {
        Ok(done) if done.rows_affected() == 1 => {
            see_other(&format!("/{}/rfqs/{number}#files", locale.code()))
        }
        Ok(_) => {
            answer(
                state,
                parts,
                AppError::conflict("file", "file_count"),
                values,
            )
            .await
        }
        Err(err) => answer(state, parts, err.into(), values).await,
    }
}

/// The buyer's own request, still open, with room for one more file.
async fn may_attach(db: &crate::db::Db, actor: Option<&User>, number: &str) -> AppResult<i64> {
    let user = crate::accounts::roles::signed_in(actor)?;
    let rfq = super::store::own_rfq(db, user, number).await?;
    let (state, files): (String, i64) = sqlx::query_as(
        "SELECT state, (SELECT COUNT(*) FROM rfq_files WHERE rfq_id = $1) FROM rfqs WHERE id = $1",
    )
    .bind(rfq)
    .fetch_one(db)
    .await?;
    if state != "open" {
        return Err(AppError::conflict("file", "rfq_not_open"));
    }
    if files >= MAX_FILES {
        return Err(AppError::conflict("file", "file_count"));
    }
    Ok(rfq)
}

/// `GET /{locale}/rfqs/{rfq}/files/{file}`: the file, to the request's parties only.
pub async fn download(
    State(state): State<AppState>,
    Path((_, number, file)): Path<(String, String, String)>,
    req: Request<Body>,
) -> Response {
    let user = req.extensions().get::<User>().cloned();
    let found = match file.parse::<i64>() {
        Ok(id) => super::store::file_for(&state.db, user.as_ref(), &number, id).await,
        Err(_) => Err(AppError::NotFound),
    };
    let (stored, name, kind) = match found {
        Ok(found) => found,
        Err(error) => return (error.status(), error.code()).into_response(),
    };
    let bytes = match tokio::fs::read(state.files_dir.join(&stored)).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, %stored, "a request's file is missing");
            return (http::StatusCode::NOT_FOUND, "not found").into_response();
        }
    };
    let content_type = if kind == "pdf" {
        "application/pdf"
    } else {
        "image/jpeg"
    };
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"file.{}\"; filename*=UTF-8''{encoded}",
                    if kind == "pdf" { "pdf" } else { "jpg" }
                ),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                "sandbox; default-src 'none'".to_owned(),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_is_kept_a_picture_converted_anything_else_refused() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
        assert_eq!(accept(pdf).expect("pdf").0, Kind::Pdf);
        let mut png = Vec::new();
        image::RgbImage::new(4, 4)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("png");
        assert_eq!(accept(&png).expect("picture").0, Kind::Jpeg);
        assert_eq!(
            accept(b"<html><script>").expect_err("refused"),
            Rejected::NotAnImage
        );
        assert_eq!(
            accept(&vec![b'%'; MAX_BYTES + 1]).expect_err("refused"),
            Rejected::TooLarge
        );
    }

    #[test]
    fn names_are_kept_plain() {
        assert_eq!(
            shown_name(Some("C:\\specs\\Pepper spec (2027).PDF"), &Kind::Pdf),
            "Pepper spec (2027).pdf"
        );
        assert_eq!(
            shown_name(Some("../../etc/passwd"), &Kind::Jpeg),
            "passwd.jpg"
        );
        assert_eq!(shown_name(Some("<script>.exe"), &Kind::Pdf), "script.pdf");
        assert_eq!(shown_name(None, &Kind::Pdf), "specification.pdf");
        assert_eq!(
            shown_name(Some("スパイス仕様.pdf"), &Kind::Pdf),
            "スパイス仕様.pdf"
        );
    }
}
