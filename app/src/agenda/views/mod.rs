//! Stream pages and parts.

pub mod agenda;
pub mod countdown;
pub mod schedule;
pub mod stage;
pub mod state_badge;
pub mod stream_card;
pub mod stream_page;

use crate::i18n::{Locale, tr};

/// The subject line of a notice, in the follower's language.
pub fn notice_text(locale: Locale, kind: &str, title: &str) -> String {
    let ui = locale.ui();
    match kind {
        "reminder" => tr!(ui, notice_reminder, title = title.to_owned()),
        "live" => tr!(ui, notice_live, title = title.to_owned()),
        "rescheduled" => tr!(ui, notice_rescheduled, title = title.to_owned()),
        _ => tr!(ui, notice_cancelled, title = title.to_owned()),
    }
}
