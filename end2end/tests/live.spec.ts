import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

// Live video with the real parts: a private nginx-rtmp on loopback, configured by the
// server's own `media-config`, takes an RTMP publish from ffmpeg (a generated test pattern);
// a wrong key is refused; the stream page flips from countdown to live without a reload and
// plays; when the encoder stops, the recording becomes a replay that plays too.

const LIVE_DIR = process.env.PAVILION_LIVE_DIR ?? "";
const RTMP = process.env.PAVILION_RTMP_URL ?? "rtmp://127.0.0.1:19350/live";

function serverCli(args: string[]): string {
  const bin = process.env.PAVILION_SERVER_BIN;
  if (!bin) throw new Error("PAVILION_SERVER_BIN is not set (scripts/test.sh sets it)");
  return execFileSync(bin, args, { env: process.env, encoding: "utf8" });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/** ffmpeg publishing a test pattern (1 s keyframes, tuned for latency) to `url`. */
function publish(url: string): ChildProcess {
  return spawn(
    "ffmpeg",
    [
      ...["-hide_banner", "-loglevel", "error", "-re"],
      ...["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25"],
      ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"],
      ...["-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p"],
      ...["-g", "25", "-keyint_min", "25", "-b:v", "600k", "-c:a", "aac", "-b:a", "64k"],
      ...["-f", "flv", url],
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

let nginx: ChildProcess | undefined;

test.beforeAll(async () => {
  if (!LIVE_DIR) throw new Error("PAVILION_LIVE_DIR is not set (scripts/test.sh sets it)");
  // nginx's workers run as `nobody` when the master is root: they write HLS and recordings.
  for (const dir of ["hls", "rec"]) {
    mkdirSync(join(LIVE_DIR, dir), { recursive: true });
    chmodSync(join(LIVE_DIR, dir), 0o777);
  }
  chmodSync(LIVE_DIR, 0o755);
  const conf = join(LIVE_DIR, "nginx.conf");
  const base = process.env.PAVILION_BASE_URL ?? "http://127.0.0.1:3100";
  writeFileSync(conf, serverCli(["media-config", "--app-url", base]));
  nginx = spawn("nginx", ["-c", conf, "-p", LIVE_DIR], { stdio: "inherit" });
  const port = Number(new URL(RTMP.replace("rtmp:", "http:")).port || 1935);
  for (let i = 0; i < 50 && !(await portOpen(port)); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await portOpen(port), "nginx-rtmp listens").toBe(true);
});

test.afterAll(async () => {
  nginx?.kill("SIGTERM");
});

test("an RTMP publish goes live on the page, plays, and leaves a replay", async ({ page }, info) => {
  test.skip(info.project.name === "no-js", "the player needs JavaScript");
  test.setTimeout(120_000);
  const [slug, key] = serverCli(["streams", "live-demo", "--upcoming"]).trim().split(" ");

  await page.goto(`/en/streams/${slug}`);
  const stage = page.locator("[data-stage]");
  await expect(stage).toHaveAttribute("data-stage", "scheduled");

  // A wrong key is refused: nginx drops the encoder, and the page stays as it was.
  const intruder = publish(`${RTMP}/${slug}?key=not-the-key`);
  expect(await exited(intruder)).not.toBe(0);
  await expect(stage).toHaveAttribute("data-stage", "scheduled");

  // The right key: the page turns live by itself and the video plays.
  const started = Date.now();
  const encoder = publish(`${RTMP}/${slug}?key=${key}`);
  try {
    await expect(stage).toHaveAttribute("data-stage", "live", { timeout: 15_000 });
    const liveAfter = Date.now() - started;
    const video = page.locator("video.stage__video");
    await expect(video).toHaveAttribute("aria-label", /^Live video: /);
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 })
      .toBeGreaterThan(0.5);
    const firstFrameAfter = Date.now() - started;
    const t1 = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
    await page.waitForTimeout(2_000);
    const t2 = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
    expect(t2 - t1, "the live video advances").toBeGreaterThan(1);
    const frames = await video.evaluate((v: HTMLVideoElement) => ({
      width: v.videoWidth,
      decoded: v.getVideoPlaybackQuality().totalVideoFrames,
    }));
    expect(frames.width).toBe(640);
    expect(frames.decoded).toBeGreaterThan(10);
    // How far behind the encoder the picture is: the wall time the encoder has been
    // sending, minus the media time it has sent that the player has shown.
    const behind = await video.evaluate((v: HTMLVideoElement) => {
      const buffered = v.buffered.length ? v.buffered.end(v.buffered.length - 1) : v.currentTime;
      return { playing: v.currentTime, buffered };
    });
    const sentSeconds = (Date.now() - started) / 1000;
    console.log(
      `[live] publish → page live ${liveAfter} ms; first frame ${firstFrameAfter} ms; ` +
        `encoder ran ${sentSeconds.toFixed(1)} s, player at ${behind.playing.toFixed(1)} s ` +
        `(buffered to ${behind.buffered.toFixed(1)} s); glass-to-glass ≈ ${(sentSeconds - behind.playing).toFixed(1)} s`,
    );
  } finally {
    encoder.kill("SIGINT");
    await exited(encoder);
  }

  // The encoder stopped: ended, then the replay, without a reload.
  await expect(stage).toHaveAttribute("data-stage", /ended|replay/, { timeout: 15_000 });
  await expect(stage).toHaveAttribute("data-stage", "replay", { timeout: 30_000 });
  const replay = page.locator("video.stage__video");
  await expect(replay).toHaveAttribute("aria-label", /^Replay: /);
  await replay.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect
    .poll(() => replay.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 })
    .toBeGreaterThan(0.5);
  await page.screenshot({ path: info.outputPath("replay.png"), fullPage: true });
});
