//! Buyer–seller meetings: each member of a booth's team keeps weekly hours in their own time
//! zone and publishes slots of 15, 20 or 30 minutes inside them; a buyer books a slot, seeing
//! it in their own zone and the host's, and either party changes or cancels it. Both are
//! told by email with a calendar entry, and the booking makes the buyer a lead of the booth.
//! The meeting's page is its room: a 1:1 video call in the browser (WebRTC, signalled over
//! the room's WebSocket), with a conversation beside it where either party says something
//! or shares one of the booth's products — the conversation works without JavaScript too.
//! A council runs a hosted-buyer programme: its verified buyers get meeting suggestions
//! matched to what they asked for, and the council counts the meetings of its booths.

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
#[cfg(feature = "ssr")]
pub mod form;
#[cfg(feature = "ssr")]
pub mod hub;
#[cfg(feature = "ssr")]
pub mod invite;
pub mod model;
#[cfg(feature = "ssr")]
pub mod programme;
#[cfg(feature = "ssr")]
pub mod room;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
