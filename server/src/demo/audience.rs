//! The demo's simulated audience: buyers from nine markets chatting and asking real trade
//! questions in their own languages, upvoting each other, a floor assistant answering,
//! pinning the booth's products in turn and opening a flash deal every few minutes.
//!
//! Every account it uses is marked `users.demo = 1` (no password: nobody signs in as one),
//! every message it says is marked `demo` in the room, and it acts only through the room's
//! own commands — chat, ask, vote, answer, pin, deal — so it never writes an order, stock or
//! attribution. It runs only when the demo was asked for (`PAVILION_DEMO_LIVE`).

use crate::room::Hub;
use app::accounts::store::User;
use app::db::Db;
use app::live::model::{Command, Role};
use app::live::store::{self, Actor};
use app::state::{now, now_ms};
use std::time::Duration;

/// One simulated buyer: where from, what they say in the chat, what they ask.
struct Buyer {
    email: &'static str,
    name: &'static str,
    locale: &'static str,
    chat: [&'static str; 2],
    question: [&'static str; 2],
}

const BUYERS: [Buyer; 9] = [
    Buyer {
        email: "fatima.dubai",
        name: "Fatima · Dubai",
        locale: "ar",
        chat: [
            "تحياتي من دبي! الصورة واضحة جداً",
            "هل يمكن رؤية العبوة عن قرب؟",
        ],
        question: [
            "ما هو الحد الأدنى للطلب مع الشحن CIF إلى جبل علي؟",
            "هل لديكم شهادة حلال وشهادة المنشأ للإمارات؟",
        ],
    },
    Buyer {
        email: "chen.shanghai",
        name: "陈静 · 上海",
        locale: "zh",
        chat: ["上海的朋友们大家好，这批货看起来很不错", "包装看起来很结实"],
        question: [
            "请问有第三方检测报告吗？水分含量是多少？",
            "一个40尺集装箱能装多少？交货期多久？",
        ],
    },
    Buyer {
        email: "hans.hamburg",
        name: "Hans · Hamburg",
        locale: "de",
        chat: [
            "Sehr schöne Qualität, danke für die Nahaufnahme!",
            "Gibt es das auch in Bio-Qualität?",
        ],
        question: [
            "Können Sie CIF Hamburg anbieten, und wie lang ist die Lieferzeit für 500 kg?",
            "Welche Zahlungsbedingungen bieten Sie für Erstkunden an, Akkreditiv?",
        ],
    },
    Buyer {
        email: "yuki.osaka",
        name: "Yuki · 大阪",
        locale: "ja",
        chat: [
            "大阪から見ています。よく見えます！",
            "色がとてもきれいですね",
        ],
        question: [
            "残留農薬の検査証明書はありますか？日本向けの輸出実績は？",
            "サンプルを東京に送っていただけますか？送料はいくらですか？",
        ],
    },
    Buyer {
        email: "mariana.saopaulo",
        name: "Mariana · São Paulo",
        locale: "pt",
        chat: ["Olá do Brasil! Ótima apresentação.", "Que cor bonita!"],
        question: [
            "Vocês têm certificação orgânica válida para exportar ao Brasil?",
            "Qual é o prazo de entrega até o porto de Santos?",
        ],
    },
    Buyer {
        email: "olga.moscow",
        name: "Ольга · Москва",
        locale: "ru",
        chat: [
            "Привет из Москвы! Отличное качество.",
            "Можно показать поближе?",
        ],
        question: [
            "Какая упаковка для оптовых партий — мешки по 25 кг или коробки?",
            "Есть ли у вас сертификат происхождения и фитосанитарный сертификат?",
        ],
    },
    Buyer {
        email: "carlos.valencia",
        name: "Carlos · Valencia",
        locale: "es",
        chat: [
            "¡Qué buena pinta tiene! Saludos desde Valencia.",
            "Se ve muy fresco.",
        ],
        question: [
            "¿Cuál es el plazo de entrega por vía marítima hasta Valencia?",
            "¿Ofrecen precio por volumen a partir de 1.000 kg?",
        ],
    },
    Buyer {
        email: "claire.lyon",
        name: "Claire · Lyon",
        locale: "fr",
        chat: [
            "Bonjour de Lyon ! Très belle présentation.",
            "Magnifique couleur !",
        ],
        question: [
            "Pouvez-vous envoyer un échantillon avant une première commande ?",
            "Quels sont vos délais de livraison CIF Marseille ?",
        ],
    },
    Buyer {
        email: "emily.chicago",
        name: "Emily · Chicago",
        locale: "en",
        chat: [
            "Great close-up, thanks! Watching from Chicago.",
            "Love the packaging.",
        ],
        question: [
            "Do you ship FOB Kochi, and what are your payment terms for a first order?",
            "Can you do private label for a US retailer, and what is the MOQ?",
        ],
    },
];

/// The floor assistant who answers, pins and runs the deals for the demo.
const ASSISTANT: (&str, &str) = ("floor.assistant", "Pavilion floor assistant");

/// Where the demo's accounts live: a reserved domain nothing is ever sent to.
const DOMAIN: &str = "demo.pavilion.invalid";

/// Runs the audience until the task is dropped, one room action every `pace`.
pub async fn run(db: Db, hub: Hub, pace: Duration) {
    let mut tick = tokio::time::interval(pace);
    let mut step: u64 = 0;
    loop {
        tick.tick().await;
        match act_once(&db, &hub, step).await {
            Ok(()) => step += 1,
            Err(err) => tracing::debug!(error = %err, "the demo audience skipped a beat"),
        }
    }
}

/// The demo's account for `handle`, made once.
async fn account(db: &Db, handle: &str, name: &str, locale: &str) -> anyhow::Result<User> {
    let email = format!("{handle}@{DOMAIN}");
    let at = now().seconds();
    sqlx::query(
        "INSERT INTO users (email, display_name, password_hash, locale, created_at, email_verified_at, demo)
         VALUES ($1, $2, '', $3, $4, $4, 1) ON CONFLICT (email) DO NOTHING",
    )
    .bind(&email)
    .bind(name)
    .bind(locale)
    .bind(at)
    .execute(db)
    .await?;
    let user = app::accounts::store::user_by_email(db, &email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo account {email} is missing"))?;
    anyhow::ensure!(user.demo, "{email} exists but is not a demo account");
    Ok(user)
}

/// One beat of the demo: the audience acts in the pavilion's live stream, if one is live.
async fn act_once(db: &Db, hub: &Hub, step: u64) -> anyhow::Result<()> {
    let live: Option<String> = sqlx::query_scalar(
        "SELECT s.slug FROM streams s JOIN booths b ON b.id = s.booth_id
          WHERE s.state = 'live' AND b.status = 'published' ORDER BY s.live_at DESC, s.id LIMIT 1",
    )
    .fetch_optional(db)
    .await?;
    match live {
        Some(slug) => act_in(db, hub, &slug, step).await,
        None => Ok(()),
    }
}

/// What the audience does at `step` in the room of stream `slug` (any room: a rehearsal
/// room can be given one): mostly chat, a question every sixth beat and a vote between,
/// an answer every fifth, the next product pinned every fifteenth, a deal every sixtieth.
pub async fn act_in(db: &Db, hub: &Hub, slug: &str, step: u64) -> anyhow::Result<()> {
    let Some(stream) = store::room_stream(db, slug).await? else {
        return Ok(());
    };
    // Each kind of message goes round the buyers on its own count, so nobody repeats
    // themself until every buyer has had their turn with both lines.
    let said = |every: u64| {
        let n = step / every;
        let buyer = &BUYERS[(n % BUYERS.len() as u64) as usize];
        (buyer, ((n / BUYERS.len() as u64) % 2) as usize)
    };
    let (command, host, buyer) = match step % 60 {
        8 => (deal(db, stream.id).await?, true, None),
        s if s % 15 == 0 => (pin(db, stream.id, step / 15).await?, true, None),
        s if s % 5 == 4 => (answer(db, stream.id).await?, true, None),
        s if s % 6 == 1 => {
            let (buyer, line) = said(6);
            let text = buyer.question[line].to_owned();
            (Some(Command::Ask { text }), false, Some(buyer))
        }
        s if s % 6 == 3 => (vote(db, stream.id).await?, false, Some(said(3).0)),
        _ => {
            let (buyer, line) = said(2);
            let text = buyer.chat[line].to_owned();
            (Some(Command::Chat { text }), false, Some(buyer))
        }
    };
    let Some(command) = command else {
        return Ok(());
    };
    let (user, role) = match buyer {
        Some(buyer) if !host => (
            account(db, buyer.email, buyer.name, buyer.locale).await?,
            Role::Viewer,
        ),
        _ => (
            account(db, ASSISTANT.0, ASSISTANT.1, "en").await?,
            Role::Host,
        ),
    };
    // Through the room's store lane, as every room write goes (see `crate::room::lane`).
    let (store_db, stream_id) = (db.clone(), stream.id);
    let acted = crate::room::lane()
        .spawn(async move {
            let actor = Actor { user: &user, role };
            store::act(&store_db, stream_id, &actor, command, now_ms()).await
        })
        .await?;
    match acted {
        Ok(events) => hub.publish(stream.id, events).await,
        // A refusal (a vote already cast, a deal still running) is part of a busy room.
        Err(refused) => {
            tracing::debug!(code = store::refusal_code(&refused), "demo action refused")
        }
    }
    Ok(())
}

/// An upvote from the next buyer for the newest open question.
async fn vote(db: &Db, stream: i64) -> Result<Option<Command>, sqlx::Error> {
    let question: Option<i64> = sqlx::query_scalar(
        "SELECT event_id FROM room_questions WHERE stream_id = $1 AND hidden = 0 AND answered = 0
          ORDER BY event_id DESC LIMIT 1",
    )
    .bind(stream)
    .fetch_optional(db)
    .await?;
    Ok(question.map(|question| Command::Vote { question }))
}

/// The floor assistant answers the most voted open question.
async fn answer(db: &Db, stream: i64) -> Result<Option<Command>, sqlx::Error> {
    let question: Option<i64> = sqlx::query_scalar(
        "SELECT event_id FROM room_questions WHERE stream_id = $1 AND hidden = 0 AND answered = 0
          ORDER BY votes DESC, event_id LIMIT 1",
    )
    .bind(stream)
    .fetch_optional(db)
    .await?;
    Ok(question.map(|question| Command::Answer { question, on: true }))
}

/// The stream's products in turn (the booth's when the stream names none).
async fn products(db: &Db, stream: i64) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.price_minor, p.stock FROM stream_products sp JOIN products p ON p.id = sp.product_id
          WHERE sp.stream_id = $1 AND p.status = 'published' ORDER BY sp.position",
    )
    .bind(stream)
    .fetch_all(db)
    .await
}

async fn pin(db: &Db, stream: i64, turn: u64) -> Result<Option<Command>, sqlx::Error> {
    let products = products(db, stream).await?;
    if products.is_empty() {
        return Ok(None);
    }
    let (product, _, _) = products[(turn % products.len() as u64) as usize];
    Ok(Some(Command::Pin { product }))
}

/// A flash deal on a pinned product with stock: 15 % off, a few units, two per buyer.
async fn deal(db: &Db, stream: i64) -> Result<Option<Command>, sqlx::Error> {
    let pinned: Vec<i64> = sqlx::query_scalar(
        "SELECT product_id FROM room_pins WHERE stream_id = $1 ORDER BY pinned_at, product_id",
    )
    .bind(stream)
    .fetch_all(db)
    .await?;
    let offer = products(db, stream)
        .await?
        .into_iter()
        .find(|(id, price, stock)| pinned.contains(id) && *price > 100 && *stock > 0);
    Ok(offer.map(|(product, price, stock)| {
        let deal_minor = price * 85 / 100;
        Command::Deal {
            product,
            price: format!("{}.{:02}", deal_minor / 100, deal_minor % 100),
            quantity: stock.min(20),
            per_buyer: 2.min(stock.min(20)),
            countdown: 10,
            duration: 120,
        }
    }))
}
