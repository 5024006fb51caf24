//! The Pavilion server: configuration, startup, plain endpoints, generated media and the
//! demo seed. `main.rs` is only the command line around this.

pub mod api;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod demo;
pub mod live;
pub mod mail;
pub mod media;
pub mod payments;
pub mod room;
pub mod routes;
pub mod seed;
pub mod startup;

pub use config::Config;
pub use startup::Application;
