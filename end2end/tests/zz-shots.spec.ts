import { test } from "@playwright/test";

const pages = [
  ["en", 1280, 900, "/en/streams/pepper-grading-live-from-the-kochi-warehouse"],
  ["ar", 390, 844, "/ar/streams/pepper-grading-live-from-the-kochi-warehouse"],
  ["zh", 1280, 900, "/zh/streams/pepper-grading-live-from-the-kochi-warehouse"],
  ["replay-en", 1280, 900, "/en/streams/first-frost-tea-tasting"],
  ["replay-ar", 390, 844, "/ar/streams/first-frost-tea-tasting"],
] as const;

for (const [name, width, height, path] of pages) {
  test(`shot ${name}`, async ({ page }, info) => {
    test.skip(info.project.name === "no-js");
    await page.setViewportSize({ width, height });
    await page.goto(path);
    await page.waitForTimeout(2500);
    if (name.startsWith("replay")) {
      const chapter = page.locator(".chapter").nth(1);
      if (await chapter.count()) await chapter.click();
    }
    const room = page.locator("section.room");
    await room.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
  });
}
