//! Checking the posts of the trade desk: a business profile, a request for quotation, a
//! quote and a message. Every problem is named on its field at once.

pub use super::model::{QUOTE_FIELDS, RFQ_FIELDS};
use super::model::{ROLES, UNITS, VOLUMES};
use crate::checkout::shipping::Incoterm;
use crate::core::{Currency, Instant, Money};
use crate::forms::{Checks, field};
use crate::trade::breaks::{Break, PriceBreaks};

/// A business profile as posted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileInput {
    pub company: String,
    pub country: String,
    pub role: String,
    pub website: String,
    pub annual_volume: String,
}

/// A two-letter country code, upper-cased.
fn country(checks: &mut Checks, name: &str, raw: &str) -> String {
    let code = raw.trim().to_ascii_uppercase();
    if code.is_empty() {
        checks.fail(name, "required");
    } else if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        checks.fail(name, "country");
    }
    code
}

/// One of `choices`, else a `choice` problem.
fn choice(checks: &mut Checks, name: &str, raw: &str, choices: &[&str]) -> String {
    let value = raw.trim();
    if !choices.contains(&value) {
        checks.fail(
            name,
            if value.is_empty() {
                "required"
            } else {
                "choice"
            },
        );
    }
    value.to_owned()
}

pub fn check_profile(fields: &[(String, String)]) -> Result<ProfileInput, crate::error::AppError> {
    let mut checks = Checks::default();
    let company = checks.text("company", field(fields, "company"), 120);
    let country = country(&mut checks, "country", field(fields, "country"));
    let role = choice(&mut checks, "role", field(fields, "role"), &ROLES);
    let annual_volume = choice(
        &mut checks,
        "annual_volume",
        field(fields, "annual_volume"),
        &VOLUMES,
    );
    let website = field(fields, "website").trim().to_owned();
    if !website.is_empty() {
        let host = website
            .strip_prefix("https://")
            .or_else(|| website.strip_prefix("http://"))
            .unwrap_or("");
        let host = host.split('/').next().unwrap_or("");
        let fine = website.len() <= 200
            && host.contains('.')
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            && !website.chars().any(|c| c.is_control() || c.is_whitespace());
        if !fine {
            checks.fail("website", "website");
        }
    }
    checks.finish()?;
    Ok(ProfileInput {
        company,
        country,
        role,
        website,
        annual_volume,
    })
}

/// A request for quotation as posted. `unit` is the product's when it names one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RfqInput {
    pub subject: String,
    pub details: String,
    pub category: String,
    pub hs_heading: String,
    pub quantity: i64,
    pub unit: String,
    pub target_minor: Option<i64>,
    pub destination: String,
    pub country: String,
    pub incoterm: Incoterm,
    pub needed_by: Instant,
}

/// What a request is about: a product (its unit and MOQ), or free text.
#[derive(Clone, Copy, Debug)]
pub struct About<'a> {
    pub unit: Option<&'a str>,
    pub moq: i64,
    /// Free text must name a category or an HS heading when it goes to a hall.
    pub to_hall: bool,
}

