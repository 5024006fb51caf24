//! Demo streams, placed around the moment of seeding: one live now, several coming up over
//! the next days, several ended with replays.

use super::catalog::LOCALES;
use app::core::Slug;
use sqlx::{Any, Transaction};

pub struct SeededBooth {
    pub name: &'static str,
    pub id: i64,
    pub products: Vec<i64>,
}

struct DemoStream {
    booth: &'static str,
    /// Minutes from the seeding moment (rounded to the quarter hour) to the start.
    start_min: i64,
    minutes: i64,
    state: &'static str,
    zone: &'static str,
    language: &'static str,
    hosts: &'static [&'static str],
    title: &'static str,
    /// Titles in `LOCALES` order.
    titles: [&'static str; 4],
    description: &'static str,
}

const DAY: i64 = 24 * 60;

const STREAMS: [DemoStream; 12] = [
    DemoStream {
        booth: "Malabar Coast Spice Co.",
        start_min: -15,
        minutes: 75,
        state: "live",
        zone: "Asia/Kolkata",
        language: "en",
        hosts: &["anjali-menon"],
        title: "Pepper grading, live from the Kochi warehouse",
        titles: [
            "कोच्चि गोदाम से लाइव: काली मिर्च की ग्रेडिंग",
            "高知仓库直播：黑胡椒分级",
            "En directo desde Kochi: clasificación de pimienta",
            "مباشرة من مستودع كوتشي: تصنيف الفلفل",
        ],
        description: "Watch Tellicherry berries go over the sieves, ask about bulk density and moisture, and buy sample packs during the stream.",
    },
    DemoStream {
        booth: "Kochi Blue Catch Exports",
        start_min: 90,
        minutes: 45,
        state: "scheduled",
        zone: "Asia/Shanghai",
        language: "zh",
        hosts: &["li-wei"],
        title: "Shrimp sizes explained: 16/20 to 31/40",
        titles: [
            "झींगा आकार समझिए: 16/20 से 31/40",
            "虾规格详解：16/20到31/40",
            "Tallas de camarón: de 16/20 a 31/40",
            "شرح أحجام الروبيان: من 16/20 إلى 31/40",
        ],
        description: "What the count per pound means, how glaze is measured, and how to read a packing list — with live questions from buyers in China.",
    },
    DemoStream {
        booth: "Kanchi Silk Weavers Collective",
        start_min: 5 * 60,
        minutes: 60,
        state: "scheduled",
        zone: "Asia/Kolkata",
        language: "en",
        hosts: &["priya-raghavan"],
        title: "How a Kanchipuram korvai saree is woven",
        titles: [
            "कांचीपुरम कोरवई साड़ी कैसे बुनी जाती है",
            "甘吉布勒姆科尔瓦伊纱丽的织造",
            "Cómo se teje un sari korvai de Kanchipuram",
            "كيف يُنسج ساري كورفاي من كانشيبورام",
        ],
        description: "Three shuttles, two weavers and a temple border: a live visit to the loom, with pieces available to order.",
    },
    DemoStream {
        booth: "Pampore Saffron House",
        start_min: DAY + 2 * 60,
        minutes: 45,
        state: "scheduled",
        zone: "Asia/Dubai",
        language: "ar",
        hosts: &["fatima-al-sayed"],
        title: "Spotting real saffron: a buyer's masterclass",
        titles: [
            "असली केसर पहचानिए: खरीदारों के लिए मास्टरक्लास",
            "辨别真藏红花：买家大师课",
            "Cómo reconocer el azafrán auténtico",
            "كيف تميّز الزعفران الأصلي: درس للمشترين",
        ],
        description: "Water tests, colour strength and the ISO 3632 grades, live from the Karewa fields for Gulf buyers.",
    },
    DemoStream {
        booth: "Surat Diamond Atelier",
        start_min: DAY + 6 * 60,
        minutes: 60,
        state: "scheduled",
        zone: "Asia/Kolkata",
        language: "en",
        hosts: &["rohan-mehta"],
        title: "Reading a diamond certificate, live",
        titles: [
            "हीरे का प्रमाणपत्र पढ़ना, लाइव",
            "现场解读钻石证书",
            "Cómo leer un certificado de diamante, en directo",
            "قراءة شهادة الألماس مباشرة",
        ],
        description: "Cut, colour, clarity and carat under the loupe, with a gemologist answering your questions.",
    },
    DemoStream {
        booth: "Channapatna Toy Studio",
        start_min: 2 * DAY + 3 * 60,
        minutes: 45,
        state: "scheduled",
        zone: "Asia/Kolkata",
        language: "ja",
        hosts: &["kenji-sato"],
        title: "Safe, lacquered, handmade: toys for European retail",
        titles: [
            "सुरक्षित, लाख से रंगे, हस्तनिर्मित खिलौने",
            "安全、漆面、手工：面向欧洲零售的玩具",
            "Seguros, lacados y hechos a mano: juguetes para Europa",
            "ألعاب آمنة ومطلية ومصنوعة يدوياً لأوروبا",
        ],
        description: "From ivory-wood log to EN71-tested toy, with live ordering of mixed cartons.",
    },
    DemoStream {
        booth: "Punjab Basmati Mills",
        start_min: 3 * DAY,
        minutes: 60,
        state: "scheduled",
        zone: "Asia/Kolkata",
        language: "es",
        hosts: &["carlos-ruiz"],
        title: "Basmati for Latin American importers",
        titles: [
            "लैटिन अमेरिकी आयातकों के लिए बासमती",
            "面向拉美进口商的巴斯马蒂米",
            "Basmati para importadores latinoamericanos",
            "أرز بسمتي لمستوردي أمريكا اللاتينية",
        ],
        description: "Ageing, grain length and cooking tests, with freight and documentation for ports from Veracruz to Santos.",
    },
    DemoStream {
        booth: "Andhra Pickle Kitchen",
        start_min: 4 * DAY + 4 * 60,
        minutes: 45,
        state: "scheduled",
        zone: "Asia/Kolkata",
        language: "en",
        hosts: &["meera-iyer"],
        title: "Pickles that travel: shelf life and labelling",
        titles: [
            "सफ़र करने वाले अचार: शेल्फ़ लाइफ़ और लेबलिंग",
            "能远行的泡菜：保质期与标签",
            "Encurtidos que viajan: vida útil y etiquetado",
            "مخللات تسافر: مدة الصلاحية والملصقات",
        ],
        description: "A chef and the kitchen's food technologist on oil, salt and export labels.",
    },
    DemoStream {
        booth: "Nilgiri Leaf Tea Estates",
        start_min: -DAY - 3 * 60,
        minutes: 60,
        state: "replay",
        zone: "Asia/Kolkata",
        language: "en",
        hosts: &["anjali-menon"],
        title: "First frost tea tasting",
        titles: [
            "पहली पाला चाय का स्वाद",
            "初霜茶品鉴",
            "Cata del té de la primera helada",
            "تذوق شاي الصقيع الأول",
        ],
        description: "Six winter-flush teas cupped side by side, with the estate's tea maker.",
    },
    DemoStream {
        booth: "Moradabad Brass Works",
        start_min: -2 * DAY - 60,
        minutes: 45,
        state: "replay",
        zone: "Asia/Kolkata",
        language: "en",
        hosts: &["kenji-sato"],
        title: "Behind the foundry: brass diyas for Diwali",
        titles: [
            "ढलाईखाने के भीतर: दिवाली के पीतल दीये",
            "走进铸造坊：排灯节黄铜油灯",
            "Dentro de la fundición: lámparas de latón para Diwali",
            "داخل المسبك: قناديل نحاسية لعيد ديوالي",
        ],
        description: "Sand casting, polishing and packing a Diwali order for Tokyo.",
    },
    DemoStream {
        booth: "Sanganer Block Print House",
        start_min: -3 * DAY - 2 * 60,
        minutes: 60,
        state: "replay",
        zone: "Asia/Kolkata",
        language: "en",
        hosts: &["priya-raghavan"],
        title: "Natural dyes, one block at a time",
        titles: [
            "प्राकृतिक रंग, एक-एक ब्लॉक",
            "天然染料，一版一印",
            "Tintes naturales, bloque a bloque",
            "أصباغ طبيعية، قالباً بعد قالب",
        ],
        description: "Indigo vats, pomegranate yellows and the printer's rhythm.",
    },
    DemoStream {
        booth: "Hyderabad Pearl Company",
        start_min: -5 * DAY,
        minutes: 45,
        state: "replay",
        zone: "Asia/Kolkata",
        language: "en",
        hosts: &["rohan-mehta"],
        title: "Pearl grading for jewellers",
        titles: [
            "जौहरियों के लिए मोती ग्रेडिंग",
            "面向珠宝商的珍珠分级",
            "Clasificación de perlas para joyeros",
            "تصنيف اللآلئ للصاغة",
        ],
        description: "Lustre, surface and roundness, graded live on the sorting table.",
    },
];

