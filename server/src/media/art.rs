//! Product "photographs" drawn as SVG: a studio backdrop, soft light and shadow, and the
//! product itself (a heap of spice, a jar, prawns on ice, folded silk, a ring on velvet …)
//! in the product's colour. Three views per product: studio, close-up, packed for export.

use std::fmt::Write;

pub const SCENES: [&str; 19] = [
    "heap", "jar", "tea", "shrimp", "fish", "crab", "fabric", "garment", "brass", "bottle", "toy",
    "vase", "bowl", "basket", "ring", "necklace", "can", "rice", "snack",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    pub scene: &'static str,
    pub colour: (u8, u8, u8),
    pub view: u8,
}

impl Request {
    /// `heap-2b1d14-1.svg` → scene, colour, view (1–3); anything else is `None`.
    pub fn parse(file: &str) -> Option<Self> {
        let stem = file.strip_suffix(".svg")?;
        let mut parts = stem.rsplitn(3, '-');
        let view: u8 = parts.next()?.parse().ok().filter(|v| (1..=3).contains(v))?;
        let hex = parts.next()?;
        let name = parts.next()?;
        let scene = SCENES.iter().copied().find(|s| *s == name)?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Self {
            scene,
            colour: (channel(0)?, channel(2)?, channel(4)?),
            view,
        })
    }
}

/// A small deterministic generator, so one URL always draws the same picture.
struct Rng(u64);

impl Rng {
    fn new(req: &Request) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in req
            .scene
            .bytes()
            .chain([req.colour.0, req.colour.1, req.colour.2, req.view])
        {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        Self(h | 1)
    }

    /// Uniform in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1_u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
}

/// `colour` scaled towards black (< 1) or white (> 1).
fn shade((r, g, b): (u8, u8, u8), factor: f64) -> String {
    let f = |c: u8| -> u8 {
        let c = f64::from(c);
        let v = if factor <= 1.0 {
            c * factor
        } else {
            c + (255.0 - c) * (factor - 1.0)
        };
        v.round().clamp(0.0, 255.0) as u8
    };
    format!("#{:02x}{:02x}{:02x}", f(r), f(g), f(b))
}

