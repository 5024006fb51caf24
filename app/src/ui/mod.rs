//! Design-system parts shared by every domain: layout, errors, badges, prices, logos, SEO.

pub mod badge;
pub mod error_template;
pub mod form;
pub mod layout;
pub mod logo;
pub mod page;
pub mod seo;
