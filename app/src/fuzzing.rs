//! What the fuzz targets (`fuzz/`, run by `make fuzz`) feed outside bytes into: each entry
//! reads them the way the server does and checks what must hold for any input — no panic,
//! and the invariants below. The unit tests at the end run every entry over a few thousand
//! generated inputs, so a short smoke of each runs with the other tests.

use crate::checkout::model::{BuyerKey, CheckoutId, CheckoutRequest, OrderNumber};
use crate::checkout::payments;
use crate::core::{Instant, Money};
use crate::i18n::Locale;
use crate::i18n::exchange::{self, Format};
use crate::i18n::prefs::{self, Prefs};
use crate::live::model::{Command, Event, RoomState};

const SECRET: &str = "whsec_fuzzing";
const NOW: Instant = Instant(1_795_874_400);

/// The body of `POST /api/v1/checkout`: a parsed request survives a round trip through JSON,
/// and its terms (currency, Incoterm, service, address, locale) are read without panicking.
pub fn checkout_json(data: &[u8]) {
    let Ok(request) = serde_json::from_slice::<CheckoutRequest>(data) else {
        return;
    };
    let again = serde_json::to_vec(&request).expect("a parsed request serialises");
    let back: CheckoutRequest = serde_json::from_slice(&again).expect("and reads back");
    assert_eq!(back, request);
    let _ = crate::checkout::store::terms_of(&request);
}

/// A payment webhook: the first line is the signature header, the rest the body. Nothing
/// unsigned verifies; what we sign verifies; its event is read without panicking.
pub fn webhook(data: &[u8]) {
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let (header, body) = data.split_at(split);
    let body = body.get(1..).unwrap_or_default();
    let header = String::from_utf8_lossy(header);
    let _ = payments::verify(SECRET, &header, body, NOW);
    let signed = payments::sign(SECRET, NOW.seconds(), body);
    assert_eq!(payments::verify(SECRET, &signed, body, NOW), Ok(()));
    assert!(payments::verify("whsec_other", &signed, body, NOW).is_err());
    let _ = payments::parse_event(body);
}

/// A translation file (CSV or XLIFF, picked by the first byte) for a locale picked by the
/// second: every problem has a line number within the file.
pub fn translations(data: &[u8]) {
    let (format, rest) = match data.split_first() {
        Some((b, rest)) if b % 2 == 0 => (Format::Csv, rest),
        Some((_, rest)) => (Format::Xliff, rest),
        None => (Format::Csv, data),
    };
    let (locale, bytes) = match rest.split_first() {
        Some((b, bytes)) => (Locale::ALL[usize::from(*b) % Locale::ALL.len()], bytes),
        None => (Locale::Hi, rest),
    };
    let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    if let Err(problems) = exchange::parse(format, bytes, locale) {
        assert!(!problems.is_empty());
        for problem in problems {
            assert!(
                problem.line >= 1 && problem.line <= lines.max(1),
                "{problem:?} in a file of {lines} lines"
            );
        }
    }
}

/// `Accept-Language`, the `Cookie` header and the query string, as every page reads them:
/// anything echoed back is short and plain.
pub fn request_prefs(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\n');
    let accept = parts.next().unwrap_or_default();
    let cookies = parts.next().unwrap_or_default();
    let query = parts.next().unwrap_or_default();
    let _ = Locale::negotiate(accept);
    for locale in Locale::ALL {
        let chosen = Prefs::resolve(locale, Some(query), Some(cookies), Some(accept));
        if let Some(echo) = chosen.unknown_currency {
            assert!(echo.chars().count() <= 8 && echo.chars().all(char::is_alphanumeric));
        }
    }
    let zone = prefs::sanitise_zone(query);
    assert!(!zone.chars().any(char::is_control));
    let _ = prefs::cookie(cookies, "pavilion_session");
    let _ = crate::forms::post::locale_of(accept);
}

/// A frame a browser sends the live room: a command that parses survives a round trip; and
/// a frame of events folds into the room's state without panicking.
pub fn room_frame(data: &[u8]) {
    if let Ok(command) = serde_json::from_slice::<Command>(data) {
        let again = serde_json::to_vec(&command).expect("a parsed command serialises");
        let back: Command = serde_json::from_slice(&again).expect("and reads back");
        assert_eq!(back, command);
    }
    if let Ok(events) = serde_json::from_slice::<Vec<Event>>(data) {
        let mut state = RoomState::default();
        for event in &events {
            state.apply(event);
        }
        let _ = state.queue();
    }
}

