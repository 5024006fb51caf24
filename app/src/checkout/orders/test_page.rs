//! The built-in test provider's hosted page: a small page of its own, marked as test mode.

use super::*;

pub(super) fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The test provider's hosted page for `session`, in the language of the shop page the
/// buyer came from. It stands in for a payment provider's own site, so it is deliberately a
/// small page of its own, marked as test mode on top.
pub fn test_page_html(session: &PaySession, open: bool, declined: bool) -> String {
    let locale = session
        .return_path
        .trim_start_matches('/')
        .split('/')
        .next()
        .and_then(Locale::parse)
        .unwrap_or_default();
    let ui = locale.ui();
    let money = |minor: i64| {
        format::money(
            locale,
            Money {
                minor,
                currency: session.currency,
            },
        )
    };
    let lines: String = session
        .orders
        .iter()
        .map(|(number, booth, amount)| {
            format!(
                "<li><span>{} · {}</span> <bdi>{}</bdi></li>",
                escape(number),
                escape(booth),
                escape(&money(*amount))
            )
        })
        .collect();
    let body = if open {
        let notice = if declined {
            format!(
                r#"<p class="form-alert" role="alert">{}</p>"#,
                escape(tr!(ui, pay_declined))
            )
        } else {
            String::new()
        };
        format!(
            r#"{notice}<form method="post" class="paytest__actions">
<button class="button button--primary" type="submit" name="op" value="approve" data-testid="approve">{}</button>
<button class="button button--outline" type="submit" name="op" value="decline" data-testid="decline">{}</button>
</form>"#,
            escape(tr!(ui, pay_approve)),
            escape(tr!(ui, pay_decline)),
        )
    } else {
        let first = session
            .orders
            .first()
            .map(|o| o.0.clone())
            .unwrap_or_default();
        format!(
            r#"<p>{}</p><p><a class="button button--outline" href="{}">{}</a></p>"#,
            escape(tr!(ui, pay_closed)),
            escape(&session.return_path),
            escape(&tr!(ui, order_title, number = first)),
        )
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}" dir="{dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{title}</title>
<link rel="stylesheet" href="/pkg/pavilion.css"></head>
<body class="paytest">
<p class="paytest__banner" role="note">{banner}</p>
<main id="main" class="paytest__card">
<h1>{title}</h1>
<ul class="paytest__lines">{lines}</ul>
<p class="paytest__amount"><span>{amount_label}</span> <bdi data-testid="amount">{amount}</bdi></p>
<p class="paytest__email"><bdi>{email}</bdi></p>
{body}
</main>
</body></html>"#,
        lang = locale.code(),
        dir = if locale.is_rtl() { "rtl" } else { "ltr" },
        title = escape(tr!(ui, pay_test_title)),
        banner = escape(tr!(ui, pay_test_banner)),
        amount_label = escape(tr!(ui, pay_amount)),
        amount = escape(&money(session.amount_minor)),
        email = escape(&session.email),
    )
}
