//! What the demo broadcaster shows: the stream's products as the pages draw them, one scene
//! every few seconds, under a lower third with the stream's title and host, the pavilion's
//! mark and a UTC clock, over a quiet drone and a pentatonic melody made by ffmpeg itself.
//! The same programme, cut to a fixed length, is every seeded replay.

use crate::media::art;
use std::path::{Path, PathBuf};

/// Seconds each product scene stays on screen.
pub const SCENE_SECONDS: u32 = 4;
/// Length of a generated replay, in seconds (the issue asks for 30–90).
pub const REPLAY_SECONDS: u32 = 48;

/// One programme: its folder of scenes and captions, written by [`Programme::write`].
#[derive(Debug)]
pub struct Programme {
    pub dir: PathBuf,
    pub scenes: usize,
}

/// What a programme is made of.
pub struct Script<'a> {
    pub title: &'a str,
    /// "Anjali Menon · Malabar Coast Spice Co."
    pub byline: &'a str,
    /// The products' pictures, as their `/media/art/…` addresses; others are skipped.
    pub pictures: &'a [String],
}

impl Programme {
    /// Writes the scenes (`scene-NN.svg`) and captions into `dir`, replacing what was there.
    pub fn write(dir: &Path, script: &Script<'_>) -> std::io::Result<Self> {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
        let mut requests: Vec<art::Request> = script
            .pictures
            .iter()
            .filter_map(|src| src.strip_prefix("/media/art/"))
            .filter_map(art::Request::parse)
            .collect();
        if requests.is_empty() {
            requests.push(art::Request {
                scene: "jar",
                colour: (0xb3, 0x5c, 0x1e),
                view: 1,
            });
        }
        for (n, request) in requests.iter().enumerate() {
            std::fs::write(dir.join(format!("scene-{n:02}.svg")), art::draw(request))?;
        }
        // Captions go through files (and `expansion=none` in `look`): a title is drawn as it
        // is, whatever `%`, `\\` or quotes it holds.
        std::fs::write(dir.join("title.txt"), one_line(script.title, 60))?;
        std::fs::write(dir.join("byline.txt"), one_line(script.byline, 80))?;
        Ok(Self {
            dir: dir.to_owned(),
            scenes: requests.len(),
        })
    }

    /// ffmpeg's arguments for this programme: published live, at the wall clock's pace, for
    /// [`Output::Rtmp`]; a fixed length as a video-on-demand HLS playlist for
    /// [`Output::Replay`].
    pub fn ffmpeg_args(&self, output: &Output<'_>) -> Vec<String> {
        let dir = self.dir.display();
        let mut args: Vec<String> = ["-hide_banner", "-nostdin", "-loglevel", "error"]
            .map(str::to_owned)
            .to_vec();
        let live = matches!(output, Output::Rtmp(_));
        args.extend([
            "-framerate".into(),
            format!("1/{SCENE_SECONDS}"),
            "-stream_loop".into(),
            "-1".into(),
            "-i".into(),
            format!("{dir}/scene-%02d.svg"),
        ]);
        // Live, the sound is read at its own pace and the picture is paced frame by frame
        // (`realtime` in `look`): `-re` on a picture every few seconds would send each
        // scene's frames in one burst.
        if live {
            args.push("-re".into());
        }
        args.extend([
            "-f".into(),
            "lavfi".into(),
            "-i".into(),
            format!("aevalsrc='{}':s=44100", music()),
            "-filter_complex".into(),
            look(&self.dir, live),
            "-map".into(),
            "[v]".into(),
            "-map".into(),
            "1:a".into(),
        ]);
        args.extend(
            [
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-tune",
                "stillimage",
                "-pix_fmt",
                "yuv420p",
                "-g",
                "50",
                "-keyint_min",
                "50",
                "-b:v",
                "1200k",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
            ]
            .map(str::to_owned),
        );
        match output {
            Output::Rtmp(url) => args.extend(["-f".into(), "flv".into(), (*url).to_owned()]),
            Output::Replay { folder, seconds } => {
                let folder = folder.display();
                args.extend([
                    "-t".into(),
                    seconds.to_string(),
                    "-f".into(),
                    "hls".into(),
                    "-hls_time".into(),
                    "4".into(),
                    "-hls_playlist_type".into(),
                    "vod".into(),
                    "-hls_segment_filename".into(),
                    format!("{folder}/part-%03d.ts"),
                    format!("{folder}/index.m3u8"),
                ]);
            }
        }
        args
    }
}

