//! Shipping quotes and the landed price. A destination country belongs to a zone; a zone has
//! parcel rates by weight band and service, an origin handling fee and an insurance rate; a
//! country may have import duties by product category. The Incoterm decides which of these
//! the exhibitor's price includes:
//!
//! | Incoterm | the order's price includes |
//! |---|---|
//! | EXW | goods (collected at the exhibitor's door) |
//! | FOB | goods + export handling to the port |
//! | CIF | + freight + insurance to the destination |
//! | DDP | + import duties: delivered, duty paid |
//!
//! Everything is worked out in INR minor units and converted once per part at the order's
//! rate; what the price leaves out is still estimated, so the buyer sees the landed cost.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Incoterm {
    Exw,
    Fob,
    Cif,
    Ddp,
}

impl Incoterm {
    pub const ALL: [Self; 4] = [Self::Exw, Self::Fob, Self::Cif, Self::Ddp];

    pub fn code(self) -> &'static str {
        match self {
            Self::Exw => "EXW",
            Self::Fob => "FOB",
            Self::Cif => "CIF",
            Self::Ddp => "DDP",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.code().eq_ignore_ascii_case(raw.trim()))
    }

    fn includes_handling(self) -> bool {
        self != Self::Exw
    }

    fn includes_carriage(self) -> bool {
        matches!(self, Self::Cif | Self::Ddp)
    }

    fn includes_duties(self) -> bool {
        self == Self::Ddp
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Service {
    Economy,
    Express,
}

impl Service {
    pub const ALL: [Self; 2] = [Self::Economy, Self::Express];

    pub fn code(self) -> &'static str {
        match self {
            Self::Economy => "economy",
            Self::Express => "express",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(raw.trim()))
    }
}

/// A parcel rate: up to `up_to_grams` for `price_inr_minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Band {
    pub up_to_grams: i64,
    pub price_inr_minor: i64,
    pub days_min: i64,
    pub days_max: i64,
}

/// A zone's terms for one service, as the tables hold them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    pub zone: String,
    pub handling_inr_minor: i64,
    pub insurance_bps: i64,
    /// Sorted by weight, lightest first.
    pub bands: Vec<Band>,
}

/// One category's share of the goods, with its duty rate when the table has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dutiable {
    pub goods_inr_minor: i64,
    pub rate_bps: Option<i64>,
}

/// The parts of a landed price, in INR minor units, and which of them the order's price
/// includes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Landed {
    pub incoterm: Incoterm,
    pub goods: i64,
    pub handling: i64,
    pub freight: i64,
    pub insurance: i64,
    /// `None` when the duty table does not cover every category for the destination.
    pub duties: Option<i64>,
    pub parcels: i64,
    pub days_min: i64,
    pub days_max: i64,
}

impl Landed {
    /// What the exhibitor charges: the parts the Incoterm includes.
    pub fn charged(&self) -> i64 {
        let t = self.incoterm;
        self.goods
            + if t.includes_handling() {
                self.handling
            } else {
                0
            }
            + if t.includes_carriage() {
                self.freight + self.insurance
            } else {
                0
            }
            + if t.includes_duties() {
                self.duties.unwrap_or(0)
            } else {
                0
            }
    }

    /// Everything the goods cost on arrival, as far as the tables know.
    pub fn landed(&self) -> i64 {
        self.goods + self.handling + self.freight + self.insurance + self.duties.unwrap_or(0)
    }

    /// Each part (`goods`, `handling`, `freight`, `insurance`, `duties`), its amount (duties
    /// unknown as `None`) and whether the price includes it.
    pub fn parts(&self) -> [(&'static str, Option<i64>, bool); 5] {
        [
            ("goods", Some(self.goods)),
            ("handling", Some(self.handling)),
            ("freight", Some(self.freight)),
            ("insurance", Some(self.insurance)),
            ("duties", self.duties),
        ]
        .map(|(part, amount)| (part, amount, self.includes(part)))
    }

    /// The same parts converted part by part (into the buyer's currency).
    pub fn converted(&self, convert: impl Fn(i64) -> i64) -> Self {
        Self {
            goods: convert(self.goods),
            handling: convert(self.handling),
            freight: convert(self.freight),
            insurance: convert(self.insurance),
            duties: self.duties.map(&convert),
            ..*self
        }
    }

    /// Whether the order's price includes `part` (`handling`, `freight`, `insurance`, `duties`).
    pub fn includes(&self, part: &str) -> bool {
        match part {
            "handling" => self.incoterm.includes_handling(),
            "freight" | "insurance" => self.incoterm.includes_carriage(),
            "duties" => self.incoterm.includes_duties(),
            _ => true,
        }
    }
}

/// Why a landed price cannot be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoQuote {
    /// The lane has no rates at all.
    NoRates,
    /// DDP needs every duty, and the table lacks one.
    DutiesUnknown,
}