pub async fn insert(
    tx: &mut Transaction<'_, Any>,
    booths: &[SeededBooth],
    hosts: &[(&str, i64)],
    now: i64,
) -> Result<usize, sqlx::Error> {
    let base = now - now.rem_euclid(15 * 60);
    let mut count = 0;
    for stream in &STREAMS {
        let Some(booth) = booths.iter().find(|b| b.name == stream.booth) else {
            continue;
        };
        let slug = Slug::from_name(stream.title)
            .map_err(|e| sqlx::Error::Protocol(format!("stream slug: {e}")))?;
        let starts_at = if stream.state == "live" {
            now + stream.start_min * 60
        } else {
            base + stream.start_min * 60
        };
        let ends_at = starts_at + stream.minutes * 60;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO streams (slug, booth_id, title, description, language, starts_at, ends_at, time_zone, state, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(slug.as_str())
        .bind(booth.id)
        .bind(stream.title)
        .bind(stream.description)
        .bind(stream.language)
        .bind(starts_at)
        .bind(ends_at)
        .bind(stream.zone)
        .bind(stream.state)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        for (locale, title) in LOCALES.iter().zip(stream.titles.iter()) {
            let maker = booth.name;
            let description = match *locale {
                "hi" => format!("{maker} का लाइव सत्र: सवाल पूछिए और प्रसारण के दौरान नमूने ऑर्डर कीजिए।"),
                "zh" => format!("{maker}直播：现场提问，并在直播中订购样品。"),
                "es" => format!(
                    "Sesión en directo de {maker}: haga preguntas y pida muestras durante la emisión."
                ),
                _ => format!("جلسة مباشرة من {maker}: اطرح أسئلتك واطلب العينات أثناء البث."),
            };
            sqlx::query("INSERT INTO stream_translations (stream_id, locale, title, description) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(*locale)
                .bind(*title)
                .bind(description)
                .execute(&mut **tx)
                .await?;
        }
        for host in stream.hosts {
            if let Some((_, host_id)) = hosts.iter().find(|(slug, _)| slug == host) {
                sqlx::query("INSERT INTO stream_hosts (stream_id, host_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(*host_id)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        for (position, product_id) in booth.products.iter().take(3).enumerate() {
            sqlx::query(
                "INSERT INTO stream_products (stream_id, product_id, position) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(*product_id)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
        }
        count += 1;
    }
    Ok(count)
}
