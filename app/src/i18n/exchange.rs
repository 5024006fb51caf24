//! The translators' round trip: a booth's (or a hall's) texts for one locale go out as CSV
//! or XLIFF 1.2 with the English source beside each, and come back in. An import checks
//! every row first (unknown ids, wrong locale, over-long text, broken encoding) and then
//! applies the whole file in one transaction, or nothing.

use crate::db::Db;
use crate::i18n::Locale;
use crate::i18n::fx::LineError;
use quick_xml::events::Event;
use sqlx::FromRow;

/// A translatable entity and its translation table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entity {
    Hall,
    Booth,
    Product,
    Stream,
}

impl Entity {
    fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "hall" => Self::Hall,
            "booth" => Self::Booth,
            "product" => Self::Product,
            "stream" => Self::Stream,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Self::Hall => "hall",
            Self::Booth => "booth",
            Self::Product => "product",
            Self::Stream => "stream",
        }
    }

    fn base_table(self) -> &'static str {
        match self {
            Self::Hall => "halls",
            Self::Booth => "booths",
            Self::Product => "products",
            Self::Stream => "streams",
        }
    }

    /// (translation table, its key column)
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Self::Hall => ("hall_translations", "hall_id"),
            Self::Booth => ("booth_translations", "booth_id"),
            Self::Product => ("product_translations", "product_id"),
            Self::Stream => ("stream_translations", "stream_id"),
        }
    }

    /// The translatable fields and their longest allowed text, in characters.
    fn fields(self) -> &'static [(&'static str, usize)] {
        match self {
            Self::Hall => &[("name", 120), ("tagline", 200), ("description", 4000)],
            Self::Booth => &[("tagline", 200), ("description", 4000)],
            Self::Product => &[("name", 120), ("summary", 300), ("description", 4000)],
            Self::Stream => &[("title", 160), ("description", 4000)],
        }
    }
}

/// What to export: everything a booth shows (its profile, products and streams), or a hall.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Booth(String),
    Hall(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xliff,
}

impl Format {
    /// From a file name's extension.
    pub fn of_path(path: &str) -> Option<Self> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(Self::Csv)
        } else if lower.ends_with(".xlf") || lower.ends_with(".xliff") {
            Some(Self::Xliff)
        } else {
            None
        }
    }
}

