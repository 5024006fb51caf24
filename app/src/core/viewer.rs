//! Who is looking at a page, as every page's frame needs it (name and roles); the session
//! middleware (`accounts::session`) puts it on the request.

use serde::{Deserialize, Serialize};

/// Who is looking at the page, as the page needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    pub is_curator: bool,
    pub is_exhibitor: bool,
    /// Whether the account's email address has been confirmed by link.
    pub email_verified: bool,
}
