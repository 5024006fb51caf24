//! An order's life after checkout: FX quotes that lock the price, the payment session the
//! buyer pays through, webhooks that make orders paid (once, and only when verified), the
//! exhibitor's fulfilment (shipped with carrier and tracking, delivered), cancellations and
//! refunds through the provider, the host's commission, and the emails that tell the buyer.
//!
//! States: pending → paid → shipped → delivered; pending → cancelled (stock back);
//! paid, shipped or delivered → refunded (stock back only if it never left). Every move is a
//! conditional `UPDATE … WHERE state = <from>`, so two moves never both happen.
//! One file per idea: quotes, webhooks, stock, fulfilment, the test payment page.

use crate::accounts::roles::member;
use crate::accounts::store::{User, queue_email};
use crate::checkout::model::{BuyerKey, FxQuote, OrderNumber};
use crate::checkout::payments::{Charge, Event, EventKind, PaymentProvider, Payments};
use crate::checkout::store::{read_order, record};
use crate::core::secrets::{new_token, same_secret};
use crate::core::{Currency, Instant, Money};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::forms::{Checks, field};
use crate::i18n::{Locale, format, tr};
use sqlx::{Any, AnyConnection, Transaction};
mod fulfilment;
mod quotes;
mod stock;
mod test_page;
mod webhooks;

pub use fulfilment::*;
pub use quotes::*;
pub(crate) use stock::*;
pub use test_page::*;
pub use webhooks::*;
