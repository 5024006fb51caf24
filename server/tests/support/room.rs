//! A live-room client for the tests: a real WebSocket from its own loopback address, folding
//! the room's frames as a browser does.

use super::TestApp;
use app::live::model::{Command, Control, Event, Incoming, Role, RoomState};
use futures_util::{SinkExt, StreamExt};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// One viewer's socket on a stream's room, and the room as that viewer folded it.
pub struct Viewer {
    pub socket: Socket,
    pub state: RoomState,
    pub role: Role,
    pub viewers: i64,
    pub refused: Vec<String>,
    pub events: Vec<Event>,
    db: app::db::Db,
    slug: String,
}

/// Opens the room of stream `slug`, signed in with `session`, resuming after `after`.
pub async fn open_on(
    app: &TestApp,
    slug: &str,
    session: Option<&str>,
    after: Option<i64>,
) -> Viewer {
    let url = format!(
        "{}/api/streams/{slug}/live{}",
        app.base.replace("http://", "ws://"),
        after.map(|a| format!("?after={a}")).unwrap_or_default()
    );
    let mut request = url.into_client_request().expect("request");
    if let Some(token) = session {
        request.headers_mut().insert(
            "cookie",
            format!("pavilion_session={token}").parse().expect("cookie"),
        );
    }
    // Each viewer from its own loopback address, as viewers are on their own machines (a
    // node holds a bounded number of sockets per address).
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let from =
        std::net::SocketAddr::from(([127, 2, (n / 250 % 250) as u8, (n % 250 + 2) as u8], 0));
    let to: std::net::SocketAddr = app
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("address");
    let tcp = tokio::net::TcpSocket::new_v4().expect("socket");
    tcp.bind(from).expect("bind");
    let tcp = tcp.connect(to).await.expect("connect");
    let (socket, _) =
        tokio_tungstenite::client_async(request, tokio_tungstenite::MaybeTlsStream::Plain(tcp))
            .await
            .expect("websocket opens");
    let mut viewer = Viewer {
        socket,
        state: RoomState::default(),
        role: Role::Guest,
        viewers: 0,
        refused: Vec::new(),
        events: Vec::new(),
        db: app.db().clone(),
        slug: slug.to_owned(),
    };
    // A returning viewer already holds the room up to `after`.
    viewer.state.last = after.unwrap_or(0);
    // Hello, then a snapshot or the missed events, then the viewer count.
    viewer.until(|v| v.viewers > 0).await;
    viewer
}

impl Viewer {
    /// Reads one frame (5 s at most) and folds it in.
    pub async fn read(&mut self) -> Option<Incoming> {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(5), self.socket.next())
                .await
                .ok()??
                .ok()?;
            let Message::Text(text) = message else {
                continue;
            };
            let incoming: Incoming = serde_json::from_str(text.as_str()).expect("a frame");
            match &incoming {
                Incoming::Event(event) => {
                    // Every event arrives once, in order.
                    assert_eq!(
                        event.id,
                        self.state.last + 1,
                        "no gap, no duplicate: {event:?}"
                    );
                    self.state.apply(event);
                    self.events.push(event.clone());
                }
                Incoming::Control(Control::Hello { role, .. }) => self.role = *role,
                Incoming::Control(Control::Snapshot { state }) => self.state = (**state).clone(),
                Incoming::Control(Control::Viewers { n }) => self.viewers = *n,
                Incoming::Control(Control::Refused { code }) => self.refused.push(code.clone()),
            }
            return Some(incoming);
        }
    }

    pub async fn until(&mut self, done: impl Fn(&Viewer) -> bool) {
        while !done(self) {
            if self.read().await.is_none() {
                panic!("the room went quiet before the expected frame");
            }
        }
    }

    pub async fn send(&mut self, command: Command) {
        let text = serde_json::to_string(&command).expect("json");
        self.socket.send(Message::text(text)).await.expect("sent");
    }

    /// Catches up with the room, sends, and waits for the event it causes or its refusal
    /// (the tests act one at a time, so the next event is this one's).
    pub async fn act(&mut self, command: Command) -> Result<Event, String> {
        let latest: Option<i64> = sqlx::query_scalar(
            "SELECT r.last_id FROM rooms r JOIN streams s ON s.id = r.stream_id WHERE s.slug = $1",
        )
        .bind(&self.slug)
        .fetch_optional(&self.db)
        .await
        .expect("last id");
        let latest = latest.unwrap_or(0);
        self.until(|v| v.state.last >= latest).await;
        let (last, refused) = (self.state.last, self.refused.len());
        self.send(command).await;
        loop {
            self.read().await.expect("an answer");
            if self.refused.len() > refused {
                return Err(self.refused.last().cloned().unwrap_or_default());
            }
            if let Some(event) = self.events.iter().find(|e| e.id > last) {
                return Ok(event.clone());
            }
        }
    }
}

