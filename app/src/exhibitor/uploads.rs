//! Product pictures uploaded from the exhibitor console. The caller's right to the product
//! is checked before the body is read; the file must really be a JPEG, PNG or WebP (its
//! bytes decide, not its name or declared type) within the size and dimension limits; it is
//! then resized to fit 1600 px, re-encoded as JPEG (dropping any metadata) and stored under
//! the hash of its content.

use crate::error::AppError;
use crate::exhibitor::store as exhibitor;
use crate::forms::post::{answer, on_page, posted, see_other};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use image::{ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// The largest picture accepted, in bytes.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The largest width or height accepted before resizing.
const MAX_SIDE: u32 = 8000;
/// Pictures are stored at most this wide or tall.
const STORED_SIDE: u32 = 1600;

#[derive(Debug, PartialEq, Eq)]
pub enum Rejected {
    TooLarge,
    NotAnImage,
}

/// Checks and converts an upload: the JPEG bytes to store.
pub fn convert(bytes: &[u8]) -> Result<Vec<u8>, Rejected> {
    if bytes.len() > MAX_BYTES {
        return Err(Rejected::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| Rejected::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(Rejected::NotAnImage);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => Rejected::TooLarge,
        _ => Rejected::NotAnImage,
    })?;
    let picture = if picture.width() > STORED_SIDE || picture.height() > STORED_SIDE {
        picture.resize(
            STORED_SIDE,
            STORED_SIDE,
            image::imageops::FilterType::Triangle,
        )
    } else {
        picture
    };
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    picture
        .to_rgb8()
        .write_with_encoder(encoder)
        .map_err(|_| Rejected::NotAnImage)?;
    Ok(out)
}

/// The file in field `name` of a multipart body, with the name its sender gave it: at most
/// [`MAX_BYTES`], else `TooLarge`; a body without it is `NotAnImage`.
pub async fn file_field(
    headers: &http::HeaderMap,
    body: Body,
    name: &'static str,
) -> Result<(Option<String>, Vec<u8>), Rejected> {
    let boundary = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok())
        .ok_or(Rejected::NotAnImage)?;
    let stream = body.into_data_stream();
    let constraints = multer::Constraints::new()
        .allowed_fields(vec![name])
        .size_limit(multer::SizeLimit::new().per_field(MAX_BYTES as u64 + 1));
    let mut multipart = multer::Multipart::with_constraints(stream, boundary, constraints);
    while let Some(field) = multipart.next_field().await.map_err(|e| match e {
        multer::Error::FieldSizeExceeded { .. } | multer::Error::StreamSizeExceeded { .. } => {
            Rejected::TooLarge
        }
        _ => Rejected::NotAnImage,
    })? {
        if field.name() == Some(name) {
            let file_name = field.file_name().map(str::to_owned);
            let bytes = field.bytes().await.map_err(|e| match e {
                multer::Error::FieldSizeExceeded { .. } => Rejected::TooLarge,
                _ => Rejected::NotAnImage,
            })?;
            if bytes.len() > MAX_BYTES {
                return Err(Rejected::TooLarge);
            }
            return Ok((file_name, bytes.to_vec()));
        }
    }
    Err(Rejected::NotAnImage)
}

/// `POST /{locale}/exhibitor/products/{product}/images` (multipart, so not through the
/// form adapter's urlencoded reader; refusals still show on the product's page).
pub async fn product_image(
    State(state): State<AppState>,
    Path((_, slug)): Path<(String, String)>,
    req: Request<Body>,
) -> Response {
    let (mut parts, body) = req.into_parts();
    let caller = posted(state.clone(), Vec::new(), &parts, Vec::new());
    let (db, user, locale) = (state.db.clone(), caller.user, caller.locale);
    let values = vec![("image".to_owned(), String::new())];
    // A refused upload shows the product's page, which holds the upload form.
    on_page(&mut parts, locale, &format!("/exhibitor/products/{slug}"));
    let product_name = match exhibitor::may_add_image(&db, user.as_ref(), &slug).await {
        Ok(name) => name,
        Err(error) => return answer(state, parts, error, values).await,
    };
    let stored = match file_field(&parts.headers, body, "image").await {
        Ok((_, bytes)) => tokio::task::spawn_blocking(move || convert(&bytes))
            .await
            .unwrap_or(Err(Rejected::NotAnImage)),
        Err(rejected) => Err(rejected),
    };
    let jpeg = match stored {
        Ok(jpeg) => jpeg,
        Err(rejected) => {
            let code = match rejected {
                Rejected::TooLarge => "image_size",
                Rejected::NotAnImage => "image_type",
            };
            return answer(state, parts, AppError::invalid("image", code), values).await;
        }
    };
    let name = format!("{:x}.jpg", Sha256::digest(&jpeg));
    if let Err(err) = tokio::fs::write(state.media_dir.join(&name), &jpeg).await {
        tracing::error!(error = %err, "cannot store an uploaded picture");
        return (
            http::StatusCode::INTERNAL_SERVER_ERROR,
            "The picture could not be stored; please try again.\n",
        )
            .into_response();
    }
    let src = format!("/media/uploads/{name}");
    match exhibitor::add_image(&db, user.as_ref(), &slug, &src, &product_name).await {
        Ok(()) => see_other(&format!("/{}/exhibitor/products/{slug}", locale.code())),
        Err(error) => answer(state, parts, error, values).await,
    }
}