/// Checks a request. `currency` is the one the target price is typed in; `categories` the
/// pavilion's product categories.
pub fn check_rfq(
    fields: &[(String, String)],
    about: About<'_>,
    currency: Currency,
    categories: &[String],
    now: Instant,
) -> Result<RfqInput, crate::error::AppError> {
    let mut checks = Checks::default();
    let f = |name: &str| field(fields, name).trim().to_owned();
    let subject = checks.text("subject", &f("subject"), 160);
    let details = checks.optional_paragraph("details", &f("details"), 4000);
    let category = f("category");
    if !category.is_empty() && !categories.contains(&category) {
        checks.fail("category", "choice");
    }
    let hs_heading = f("hs_heading").replace('.', "");
    let heading_ok = hs_heading.is_empty()
        || (hs_heading.len() == 4 && hs_heading.bytes().all(|b| b.is_ascii_digit()));
    if !heading_ok {
        checks.fail("hs_heading", "hs_heading");
    }
    if about.unit.is_none() && about.to_hall && category.is_empty() && hs_heading.is_empty() {
        checks.fail("category", "route_needs");
    }
    let quantity = checks.number("quantity", &f("quantity"), 1..=100_000_000);
    if quantity < about.moq && f("quantity").parse::<i64>().is_ok() {
        checks.fail("quantity", "below_moq");
    }
    let unit = match about.unit {
        Some(unit) => unit.to_owned(),
        None => choice(&mut checks, "unit", &f("unit"), &UNITS),
    };
    let target_minor = match f("target_price") {
        raw if raw.is_empty() => None,
        raw => match Money::parse_in(currency, &raw) {
            Some(m) if m.minor > 0 => Some(m.minor),
            _ => {
                checks.fail("target_price", "price");
                None
            }
        },
    };
    let destination = checks.text("destination", &f("destination"), 120);
    let country = country(&mut checks, "country", &f("country"));
    let incoterm = Incoterm::parse(&f("incoterm"));
    if incoterm.is_none() {
        checks.fail("incoterm", "incoterm");
    }
    let needed_by = match f("needed_by") {
        raw if raw.is_empty() => {
            checks.fail("needed_by", "required");
            now
        }
        raw => match Instant::parse_date(&raw) {
            // Today is too soon for anything to be quoted, made and shipped.
            Some(day) if day.seconds() > now.seconds() => day,
            Some(day) => {
                checks.fail("needed_by", "past_date");
                day
            }
            None => {
                checks.fail("needed_by", "date");
                now
            }
        },
    };
    checks.finish()?;
    Ok(RfqInput {
        subject,
        details,
        category,
        hs_heading,
        quantity,
        unit,
        target_minor,
        destination,
        country,
        incoterm: incoterm.unwrap_or(Incoterm::Exw),
        needed_by,
    })
}

/// A booth's quote as posted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteInput {
    pub product: String,
    pub unit_inr_minor: i64,
    pub breaks: PriceBreaks,
    pub incoterm: Incoterm,
    pub lead_days: i64,
    pub valid_until: Instant,
    pub deposit_bps: i64,
    pub remarks: String,
}

/// A price in rupees as typed, above zero.
fn rupees(checks: &mut Checks, name: &str, raw: &str) -> i64 {
    match Money::parse_inr(raw) {
        Some(m) if m.minor > 0 && m.minor <= 100_000_000_000 => m.minor,
        _ => {
            checks.fail(
                name,
                if raw.trim().is_empty() {
                    "required"
                } else {
                    "price"
                },
            );
            1
        }
    }
}

