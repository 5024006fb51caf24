//! The trade desk: what an importer reads and buys beyond the list price. Quantity price
//! breaks, samples (an order line of their own, capped per buyer), lead time, packaging and
//! the Incoterms a product ships on; checked in the exhibitor's product form, shown on the
//! product page, charged by checkout. Requests for quotation, buyer–seller meetings, and the
//! leads those buyers become for each booth.

pub mod breaks;
pub mod form;
pub mod leads;
pub mod meetings;
pub mod rfq;
#[cfg(feature = "ssr")]
pub mod store;
pub mod terms;
pub mod views;
