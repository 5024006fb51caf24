//! The Pavilion server: configuration, startup, plain endpoints, generated media and the
//! demo seed. `main.rs` is only the command line around this.

pub mod api;
pub mod auth;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod forms;
pub mod live;
pub mod mail;
pub mod media;
pub mod room;
pub mod routes;
pub mod seed;
pub mod shop;
pub mod startup;
pub mod uploads;

pub use config::Config;
pub use startup::Application;
