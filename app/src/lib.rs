//! Pavilion: the isomorphic app — shared types, domain logic, pages and server functions.
//! `ssr` adds the store and server-only logic; `hydrate` builds the islands for the browser.

#![recursion_limit = "512"]

pub mod accounts;
pub mod agenda;
pub mod app;
pub mod checkout;
pub mod core;
pub mod creators;
pub mod curation;
pub mod error;
pub mod exhibitor;
pub mod forms;
pub mod i18n;
pub mod insights;
pub mod live;
pub mod pavilion;
pub mod trade;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(all(feature = "ssr", any(test, fuzzing)))]
pub mod fuzzing;
#[cfg(feature = "ssr")]
pub mod state;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
