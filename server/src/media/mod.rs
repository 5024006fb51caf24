//! Generated images: product "photographs", creator portraits and hall motifs, drawn as SVG from a few
//! parameters in the URL, so nothing is fetched and every image is cacheable forever; and
//! the site's icon and web manifest, files in `public/`.

pub mod art;
mod motif;
pub mod portrait;

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};

fn svg(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
        .into_response()
}

fn missing() -> Response {
    (StatusCode::NOT_FOUND, "no such image").into_response()
}

/// `/media/art/{scene}-{rrggbb}-{view}.svg`
pub async fn art(Path(file): Path<String>) -> Response {
    match art::Request::parse(&file) {
        Some(request) => svg(art::draw(&request)),
        None => missing(),
    }
}

/// `/media/portrait/{creator}-{rrggbb}.svg`
pub async fn portrait(Path(file): Path<String>) -> Response {
    match portrait::Request::parse(&file) {
        Some(request) => svg(portrait::draw(&request)),
        None => missing(),
    }
}

/// `/media/motif/{name}.svg`
pub async fn motif(Path(file): Path<String>) -> Response {
    match file.strip_suffix(".svg").and_then(motif::draw) {
        Some(body) => svg(body),
        None => missing(),
    }
}

pub async fn placeholder() -> Response {
    svg(art::draw(&art::Request {
        scene: "jar",
        colour: (0x9e, 0x9e, 0x9e),
        view: 1,
    }))
}

/// `/favicon.svg` (and `/favicon.ico`): the file in `public/`, compiled in so the binary
/// serves it wherever it runs.
pub async fn favicon() -> Response {
    svg(include_str!("../../../public/favicon.svg").to_owned())
}

/// `/manifest.webmanifest`, from `public/` like the favicon.
pub async fn manifest() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../../public/manifest.webmanifest"),
    )
        .into_response()
}
