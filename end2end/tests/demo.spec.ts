import { expect, type Page, test } from "@playwright/test";

// The demo as a new user meets it: the site started the way the README's run command starts
// it (scripts/run.sh, which turns the demo on), the home page's LIVE stream plays real video
// from the demo broadcaster within seconds, the room fills with the simulated audience
// (marked as demo), every replay on the home page plays, and no page logs an error.
// scripts/test.sh runs this file alone against that server (PAVILION_DEMO_JOURNEY=1).

/** Console errors and uncaught exceptions of a page, collected as it is used. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  return errors;
}

/** The video plays: its clock advances and frames are decoded. */
async function plays(page: Page, within: number) {
  const video = page.locator("video.stage__video");
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: within })
    .toBeGreaterThan(0.5);
  const t1 = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await page.waitForTimeout(1_500);
  const seen = await video.evaluate((v: HTMLVideoElement) => ({
    t: v.currentTime,
    width: v.videoWidth,
    frames: v.getVideoPlaybackQuality().totalVideoFrames,
  }));
  expect(seen.t - t1, "the video advances").toBeGreaterThan(0.5);
  expect(seen.width).toBe(1280);
  expect(seen.frames).toBeGreaterThan(5);
}

test("the demo is alive: live video, a busy room, replays that play", async ({ page }, info) => {
  test.skip(info.project.name === "no-js", "the player and the room need JavaScript");
  test.setTimeout(240_000);
  const errors = watchErrors(page);

  await page.goto("/en/");
  const live = page.locator("#live .stream-card__title a").first();
  await expect(live).toBeVisible();
  const replayLinks = await page
    .locator('section[aria-labelledby="replays-title"] .stream-card__title a')
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
  expect(replayLinks.length).toBeGreaterThan(0);

  // The LIVE stream plays within 15 s of opening it.
  await live.click();
  await expect(page.locator("[data-stage]")).toHaveAttribute("data-stage", "live");
  await plays(page, 15_000);
  // The room is busy: the simulated audience's messages arrive, each marked as demo.
  await expect(page.locator(".room__message .room__demo").first()).toBeVisible({ timeout: 15_000 });
  const before = await page.locator(".room__message").count();
  await expect.poll(() => page.locator(".room__message").count(), { timeout: 20_000 }).toBeGreaterThan(before);
  await page.screenshot({ path: info.outputPath("demo-live-en.png"), fullPage: false });

  // Arabic, right to left, same room.
  const arabic = page.url().replace("/en/", "/ar/");
  await page.goto(arabic);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await plays(page, 15_000);
  await expect(page.locator(".room__message .room__demo").first()).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: info.outputPath("demo-live-ar.png"), fullPage: false });

  // Every replay on the home page plays (the demo records them in the background at start).
  for (const href of replayLinks) {
    const slug = href.split("/").pop() ?? "";
    await expect
      .poll(
        async () => {
          const stage = await page.request.get(`/api/streams/${slug}/stage`);
          return (await stage.json()).replay_src ?? null;
        },
        { timeout: 150_000, intervals: [2_000] },
      )
      .not.toBeNull();
    await page.goto(href);
    await expect(page.locator("[data-stage]")).toHaveAttribute("data-stage", "replay");
    await page.locator("video.stage__video").evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await plays(page, 15_000);
  }

  expect(errors, "no page logs an error").toEqual([]);
});
