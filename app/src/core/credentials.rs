//! Indian exporters' registration numbers, checked as the issuing bodies define them:
//! the Importer-Exporter Code, the GST identification number (state code and check
//! character) and the numbers on sector certificates.

use serde::{Deserialize, Serialize};

/// Why a registration number was refused; each maps to a translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NumberError {
    /// Not the expected length or alphabet.
    Format,
    /// A GSTIN whose first two digits name no Indian state or territory.
    StateCode,
    /// A GSTIN whose last character does not match its check character.
    CheckCharacter,
}

impl NumberError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Format => "format",
            Self::StateCode => "state_code",
            Self::CheckCharacter => "check_character",
        }
    }
}

/// Upper-cases and drops spaces and dashes people type between groups.
pub fn compact(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// The Importer-Exporter Code from DGFT: ten characters, letters and digits (new codes
/// are the holder's PAN, older ones ten digits).
pub fn iec(raw: &str) -> Result<String, NumberError> {
    let code = compact(raw);
    if code.len() == 10 && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(code)
    } else {
        Err(NumberError::Format)
    }
}

/// State codes that GST registrations use: the states and union territories (01–38),
/// other territory (97) and the centre's jurisdiction (99).
fn known_state(code: u32) -> bool {
    (1..=38).contains(&code) || code == 97 || code == 99
}

const BASE36: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// The GSTIN check character: a Luhn mod 36 over the first fourteen characters.
fn gstin_check(first14: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    for (i, b) in first14.iter().enumerate() {
        let value = BASE36.iter().position(|c| c == b)? as u32;
        let product = value * if i % 2 == 0 { 1 } else { 2 };
        sum += product / 36 + product % 36;
    }
    Some(BASE36[((36 - sum % 36) % 36) as usize])
}

/// The GST identification number: two-digit state code, the holder's PAN (five letters,
/// four digits, a letter), the registration's entity number, `Z`, and a check character.
pub fn gstin(raw: &str) -> Result<String, NumberError> {
    let code = compact(raw);
    let b = code.as_bytes();
    let pan = b.get(2..12).is_some_and(|p| {
        p[..5].iter().all(u8::is_ascii_uppercase)
            && p[5..9].iter().all(u8::is_ascii_digit)
            && p[9].is_ascii_uppercase()
    });
    let well_formed = b.len() == 15
        && b[..2].iter().all(u8::is_ascii_digit)
        && pan
        && (b[12].is_ascii_uppercase() || (b'1'..=b'9').contains(&b[12]))
        && b[13] == b'Z'
        && b[14].is_ascii_alphanumeric();
    if !well_formed {
        return Err(NumberError::Format);
    }
    let state = u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0');
    if !known_state(state) {
        return Err(NumberError::StateCode);
    }
    if gstin_check(&b[..14]) != Some(b[14]) {
        return Err(NumberError::CheckCharacter);
    }
    Ok(code)
}

/// The certificates an application may carry, by the badge they earn once verified.
pub const CERTIFICATES: [&str; 8] = [
    "fssai",
    "spices-board",
    "organic",
    "gi-tag",
    "mpeda",
    "handloom-mark",
    "craft-mark",
    "bis-hallmark",
];

/// A certificate's number: an FSSAI licence is fourteen digits; the other registrations
/// (Spices Board CRES, NPOP organic, GI authorised user, …) are 4–40 letters, digits and
/// `/ . -`, with at least one digit. Returns the number as stored.
pub fn certificate_number(kind: &str, raw: &str) -> Result<String, NumberError> {
    let trimmed = raw.trim();
    if kind == "fssai" {
        let digits = compact(trimmed);
        return if digits.len() == 14 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(digits)
        } else {
            Err(NumberError::Format)
        };
    }
    let upper = trimmed.to_uppercase();
    let ok = (4..=40).contains(&upper.len())
        && upper
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/.- ".contains(&b))
        && upper.bytes().any(|b| b.is_ascii_digit());
    if ok {
        Ok(upper)
    } else {
        Err(NumberError::Format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iec_is_ten_letters_or_digits() {
        assert_eq!(iec(" aapfu 0939f "), Ok("AAPFU0939F".into()));
        assert_eq!(iec("0305118000"), Ok("0305118000".into()));
        assert_eq!(iec("AAPFU0939"), Err(NumberError::Format));
        assert_eq!(iec("AAPFU0939F1"), Err(NumberError::Format));
        assert_eq!(iec("AAPFU_939F"), Err(NumberError::Format));
    }

    #[test]
    fn gstin_checks_state_and_check_character() {
        // Published examples of well-formed GSTINs.
        assert_eq!(gstin("27AAPFU0939F1ZV"), Ok("27AAPFU0939F1ZV".into()));
        assert_eq!(gstin("29 aagcb 7383j 1z4"), Ok("29AAGCB7383J1Z4".into()));
        assert_eq!(gstin("27AAPFU0939F1ZW"), Err(NumberError::CheckCharacter));
        assert_eq!(gstin("45AAPFU0939F1ZV"), Err(NumberError::StateCode));
        assert_eq!(gstin("00AAPFU0939F1ZV"), Err(NumberError::StateCode));
        assert_eq!(gstin("27AAPFU0939F1XV"), Err(NumberError::Format));
        assert_eq!(gstin("27AAPF00939F1ZV"), Err(NumberError::Format));
        assert_eq!(gstin("27AAPFU0939F1Z"), Err(NumberError::Format));
        assert_eq!(gstin("२७AAPFU0939F1ZV"), Err(NumberError::Format));
    }

    #[test]
    fn every_valid_prefix_has_exactly_one_check_character() {
        let base = b"07AABCS1429B1Z";
        let valid: Vec<u8> = BASE36
            .iter()
            .copied()
            .filter(|c| {
                let mut code = base.to_vec();
                code.push(*c);
                gstin(std::str::from_utf8(&code).expect("ASCII")).is_ok()
            })
            .collect();
        assert_eq!(valid.len(), 1);
    }

    #[test]
    fn certificate_numbers() {
        assert_eq!(
            certificate_number("fssai", "1001 2345 6789 01"),
            Ok("10012345678901".into())
        );
        assert_eq!(
            certificate_number("fssai", "1001234567890"),
            Err(NumberError::Format)
        );
        assert_eq!(
            certificate_number("fssai", "1001234567890A"),
            Err(NumberError::Format)
        );
        assert_eq!(
            certificate_number("spices-board", "sb/cres/2024/0113"),
            Ok("SB/CRES/2024/0113".into())
        );
        assert_eq!(
            certificate_number("organic", "NPOP"),
            Err(NumberError::Format)
        );
        assert_eq!(
            certificate_number("gi-tag", "<script>1"),
            Err(NumberError::Format)
        );
    }
}