/// One text to translate: `product:malabar-black-pepper:name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub source: String,
    pub target: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("no {0} with that slug")]
    NotFound(&'static str),
    #[error("English is the source language; choose one of the other locales")]
    SourceLocale,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

#[derive(FromRow)]
struct Row {
    slug: String,
    source: String,
    target: Option<String>,
}

async fn entity_units(
    db: &Db,
    entity: Entity,
    locale: Locale,
    filter: &str,
    key: &str,
) -> Result<Vec<Unit>, sqlx::Error> {
    let (table, column) = entity.table();
    let mut units = Vec::new();
    for (field, _) in entity.fields() {
        let sql = format!(
            "SELECT e.slug, e.{field} AS source, t.{field} AS target
             FROM {base} e LEFT JOIN {table} t ON t.{column} = e.id AND t.locale = $1
             WHERE {filter} ORDER BY e.id",
            base = entity.base_table(),
        );
        let rows: Vec<Row> = sqlx::query_as(&sql)
            .bind(locale.code())
            .bind(key)
            .fetch_all(db)
            .await?;
        units.extend(rows.into_iter().map(|r| Unit {
            id: format!("{}:{}:{field}", entity.name(), r.slug),
            source: r.source,
            target: r.target,
        }));
    }
    // Group by entity, then field order, as a translator reads them.
    units.sort_by_key(|u| u.id.rsplit_once(':').map(|(head, _)| head.to_owned()));
    Ok(units)
}

/// The texts of `scope` with their `locale` translations, if any.
pub async fn units(db: &Db, scope: &Scope, locale: Locale) -> Result<Vec<Unit>, ExchangeError> {
    if locale == Locale::En {
        return Err(ExchangeError::SourceLocale);
    }
    let mut units = Vec::new();
    match scope {
        Scope::Hall(slug) => {
            units.extend(entity_units(db, Entity::Hall, locale, "e.slug = $2", slug).await?);
            if units.is_empty() {
                return Err(ExchangeError::NotFound("hall"));
            }
        }
        Scope::Booth(slug) => {
            units.extend(entity_units(db, Entity::Booth, locale, "e.slug = $2", slug).await?);
            if units.is_empty() {
                return Err(ExchangeError::NotFound("booth"));
            }
            let of_booth = "e.booth_id = (SELECT id FROM booths WHERE slug = $2)";
            units.extend(entity_units(db, Entity::Product, locale, of_booth, slug).await?);
            units.extend(entity_units(db, Entity::Stream, locale, of_booth, slug).await?);
        }
    }
    Ok(units)
}

fn csv_text(locale: Locale, units: &[Unit]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut rows = vec![["locale", "id", "source", "target"].map(str::to_owned)];
    rows.extend(units.iter().map(|u| {
        [
            locale.code().to_owned(),
            u.id.clone(),
            u.source.clone(),
            u.target.clone().unwrap_or_default(),
        ]
    }));
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(&row);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn xml(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

fn xliff_text(locale: Locale, original: &str, units: &[Unit]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n");
    out.push_str(&format!(
        "  <file original=\"{}\" source-language=\"en\" target-language=\"{}\" datatype=\"plaintext\">\n    <body>\n",
        xml(original),
        locale.code()
    ));
    for u in units {
        let state = if u.target.is_some() {
            "translated"
        } else {
            "needs-translation"
        };
        out.push_str(&format!(
            "      <trans-unit id=\"{}\">\n        <source>{}</source>\n        <target state=\"{state}\">{}</target>\n      </trans-unit>\n",
            xml(&u.id),
            xml(&u.source),
            xml(u.target.as_deref().unwrap_or_default()),
        ));
    }
    out.push_str("    </body>\n  </file>\n</xliff>\n");
    out
}

/// The export file.
pub fn write(format: Format, locale: Locale, scope: &Scope, units: &[Unit]) -> String {
    match format {
        Format::Csv => csv_text(locale, units),
        Format::Xliff => {
            let original = match scope {
                Scope::Booth(slug) => format!("booth:{slug}"),
                Scope::Hall(slug) => format!("hall:{slug}"),
            };
            xliff_text(locale, &original, units)
        }
    }
}

/// One translation read from a file, with the line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incoming {
    pub line: usize,
    pub id: String,
    pub target: String,
}

fn err(line: usize, message: impl Into<String>) -> LineError {
    LineError {
        line,
        message: message.into(),
    }
}

/// Lines that are not valid UTF-8, by number.
fn encoding_errors(bytes: &[u8]) -> Vec<LineError> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| std::str::from_utf8(line).is_err())
        .map(|(i, _)| err(i + 1, "the text is not valid UTF-8"))
        .collect()
}