/// Where a programme goes.
pub enum Output<'a> {
    /// Published live, forever, at realtime speed.
    Rtmp(&'a str),
    /// A replay of `seconds` into `folder/index.m3u8`, as fast as the machine encodes.
    Replay { folder: &'a Path, seconds: u32 },
}

/// `text` on one line of at most `max` characters (an ellipsis when cut).
fn one_line(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.trim();
    if flat.chars().count() <= max {
        return flat.to_owned();
    }
    let cut: String = flat.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

/// A font file for the captions: Noto Sans or DejaVu Sans (bold and regular), else the
/// fontconfig default.
fn font(bold: bool) -> String {
    let weight = if bold { "Bold" } else { "Regular" };
    let candidates = [
        format!("/usr/share/fonts/truetype/noto/NotoSans-{weight}.ttf"),
        if bold {
            "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf".to_owned()
        } else {
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf".to_owned()
        },
    ];
    candidates
        .into_iter()
        .find(|path| Path::new(path).exists())
        .map_or_else(|| "font=Sans".to_owned(), |path| format!("fontfile={path}"))
}

/// The frame: a scene cropped to 16:9, the lower third, the mark and the clock; paced to
/// the wall clock when `live`.
fn look(dir: &Path, live: bool) -> String {
    let dir = dir.display();
    let (bold, regular) = (font(true), font(false));
    [
        "[0:v]scale=1280:960,crop=1280:720:0:120,fps=25,format=yuv420p".to_owned(),
        "drawbox=x=0:y=ih-176:w=iw:h=128:color=0x0f2a44@0.86:t=fill".to_owned(),
        "drawbox=x=0:y=ih-176:w=14:h=128:color=0xff9933:t=fill".to_owned(),
        format!(
            "drawtext={bold}:expansion=none:textfile={dir}/title.txt:fontsize=40:fontcolor=white:x=52:y=h-160"
        ),
        format!(
            "drawtext={regular}:expansion=none:textfile={dir}/byline.txt:fontsize=28:fontcolor=0xffe0b8:x=52:y=h-98"
        ),
        "drawbox=x=28:y=28:w=250:h=54:color=0x138808@0.92:t=fill".to_owned(),
        format!("drawtext={bold}:text='INDIA PAVILION':fontsize=26:fontcolor=white:x=46:y=41"),
        "drawbox=x=iw-250:y=28:w=222:h=54:color=0x0f2a44@0.80:t=fill".to_owned(),
        format!(
            "drawtext={bold}:text='%{{gmtime\\:%H\\\\\\:%M\\\\\\:%S}} UTC':fontsize=28:fontcolor=white:x=w-236:y=40"
        ),
    ]
    .join(",")
        + if live { ",realtime[v]" } else { "[v]" }
}

/// The music bed as an `aevalsrc` expression: a tanpura-like drone on D with slow swells,
/// and a soft melody stepping through the D major pentatonic twice a second, each note
/// rising and falling to silence so nothing clicks.
fn music() -> String {
    let note = "mod(floor(t*2),5)";
    let semitones = format!("(2*eq({note},1)+4*eq({note},2)+7*eq({note},3)+9*eq({note},4))");
    [
        "0.05*sin(2*PI*146.83*t)*(0.7+0.3*sin(2*PI*0.2*t))".to_owned(),
        "0.035*sin(2*PI*220*t)".to_owned(),
        "0.03*sin(2*PI*293.66*t)*(0.6+0.4*sin(2*PI*0.13*t))".to_owned(),
        format!("0.06*sin(PI*mod(t*2,1))*sin(2*PI*293.66*pow(2,{semitones}/12)*t)"),
    ]
    .join("+")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_programme_draws_the_products_and_writes_its_captions() {
        let dir = std::env::temp_dir().join(format!("programme-{}", std::process::id()));
        let pictures = [
            "/media/art/heap-8b2e1a-1.svg".to_owned(),
            "/media/uploads/photo.jpg".to_owned(),
            "/media/art/jar-c0392b-2.svg".to_owned(),
        ];
        let script = Script {
            title: "Pepper grading,\nlive",
            byline: "Anjali Menon · Malabar Coast Spice Co.",
            pictures: &pictures,
        };
        let programme = Programme::write(&dir, &script).expect("written");
        assert_eq!(
            programme.scenes, 2,
            "an uploaded photo is not a drawn scene"
        );
        let scene = std::fs::read_to_string(dir.join("scene-01.svg")).expect("scene");
        assert!(scene.starts_with("<svg"));
        assert_eq!(
            std::fs::read_to_string(dir.join("title.txt")).expect("title"),
            "Pepper grading, live"
        );
        let live = programme.ffmpeg_args(&Output::Rtmp("rtmp://127.0.0.1:1935/live/s?key=k"));
        assert_eq!(live.iter().filter(|a| *a == "-re").count(), 1);
        assert!(live.iter().any(|a| a.ends_with(",realtime[v]")));
        assert!(live.iter().any(|a| a.contains("expansion=none:textfile=")));
        assert_eq!(
            live.last().map(String::as_str),
            Some("rtmp://127.0.0.1:1935/live/s?key=k")
        );
        let folder = dir.join("replay");
        let replay = programme.ffmpeg_args(&Output::Replay {
            folder: &folder,
            seconds: REPLAY_SECONDS,
        });
        assert!(!replay.contains(&"-re".to_owned()));
        assert!(replay.windows(2).any(|w| w[0] == "-t" && w[1] == "48"));
        assert!(
            replay
                .last()
                .is_some_and(|a| a.ends_with("replay/index.m3u8"))
        );
        std::fs::remove_dir_all(&dir).expect("cleaned");
    }

    #[test]
    fn captions_are_one_line_and_bounded() {
        assert_eq!(one_line("a\tb\nc", 10), "a b c");
        let long = "x".repeat(100);
        let cut = one_line(&long, 60);
        assert_eq!(cut.chars().count(), 60);
        assert!(cut.ends_with('…'));
    }
}
