import { type Browser, expect, type Page, test } from "@playwright/test";
import { indiaDay, keepHours, publishDays, serverCli, signIn } from "./support";

// Buyer–seller meetings, hydrated and without JavaScript: an export manager of a booth in
// India sets weekly hours in India's time and publishes two days of slots; a buyer in Tokyo
// reads the booking page in Japanese, each slot in Tokyo's time with the host's clock beside
// it, books one and finds it on the meeting's page; the host finds the buyer among the
// booth's meetings; the buyer cancels, and the host reads the cancellation.

const BOOTH = "malabar-coast-spice-co";

async function hostPage(browser: Browser, email: string): Promise<Page> {
  const page = await browser.newPage();
  await signIn(page, email);
  return page;
}

test("a buyer in Tokyo books a meeting with an exporter in India, and cancels it", async ({ browser, page }, info) => {
  test.setTimeout(120_000);
  const run = `${info.project.name}-${Date.now()}`;
  const hostEmail = `asha-${run}@malabar.example`;
  const buyerEmail = `kenji-${run}@osaka-foods.example`;
  const topic = `Green pepper for Osaka ${run}`;
  const hostName = `Asha Rao ${run}`;
  serverCli(["admin", "create-exhibitor", "--email", hostEmail, "--name", hostName, "--booth", BOOTH]);
  serverCli(["admin", "create-buyer", "--email", buyerEmail, "--name", "Kenji Sato"]);

  // The host: hours every day 09:00–18:00 India time, then two days of slots.
  const host = await hostPage(browser, hostEmail);
  await keepHours(host);
  // A time outside the hours is refused, in words.
  await host.getByLabel("Or one slot starting at").fill(`${indiaDay(1)}T20:00`);
  await host.getByRole("button", { name: "Add the slot" }).click();
  await expect(host.getByText(/outside your meeting hours/).first()).toBeVisible();
  await publishDays(host, 1, 2);
  await expect(host.getByRole("status")).toContainText("New slots published: 36");
  await host.screenshot({ path: `test-results/screens/${info.project.name}-meetings-team-en.png`, fullPage: true });

  // The buyer, in Japanese and Tokyo's time.
  await signIn(page, buyerEmail);
  await page.goto(`/ja/booths/${BOOTH}`);
  await page.getByRole("link", { name: "商談を予約" }).click();
  await expect(page).toHaveURL(new RegExp(`/ja/booths/${BOOTH}/meetings`));
  await page.goto(`/ja/booths/${BOOTH}/meetings?tz=Asia/Tokyo`);
  await expect(page.getByRole("group", { name: /Asia\/Tokyo/ })).toBeVisible();
  // Their host's first slot: 09:00 in India is 12:30 in Tokyo.
  const first = page.locator("label.slot", { hasText: hostName }).first();
  await expect(first).toContainText("9:00 IST");
  await expect(first).toContainText("12:30");
  await first.click();
  await page.getByLabel("どのような内容を話し合いたいですか？").fill(topic);
  await page.screenshot({ path: `test-results/screens/${info.project.name}-meetings-book-ja.png`, fullPage: true });
  await page.getByRole("button", { name: "商談を予約する" }).click();
  await expect(page).toHaveURL(/\/ja\/meetings\/MTG-[A-Z0-9]+$/);
  await expect(page.getByRole("heading", { name: topic })).toBeVisible();
  await expect(page.getByText("予約済み").first()).toBeVisible();
  await expect(page.getByRole("link", { name: /\.ics/ })).toBeVisible();
  await page.screenshot({ path: `test-results/screens/${info.project.name}-meeting-ja.png`, fullPage: true });
  const meeting = new URL(page.url()).pathname.split("/").pop() ?? "";

  // The host finds it among their meetings, with the buyer's address.
  await host.goto("/en/meetings");
  if (info.project.name === "hydrated") {
    // Their browser in India names its zone `Asia/Calcutta`; the page remembers it by its
    // current name, the one it was drawn in, so it is not drawn again.
    const zone = async () => (await host.context().cookies()).find((c) => c.name === "pavilion_tz")?.value;
    await expect.poll(zone).toBe("Asia/Kolkata");
  }
  await host.getByRole("link", { name: "Kenji Sato" }).first().click();
  await expect(host).toHaveURL(new RegExp(`/en/meetings/${meeting}$`));
  await expect(host.getByRole("link", { name: buyerEmail })).toBeVisible();
  await host.goto(`/zh/meetings/${meeting}`);
  await host.screenshot({ path: `test-results/screens/${info.project.name}-meeting-zh.png`, fullPage: true });
  await host.goto(`/ar/booths/${BOOTH}/meetings`);
  await host.screenshot({ path: `test-results/screens/${info.project.name}-meetings-book-ar.png`, fullPage: true });

  // The buyer cancels; the host reads why.
  await page.getByLabel("理由（任意。相手側に表示されます）").fill("Our buyers come a week later.");
  await page.getByRole("button", { name: "商談をキャンセルする" }).click();
  await expect(page.getByText("キャンセル済み").first()).toBeVisible();
  await host.goto(`/en/meetings/${meeting}`);
  await expect(host.getByText(/Cancelled by .?Kenji Sato.?\./)).toBeVisible();
  await expect(host.getByText("Our buyers come a week later.")).toBeVisible();
  await host.close();
});
