//! Creators' tracked links: a creator makes a link (`/{locale}/r/{code}`) to their own
//! page, or to a booth or a product they have agreed terms with, and shares it with their
//! audience. Following it keeps a first-party cookie for the attribution window (7 days
//! unless configured); a buyer who checks out within it is credited to the creator when
//! the link was their last touch (a stream watched or bought in later wins instead), and
//! each line earns the commission of the terms in force when it was bought.
//!
//! Other domains it uses, by name: `creators::collaborations` (the terms a link may lead to
//! and pays by), `checkout` (orders read back per link).

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;

/// The first-party cookie holding a followed link's token.
pub const COOKIE: &str = "pavilion_ref";
