//! Hall motifs, drawn in white over the hall colour.

pub fn draw(name: &str) -> Option<String> {
    let shapes = match name {
        "spice" => {
            r##"<path d="M60 20c10 14 10 30 0 44-10-14-10-30 0-44z"/><path d="M60 64c14-10 30-10 44 0-14 10-30 10-44 0z" opacity=".8"/><path d="M60 64c-14-10-30-10-44 0 14 10 30 10 44 0z" opacity=".8"/><path d="M60 64c10 14 10 30 0 44-10-14-10-30 0-44z" opacity=".6"/><circle cx="60" cy="64" r="6"/>"##
        }
        "wave" => {
            r##"<path d="M10 70c12-14 22-14 34 0s22 14 34 0 22-14 34 0" fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round"/><path d="M10 92c12-14 22-14 34 0s22 14 34 0 22-14 34 0" fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round" opacity=".6"/><path d="M58 22c16 4 28 14 30 28-12-6-26-6-36 2 0-12 2-22 6-30z"/>"##
        }
        "loom" => {
            r##"<g fill="none" stroke="#fff" stroke-width="6"><path d="M24 24v72M44 24v72M64 24v72M84 24v72"/><path d="M16 36h80M16 60h80M16 84h80" opacity=".6"/></g><circle cx="100" cy="100" r="10"/>"##
        }
        "craft" => {
            r##"<path d="M30 78h60c-2 14-14 22-30 22S32 92 30 78z"/><path d="M60 30c8 10 10 20 0 36-10-16-8-26 0-36z" opacity=".85"/><rect x="24" y="72" width="72" height="6" rx="3"/>"##
        }
        "gem" => {
            r##"<path d="M30 40h60l16 20-46 46-46-46z"/><path d="M30 40l14 20h32l14-20M44 60l16 46 16-46" fill="none" stroke-opacity=".5" stroke="#000" stroke-width="2"/>"##
        }
        "harvest" => {
            r##"<path d="M60 108V40" stroke="#fff" stroke-width="5"/><g><ellipse cx="50" cy="48" rx="7" ry="13" transform="rotate(-25 50 48)"/><ellipse cx="70" cy="48" rx="7" ry="13" transform="rotate(25 70 48)"/><ellipse cx="48" cy="70" rx="7" ry="13" transform="rotate(-25 48 70)"/><ellipse cx="72" cy="70" rx="7" ry="13" transform="rotate(25 72 70)"/><ellipse cx="60" cy="28" rx="6" ry="12"/></g>"##
        }
        _ => return None,
    };
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120"><g fill="#fff" fill-opacity=".9">{shapes}</g></svg>"##
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_hall_motif_draws() {
        for name in ["spice", "wave", "loom", "craft", "gem", "harvest"] {
            assert!(
                super::draw(name).is_some_and(|s| s.starts_with("<svg")),
                "{name}"
            );
        }
        assert!(super::draw("../etc/passwd").is_none());
    }
}
