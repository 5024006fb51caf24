//! Pages and parts of the pavilion.

pub mod badges;
pub mod booth_card;
pub mod booth_page;
pub mod floor_plan;
pub mod gallery;
pub mod hall_page;
pub mod home_page;
pub mod product_card;
pub mod product_page;
pub mod quantity;
pub mod search_page;

use crate::i18n::{Locale, tr};

/// A product's status in the reader's words.
pub fn product_status(locale: Locale, status: &str) -> &'static str {
    let ui = locale.ui();
    match status {
        "published" => tr!(ui, status_published),
        "archived" => tr!(ui, status_archived),
        "draft" => tr!(ui, status_draft),
        _ => tr!(ui, unpublished),
    }
}