/// `amount × bps / 10 000`, rounded up to the minor unit (a charge never rounds in the
/// buyer's favour below cost).
fn share(amount: i64, bps: i64) -> i64 {
    let n = i128::from(amount) * i128::from(bps);
    i64::try_from((n + 9_999) / 10_000).unwrap_or(i64::MAX)
}

/// The landed price of goods weighing `grams` sent along `lane`.
pub fn landed(
    incoterm: Incoterm,
    lane: &Lane,
    grams: i64,
    dutiable: &[Dutiable],
) -> Result<Landed, NoQuote> {
    let goods: i64 = dutiable.iter().map(|d| d.goods_inr_minor).sum();
    let grams = grams.max(1);
    let largest = lane.bands.last().ok_or(NoQuote::NoRates)?;
    // Heavier than the largest band: full parcels of the largest, and the rest in the band
    // that fits it.
    let full = (grams - 1) / largest.up_to_grams;
    let rest = grams - full * largest.up_to_grams;
    let band = lane
        .bands
        .iter()
        .find(|b| b.up_to_grams >= rest)
        .unwrap_or(largest);
    let freight = full * largest.price_inr_minor + band.price_inr_minor;
    let insurance = share(goods + freight, lane.insurance_bps);
    let cif = goods + freight + insurance;
    let duties = dutiable.iter().try_fold(0_i64, |sum, d| {
        let rate = d.rate_bps?;
        // Each category's share of the CIF value, by its share of the goods.
        let base = if goods == 0 {
            0
        } else {
            i64::try_from(i128::from(cif) * i128::from(d.goods_inr_minor) / i128::from(goods))
                .unwrap_or(i64::MAX)
        };
        Some(sum + share(base, rate))
    });
    if incoterm == Incoterm::Ddp && duties.is_none() {
        return Err(NoQuote::DutiesUnknown);
    }
    Ok(Landed {
        incoterm,
        goods,
        handling: lane.handling_inr_minor,
        freight,
        insurance,
        duties,
        parcels: full + 1,
        days_min: band.days_min,
        days_max: band.days_max,
    })
}

#[cfg(feature = "ssr")]
pub use store::{countries, duty_rates, lane, named_countries};

#[cfg(feature = "ssr")]
mod store {
    use super::{Band, Lane, Service};
    use sqlx::{Any, AnyConnection, Executor};

