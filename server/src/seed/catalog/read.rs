//! The shapes of the demo data files and the checks that turn them into a [`Catalog`]; every
//! complaint names the file and line it is about.

use super::{
    BOOTHS_PER_HALL, Badge, Booth, Catalog, CatalogError, Council, GST, Hall, Host, IEC, Product,
    Source, Sources, Stream, StreamState, Text,
};
use app::core::Slug;
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

/// A text as written: each locale optional, so a missing one gets our message rather than
/// serde's "missing field".
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextEntry {
    en: Option<String>,
    hi: Option<String>,
    zh: Option<String>,
    es: Option<String>,
    ar: Option<String>,
}

impl TryFrom<TextEntry> for Text {
    type Error = String;

    // The error carries no position: the TOML deserializer puts the text's own span on it.
    fn try_from(entry: TextEntry) -> Result<Self, String> {
        let present = |value: Option<String>| value.filter(|text| !text.trim().is_empty());
        match (
            present(entry.en),
            present(entry.hi),
            present(entry.zh),
            present(entry.es),
            present(entry.ar),
        ) {
            (Some(en), Some(hi), Some(zh), Some(es), Some(ar)) => Ok(Self { en, hi, zh, es, ar }),
            (en, hi, zh, es, ar) => {
                let missing: Vec<&str> = [
                    ("en", en.is_none()),
                    ("hi", hi.is_none()),
                    ("zh", zh.is_none()),
                    ("es", es.is_none()),
                    ("ar", ar.is_none()),
                ]
                .into_iter()
                .filter_map(|(locale, missing)| missing.then_some(locale))
                .collect();
                let which = match en {
                    Some(en) => format!("the text \"{en}\""),
                    None => "a text".to_owned(),
                };
                Err(format!(
                    "{which} has no {} translation (every text needs en, hi, zh, es and ar)",
                    missing.join(", ")
                ))
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BadgesFile {
    badges: Vec<Spanned<Badge>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HostsFile {
    hosts: Vec<Spanned<Host>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HallFile {
    slug: Spanned<String>,
    motif: String,
    colour: String,
    sector_badge: Spanned<String>,
    name: Text,
    tagline: Text,
    description: Text,
    trade_note: Text,
    council: Spanned<Council>,
    #[serde(default)]
    booths: Vec<Spanned<BoothEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BoothEntry {
    name: String,
    city: String,
    region: String,
    founded_year: i64,
    brand_colour: String,
    specialty: Text,
    extra_badge: Option<Spanned<String>>,
    #[serde(default)]
    sector_certificate_expired: bool,
    #[serde(default = "verified")]
    gst_verified: bool,
    #[serde(default)]
    products: Vec<Spanned<Product>>,
}

fn verified() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StreamsFile {
    streams: Vec<Spanned<StreamEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StreamEntry {
    booth: Spanned<String>,
    hosts: Vec<Spanned<String>>,
    state: StreamState,
    start_offset_minutes: i64,
    duration_minutes: Spanned<i64>,
    time_zone: Spanned<String>,
    language: Spanned<String>,
    title: Text,
    description: String,
}

/// A data file being read: turns byte offsets into the `file:line` of a message.
#[derive(Clone, Copy)]
struct File<'a>(Source<'a>);

/// A data file read as `T`; a problem comes with its line.
pub(super) fn parse<T: serde::de::DeserializeOwned>(source: Source<'_>) -> Result<T, CatalogError> {
    File(source).parse()
}

impl File<'_> {
    fn line(&self, offset: usize) -> usize {
        let before = self
            .0
            .text
            .as_bytes()
            .get(..offset)
            .unwrap_or(self.0.text.as_bytes());
        before.iter().filter(|byte| **byte == b'\n').count() + 1
    }

    fn error(&self, span: Range<usize>, message: impl Into<String>) -> CatalogError {
        CatalogError {
            file: self.0.path.to_owned(),
            line: Some(self.line(span.start)),
            message: message.into(),
        }
    }

    fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, CatalogError> {
        toml::from_str(self.0.text).map_err(|err| CatalogError {
            file: self.0.path.to_owned(),
            line: err.span().map(|span| self.line(span.start)),
            message: err.message().to_owned(),
        })
    }
}

/// Slugs already taken, with where, so a second use can point at the first.
struct Taken {
    what: &'static str,
    at: HashMap<String, (String, usize)>,
}

impl Taken {
    fn new(what: &'static str) -> Self {
        Self {
            what,
            at: HashMap::new(),
        }
    }

    fn claim(
        &mut self,
        slug: &Slug,
        file: File<'_>,
        span: Range<usize>,
    ) -> Result<(), CatalogError> {
        let line = file.line(span.start);
        if let Some((first_file, first_line)) = self.at.get(slug.as_str()) {
            return Err(file.error(
                span,
                format!(
                    "a second {} with the slug `{slug}` (the first is at {first_file}:{first_line})",
                    self.what
                ),
            ));
        }
        self.at
            .insert(slug.as_str().to_owned(), (file.0.path.to_owned(), line));
        Ok(())
    }
}

fn slug(file: File<'_>, span: Range<usize>, what: &str, raw: &str) -> Result<Slug, CatalogError> {
    Slug::parse(raw).map_err(|err| file.error(span, format!("the {what} slug `{raw}`: {err}")))
}

fn slug_from_name(
    file: File<'_>,
    span: Range<usize>,
    what: &str,
    name: &str,
) -> Result<Slug, CatalogError> {
    Slug::from_name(name).map_err(|err| {
        file.error(
            span,
            format!("no slug can be made of the {what} name \"{name}\": {err}"),
        )
    })
}

pub(super) fn catalog(sources: &Sources<'_>) -> Result<Catalog, CatalogError> {
    if sources.halls.is_empty() {
        // The seed recognises a database that holds the demo by its first hall.
        return Err(CatalogError {
            file: "server/src/seed/catalog.rs".to_owned(),
            line: None,
            message: "no hall files are listed".to_owned(),
        });
    }
    let badges = badges(File(sources.badges))?;
    let hosts = hosts(File(sources.hosts))?;
    let known_badge = |slug: &str| badges.iter().any(|badge| badge.slug == slug);

    let mut halls = Vec::new();
    let mut hall_slugs = Taken::new("hall");
    let mut council_slugs = Taken::new("council");
    let mut booth_slugs = Taken::new("booth");
    let mut product_slugs = Taken::new("product");
    for source in sources.halls {
        let file = File(*source);
        let entry: HallFile = file.parse()?;
        let hall_slug = slug(file, entry.slug.span(), "hall", entry.slug.get_ref())?;
        hall_slugs.claim(&hall_slug, file, entry.slug.span())?;
        let council_span = entry.council.span();
        let council = entry.council.into_inner();
        let council_slug = slug(file, council_span.clone(), "council", &council.slug)?;
        council_slugs.claim(&council_slug, file, council_span)?;
        if !known_badge(entry.sector_badge.get_ref()) {
            return Err(file.error(
                entry.sector_badge.span(),
                format!(
                    "the sector badge `{}` is not in {}",
                    entry.sector_badge.get_ref(),
                    sources.badges.path
                ),
            ));
        }
        if let Some(extra) = entry.booths.get(BOOTHS_PER_HALL) {
            return Err(file.error(
                extra.span(),
                format!("a hall's floor plan holds {BOOTHS_PER_HALL} booths; this is one more"),
            ));
        }
        let mut booths = Vec::new();
        for booth in entry.booths {
            let booth_span = booth.span();
            let booth = booth.into_inner();
            let booth_slug = slug_from_name(file, booth_span.clone(), "booth", &booth.name)?;
            booth_slugs.claim(&booth_slug, file, booth_span)?;
            let unknown_badge = booth
                .extra_badge
                .as_ref()
                .filter(|extra| !known_badge(extra.get_ref()));
            if let Some(extra) = unknown_badge {
                return Err(file.error(
                    extra.span(),
                    format!(
                        "the badge `{}` is not in {}",
                        extra.get_ref(),
                        sources.badges.path
                    ),
                ));
            }
            let mut products = Vec::new();
            for product in booth.products {
                let span = product.span();
                let product = product.into_inner();
                let product_slug = slug_from_name(file, span.clone(), "product", &product.name.en)?;
                product_slugs.claim(&product_slug, file, span.clone())?;
                check_product(file, span, &product)?;
                products.push(product);
            }
            booths.push(Booth {
                name: booth.name,
                city: booth.city,
                region: booth.region,
                founded_year: booth.founded_year,
                brand_colour: booth.brand_colour,
                specialty: booth.specialty,
                extra_badge: booth.extra_badge.map(Spanned::into_inner),
                sector_certificate_expired: booth.sector_certificate_expired,
                gst_verified: booth.gst_verified,
                products,
            });
        }
        halls.push(Hall {
            slug: entry.slug.into_inner(),
            council,
            colour: entry.colour,
            motif: entry.motif,
            name: entry.name,
            tagline: entry.tagline,
            description: entry.description,
            trade_note: entry.trade_note,
            sector_badge: entry.sector_badge.into_inner(),
            booths,
        });
    }
    let streams = streams(File(sources.streams), &halls, &hosts, sources.hosts.path)?;
    Ok(Catalog {
        badges,
        hosts,
        halls,
        streams,
    })
}

fn badges(file: File<'_>) -> Result<Vec<Badge>, CatalogError> {
    let entries: BadgesFile = file.parse()?;
    let mut taken = Taken::new("badge");
    let mut badges = Vec::new();
    for badge in entries.badges {
        let span = badge.span();
        let badge = badge.into_inner();
        taken.claim(&slug(file, span.clone(), "badge", &badge.slug)?, file, span)?;
        badges.push(badge);
    }
    // The seed gives these to every booth by slug.
    for needed in [IEC, GST] {
        if !badges.iter().any(|badge| badge.slug == needed) {
            return Err(CatalogError {
                file: file.0.path.to_owned(),
                line: None,
                message: format!(
                    "the seed gives every booth the `{needed}` badge, which is not defined"
                ),
            });
        }
    }
    Ok(badges)
}

fn hosts(file: File<'_>) -> Result<Vec<Host>, CatalogError> {
    let entries: HostsFile = file.parse()?;
    let mut taken = Taken::new("host");
    let mut hosts = Vec::new();
    for host in entries.hosts {
        let span = host.span();
        let host = host.into_inner();
        taken.claim(&slug(file, span.clone(), "host", &host.slug)?, file, span)?;
        hosts.push(host);
    }
    Ok(hosts)
}

/// What the database would refuse, or the picture server could not draw, caught with a line.
fn check_product(
    file: File<'_>,
    span: Range<usize>,
    product: &Product,
) -> Result<(), CatalogError> {
    let name = &product.name.en;
    let problem = if product.price_paise <= 0 {
        Some("price_paise must be above 0".to_owned())
    } else if product.stock < 0 {
        Some("stock cannot be negative".to_owned())
    } else if product.moq < 1 {
        Some("moq must be at least 1".to_owned())
    } else if product.weight_grams <= 0 {
        Some("weight_grams must be above 0".to_owned())
    } else if !crate::media::art::SCENES.contains(&product.picture.scene.as_str()) {
        Some(format!(
            "the picture scene `{}` is not one of {}",
            product.picture.scene,
            crate::media::art::SCENES.join(", ")
        ))
    } else if product.picture.colour.len() != 6
        || !product
            .picture
            .colour
            .bytes()
            .all(|b| b.is_ascii_hexdigit())
    {
        Some(format!(
            "the picture colour `{}` is not six hex digits",
            product.picture.colour
        ))
    } else {
        None
    };
    match problem {
        Some(problem) => Err(file.error(span, format!("product \"{name}\": {problem}"))),
        None => Ok(()),
    }
}

fn streams(
    file: File<'_>,
    halls: &[Hall],
    hosts: &[Host],
    hosts_path: &str,
) -> Result<Vec<Stream>, CatalogError> {
    let entries: StreamsFile = file.parse()?;
    let mut taken = Taken::new("stream");
    let mut streams = Vec::new();
    for entry in entries.streams {
        let span = entry.span();
        let stream = entry.into_inner();
        let stream_slug = slug_from_name(file, span.clone(), "stream", &stream.title.en)?;
        taken.claim(&stream_slug, file, span)?;
        let booth = stream.booth.get_ref();
        if !halls
            .iter()
            .flat_map(|hall| &hall.booths)
            .any(|known| known.name == *booth)
        {
            return Err(file.error(
                stream.booth.span(),
                format!("no booth is named \"{booth}\" in the hall files"),
            ));
        }
        for host in &stream.hosts {
            if !hosts.iter().any(|known| known.slug == *host.get_ref()) {
                return Err(file.error(
                    host.span(),
                    format!("the host `{}` is not in {hosts_path}", host.get_ref()),
                ));
            }
        }
        if *stream.duration_minutes.get_ref() <= 0 {
            return Err(file.error(
                stream.duration_minutes.span(),
                "duration_minutes must be above 0",
            ));
        }
        if !app::core::known_zone(stream.time_zone.get_ref()) {
            return Err(file.error(
                stream.time_zone.span(),
                format!(
                    "`{}` is not an IANA time zone name",
                    stream.time_zone.get_ref()
                ),
            ));
        }
        if app::i18n::Locale::parse(stream.language.get_ref()).is_none() {
            return Err(file.error(
                stream.language.span(),
                format!(
                    "the language `{}` is not a pavilion locale",
                    stream.language.get_ref()
                ),
            ));
        }
        streams.push(Stream {
            booth: stream.booth.into_inner(),
            hosts: stream.hosts.into_iter().map(Spanned::into_inner).collect(),
            state: stream.state,
            start_offset_minutes: stream.start_offset_minutes,
            duration_minutes: stream.duration_minutes.into_inner(),
            time_zone: stream.time_zone.into_inner(),
            language: stream.language.into_inner(),
            title: stream.title,
            description: stream.description,
        });
    }
    Ok(streams)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BADGES: &str = r#"[[badges]]
slug = "iec"
label = "IEC verified"
description = "Importer-Exporter Code checked with DGFT"

[[badges]]
slug = "gst"
label = "GST verified"
description = "GSTIN checked with the GST network"

[[badges]]
slug = "spices-board"
label = "Spices Board registered"
description = "Certificate of Registration as Exporter of Spices"
"#;

    const HOSTS: &str = r#"[[hosts]]
slug = "anjali-menon"
name = "Anjali Menon"
title = "Spice sommelier and trade host"
languages = "English, Malayalam, Hindi"
"#;

    const HALL: &str = r##"slug = "spices-and-tea"
motif = "spice"
colour = "#b4441c"
sector_badge = "spices-board"
name = { en = "Spices & Tea", hi = "मसाले और चाय", zh = "香料与茶叶", es = "Especias y té", ar = "التوابل والشاي" }
tagline = { en = "Pepper", hi = "काली मिर्च", zh = "胡椒", es = "Pimienta", ar = "فلفل" }
description = { en = "Spices", hi = "मसाले", zh = "香料", es = "Especias", ar = "التوابل" }
trade_note = { en = "Certified.", hi = "प्रमाणित।", zh = "已认证。", es = "Certificado.", ar = "معتمد." }

[council]
slug = "spices-board"
name = "Spices Board India"
short_name = "Spices Board"
website = "https://www.indianspices.com"

[[booths]]
name = "Malabar Coast Spice Co."
city = "Kochi"
region = "Kerala"
founded_year = 1987
brand_colour = "#3f5e2a"
extra_badge = "gst"
specialty.en = "Tellicherry pepper"
specialty.hi = "तेलीचेरी काली मिर्च"
specialty.zh = "代利杰里黑胡椒"
specialty.es = "pimienta Tellicherry"
specialty.ar = "فلفل تيليتشيري"

[[booths.products]]
name.en = "Tellicherry Black Pepper, Extra Bold"
name.hi = "तेलीचेरी काली मिर्च, एक्स्ट्रा बोल्ड"
name.zh = "代利杰里特级黑胡椒"
name.es = "Pimienta negra Tellicherry extra gruesa"
name.ar = "فلفل أسود تيليتشيري ممتاز"
summary = "Sun-dried berries."
unit = "1 kg pouch"
price_paise = 145_000
stock = 860
moq = 1
hs_code = "0904.11"
weight_grams = 1000
picture = { scene = "heap", colour = "2b1d14" }
"##;

    const STREAMS: &str = r#"[[streams]]
booth = "Malabar Coast Spice Co."
hosts = ["anjali-menon"]
state = "live"
start_offset_minutes = -15
duration_minutes = 75
time_zone = "Asia/Kolkata"
language = "en"
title.en = "Pepper grading, live from the Kochi warehouse"
title.hi = "कोच्चि गोदाम से लाइव: काली मिर्च की ग्रेडिंग"
title.zh = "高知仓库直播：黑胡椒分级"
title.es = "En directo desde Kochi: clasificación de pimienta"
title.ar = "مباشرة من مستودع كوتشي: تصنيف الفلفل"
description = "Watch Tellicherry berries go over the sieves."
"#;

    /// Parses the small catalogue above with one file replaced.
    fn parse_with(
        badges: &str,
        hosts: &str,
        hall: &str,
        streams: &str,
    ) -> Result<Catalog, CatalogError> {
        let halls = [Source {
            path: "halls/test.toml",
            text: hall,
        }];
        catalog(&Sources {
            badges: Source {
                path: "badges.toml",
                text: badges,
            },
            hosts: Source {
                path: "hosts.toml",
                text: hosts,
            },
            halls: &halls,
            streams: Source {
                path: "streams.toml",
                text: streams,
            },
        })
    }

    /// The 1-based line of the only occurrence of `needle` in `text`.
    fn line_of(text: &str, needle: &str) -> usize {
        assert_eq!(text.matches(needle).count(), 1, "{needle} must occur once");
        line_at(text, text.find(needle).expect("present"))
    }

    fn line_at(text: &str, offset: usize) -> usize {
        text[..offset].matches('\n').count() + 1
    }

    fn expect_error(result: Result<Catalog, CatalogError>) -> CatalogError {
        match result {
            Ok(_) => panic!("the catalogue loaded, but should not have"),
            Err(err) => err,
        }
    }

    #[test]
    fn the_shipped_demo_loads_whole() {
        let catalog = super::super::load().unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(catalog.badges.len(), 10);
        assert_eq!(catalog.hosts.len(), 8);
        assert_eq!(catalog.halls.len(), 6);
        let booths: Vec<&Booth> = catalog.halls.iter().flat_map(|h| &h.booths).collect();
        assert_eq!(booths.len(), 24);
        assert_eq!(booths.iter().map(|b| b.products.len()).sum::<usize>(), 120);
        assert_eq!(catalog.streams.len(), 12);

        let spices = &catalog.halls[0];
        assert_eq!(spices.slug, "spices-and-tea");
        assert_eq!(spices.name.ar, "التوابل والشاي");
        let pepper = &spices.booths[0].products[0];
        assert_eq!(pepper.name.en, "Tellicherry Black Pepper, Extra Bold");
        assert_eq!(pepper.name.zh, "代利杰里特级黑胡椒");
        assert_eq!(
            (
                pepper.price_paise,
                pepper.stock,
                pepper.moq,
                pepper.weight_grams
            ),
            (145_000, 860, 1, 1000)
        );
        assert_eq!(pepper.hs_code, "0904.11");
        assert_eq!(catalog.halls[5].slug, "processed-food");

        let exceptions: Vec<(&str, bool, bool)> = booths
            .iter()
            .filter(|b| b.sector_certificate_expired || !b.gst_verified)
            .map(|b| {
                (
                    b.name.as_str(),
                    b.sector_certificate_expired,
                    b.gst_verified,
                )
            })
            .collect();
        assert_eq!(
            exceptions,
            [
                ("Guntur Sannam Traders", true, true),
                ("Khurja Ceramic Studio", false, false)
            ]
        );

        let first = &catalog.streams[0];
        assert_eq!(first.state, StreamState::Live);
        assert_eq!(
            (first.start_offset_minutes, first.duration_minutes),
            (-15, 75)
        );
        assert_eq!(catalog.streams[8].start_offset_minutes, -(24 * 60) - 3 * 60);
    }

    #[test]
    fn the_test_catalogue_loads() {
        let catalog =
            parse_with(BADGES, HOSTS, HALL, STREAMS).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(catalog.halls[0].booths[0].products[0].price_paise, 145_000);
        assert_eq!(catalog.streams[0].hosts, ["anjali-menon"]);
    }

    #[test]
    fn a_missing_translation_names_file_and_line() {
        let hall = HALL.replace("name.ar = \"فلفل أسود تيليتشيري ممتاز\"\n", "");
        let err = expect_error(parse_with(BADGES, HOSTS, &hall, STREAMS));
        assert_eq!(err.file, "halls/test.toml");
        // The text's table starts at its first key.
        assert_eq!(err.line, Some(line_of(&hall, "name.en = \"Tellicherry")));
        assert!(err.message.contains("no ar translation"), "{err}");
        assert!(err.message.contains("Tellicherry Black Pepper"), "{err}");
        assert!(err.to_string().starts_with(&format!(
            "halls/test.toml:{}: ",
            line_of(&hall, "name.en = \"Tellicherry")
        )));
    }

    #[test]
    fn an_empty_translation_is_missing() {
        let streams = STREAMS.replace(
            "title.es = \"En directo desde Kochi: clasificación de pimienta\"",
            "title.es = \" \"",
        );
        let err = expect_error(parse_with(BADGES, HOSTS, HALL, &streams));
        assert_eq!(
            (err.file.as_str(), err.line),
            ("streams.toml", Some(line_of(&streams, "title.en")))
        );
        assert!(err.message.contains("no es translation"), "{err}");
    }

    #[test]
    fn a_locale_the_seed_has_no_templates_for_is_refused() {
        let hall = HALL.replace(
            "specialty.ar = \"فلفل تيليتشيري\"",
            "specialty.ar = \"فلفل تيليتشيري\"\nspecialty.fr = \"poivre\"",
        );
        let err = expect_error(parse_with(BADGES, HOSTS, &hall, STREAMS));
        assert_eq!(err.line, Some(line_of(&hall, "specialty.fr")));
        assert!(err.message.contains("unknown field `fr`"), "{err}");
    }

    #[test]
    fn an_unknown_booth_badge_names_file_and_line() {
        let hall = HALL.replace("extra_badge = \"gst\"", "extra_badge = \"halal\"");
        let err = expect_error(parse_with(BADGES, HOSTS, &hall, STREAMS));
        assert_eq!(err.file, "halls/test.toml");
        assert_eq!(err.line, Some(line_of(&hall, "extra_badge")));
        assert!(err.message.contains("`halal`"), "{err}");
    }

    #[test]
    fn an_unknown_sector_badge_names_file_and_line() {
        let badges = BADGES.replace("slug = \"spices-board\"", "slug = \"spice-board\"");
        let err = expect_error(parse_with(&badges, HOSTS, HALL, STREAMS));
        assert_eq!(err.file, "halls/test.toml");
        assert_eq!(err.line, Some(line_of(HALL, "sector_badge")));
    }

    #[test]
    fn the_badges_every_booth_gets_must_exist() {
        let badges = BADGES.replace("slug = \"gst\"", "slug = \"gstin\"");
        let hall = HALL.replace("extra_badge = \"gst\"\n", "");
        let err = expect_error(parse_with(&badges, HOSTS, &hall, STREAMS));
        assert_eq!(err.file, "badges.toml");
        assert!(err.message.contains("`gst`"), "{err}");
    }

    #[test]
    fn an_unknown_stream_host_names_file_and_line() {
        let streams = STREAMS.replace(
            "hosts = [\"anjali-menon\"]",
            "hosts = [\n  \"anjali-menon\",\n  \"li-wei\",\n]",
        );
        let err = expect_error(parse_with(BADGES, HOSTS, HALL, &streams));
        assert_eq!(err.file, "streams.toml");
        assert_eq!(err.line, Some(line_of(&streams, "\"li-wei\"")));
        assert!(err.message.contains("`li-wei`"), "{err}");
    }

    #[test]
    fn an_unknown_stream_booth_names_file_and_line() {
        let streams = STREAMS.replace(
            "booth = \"Malabar Coast Spice Co.\"",
            "booth = \"Malabar Spice Co.\"",
        );
        let err = expect_error(parse_with(BADGES, HOSTS, HALL, &streams));
        assert_eq!(err.file, "streams.toml");
        assert_eq!(err.line, Some(line_of(&streams, "booth =")));
        assert!(err.message.contains("Malabar Spice Co."), "{err}");
    }

    #[test]
    fn a_second_product_with_the_same_slug_points_at_the_first() {
        let product = &HALL[HALL.find("[[booths.products]]").expect("a product")..];
        let hall = format!(
            "{HALL}\n{}",
            product.replace("Extra Bold\"", "extra bold!\"")
        );
        let err = expect_error(parse_with(BADGES, HOSTS, &hall, STREAMS));
        let first = line_of(HALL, "[[booths.products]]");
        let second = line_at(&hall, hall.rfind("[[booths.products]]").expect("second"));
        assert_eq!(err.line, Some(second));
        assert!(
            err.message.contains(&format!("halls/test.toml:{first}")),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_time_zone_names_file_and_line() {
        let streams = STREAMS.replace("Asia/Kolkata", "Asia/Calcutta Standard");
        let err = expect_error(parse_with(BADGES, HOSTS, HALL, &streams));
        assert_eq!(err.line, Some(line_of(&streams, "time_zone")));
        assert!(err.message.contains("Asia/Calcutta Standard"), "{err}");
    }

    #[test]
    fn a_misspelt_field_names_file_and_line() {
        let hall = HALL.replace("hs_code = ", "hs = ");
        let err = expect_error(parse_with(BADGES, HOSTS, &hall, STREAMS));
        assert_eq!(err.line, Some(line_of(&hall, "hs = ")));
        assert!(err.message.contains("unknown field `hs`"), "{err}");
    }

    #[test]
    fn a_fifth_booth_does_not_fit_the_plan() {
        let booth = &HALL[HALL.find("[[booths]]").expect("a booth")..];
        let mut hall = HALL.to_owned();
        for n in 2..=5 {
            hall.push('\n');
            hall.push_str(
                &booth
                    .replace("Malabar Coast Spice Co.", &format!("Booth {n}"))
                    .replace("Tellicherry Black Pepper", &format!("Pepper {n}")),
            );
        }
        let err = expect_error(parse_with(BADGES, HOSTS, &hall, STREAMS));
        assert_eq!(err.line, Some(line_of(&hall, "name = \"Booth 5\"") - 1));
        assert!(err.message.contains("floor plan"), "{err}");
    }
}