/// Checks a quote for a request of `quantity` units: breaks are for more than that.
pub fn check_quote(
    fields: &[(String, String)],
    quantity: i64,
    now: Instant,
) -> Result<QuoteInput, crate::error::AppError> {
    let mut checks = Checks::default();
    let f = |name: &str| field(fields, name).trim().to_owned();
    let product = f("product");
    if product.is_empty() {
        checks.fail("product", "required");
    }
    let unit_inr_minor = rupees(&mut checks, "unit_price", &f("unit_price"));
    let mut breaks = Vec::new();
    for (from_field, price_field) in [
        ("break1_from", "break1_price"),
        ("break2_from", "break2_price"),
    ] {
        let (from, price) = (f(from_field), f(price_field));
        if from.is_empty() && price.is_empty() {
            continue;
        }
        let from = checks.number(from_field, &from, 2..=100_000_000);
        let price_minor = rupees(&mut checks, price_field, &price);
        breaks.push(Break { from, price_minor });
    }
    let breaks = match PriceBreaks::new(breaks, unit_inr_minor, quantity) {
        Ok(breaks) => breaks,
        Err(problem) => {
            let target = match problem {
                crate::trade::breaks::BreakProblem::Price => "break1_price",
                _ => "break1_from",
            };
            checks.fail(target, problem.code());
            PriceBreaks::default()
        }
    };
    let incoterm = Incoterm::parse(&f("incoterm"));
    if incoterm.is_none() {
        checks.fail("incoterm", "incoterm");
    }
    let lead_days = checks.number("lead_days", &f("lead_days"), 0..=365);
    let valid_until = match Instant::parse_date(&f("valid_until")) {
        Some(day) if day.seconds() + 86_400 > now.seconds() => day,
        Some(day) => {
            checks.fail("valid_until", "past_date");
            day
        }
        None => {
            checks.fail(
                "valid_until",
                if f("valid_until").is_empty() {
                    "required"
                } else {
                    "date"
                },
            );
            now
        }
    };
    let deposit_bps = match f("payment").as_str() {
        "full" => 0,
        "deposit" => checks.number("deposit_percent", &f("deposit_percent"), 10..=90) * 100,
        _ => {
            checks.fail("payment", "choice");
            0
        }
    };
    let remarks = checks.optional_paragraph("remarks", &f("remarks"), 2000);
    checks.finish()?;
    Ok(QuoteInput {
        product,
        unit_inr_minor,
        breaks,
        incoterm: incoterm.unwrap_or(Incoterm::Exw),
        lead_days,
        valid_until,
        deposit_bps,
        remarks,
    })
}

/// The quote's values as its form shows them.
pub fn quote_values(q: &QuoteInput) -> Vec<(String, String)> {
    let mut values = vec![
        ("product".to_owned(), q.product.clone()),
        ("unit_price".into(), Money::inr(q.unit_inr_minor).decimal()),
        ("incoterm".into(), q.incoterm.code().to_owned()),
        ("lead_days".into(), q.lead_days.to_string()),
        ("valid_until".into(), q.valid_until.iso_date()),
        (
            "payment".into(),
            if q.deposit_bps > 0 { "deposit" } else { "full" }.to_owned(),
        ),
        ("deposit_percent".into(), (q.deposit_bps / 100).to_string()),
        ("remarks".into(), q.remarks.clone()),
    ];
    for (b, (from, price)) in q.breaks.breaks().iter().zip([
        ("break1_from", "break1_price"),
        ("break2_from", "break2_price"),
    ]) {
        values.push((from.to_owned(), b.from.to_string()));
        values.push((price.to_owned(), Money::inr(b.price_minor).decimal()));
    }
    values
}