fn parse_csv(text: &str, locale: Locale) -> Result<Vec<Incoming>, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => return Err(vec![err(1, format!("unreadable header: {e}"))]),
    };
    let column = |name: &str| header.iter().position(|h| h == name);
    let (Some(c_locale), Some(c_id), Some(c_target)) =
        (column("locale"), column("id"), column("target"))
    else {
        return Err(vec![err(
            1,
            "the header needs the columns locale, id and target",
        )]);
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(err(line, format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |i: usize| record.get(i).unwrap_or_default();
        if field(c_locale) != locale.code() {
            errors.push(err(
                line,
                format!(
                    "the row is for locale `{}`, not `{}`",
                    field(c_locale),
                    locale.code()
                ),
            ));
            continue;
        }
        rows.push(Incoming {
            line,
            id: field(c_id).to_owned(),
            target: field(c_target).to_owned(),
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn line_at(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn parse_xliff(text: &str, locale: Locale) -> Result<Vec<Incoming>, Vec<LineError>> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut unit: Option<(usize, String)> = None;
    let mut in_target = false;
    let mut target = String::new();
    let mut saw_file = false;
    loop {
        let position = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                errors.push(err(line_at(text, position), format!("broken XML: {e}")));
                break;
            }
        };
        let line = line_at(text, position);
        match event {
            Event::Start(tag) | Event::Empty(tag) if tag.local_name().as_ref() == b"file" => {
                saw_file = true;
                let language = tag
                    .try_get_attribute("target-language")
                    .ok()
                    .flatten()
                    .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()));
                match language {
                    Some(l) if l == locale.code() => {}
                    Some(l) => errors.push(err(
                        line,
                        format!("the file is for locale `{l}`, not `{}`", locale.code()),
                    )),
                    None => errors.push(err(line, "the <file> has no target-language")),
                }
            }
            Event::Start(tag) if tag.local_name().as_ref() == b"trans-unit" => {
                let id = tag
                    .try_get_attribute("id")
                    .ok()
                    .flatten()
                    .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()));
                match id {
                    Some(id) => unit = Some((line, id)),
                    None => errors.push(err(line, "a <trans-unit> has no id")),
                }
            }
            Event::Start(tag) if tag.local_name().as_ref() == b"target" => {
                in_target = true;
                target.clear();
            }
            Event::Text(t) if in_target => match t.decode() {
                Ok(s) => match quick_xml::escape::unescape(&s) {
                    Ok(s) => target.push_str(&s),
                    Err(e) => errors.push(err(line, format!("bad character reference: {e}"))),
                },
                Err(e) => errors.push(err(line, format!("unreadable text: {e}"))),
            },
            Event::GeneralRef(r) if in_target => {
                let name = r.decode().unwrap_or_default().into_owned();
                match quick_xml::escape::unescape(&format!("&{name};")) {
                    Ok(s) => target.push_str(&s),
                    Err(e) => errors.push(err(line, format!("bad character reference: {e}"))),
                }
            }
            Event::CData(c) if in_target => target.push_str(&String::from_utf8_lossy(&c)),
            Event::End(tag) if tag.local_name().as_ref() == b"target" => in_target = false,
            Event::End(tag) if tag.local_name().as_ref() == b"trans-unit" => {
                if let Some((line, id)) = unit.take() {
                    rows.push(Incoming {
                        line,
                        id,
                        target: std::mem::take(&mut target),
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_file && errors.is_empty() {
        errors.push(err(1, "this is not an XLIFF 1.2 document (no <file>)"));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Reads a translation file for `locale`; every problem is reported with its line.
pub fn parse(
    format: Format,
    bytes: &[u8],
    locale: Locale,
) -> Result<Vec<Incoming>, Vec<LineError>> {
    if locale == Locale::En {
        return Err(vec![err(
            1,
            "English is the source language; translations are for the other locales",
        )]);
    }
    let broken = encoding_errors(bytes);
    if !broken.is_empty() {
        return Err(broken);
    }
    let text = std::str::from_utf8(bytes).unwrap_or_default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        Format::Csv => parse_csv(text, locale),
        Format::Xliff => parse_xliff(text, locale),
    }
}

/// A checked change: which row of which table gets which text (`None` clears it).
struct Change {
    entity: Entity,
    field: &'static str,
    id: i64,
    value: Option<String>,
}

/// Validates every row against the database, then applies them all in one transaction.
/// Returns how many texts were written.
pub async fn import(
    db: &Db,
    locale: Locale,
    rows: &[Incoming],
) -> Result<Result<usize, Vec<LineError>>, sqlx::Error> {
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        let mut parts = row.id.splitn(3, ':');
        let (Some(entity), Some(slug), Some(field)) = (parts.next(), parts.next(), parts.next())
        else {
            errors.push(err(
                row.line,
                format!("`{}` is not an id of the form kind:slug:field", row.id),
            ));
            continue;
        };
        let Some(entity) = Entity::parse(entity) else {
            errors.push(err(
                row.line,
                format!("unknown kind `{entity}` in `{}`", row.id),
            ));
            continue;
        };
        let Some(&(field, max)) = entity.fields().iter().find(|(f, _)| *f == field) else {
            errors.push(err(
                row.line,
                format!("a {} has no translatable field `{field}`", entity.name()),
            ));
            continue;
        };
        if !seen.insert(row.id.clone()) {
            errors.push(err(row.line, format!("`{}` appears twice", row.id)));
            continue;
        }
        let length = row.target.chars().count();
        if length > max {
            errors.push(err(
                row.line,
                format!("the text has {length} characters; `{field}` allows {max}"),
            ));
            continue;
        }
        if row
            .target
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            errors.push(err(row.line, "the text contains control characters"));
            continue;
        }
        let sql = format!("SELECT id FROM {} WHERE slug = $1", entity.base_table());
        let id: Option<i64> = sqlx::query_scalar(&sql)
            .bind(slug)
            .fetch_optional(db)
            .await?;
        let Some(id) = id else {
            errors.push(err(row.line, format!("no {} `{slug}`", entity.name())));
            continue;
        };
        let text = row.target.trim();
        changes.push(Change {
            entity,
            field,
            id,
            value: (!text.is_empty()).then(|| text.to_owned()),
        });
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let mut tx = db.begin().await?;
    for change in &changes {
        let (table, column) = change.entity.table();
        let field = change.field;
        let sql = format!(
            "INSERT INTO {table} ({column}, locale, {field}) VALUES ($1, $2, $3)
             ON CONFLICT ({column}, locale) DO UPDATE SET {field} = excluded.{field}"
        );
        sqlx::query(&sql)
            .bind(change.id)
            .bind(locale.code())
            .bind(change.value.clone())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(changes.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> Vec<Unit> {
        vec![
            Unit {
                id: "product:pepper:name".into(),
                source: "Black pepper, \"Tellicherry\" <TGSEB>".into(),
                target: Some("فلفل أسود & حار".into()),
            },
            Unit {
                id: "product:pepper:summary".into(),
                source: "Bold, piney, hot".into(),
                target: None,
            },
        ]
    }

    #[test]
    fn csv_round_trips() {
        let scope = Scope::Booth("spice".into());
        let text = write(Format::Csv, Locale::Ar, &scope, &units());
        let rows = parse(Format::Csv, text.as_bytes(), Locale::Ar).expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].target, "فلفل أسود & حار");
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].target, "");
    }

    #[test]
    fn xliff_round_trips() {
        let scope = Scope::Booth("spice".into());
        let text = write(Format::Xliff, Locale::Ar, &scope, &units());
        assert!(text.contains("target-language=\"ar\""));
        assert!(text.contains("&lt;TGSEB&gt;"));
        let rows = parse(Format::Xliff, text.as_bytes(), Locale::Ar).expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].id, "product:pepper:name");
        assert_eq!(rows[0].target, "فلفل أسود & حار");
        assert_eq!(rows[1].target, "");
    }

    #[test]
    fn refuses_wrong_locale_and_broken_files() {
        let scope = Scope::Hall("spices".into());
        let xliff = write(Format::Xliff, Locale::Ar, &scope, &units());
        let errors = parse(Format::Xliff, xliff.as_bytes(), Locale::Zh).expect_err("wrong locale");
        assert!(errors[0].message.contains("`ar`"));
        let csv = write(Format::Csv, Locale::Ar, &scope, &units());
        let errors = parse(Format::Csv, csv.as_bytes(), Locale::Hi).expect_err("wrong locale");
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 3]);
        let mut bytes = b"locale,id,source,target\nar,hall:x:name,a,".to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe, b'\n']);
        let errors = parse(Format::Csv, &bytes, Locale::Ar).expect_err("bad utf-8");
        assert_eq!(errors[0].line, 2);
        let errors = parse(
            Format::Xliff,
            b"<xliff>\n<file target-language=\"ar\">\n</wrong>",
            Locale::Ar,
        )
        .expect_err("broken xml");
        assert_eq!(errors[0].line, 3);
        assert!(parse(Format::Csv, b"a,b\n1,2", Locale::Ar).is_err());
        assert!(parse(Format::Csv, csv.as_bytes(), Locale::En).is_err());
    }
}