pub fn draw(req: &Request) -> String {
    let mut rng = Rng::new(req);
    let c = req.colour;
    let mut s = String::with_capacity(8 * 1024);
    let (bg_top, bg_bottom, floor) = match req.view {
        2 => ("#3b4046", "#1f2326", "#2a2e33"),
        3 => ("#efe2cc", "#d9c19b", "#c9a877"),
        _ => ("#fbf7f0", "#e9dfcf", "#ddd0bb"),
    };
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 600" width="800" height="600">
<defs>
<linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="{bg_top}"/><stop offset="1" stop-color="{bg_bottom}"/></linearGradient>
<linearGradient id="floor" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="{floor}"/><stop offset="1" stop-color="{bg_bottom}"/></linearGradient>
<linearGradient id="obj" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="{l}"/><stop offset=".45" stop-color="{m}"/><stop offset="1" stop-color="{d}"/></linearGradient>
<linearGradient id="objh" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="{d}"/><stop offset=".35" stop-color="{l}"/><stop offset=".6" stop-color="{m}"/><stop offset="1" stop-color="{dd}"/></linearGradient>
<linearGradient id="metal" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#7d7d7d"/><stop offset=".3" stop-color="#f2f2f2"/><stop offset=".55" stop-color="#b8b8b8"/><stop offset="1" stop-color="#5e5e5e"/></linearGradient>
<linearGradient id="gold" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fff3b0"/><stop offset=".4" stop-color="#d4a634"/><stop offset="1" stop-color="#7a5412"/></linearGradient>
<linearGradient id="ice" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#bcd9e6"/></linearGradient>
<linearGradient id="wood" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#5b3a21"/><stop offset=".4" stop-color="#9a6a40"/><stop offset="1" stop-color="#4a2e19"/></linearGradient>
<radialGradient id="shadow"><stop offset="0" stop-color="#000" stop-opacity=".35"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient>
<radialGradient id="light" cx=".25" cy=".1" r=".9"><stop offset="0" stop-color="#fff" stop-opacity=".35"/><stop offset=".6" stop-color="#fff" stop-opacity="0"/></radialGradient>
<radialGradient id="vignette" r=".75"><stop offset=".6" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity=".28"/></radialGradient>
<radialGradient id="bead" cx=".35" cy=".3"><stop offset="0" stop-color="#fff"/><stop offset=".35" stop-color="{l}"/><stop offset="1" stop-color="{d}"/></radialGradient>
</defs>
<rect width="800" height="600" fill="url(#bg)"/>
<path d="M0 410 Q400 380 800 410 V600 H0z" fill="url(#floor)"/>
"##,
        l = shade(c, 1.45),
        m = shade(c, 1.0),
        d = shade(c, 0.62),
        dd = shade(c, 0.45),
    );
    if req.view == 2 {
        for _ in 0..9 {
            let _ = write!(
                s,
                r##"<circle cx="{:.0}" cy="{:.0}" r="{:.0}" fill="#fff" opacity="{:.2}"/>"##,
                rng.range(0.0, 800.0),
                rng.range(0.0, 330.0),
                rng.range(18.0, 60.0),
                rng.range(0.04, 0.12)
            );
        }
    }
    if req.view == 3 {
        s.push_str(concat!(
            r##"<g><path d="M520 170 L740 150 L760 450 L540 470z" fill="#b98a55"/><path d="M520 170 L740 150 L720 130 L510 150z" fill="#cfa46e"/>"##,
            r##"<rect x="560" y="250" width="150" height="90" fill="#f4ead7" transform="rotate(-5 635 295)"/>"##,
            r##"<text x="635" y="285" font-family="Arial, sans-serif" font-size="15" font-weight="700" fill="#6b4a22" text-anchor="middle" transform="rotate(-5 635 295)">EXPORT QUALITY</text>"##,
            r##"<text x="635" y="310" font-family="Arial, sans-serif" font-size="13" fill="#6b4a22" text-anchor="middle" transform="rotate(-5 635 295)">PRODUCT OF INDIA</text>"##,
            r##"<path d="M540 330 L750 312" stroke="#8a6338" stroke-width="10" opacity=".6"/></g>"##
        ));
    }
    let transform = match req.view {
        2 => "translate(400 330) scale(1.45) translate(-400 -300)",
        3 => "translate(-90 30) scale(.92)",
        _ => "translate(400 440) scale(1.15) translate(-400 -440)",
    };
    let _ = write!(
        s,
        r##"<ellipse cx="400" cy="468" rx="240" ry="30" fill="url(#shadow)"/><g transform="{transform}">"##
    );
    object(&mut s, req, &mut rng);
    s.push_str(r##"</g><rect width="800" height="600" fill="url(#light)"/><rect width="800" height="600" fill="url(#vignette)"/></svg>"##);
    s
}

