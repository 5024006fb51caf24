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