    /// The lane to `country` by `service`, or `None` when the pavilion does not ship there.
    pub async fn lane(
        db: &mut AnyConnection,
        country: &str,
        service: Service,
    ) -> Result<Option<Lane>, sqlx::Error> {
        let zone: Option<(String, i64, i64)> = sqlx::query_as(
            "SELECT z.code, z.handling_inr_minor, z.insurance_bps
               FROM shipping_countries c JOIN shipping_zones z ON z.code = c.zone
              WHERE c.country = $1",
        )
        .bind(country)
        .fetch_optional(&mut *db)
        .await?;
        let Some((zone, handling_inr_minor, insurance_bps)) = zone else {
            return Ok(None);
        };
        let bands: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT up_to_grams, price_inr_minor, days_min, days_max FROM shipping_rates
              WHERE zone = $1 AND service = $2 ORDER BY up_to_grams",
        )
        .bind(&zone)
        .bind(service.code())
        .fetch_all(&mut *db)
        .await?;
        Ok(Some(Lane {
            zone,
            handling_inr_minor,
            insurance_bps,
            bands: bands
                .into_iter()
                .map(|(up_to_grams, price_inr_minor, days_min, days_max)| Band {
                    up_to_grams,
                    price_inr_minor,
                    days_min,
                    days_max,
                })
                .collect(),
        }))
    }

    /// The duty rates of `country`, by category.
    pub async fn duty_rates<'e, E: Executor<'e, Database = Any>>(
        db: E,
        country: &str,
    ) -> Result<Vec<(String, i64)>, sqlx::Error> {
        sqlx::query_as("SELECT category, rate_bps FROM duty_rates WHERE country = $1")
            .bind(country)
            .fetch_all(db)
            .await
    }

    /// Every country the pavilion ships to, `(code, name in locale)`, by name.
    pub async fn named_countries<'e, E: Executor<'e, Database = Any>>(
        db: E,
        locale: crate::i18n::Locale,
    ) -> Result<Vec<(String, String)>, sqlx::Error> {
        let mut named: Vec<(String, String)> = countries(db)
            .await?
            .into_iter()
            .map(|c| {
                let name = crate::i18n::format::country(locale, &c);
                (c, name)
            })
            .collect();
        named.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(named)
    }

    /// Every country the pavilion ships to.
    pub async fn countries<'e, E: Executor<'e, Database = Any>>(
        db: E,
    ) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT country FROM shipping_countries ORDER BY country")
            .fetch_all(db)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane() -> Lane {
        let band = |up_to_grams, price_inr_minor| Band {
            up_to_grams,
            price_inr_minor,
            days_min: 4,
            days_max: 7,
        };
        Lane {
            zone: "NA".into(),
            handling_inr_minor: 150_000,
            insurance_bps: 50,
            bands: vec![
                band(500, 160_000),
                band(1000, 256_000),
                band(30_000, 3_360_000),
            ],
        }
    }

    fn goods(inr: i64, rate: Option<i64>) -> Dutiable {
        Dutiable {
            goods_inr_minor: inr,
            rate_bps: rate,
        }
    }

    #[test]
    fn each_incoterm_charges_its_parts() {
        let lines = [goods(1_000_000, Some(1200))];
        let exw = landed(Incoterm::Exw, &lane(), 800, &lines).expect("quote");
        assert_eq!(exw.freight, 256_000);
        // Insurance: 0.5 % of goods + freight, rounded up.
        assert_eq!(exw.insurance, 6_280);
        // Duty: 12 % of CIF 1 262 280.
        assert_eq!(exw.duties, Some(151_474));
        assert_eq!(exw.charged(), 1_000_000);
        let fob = Landed {
            incoterm: Incoterm::Fob,
            ..exw
        };
        assert_eq!(fob.charged(), 1_150_000);
        let cif = Landed {
            incoterm: Incoterm::Cif,
            ..exw
        };
        assert_eq!(cif.charged(), 1_000_000 + 150_000 + 256_000 + 6_280);
        let ddp = landed(Incoterm::Ddp, &lane(), 800, &lines).expect("quote");
        assert_eq!(
            ddp.charged(),
            1_000_000 + 150_000 + 256_000 + 6_280 + 151_474
        );
    }

    #[test]
    fn heavy_orders_go_as_several_parcels() {
        let q = landed(Incoterm::Cif, &lane(), 61_000, &[goods(10, Some(0))]).expect("quote");
        assert_eq!(q.parcels, 3);
        assert_eq!(q.freight, 2 * 3_360_000 + 256_000);
        let exact = landed(Incoterm::Cif, &lane(), 30_000, &[goods(10, Some(0))]).expect("quote");
        assert_eq!((exact.parcels, exact.freight), (1, 3_360_000));
    }

    #[test]
    fn ddp_needs_every_duty() {
        let lines = [goods(500, Some(0)), goods(500, None)];
        assert_eq!(
            landed(Incoterm::Ddp, &lane(), 100, &lines),
            Err(NoQuote::DutiesUnknown)
        );
        let cif = landed(Incoterm::Cif, &lane(), 100, &lines).expect("quote");
        assert_eq!(cif.duties, None);
        let empty = Lane {
            bands: Vec::new(),
            ..lane()
        };
        assert_eq!(
            landed(Incoterm::Cif, &empty, 100, &lines),
            Err(NoQuote::NoRates)
        );
    }

    #[test]
    fn terms_parse_from_their_codes() {
        assert_eq!(Incoterm::parse("ddp"), Some(Incoterm::Ddp));
        assert_eq!(Incoterm::parse("DAP"), None);
        assert_eq!(Service::parse("Express"), Some(Service::Express));
    }
}