/// Form fields as the server decodes them: the wall-clock time and zone of the schedule
/// form, typed amounts, the cart cookie and the tokens in order links.
pub fn form_fields(data: &[u8]) {
    let Ok(fields) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(data) else {
        return;
    };
    for (name, value) in &fields {
        if let Ok(at) = crate::core::parse_local(value, name) {
            // Shown in the form and read back, it shows the same minute (zones whose offset
            // has seconds, like Kolkata's before 1941, keep their seconds out of the form).
            let shown = crate::core::local_input(at, name);
            let again =
                crate::core::parse_local(&shown, name).map(|t| crate::core::local_input(t, name));
            assert_eq!(
                again,
                Ok(shown.clone()),
                "{value:?} in {name} shows as {shown}"
            );
        }
        if let Some(amount) = Money::parse_inr(value) {
            assert!(amount.minor >= 0);
        }
        for (slug, quantity) in crate::checkout::cart::parse(value) {
            assert!((1..=100_000).contains(&quantity) && !slug.is_empty());
        }
        if let Some(number) = OrderNumber::parse(value) {
            assert_eq!(OrderNumber::parse(number.as_str()), Some(number));
        }
        let _ = (BuyerKey::parse(value), CheckoutId::parse(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seeds each entry's inputs: valid examples to mutate from.
    const SEEDS: &[&[u8]] = &[
        br#"{"email":"a@example.com","currency":"EUR","items":[{"product":"cardamom","quantity":2}],"ship_to":{"country":"DE","name":"Greta","address":"Hamburg"},"incoterm":"DDP","service":"express","locale":"de"}"#,
        b"t=1795874400,v1=00ff\n{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":{\"client_reference_id\":\"ps_1\"}}}",
        b"\x00\x03id,field,source,translation\nproduct:1:name,name,Pepper,\xe0\xa4\xae\xe0\xa4\xbf\xe0\xa4\xb0\xe0\xa5\x8d\xe0\xa4\x9a\n",
        b"\x01\x04<?xml version=\"1.0\"?><xliff version=\"1.2\"><file source-language=\"en\" target-language=\"zh\"><body><trans-unit id=\"booth:1:tagline\"><source>Spice</source><target>\xe9\xa6\x99</target></trans-unit></body></file></xliff>",
        b"de-DE,de;q=0.9,en;q=0.8\npavilion_currency=EUR; pavilion_session=abc\ncurrency=JPY&tz=Asia/Tokyo",
        br#"{"t":"deal","product":3,"price":"499.50","quantity":10,"per_buyer":2,"countdown":10,"duration":60}"#,
        br#"[{"id":1,"at":1,"t":"chat","text":"hi"}]"#,
        b"Asia%2FKolkata=2026-12-01T19%3A30&price=1%2C250.50&cart=cardamom%3A2%2Cpepper%3A1&order=PV-0123456789AB",
    ];

    /// A small deterministic generator: seeds, their truncations, byte flips and splices.
    fn inputs() -> Vec<Vec<u8>> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut out: Vec<Vec<u8>> = SEEDS.iter().map(|s| s.to_vec()).collect();
        for _ in 0..3000 {
            let seed = SEEDS[(next() as usize) % SEEDS.len()];
            let mut bytes = seed.to_vec();
            for _ in 0..(next() % 4 + 1) {
                let at = (next() as usize) % (bytes.len() + 1);
                match next() % 4 {
                    0 => bytes.truncate(at),
                    1 if at < bytes.len() => bytes[at] = next() as u8,
                    2 => bytes.insert(at, b"\"{}[]:,\n\r<>&%=;-\\\x00\xff"[(next() % 19) as usize]),
                    _ => {
                        let other = SEEDS[(next() as usize) % SEEDS.len()];
                        let from = (next() as usize) % (other.len() + 1);
                        bytes.splice(at..at, other[from..].iter().copied().take(40));
                    }
                }
            }
            out.push(bytes);
        }
        out
    }

    /// Found by `make fuzz` (form_fields): a zone with a line break before it was read by
    /// `parse_local` (which trimmed it) and shown in UTC by `local_input` (which did not).
    #[test]
    fn a_zone_with_spaces_reads_and_shows_alike() {
        form_fields(b"&\n\n\nAsia%2FKolkata=2026-12-01T19%3A30");
    }

    /// Found by `make fuzz` (form_fields): in 1027 Kolkata ran on local mean time (+5:53:28),
    /// so a minute shown in the form is not a whole UTC minute; it still reads back to itself.
    #[test]
    fn a_zone_offset_with_seconds_shows_the_same_minute() {
        form_fields(b"Asia%2FKolkata=1027-12-01T1:9%3A30");
    }

    #[test]
    fn every_entry_takes_any_bytes() {
        for input in inputs() {
            checkout_json(&input);
            webhook(&input);
            translations(&input);
            request_prefs(&input);
            room_frame(&input);
            form_fields(&input);
        }
    }
}
