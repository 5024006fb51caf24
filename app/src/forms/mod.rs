//! Form posts that work without JavaScript: each domain's `actions.rs` mounts its posts
//! through the one adapter in [`post`], which either redirects (303) or renders the same
//! page again with a [`Submission`]: the status to answer with, the problems next to their
//! fields, and what the person had typed. Checking fields ([`Checks`]) and the translated
//! words for every problem code ([`message`]) live here too.

#[cfg(feature = "ssr")]
pub mod post;

pub use crate::error::FieldProblem;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, tr};

/// The value of a posted field (`""` when absent).
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Collects field problems while a form is checked, so every problem is reported at once.
#[derive(Default)]
pub struct Checks(Vec<FieldProblem>);

impl Checks {
    pub fn fail(&mut self, field: &str, code: &str) {
        if !self.0.iter().any(|p| p.field == field) {
            self.0.push(FieldProblem::new(field, code));
        }
    }

    /// A required single-line text of at most `max` characters, trimmed; control
    /// characters are refused.
    pub fn text(&mut self, field: &str, raw: &str, max: usize) -> String {
        self.text_block(field, raw, max, false)
    }

    /// Like [`Checks::text`], but line breaks are allowed.
    pub fn paragraph(&mut self, field: &str, raw: &str, max: usize) -> String {
        self.text_block(field, raw, max, true)
    }

    /// Like [`Checks::paragraph`], but it may be left empty.
    pub fn optional_paragraph(&mut self, field: &str, raw: &str, max: usize) -> String {
        if raw.trim().is_empty() {
            String::new()
        } else {
            self.paragraph(field, raw, max)
        }
    }

    fn text_block(&mut self, field: &str, raw: &str, max: usize, lines: bool) -> String {
        let value = raw.trim().replace("\r\n", "\n");
        if value.is_empty() {
            self.fail(field, "required");
        } else if value.chars().count() > max {
            self.fail(field, "too_long");
        } else if value
            .chars()
            .any(|c| c.is_control() && !(lines && (c == '\n' || c == '\t')))
        {
            self.fail(field, "control");
        }
        value
    }

    /// A whole number in `range`.
    pub fn number(&mut self, field: &str, raw: &str, range: std::ops::RangeInclusive<i64>) -> i64 {
        match raw.trim().parse::<i64>() {
            Ok(n) if range.contains(&n) => n,
            Ok(_) => {
                self.fail(field, "out_of_range");
                *range.start()
            }
            Err(_) => {
                self.fail(
                    field,
                    if raw.trim().is_empty() {
                        "required"
                    } else {
                        "number"
                    },
                );
                *range.start()
            }
        }
    }

    pub fn finish(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

/// What a refused post hands back to its page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Submission {
    pub status: u16,
    pub problems: Vec<FieldProblem>,
    pub values: Vec<(String, String)>,
}

impl Submission {
    /// What was typed into `field`, if the page is shown again after a refused post.
    pub fn value(&self, field: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.clone())
    }

    pub fn value_or(&self, field: &str, stored: impl Into<String>) -> String {
        if self.status == 0 {
            stored.into()
        } else {
            self.value(field).unwrap_or_default()
        }
    }

    /// The translated problem with `field`, if any.
    pub fn error(&self, locale: Locale, field: &str) -> Option<String> {
        self.problems
            .iter()
            .find(|p| p.field == field)
            .map(|p| message(locale, &p.code))
    }

    pub fn refused(&self) -> bool {
        self.status >= 400
    }
}

/// The alert above a refused form: its one problem that has no field of its own, else what
/// the refusal means (sign in, not allowed, not found) or "please correct the fields".
pub fn alert(locale: Locale, submission: &Submission, fields: &[&str]) -> Option<String> {
    if !submission.refused() {
        return None;
    }
    let general = submission
        .problems
        .iter()
        .find(|p| !fields.contains(&p.field.as_str()))
        .map(|p| message(locale, &p.code));
    let ui = locale.ui();
    Some(general.unwrap_or_else(|| {
        match submission.status {
            401 => tr!(ui, error_unauthorized_body),
            403 => tr!(ui, error_forbidden_body),
            404 => tr!(ui, not_found_body),
            _ => tr!(ui, form_errors),
        }
        .to_owned()
    }))
}

/// The page's submission (empty on a plain GET), with its status set on the response.
pub fn use_submission() -> Submission {
    let submission = leptos::prelude::use_context::<Submission>().unwrap_or_default();
    #[cfg(feature = "ssr")]
    if submission.status >= 400
        && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(submission.status)
    {
        response.set_status(status);
    }
    submission
}

