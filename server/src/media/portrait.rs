//! Creator portraits drawn as SVG: a studio head-and-shoulders shot on the creator's colour,
//! with a ring light's catch and a lapel microphone. Skin tone, hair and clothing follow
//! from the name, so one URL always draws the same person.

use std::fmt::Write;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub name: String,
    pub colour: (u8, u8, u8),
}

impl Request {
    /// `li-wei-1f5c7a.svg` → name, colour; anything else is `None`.
    pub fn parse(file: &str) -> Option<Self> {
        let stem = file.strip_suffix(".svg")?;
        let (name, hex) = stem.rsplit_once('-')?;
        let name_ok = !name.is_empty()
            && name.len() <= 120
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !name_ok || hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Self {
            name: name.to_owned(),
            colour: (channel(0)?, channel(2)?, channel(4)?),
        })
    }
}

fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn mix((r, g, b): (u8, u8, u8), towards: (u8, u8, u8), t: f64) -> String {
    let f = |a: u8, z: u8| (f64::from(a) + (f64::from(z) - f64::from(a)) * t).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        f(r, towards.0),
        f(g, towards.1),
        f(b, towards.2)
    )
}

const SKIN: [(u8, u8, u8); 6] = [
    (0xf1, 0xc9, 0xa5),
    (0xe0, 0xac, 0x83),
    (0xc6, 0x8b, 0x5f),
    (0xa8, 0x6b, 0x45),
    (0x8a, 0x55, 0x34),
    (0x66, 0x3f, 0x27),
];
const HAIR: [&str; 5] = ["#1c1410", "#2e1f16", "#4a3222", "#6b4a2b", "#3a3a3a"];
const CLOTH: [(u8, u8, u8); 6] = [
    (0xf4, 0xef, 0xe6),
    (0x20, 0x30, 0x3f),
    (0x7d, 0x24, 0x35),
    (0x2c, 0x55, 0x45),
    (0xd9, 0xa4, 0x41),
    (0x3d, 0x35, 0x63),
];

pub fn draw(req: &Request) -> String {
    let h = hash(&req.name);
    let skin = SKIN[(h % 6) as usize];
    let hair = HAIR[((h >> 8) % 5) as usize];
    let cloth = CLOTH[((h >> 16) % 6) as usize];
    let long_hair = (h >> 24).is_multiple_of(2);
    let tilt = ((h >> 32) % 7) as i64 - 3;
    let c = req.colour;
    let mut s = String::with_capacity(4 * 1024);
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400">
<defs>
<radialGradient id="ground" cx=".35" cy=".3" r=".9"><stop offset="0" stop-color="{light}"/><stop offset=".7" stop-color="{mid}"/><stop offset="1" stop-color="{dark}"/></radialGradient>
<radialGradient id="skin" cx=".4" cy=".35" r=".7"><stop offset="0" stop-color="{skin_l}"/><stop offset="1" stop-color="{skin_d}"/></radialGradient>
<linearGradient id="cloth" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="{cloth_l}"/><stop offset="1" stop-color="{cloth_d}"/></linearGradient>
<radialGradient id="bokeh"><stop offset="0" stop-color="#fff" stop-opacity=".5"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>
</defs>
<rect width="400" height="400" fill="url(#ground)"/>
"##,
        light = mix(c, (255, 255, 255), 0.35),
        mid = mix(c, (255, 255, 255), 0.0),
        dark = mix(c, (0, 0, 0), 0.45),
        skin_l = mix(skin, (255, 255, 255), 0.18),
        skin_d = mix(skin, (0, 0, 0), 0.22),
        cloth_l = mix(cloth, (255, 255, 255), 0.12),
        cloth_d = mix(cloth, (0, 0, 0), 0.2),
    );
    // Out-of-focus studio lights behind.
    for i in 0..5_u64 {
        let v = h.rotate_left((i * 11) as u32);
        let _ = write!(
            s,
            r##"<circle cx="{}" cy="{}" r="{}" fill="url(#bokeh)" opacity=".55"/>"##,
            30 + v % 340,
            20 + (v >> 9) % 150,
            18 + (v >> 17) % 30
        );
    }
    let _ = write!(
        s,
        r##"<g transform="rotate({tilt} 200 260)">
<path d="M60 400 C70 320 120 292 200 292 C280 292 330 320 340 400z" fill="url(#cloth)"/>
<path d="M176 292 L200 330 L224 292z" fill="{neck}"/>
<rect x="178" y="236" width="44" height="64" rx="18" fill="{neck}"/>
"##,
        neck = mix(skin, (0, 0, 0), 0.15),
    );
    if long_hair {
        let _ = write!(
            s,
            r##"<path d="M128 170 C120 250 130 300 150 318 L250 318 C270 300 280 250 272 170z" fill="{hair}"/>"##
        );
    }
    let _ = write!(
        s,
        r##"<ellipse cx="200" cy="180" rx="62" ry="76" fill="url(#skin)"/>
<path d="M136 170 C134 110 170 92 200 92 C236 92 268 112 264 170 C252 140 228 124 200 126 C172 124 148 140 136 170z" fill="{hair}"/>
<ellipse cx="178" cy="182" rx="6" ry="4" fill="#2a1c14"/><ellipse cx="222" cy="182" rx="6" ry="4" fill="#2a1c14"/>
<circle cx="180" cy="180" r="1.6" fill="#fff"/><circle cx="224" cy="180" r="1.6" fill="#fff"/>
<path d="M186 220 Q200 230 214 220" stroke="{lip}" stroke-width="4" fill="none" stroke-linecap="round"/>
<path d="M200 190 Q196 204 202 206" stroke="{nose}" stroke-width="2" fill="none"/>
<circle cx="230" cy="330" r="6" fill="#111"/><path d="M230 336 L236 360" stroke="#111" stroke-width="2"/>
</g>
<ellipse cx="200" cy="60" rx="140" ry="16" fill="none" stroke="#fff" stroke-opacity=".18" stroke-width="6"/>
</svg>"##,
        lip = mix(skin, (120, 30, 40), 0.45),
        nose = mix(skin, (0, 0, 0), 0.3),
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_portrait_is_named_by_slug_and_colour() {
        let req = Request::parse("li-wei-1f5c7a.svg").unwrap_or_else(|| panic!("parsed"));
        assert_eq!(req.name, "li-wei");
        assert_eq!(req.colour, (0x1f, 0x5c, 0x7a));
        assert!(Request::parse("li-wei-1f5c7.svg").is_none());
        assert!(Request::parse("Li-wei-1f5c7a.svg").is_none());
        assert!(Request::parse("-1f5c7a.svg").is_none());
        assert!(Request::parse("li-wei-1f5c7a.png").is_none());
        let drawn = draw(&req);
        assert!(drawn.starts_with("<svg") && drawn.ends_with("</svg>"));
        assert_eq!(drawn, draw(&req), "the same picture every time");
    }
}
