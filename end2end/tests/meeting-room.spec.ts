import { expect, test } from "@playwright/test";
import { chromium } from "../chromium";
import { framesArrive, keepHours, publishDays, serverCli, signedIn, signIn } from "./support";

// The meeting room: a buyer in Tokyo books a slot of an exporter in India in Japanese; both
// open the meeting's room, each in their own browser context with Chromium's fake camera,
// join the call and see the other's video frames arrive; they write to each other beside
// the call, and the exporter shares one of the booth's products. Without JavaScript the
// room is the same conversation, by form.

test.use({
  launchOptions: {
    ...chromium,
    args: [...chromium.args, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
  },
  permissions: ["camera", "microphone"],
});

const BOOTH = "malabar-coast-spice-co";

test("a buyer and an exporter meet in the room: video both ways, chat, a product shared", async ({ browser, page }, info) => {
  test.setTimeout(150_000);
  const hydrated = info.project.name !== "no-js";
  const run = `${info.project.name}-${Date.now()}`;
  const hostEmail = `meera-${run}@malabar.example`;
  const buyerEmail = `haruto-${run}@kobe-trading.example`;
  const hostName = `Meera Nair ${run}`;
  serverCli(["admin", "create-exhibitor", "--email", hostEmail, "--name", hostName, "--booth", BOOTH]);
  serverCli(["admin", "create-buyer", "--email", buyerEmail, "--name", "Haruto Mori"]);
  const host = await signedIn(browser, hostEmail, hydrated);
  await keepHours(host);
  await publishDays(host, 1, 1);

  // The buyer books the exporter's first slot, in Japanese and Tokyo's time.
  await signIn(page, buyerEmail);
  await page.goto(`/ja/booths/${BOOTH}/meetings?tz=Asia/Tokyo`);
  await page.locator("label.slot", { hasText: hostName }).first().click();
  await page.getByLabel("どのような内容を話し合いたいですか？").fill(`Black pepper for Kobe ${run}`);
  await page.getByRole("button", { name: "商談を予約する" }).click();
  await expect(page).toHaveURL(/\/ja\/meetings\/MTG-[A-Z0-9]+$/);
  const meeting = new URL(page.url()).pathname.split("/").pop() ?? "";
  await expect(page.getByRole("heading", { name: "商談ルーム" })).toBeVisible();
  await host.goto(`/en/meetings/${meeting}`);
  await expect(host.getByRole("heading", { name: "Meeting room" })).toBeVisible();

  if (hydrated) {
    // Both join the call; each sees the other's frames arrive.
    await page.getByRole("button", { name: "カメラを起動して通話に参加" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Meera Nair" })).toContainText("参加を待っています");
    await host.getByRole("button", { name: "Start camera and join the call" }).click();
    await expect(host.getByText(/In the call with .?Haruto Mori/)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText(/Meera Nair.* と通話中/)).toBeVisible({ timeout: 20_000 });
    await framesArrive(page);
    await framesArrive(host);
    // Each sees themselves too.
    for (const who of [page, host]) {
      await expect.poll(() => who.getByTestId("local-video").evaluate((v: HTMLVideoElement) => !v.paused && v.videoWidth > 0)).toBe(true);
    }
  } else {
    await expect(page.getByText("ビデオ通話には JavaScript とカメラが必要です。", { exact: false })).toBeVisible();
  }

  // They write to each other; the exporter shares a product of the booth.
  await page.getByLabel("メッセージ", { exact: true }).fill("神戸への最低発注量を教えてください。");
  await page.getByRole("button", { name: "送信", exact: true }).click();
  if (!hydrated) await host.reload();
  await expect(host.getByTestId("notes")).toContainText("神戸への最低発注量を教えてください。");
  await host.getByLabel("Your message").fill("One pallet, 500 kg. Samples go by courier.");
  await host.getByRole("button", { name: "Send", exact: true }).click();
  const product = (await host.getByLabel("A product of the booth").locator("option").first().textContent()) ?? "";
  await host.getByRole("button", { name: "Share the product" }).click();
  if (!hydrated) await page.reload();
  const notes = page.getByTestId("notes");
  await expect(notes).toContainText("One pallet, 500 kg. Samples go by courier.");
  await expect(notes).toContainText(product.trim());
  await expect(notes.getByRole("link", { name: /商品を見る/ })).toBeVisible();
  await expect(host.getByTestId("notes").getByRole("link", { name: /View the product/ })).toBeVisible();
  await page.screenshot({ path: `test-results/screens/${info.project.name}-meeting-room-ja.png`, fullPage: true });
  await host.screenshot({ path: `test-results/screens/${info.project.name}-meeting-room-en.png`, fullPage: true });

  if (hydrated) {
    // The exporter leaves; the buyer waits in the call for them again.
    await host.getByRole("button", { name: "Leave the call" }).click();
    await expect(page.getByText(/参加を待っています/)).toBeVisible({ timeout: 10_000 });
  }
  await host.context().close();
});
