//! Design-system parts shared by every domain: layout, form fields, errors, page
//! regions, logos, SEO. It knows no domain: domains hand it plain values.

pub mod error_template;
pub mod form;
pub mod layout;
pub mod logo;
pub mod page;
pub mod seo;

/// The WebSocket address of `path` (from `/`) on the page's own host: `wss:` under HTTPS.
#[cfg(feature = "hydrate")]
pub fn socket_url(path: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok().as_deref() == Some("https:") {
        "wss"
    } else {
        "ws"
    };
    let host = location.host().ok()?;
    Some(format!("{scheme}://{host}{path}"))
}