fn object(s: &mut String, req: &Request, rng: &mut Rng) {
    let c = req.colour;
    match req.scene {
        "heap" => {
            s.push_str(r##"<path d="M205 360 Q215 475 400 475 Q585 475 595 360z" fill="url(#wood)"/><ellipse cx="400" cy="360" rx="195" ry="42" fill="#6e4528"/>"##);
            s.push_str(
                r##"<path d="M230 362 Q400 150 570 362 Q400 395 230 362z" fill="url(#obj)"/>"##,
            );
            for _ in 0..170 {
                let x = rng.range(245.0, 555.0);
                let k = (x - 400.0) / 160.0;
                // The heap's outline peaks at y = 256 (the quadratic's control point is 150).
                let top = 362.0 - 100.0 * (1.0 - k * k).max(0.0);
                let y = rng.range(top + 6.0, 372.0);
                let _ = write!(
                    s,
                    r##"<ellipse cx="{x:.0}" cy="{y:.0}" rx="{:.1}" ry="{:.1}" fill="{}"/>"##,
                    rng.range(4.0, 8.0),
                    rng.range(3.5, 7.0),
                    shade(c, rng.range(0.6, 1.4))
                );
            }
            s.push_str(r##"<path d="M205 360 Q400 420 595 360" fill="none" stroke="#b07c4f" stroke-width="6"/>"##);
        }
        "jar" => {
            s.push_str(
                r##"<rect x="300" y="205" width="200" height="262" rx="34" fill="url(#obj)"/>"##,
            );
            for _ in 0..90 {
                let _ = write!(
                    s,
                    r##"<circle cx="{:.0}" cy="{:.0}" r="{:.1}" fill="{}" opacity=".7"/>"##,
                    rng.range(312.0, 488.0),
                    rng.range(220.0, 455.0),
                    rng.range(2.0, 4.5),
                    shade(c, rng.range(0.5, 1.5))
                );
            }
            s.push_str(r##"<rect x="300" y="205" width="200" height="262" rx="34" fill="#fff" opacity=".12"/><rect x="318" y="222" width="22" height="225" rx="11" fill="#fff" opacity=".35"/>"##);
            s.push_str(r##"<rect x="290" y="168" width="220" height="46" rx="10" fill="url(#gold)"/><path d="M296 180h208M296 192h208M296 204h208" stroke="#7a5412" stroke-opacity=".35" stroke-width="2"/>"##);
            let _ = write!(
                s,
                r##"<rect x="300" y="292" width="200" height="96" fill="#f7f1e3"/><rect x="300" y="292" width="200" height="18" fill="{}"/><rect x="325" y="326" width="150" height="10" rx="5" fill="#5b4636" opacity=".7"/><rect x="345" y="346" width="110" height="7" rx="3.5" fill="#5b4636" opacity=".45"/><rect x="355" y="362" width="90" height="7" rx="3.5" fill="#5b4636" opacity=".45"/>"##,
                shade(c, 0.7)
            );
        }
        "tea" => {
            let _ = write!(
                s,
                r##"<rect x="240" y="190" width="180" height="270" rx="12" fill="url(#objh)"/><ellipse cx="330" cy="190" rx="90" ry="18" fill="{}"/><ellipse cx="330" cy="186" rx="90" ry="18" fill="url(#metal)"/>"##,
                shade(c, 0.5)
            );
            s.push_str(r##"<rect x="240" y="280" width="180" height="90" fill="#f6efe0" opacity=".92"/><circle cx="330" cy="325" r="30" fill="none" stroke="#a0772e" stroke-width="4"/><path d="M330 300c10 12 10 24 0 50-10-26-10-38 0-50z" fill="#6b8e23"/>"##);
            s.push_str(r##"<ellipse cx="540" cy="455" rx="110" ry="20" fill="#f3ede4" stroke="#d6cbb8" stroke-width="3"/><path d="M465 380 Q470 455 540 455 Q610 455 615 380z" fill="#fbf8f3" stroke="#d6cbb8" stroke-width="3"/><path d="M612 395 q40 5 20 40 q-10 10 -25 8" fill="none" stroke="#fbf8f3" stroke-width="10"/>"##);
            s.push_str(r##"<ellipse cx="540" cy="382" rx="75" ry="14" fill="#a0521d"/><ellipse cx="520" cy="380" rx="30" ry="5" fill="#d28a45" opacity=".6"/><path d="M515 360 q-12 -25 5 -45 M545 355 q-12 -25 5 -45" fill="none" stroke="#fff" stroke-width="4" opacity=".6"/>"##);
            for _ in 0..14 {
                let _ = write!(
                    s,
                    r##"<ellipse cx="{:.0}" cy="{:.0}" rx="9" ry="3.5" fill="{}" transform="rotate({:.0} 0 0)" opacity=".9"/>"##,
                    rng.range(200.0, 300.0),
                    rng.range(470.0, 490.0),
                    shade(c, rng.range(0.6, 1.1)),
                    rng.range(-4.0, 4.0)
                );
            }
        }
        "shrimp" | "fish" | "crab" => {
            s.push_str(r##"<path d="M180 420 Q190 330 300 320 Q400 300 500 320 Q610 330 620 420 Q400 470 180 420z" fill="url(#ice)"/>"##);
            for _ in 0..40 {
                let (x, y) = (rng.range(200.0, 600.0), rng.range(335.0, 430.0));
                let _ = write!(
                    s,
                    r##"<path d="M{x:.0} {y:.0} l{:.0} {:.0} l{:.0} {:.0}z" fill="#fff" opacity=".7"/>"##,
                    rng.range(-14.0, 14.0),
                    rng.range(-12.0, 0.0),
                    rng.range(-14.0, 14.0),
                    rng.range(2.0, 12.0)
                );
            }
            match req.scene {
                "shrimp" => {
                    // Curled prawns: a tapering crescent body, shell bands, a fanned tail.
                    for i in 0..5 {
                        let (x, y) = (255.0 + f64::from(i) * 72.0, 352.0 + f64::from(i % 2) * 34.0);
                        let _ = write!(
                            s,
                            r##"<g transform="translate({x:.0} {y:.0}) rotate({:.0})"><path d="M-46 -6 C-44 -46 10 -58 40 -26 C56 -8 50 22 30 34 L22 22 C34 12 36 -6 24 -18 C4 -38 -28 -28 -30 -4 z" fill="url(#obj)" stroke="{}" stroke-width="1.5"/><path d="M-20 -36 q6 10 2 20 M0 -42 q8 10 4 22 M20 -36 q6 10 -2 20 M34 -18 q-2 12 -12 14" fill="none" stroke="{}" stroke-width="2.5" opacity=".7"/><path d="M22 22 L14 46 L30 40 L40 48 L36 28z" fill="{}"/><path d="M-46 -6 q-14 -8 -20 -24 M-44 -2 q-18 -2 -30 -14" fill="none" stroke="{}" stroke-width="1.5"/><circle cx="-36" cy="-14" r="3" fill="#222"/></g>"##,
                            rng.range(-25.0, 25.0),
                            shade(c, 0.55),
                            shade(c, 0.6),
                            shade(c, 0.7),
                            shade(c, 0.5)
                        );
                    }
                }
                "fish" => {
                    for i in 0..3 {
                        let y = 335.0 + f64::from(i) * 38.0;
                        let x = 400.0 + rng.range(-30.0, 30.0);
                        let _ = write!(
                            s,
                            r##"<g transform="translate({x:.0} {y:.0})"><path d="M-170 0 Q-60 -55 110 -8 L170 -40 L160 0 L170 40 L110 8 Q-60 55 -170 0z" fill="url(#obj)" stroke="{}" stroke-width="2"/><path d="M-150 2 Q0 -8 110 0" stroke="#fff" stroke-opacity=".5" stroke-width="3" fill="none"/><circle cx="-138" cy="-6" r="7" fill="#fff"/><circle cx="-138" cy="-6" r="4" fill="#222"/><path d="M-20 -30 q20 -25 50 -18 l-10 14z" fill="{}"/></g>"##,
                            shade(c, 0.5),
                            shade(c, 0.7)
                        );
                    }
                }
                _ => {
                    let _ = write!(
                        s,
                        r##"<g fill="none" stroke="{}" stroke-width="12" stroke-linecap="round">"##,
                        shade(c, 0.8)
                    );
                    for i in 0..4 {
                        let dy = f64::from(i) * 18.0;
                        let _ = write!(
                            s,
                            r##"<path d="M330 {a:.0} q-60 10 -90 50"/><path d="M470 {a:.0} q60 10 90 50"/>"##,
                            a = 350.0 + dy
                        );
                    }
                    s.push_str(r##"</g><path d="M360 320 q-60 -70 -120 -40 q40 0 60 30z M440 320 q60 -70 120 -40 q-40 0 -60 30z" fill="url(#obj)"/><ellipse cx="400" cy="375" rx="105" ry="70" fill="url(#obj)"/><circle cx="380" cy="322" r="6" fill="#222"/><circle cx="420" cy="322" r="6" fill="#222"/>"##);
                }
            }
        }
        "fabric" => {
            for i in 0..4 {
                let y = 440.0 - f64::from(i) * 52.0;
                let tone = [0.75, 1.0, 0.85, 1.1][i as usize % 4];
                let _ = write!(
                    s,
                    r##"<rect x="{:.0}" y="{y:.0}" width="{:.0}" height="48" rx="14" fill="{}"/><rect x="{:.0}" y="{:.0}" width="{:.0}" height="7" fill="url(#gold)"/>"##,
                    230.0 + f64::from(i) * 6.0,
                    340.0 - f64::from(i) * 12.0,
                    shade(c, tone),
                    236.0 + f64::from(i) * 6.0,
                    y + 34.0,
                    328.0 - f64::from(i) * 12.0
                );
            }
            for _ in 0..24 {
                let _ = write!(
                    s,
                    r##"<circle cx="{:.0}" cy="{:.0}" r="4" fill="#e8c25a" opacity=".85"/>"##,
                    rng.range(260.0, 540.0),
                    rng.range(292.0, 320.0)
                );
            }
            s.push_str(r##"<path d="M250 285 Q400 270 550 285" stroke="#fff" stroke-opacity=".35" stroke-width="5" fill="none"/>"##);
        }
        "garment" => {
            s.push_str(r##"<path d="M330 180 L260 205 L200 275 L250 310 L285 280 L285 460 L515 460 L515 280 L550 310 L600 275 L540 205 L470 180 Q400 225 330 180z" fill="url(#obj)"/>"##);
            let _ = write!(
                s,
                r##"<path d="M330 180 Q400 225 470 180" fill="none" stroke="{}" stroke-width="9"/><path d="M285 280 L285 460 M515 280 L515 460" stroke="{}" stroke-width="2" stroke-dasharray="6 5"/><rect x="380" y="240" width="40" height="16" rx="3" fill="#fff" opacity=".8"/>"##,
                shade(c, 0.6),
                shade(c, 0.55)
            );
            s.push_str(r##"<path d="M300 300 q100 30 200 0" stroke="#000" stroke-opacity=".08" stroke-width="18" fill="none"/>"##);
        }
        "brass" => {
            s.push_str(r##"<path d="M360 190 h80 v18 q-8 4 -8 14 q70 30 78 110 q4 70 -60 110 h-100 q-64 -40 -60 -110 q8 -80 78 -110 q0 -10 -8 -14z" fill="url(#gold)"/>"##);
            let _ = write!(
                s,
                r##"<path d="M340 230 q60 12 120 0" fill="none" stroke="{}" stroke-width="3"/><path d="M322 330 h156" stroke="#7a5412" stroke-width="4" stroke-dasharray="3 6"/><ellipse cx="360" cy="300" rx="14" ry="50" fill="#fff" opacity=".35"/><ellipse cx="400" cy="190" rx="40" ry="8" fill="{}"/>"##,
                shade(c, 0.6),
                shade(c, 0.4)
            );
        }
        "bottle" => {
            s.push_str(r##"<rect x="340" y="200" width="120" height="265" rx="40" fill="url(#objh)"/><rect x="362" y="160" width="76" height="48" rx="10" fill="url(#objh)"/>"##);
            for _ in 0..60 {
                let _ = write!(
                    s,
                    r##"<ellipse cx="{:.0}" cy="{:.0}" rx="6" ry="4" fill="#fff" opacity="{:.2}"/>"##,
                    rng.range(350.0, 450.0),
                    rng.range(215.0, 450.0),
                    rng.range(0.08, 0.25)
                );
            }
        }
        "toy" => {
            s.push_str(r##"<ellipse cx="400" cy="455" rx="130" ry="26" fill="url(#wood)"/><rect x="390" y="200" width="20" height="250" rx="10" fill="#e8d3ad"/>"##);
            let palette = [
                shade(c, 1.0),
                "#fbc02d".into(),
                "#43a047".into(),
                "#1e88e5".into(),
                "#8e24aa".into(),
            ];
            for (i, colour) in palette.iter().enumerate() {
                let w = 120.0 - i as f64 * 18.0;
                let y = 425.0 - i as f64 * 42.0;
                let _ = write!(
                    s,
                    r##"<ellipse cx="400" cy="{y:.0}" rx="{w:.0}" ry="26" fill="{colour}"/><ellipse cx="{:.0}" cy="{:.0}" rx="{:.0}" ry="6" fill="#fff" opacity=".4"/>"##,
                    400.0 - w * 0.35,
                    y - 10.0,
                    w * 0.35
                );
            }
            s.push_str(r##"<circle cx="400" cy="205" r="24" fill="#e53935"/><circle cx="392" cy="197" r="7" fill="#fff" opacity=".5"/>"##);
        }
        "vase" => {
            s.push_str(r##"<path d="M365 160 h70 q-10 30 10 60 q75 70 55 160 q-15 70 -100 85 q-85 -15 -100 -85 q-20 -90 55 -160 q20 -30 10 -60z" fill="url(#objh)"/>"##);
            for i in 0..6 {
                let a = f64::from(i) * std::f64::consts::PI / 3.0;
                let _ = write!(
                    s,
                    r##"<ellipse cx="{:.0}" cy="{:.0}" rx="12" ry="26" fill="#fff" opacity=".85" transform="rotate({:.0} {:.0} {:.0})"/>"##,
                    400.0 + 30.0 * a.cos(),
                    340.0 + 30.0 * a.sin(),
                    a.to_degrees() + 90.0,
                    400.0 + 30.0 * a.cos(),
                    340.0 + 30.0 * a.sin()
                );
            }
            s.push_str(r##"<circle cx="400" cy="340" r="12" fill="#f9c74f"/><ellipse cx="345" cy="320" rx="10" ry="60" fill="#fff" opacity=".3"/>"##);
        }
        "bowl" => {
            s.push_str(r##"<path d="M230 360 Q240 460 380 465 Q520 460 530 360z" fill="url(#objh)"/><ellipse cx="380" cy="360" rx="150" ry="30" fill="#f5efe6"/><path d="M270 330 Q280 400 380 405 Q480 400 490 330z" fill="url(#objh)"/><ellipse cx="380" cy="330" rx="110" ry="22" fill="#f8f3ec"/>"##);
            s.push_str(r##"<path d="M520 300 h110 v150 q0 20 -20 20 h-70 q-20 0 -20 -20z" fill="url(#objh)"/><path d="M630 330 q45 0 40 45 q-5 35 -40 35" fill="none" stroke="#8a8a8a" stroke-width="14" opacity=".5"/><ellipse cx="575" cy="300" rx="55" ry="10" fill="#3e2723"/>"##);
            for _ in 0..50 {
                let _ = write!(
                    s,
                    r##"<circle cx="{:.0}" cy="{:.0}" r="1.8" fill="#000" opacity=".25"/>"##,
                    rng.range(250.0, 620.0),
                    rng.range(340.0, 455.0)
                );
            }
        }
        "basket" => {
            let _ = write!(
                s,
                r##"<path d="M250 250 h300 l-35 210 h-230z" fill="{}"/>"##,
                shade(c, 0.95)
            );
            for i in 0..9 {
                let y = 265.0 + f64::from(i) * 22.0;
                let _ = write!(
                    s,
                    r##"<path d="M{:.0} {y:.0} h{:.0}" stroke="{}" stroke-width="9" stroke-dasharray="18 8" stroke-dashoffset="{}"/>"##,
                    253.0 + f64::from(i) * 4.0,
                    294.0 - f64::from(i) * 8.0,
                    shade(c, 0.65),
                    (i % 2) * 13
                );
            }
            let _ = write!(
                s,
                r##"<ellipse cx="400" cy="250" rx="152" ry="26" fill="{}" stroke="{}" stroke-width="8"/><path d="M330 250 q70 -120 140 0" fill="none" stroke="{}" stroke-width="12"/>"##,
                shade(c, 0.5),
                shade(c, 0.75),
                shade(c, 0.8)
            );
        }
        "ring" => {
            s.push_str(r##"<rect x="230" y="330" width="340" height="130" rx="50" fill="#4a1029"/><rect x="230" y="330" width="340" height="60" rx="30" fill="#6d1b3b"/>"##);
            s.push_str(r##"<ellipse cx="400" cy="325" rx="95" ry="70" fill="none" stroke="url(#gold)" stroke-width="16"/>"##);
            let _ = write!(
                s,
                r##"<path d="M360 250 l40 -45 l40 45 l-40 30z" fill="url(#obj)" stroke="{}" stroke-width="2"/><path d="M360 250 h80 M400 205 v75 M380 228 l20 22 l20 -22" stroke="#fff" stroke-opacity=".55" stroke-width="2" fill="none"/>"##,
                shade(c, 0.5)
            );
            for _ in 0..4 {
                let (x, y) = (rng.range(300.0, 500.0), rng.range(170.0, 260.0));
                let _ = write!(
                    s,
                    r##"<path d="M{x:.0} {:.0} l4 10 l10 4 l-10 4 l-4 10 l-4 -10 l-10 -4 l10 -4z" fill="#fff" opacity=".9"/>"##,
                    y - 14.0
                );
            }
        }
        "necklace" => {
            s.push_str(r##"<path d="M220 180 Q400 120 580 180 L600 470 H200z" fill="#1c2a3a" opacity=".85"/>"##);
            for i in 0..34 {
                let t = f64::from(i) / 33.0 * std::f64::consts::PI;
                let (x, y) = (400.0 - 160.0 * t.cos(), 200.0 + 200.0 * t.sin());
                let _ = write!(
                    s,
                    r##"<circle cx="{x:.0}" cy="{y:.0}" r="{:.1}" fill="url(#bead)"/>"##,
                    12.5 + 3.0 * t.sin()
                );
            }
            s.push_str(r##"<circle cx="400" cy="418" r="22" fill="url(#gold)"/>"##);
        }
        "can" => {
            s.push_str(r##"<rect x="250" y="200" width="190" height="260" rx="10" fill="url(#metal)"/><rect x="250" y="245" width="190" height="170" fill="url(#objh)"/><ellipse cx="345" cy="200" rx="95" ry="16" fill="#d8d8d8" stroke="#9e9e9e" stroke-width="3"/>"##);
            s.push_str(r##"<ellipse cx="345" cy="330" rx="55" ry="42" fill="#fff" opacity=".85"/><ellipse cx="345" cy="332" rx="34" ry="26" fill="#f9a825"/><path d="M345 306 q10 -20 28 -16 q-10 12 -28 16z" fill="#2e7d32"/>"##);
            s.push_str(r##"<ellipse cx="540" cy="420" rx="80" ry="60" fill="#f9a825"/><ellipse cx="520" cy="400" rx="40" ry="26" fill="#ffd54f" opacity=".7"/><path d="M560 362 q30 -30 60 -20 q-20 25 -60 20z" fill="#388e3c"/><ellipse cx="585" cy="440" rx="24" ry="18" fill="#ef6c00" opacity=".55"/>"##);
        }
        "rice" => {
            s.push_str(r##"<path d="M270 220 Q250 330 265 460 H475 Q490 330 470 220 Q420 200 370 215 Q320 200 270 220z" fill="#d9c49a"/><path d="M270 220 Q370 250 470 220 Q420 175 370 190 Q320 175 270 220z" fill="#c4a874"/><path d="M330 205 q40 -40 80 0" stroke="#8d6e63" stroke-width="8" fill="none"/>"##);
            s.push_str(r##"<path d="M285 300 h170 M285 340 h170 M285 380 h170" stroke="#b39264" stroke-width="3" stroke-dasharray="4 4"/><rect x="310" y="300" width="120" height="60" fill="#f3ead7"/><rect x="325" y="318" width="90" height="8" fill="#6d4c41"/><rect x="335" y="334" width="70" height="6" fill="#6d4c41" opacity=".6"/>"##);
            s.push_str(r##"<path d="M470 420 Q480 470 560 470 Q640 470 650 420z" fill="url(#wood)"/><ellipse cx="560" cy="420" rx="90" ry="18" fill="#6e4528"/>"##);
            for _ in 0..110 {
                let (x, y) = (rng.range(480.0, 640.0), rng.range(395.0, 425.0));
                let _ = write!(
                    s,
                    r##"<ellipse cx="{x:.0}" cy="{y:.0}" rx="6" ry="2.2" fill="{}" transform="rotate({:.0} {x:.0} {y:.0})"/>"##,
                    shade(c, rng.range(0.92, 1.08)),
                    rng.range(-60.0, 60.0)
                );
            }
        }
        _ => {
            let _ = write!(
                s,
                r##"<path d="M300 175 h200 l10 20 q18 130 0 265 h-220 q-18 -135 0 -265z" fill="{}"/><rect x="300" y="175" width="200" height="16" fill="{}"/>"##,
                shade(c, 0.6),
                shade(c, 0.4)
            );
            s.push_str(r##"<rect x="335" y="255" width="130" height="120" rx="60" fill="#fff" opacity=".9"/>"##);
            for _ in 0..24 {
                let _ = write!(
                    s,
                    r##"<path d="M{:.0} {:.0} q6 -8 12 0 q-6 8 -12 0z" fill="url(#obj)"/>"##,
                    rng.range(345.0, 445.0),
                    rng.range(270.0, 360.0)
                );
            }
            for _ in 0..14 {
                let _ = write!(
                    s,
                    r##"<path d="M{:.0} {:.0} q8 -10 16 0 q-8 10 -16 0z" fill="url(#obj)"/>"##,
                    rng.range(240.0, 580.0),
                    rng.range(455.0, 480.0)
                );
            }
            s.push_str(r##"<rect x="330" y="395" width="140" height="12" rx="6" fill="#fff" opacity=".85"/>"##);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_art_names() {
        assert_eq!(
            Request::parse("heap-2b1d14-1.svg"),
            Some(Request {
                scene: "heap",
                colour: (0x2b, 0x1d, 0x14),
                view: 1
            })
        );
        for bad in [
            "heap-2b1d14-4.svg",
            "heap-zz1d14-1.svg",
            "moon-2b1d14-1.svg",
            "heap-2b1d14-1.png",
            "heap-2b1d1-1.svg",
            "-2b1d14-1.svg",
        ] {
            assert_eq!(Request::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_scene_draws_well_formed_svg_deterministically() {
        for scene in SCENES {
            for view in 1..=3 {
                let req = Request {
                    scene,
                    colour: (0x8e, 0x15, 0x38),
                    view,
                };
                let a = draw(&req);
                assert_eq!(a, draw(&req));
                assert!(a.starts_with("<svg") && a.ends_with("</svg>"));
                assert_eq!(
                    a.matches("<g").count(),
                    a.matches("</g>").count(),
                    "{scene} {view}"
                );
                assert!(!a.contains("NaN"));
            }
        }
    }

    #[test]
    fn shading_moves_towards_black_and_white() {
        assert_eq!(shade((100, 100, 100), 0.5), "#323232");
        assert_eq!(shade((100, 100, 100), 2.0), "#ffffff");
        assert_eq!(shade((100, 100, 100), 1.0), "#646464");
    }
}