/// The reader's words for a problem code.
pub fn message(locale: Locale, code: &str) -> String {
    let ui = locale.ui();
    match code {
        "required" => tr!(ui, problem_required),
        "too_long" => tr!(ui, problem_too_long),
        "control" => tr!(ui, problem_control),
        "number" => tr!(ui, problem_number),
        "out_of_range" => tr!(ui, problem_out_of_range),
        "iec" => tr!(ui, problem_iec),
        "gstin_format" => tr!(ui, problem_gstin_format),
        "gstin_state" => tr!(ui, problem_gstin_state),
        "gstin_check" => tr!(ui, problem_gstin_check),
        "certificate" => tr!(ui, problem_certificate),
        "fssai" => tr!(ui, problem_fssai),
        "date" => tr!(ui, problem_date),
        "expired" => tr!(ui, problem_expired),
        "duplicate" => tr!(ui, problem_duplicate),
        "name_taken" => tr!(ui, problem_name_taken),
        "already_exhibitor" => tr!(ui, problem_already_exhibitor),
        "already_applied" => tr!(ui, problem_already_applied),
        "not_open" => tr!(ui, problem_not_open),
        "decision" => tr!(ui, problem_decision),
        "plan_bounds" => tr!(ui, problem_plan_bounds),
        "plan_overlap" => tr!(ui, problem_plan_overlap),
        "price" => tr!(ui, problem_price),
        "max_below_moq" => tr!(ui, problem_max_below_moq),
        "image_type" => tr!(ui, problem_image_type),
        "image_size" => tr!(ui, problem_image_size),
        "colour" => tr!(ui, problem_colour),
        "hs_code" => tr!(ui, problem_hs_code),
        "email" => tr!(ui, error_email),
        "email_taken" => tr!(ui, error_email_taken),
        "name" => tr!(ui, error_name),
        "sign_in" => tr!(ui, error_credentials),
        "password" => tr!(ui, error_password),
        "credentials" => tr!(ui, problem_current_password),
        "link_used" => tr!(ui, problem_link_used),
        "date_time" => tr!(ui, problem_date_time),
        "clock_change" => tr!(ui, problem_clock_change),
        "time_zone" => tr!(ui, problem_time_zone),
        "end_before_start" => tr!(ui, problem_end_before_start),
        "period_too_long" => tr!(ui, problem_period_too_long),
        "too_long_stream" => tr!(ui, problem_too_long_stream),
        "in_past" => tr!(ui, problem_in_past),
        "too_far" => tr!(ui, problem_too_far),
        "choice" => tr!(ui, problem_choice),
        "pick_one" => tr!(ui, problem_pick_some),
        "pick_fewer" => tr!(ui, problem_pick_fewer),
        "already_listed" => tr!(ui, problem_already_listed),
        "not_listed" => tr!(ui, problem_not_listed),
        "rate_needed" => tr!(ui, problem_rate_needed),
        "commission" => tr!(ui, problem_commission),
        "fee" => tr!(ui, problem_fee),
        "collab_stale" => tr!(ui, problem_collab_stale),
        "collab_turn" => tr!(ui, problem_collab_turn),
        "collab_closed" => tr!(ui, problem_collab_closed),
        "links_full" => tr!(ui, problem_links_full),
        "collab_unavailable" => tr!(ui, problem_collab_unavailable),
        "collab_self" => tr!(ui, problem_collab_self),
        "collab_listed" => tr!(ui, problem_collab_listed),
        "collab_joined" => tr!(ui, problem_collab_joined),
        "overlap_booth" => tr!(ui, problem_overlap_booth),
        "overlap_host" => tr!(ui, problem_overlap_host),
        "not_scheduled" => tr!(ui, problem_not_scheduled),
        "main_stage_taken" => tr!(ui, problem_main_stage_taken),
        "quantity" | "items" => tr!(ui, problem_quantity),
        "unknown_product" => tr!(ui, problem_unknown_product),
        "out_of_stock" => tr!(ui, problem_out_of_stock),
        "deal_cap" => tr!(ui, problem_deal_cap),
        "deal_closed" | "deal_unknown" | "deal_product" => tr!(ui, problem_deal_closed),
        "deal_sign_in" => tr!(ui, problem_deal_sign_in),
        "deal_verify" => tr!(ui, problem_deal_verify),
        "deal_sold_out" => tr!(ui, problem_deal_sold_out),
        "break_quantity" => tr!(ui, problem_break_quantity),
        "break_price" => tr!(ui, problem_break_price),
        "break_count" => tr!(ui, problem_break_count),
        "incoterms_none" => tr!(ui, problem_incoterms_none),
        "profile_needed" => tr!(ui, problem_profile_needed),
        "own_booth" => tr!(ui, problem_own_booth),
        "route_needs" => tr!(ui, problem_route_needs),
        "below_moq" => tr!(ui, problem_below_moq),
        "past_date" => tr!(ui, problem_past_date),
        "hs_heading" => tr!(ui, problem_hs_heading),
        "website" => tr!(ui, problem_website),
        "quote_state" => tr!(ui, problem_quote_state),
        "quote_accepted" => tr!(ui, problem_quote_accepted),
        "quote_lapsed" => tr!(ui, problem_quote_lapsed),
        "rfq_not_open" => tr!(ui, problem_rfq_not_open),
        "file_size" => tr!(ui, problem_file_size),
        "file_type" => tr!(ui, problem_file_type),
        "file_count" => tr!(ui, problem_file_count),
        "not_verified_here" => tr!(ui, problem_not_verified_here),
        "balance_due" => tr!(ui, problem_balance_due),
        "no_balance_due" => tr!(ui, problem_no_balance_due),
        "time_of_day" => tr!(ui, problem_time_of_day),
        "hours_short" => tr!(ui, problem_hours_short),
        "slot_in_past" => tr!(ui, problem_slot_in_past),
        "slot_too_far" => tr!(ui, problem_slot_too_far),
        "outside_hours" => tr!(ui, problem_outside_hours),
        "slot_overlap" => tr!(ui, problem_slot_overlap),
        "slot_taken" => tr!(ui, problem_slot_taken),
        "buyer_busy" => tr!(ui, problem_buyer_busy),
        "hours_needed" => tr!(ui, problem_hours_needed),
        "slot_booked" => tr!(ui, problem_slot_booked),
        "meeting_over" => tr!(ui, problem_meeting_over),
        "own_booth_meeting" => tr!(ui, problem_own_booth_meeting),
        "meeting_cap" => tr!(ui, problem_meeting_cap),
        "no_matches" => tr!(ui, problem_no_matches),
        "not_hosted" => tr!(ui, problem_not_hosted),
        "moderator_taken" => tr!(ui, problem_moderator_taken),
        "not_moderator" => tr!(ui, problem_not_moderator),
        "incoterm_not_offered" => tr!(ui, problem_incoterm_not_offered),
        "no_sample" => tr!(ui, problem_no_sample),
        "sample_sign_in" => tr!(ui, problem_sample_sign_in),
        "sample_cap" => tr!(ui, problem_sample_cap),
        "samples_out" => tr!(ui, problem_samples_out),
        "quote_expired" => tr!(ui, problem_quote_expired),
        "quote_unknown" | "quote_currency" => tr!(ui, problem_quote),
        "incoterm" => tr!(ui, problem_incoterm),
        "service" => tr!(ui, problem_service),
        "ship_to" => tr!(ui, problem_ship_to),
        "country" => tr!(ui, problem_country),
        "country_unserved" => tr!(ui, problem_country_unserved),
        "ddp_unavailable" => tr!(ui, problem_ddp_unavailable),
        "ship_name" => tr!(ui, problem_ship_name),
        "ship_address" => tr!(ui, problem_ship_address),
        "in_progress" => tr!(ui, problem_in_progress),
        "currency" => tr!(ui, problem_currency),
        "order_state" => tr!(ui, problem_order_state),
        "tracking" => tr!(ui, problem_tracking),
        "refund_failed" => tr!(ui, problem_refund_failed),
        "idempotency_mismatch" | "idempotency_key" | "malformed" => tr!(ui, problem_idempotency),
        "not_found" => tr!(ui, not_found_description),
        "forbidden" => tr!(ui, error_forbidden_body),
        "unavailable" => tr!(ui, error_busy_body),
        "internal" => tr!(ui, error_internal_body),
        throttled if throttled.starts_with("throttled:") => {
            let minutes = throttled["throttled:".len()..].parse::<i64>().unwrap_or(15);
            return tr!(ui, error_throttled, minutes = minutes);
        }
        _ => tr!(ui, error_invalid_body),
    }
    .to_owned()
}