/// What a control room's socket brings: a pulse, or its end (the close code, if any).
pub enum Heard {
    Pulse(Box<app::insights::pulse::Pulse>),
    Closed(Option<u16>),
}

/// A control room's socket, read all the time by a task of its own (so its pings are
/// answered while the test does other things), its frames kept for the test.
pub struct ControlRoom {
    pub heard: tokio::sync::mpsc::UnboundedReceiver<Heard>,
}

/// Opens a control room's socket (`?pulse=1`) on stream `slug`, or answers the status it
/// was refused with.
pub async fn open_control(
    app: &TestApp,
    slug: &str,
    session: Option<&str>,
) -> Result<ControlRoom, u16> {
    let url = format!(
        "{}/api/streams/{slug}/live?pulse=1",
        app.base.replace("http://", "ws://")
    );
    let mut request = url.into_client_request().expect("request");
    if let Some(token) = session {
        request.headers_mut().insert(
            "cookie",
            format!("pavilion_session={token}").parse().expect("cookie"),
        );
    }
    let mut socket = match tokio_tungstenite::connect_async(request).await {
        Ok((socket, _)) => socket,
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            return Err(response.status().as_u16());
        }
        Err(err) => panic!("the control room's socket: {err}"),
    };
    let (tx, heard) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        use app::insights::pulse::Frame;
        loop {
            let heard = match socket.next().await {
                Some(Ok(Message::Text(text))) => {
                    let Frame::Pulse { pulse } =
                        serde_json::from_str(text.as_str()).expect("a pulse");
                    Heard::Pulse(pulse)
                }
                Some(Ok(Message::Close(frame))) => Heard::Closed(frame.map(|f| u16::from(f.code))),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => Heard::Closed(None),
            };
            let last = matches!(heard, Heard::Closed(_));
            if tx.send(heard).is_err() || last {
                return;
            }
        }
    });
    Ok(ControlRoom { heard })
}

impl ControlRoom {
    /// The pulses until one satisfies `want` (15 s at most).
    pub async fn until(
        &mut self,
        want: impl Fn(&app::insights::pulse::Pulse) -> bool,
    ) -> app::insights::pulse::Pulse {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        let mut last = None;
        while let Ok(Some(heard)) = tokio::time::timeout_at(deadline, self.heard.recv()).await {
            match heard {
                Heard::Pulse(pulse) if want(&pulse) => return *pulse,
                Heard::Pulse(pulse) => last = Some(pulse),
                Heard::Closed(code) => {
                    panic!("the control room closed ({code:?}); the last pulse: {last:#?}")
                }
            }
        }
        panic!("no pulse as expected; the last: {last:#?}");
    }

    /// Waits for the socket's end (20 s at most) and answers its close code.
    pub async fn closed(&mut self) -> Option<u16> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while let Ok(Some(heard)) = tokio::time::timeout_at(deadline, self.heard.recv()).await {
            if let Heard::Closed(code) = heard {
                return code;
            }
        }
        panic!("the control room stayed open");
    }
}
