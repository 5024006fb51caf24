//! Design-system parts shared by every domain: layout, form fields, errors, page
//! regions, logos, SEO. It knows no domain: domains hand it plain values.

pub mod error_template;
pub mod form;
pub mod layout;
pub mod logo;
pub mod page;
pub mod seo;