/// A message of a thread: 1 to 4000 characters.
pub fn check_message(fields: &[(String, String)]) -> Result<String, crate::error::AppError> {
    let mut checks = Checks::default();
    let body = checks.paragraph("body", field(fields, "body"), 4000);
    checks.finish()?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn problems(err: crate::error::AppError) -> Vec<(String, String)> {
        err.problems()
            .into_iter()
            .map(|p| (p.field, p.code))
            .collect()
    }

    const NOW: Instant = Instant(1_796_000_000);

    #[test]
    fn a_request_is_checked_field_by_field() {
        let categories = vec!["spice".to_owned()];
        let about = About {
            unit: Some("kg"),
            moq: 50,
            to_hall: false,
        };
        let good = posted(&[
            ("subject", "Malabar pepper, 2 t"),
            ("quantity", "2000"),
            ("target_price", "11.50"),
            ("destination", "Jebel Ali"),
            ("country", "ae"),
            ("incoterm", "CIF"),
            ("needed_by", "2027-03-01"),
        ]);
        let rfq = check_rfq(&good, about, Currency::Usd, &categories, NOW).expect("valid");
        assert_eq!((rfq.quantity, rfq.unit.as_str()), (2000, "kg"));
        assert_eq!(rfq.target_minor, Some(1150));
        assert_eq!(rfq.country, "AE");
        let bad = posted(&[
            ("subject", ""),
            ("quantity", "10"),
            ("target_price", "-3"),
            ("destination", "Jebel Ali"),
            ("country", "Emirates"),
            ("incoterm", "FCA"),
            ("needed_by", "2020-01-01"),
            ("hs_heading", "09a4"),
        ]);
        let found =
            problems(check_rfq(&bad, about, Currency::Usd, &categories, NOW).expect_err("refused"));
        for expected in [
            ("subject", "required"),
            ("quantity", "below_moq"),
            ("target_price", "price"),
            ("country", "country"),
            ("incoterm", "incoterm"),
            ("needed_by", "past_date"),
            ("hs_heading", "hs_heading"),
        ] {
            assert!(
                found.contains(&(expected.0.to_owned(), expected.1.to_owned())),
                "{expected:?} in {found:?}"
            );
        }
        // Free text to a hall must say what it is, so the council can route it.
        let free = About {
            unit: None,
            moq: 1,
            to_hall: true,
        };
        let found =
            problems(check_rfq(&good, free, Currency::Usd, &categories, NOW).expect_err("refused"));
        assert!(found.contains(&("category".to_owned(), "route_needs".to_owned())));
        assert!(found.contains(&("unit".to_owned(), "required".to_owned())));
    }

    #[test]
    fn a_quote_reads_back_as_it_was_saved() {
        let fields = posted(&[
            ("product", "malabar-pepper"),
            ("unit_price", "980"),
            ("break1_from", "5000"),
            ("break1_price", "940"),
            ("incoterm", "CIF"),
            ("lead_days", "21"),
            ("valid_until", "2026-12-31"),
            ("payment", "deposit"),
            ("deposit_percent", "30"),
            ("remarks", "25 kg jute bags"),
        ]);
        let quote = check_quote(&fields, 2000, NOW).expect("valid");
        assert_eq!(quote.deposit_bps, 3000);
        assert_eq!(quote.breaks.unit_price(quote.unit_inr_minor, 2000), 98_000);
        assert_eq!(quote.breaks.unit_price(quote.unit_inr_minor, 5000), 94_000);
        assert_eq!(
            check_quote(&quote_values(&quote), 2000, NOW).expect("again"),
            quote
        );
        let bad = posted(&[
            ("product", "malabar-pepper"),
            ("unit_price", "980"),
            ("break1_from", "1000"),
            ("break1_price", "940"),
            ("incoterm", "CIF"),
            ("lead_days", "21"),
            ("valid_until", "2020-12-31"),
            ("payment", "deposit"),
            ("deposit_percent", "95"),
        ]);
        let found = problems(check_quote(&bad, 2000, NOW).expect_err("refused"));
        assert!(
            found.contains(&("break1_from".to_owned(), "break_quantity".to_owned())),
            "{found:?}"
        );
        assert!(found.contains(&("valid_until".to_owned(), "past_date".to_owned())));
        assert!(found.contains(&("deposit_percent".to_owned(), "out_of_range".to_owned())));
    }

    #[test]
    fn a_profile_needs_a_company_a_country_and_a_plain_website() {
        let fields = posted(&[
            ("company", "Gewürzhaus Nord GmbH"),
            ("country", "de"),
            ("role", "importer"),
            ("annual_volume", "to_1m"),
            ("website", "https://gewuerzhaus.example/de"),
        ]);
        assert_eq!(check_profile(&fields).expect("valid").country, "DE");
        let bad = posted(&[
            ("company", ""),
            ("country", "DE"),
            ("role", "buyer"),
            ("annual_volume", "to_1m"),
            ("website", "javascript:alert(1)"),
        ]);
        let found = problems(check_profile(&bad).expect_err("refused"));
        assert_eq!(
            found,
            [
                ("company".to_owned(), "required".to_owned()),
                ("role".to_owned(), "choice".to_owned()),
                ("website".to_owned(), "website".to_owned())
            ]
        );
    }
}
