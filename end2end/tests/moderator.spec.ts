import { expect, test } from "@playwright/test";
import { chromium } from "../chromium";
import { framesArrive, keepHours, publishDays, requestPepper, serverCli, signedIn, signIn, verifyBuyer } from "./support";

// A council moderator in a hosted buyer's meeting: the Spices Board verifies a Japanese
// importer, who books an exporter of its Spices & Tea hall and asks the council for a
// moderator; a curator takes the seat from the council's meetings page, and the three meet
// in the room — each sees the two others' video — and write beside the call. When the host
// withdraws the request, the moderator is out of the call and the meeting. Without
// JavaScript, the same request and seat by form.

test.use({
  launchOptions: {
    ...chromium,
    args: [...chromium.args, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
  },
  permissions: ["camera", "microphone"],
});

const HALL = "spices-and-tea";
const BOOTH = "malabar-coast-spice-co";
// The buyer's page in Japanese: the moderator's section, its button and what it then says.
const MODERATION_JA = "協議会のモデレーター";
const ASK_JA = /にモデレーターを依頼$/;
const ASKED_JA = "モデレーターを依頼しました";

test("a council moderator joins a hosted buyer's meeting: three in the call", async ({ browser, page }, info) => {
  test.setTimeout(240_000);
  const hydrated = info.project.name !== "no-js";
  const run = `${info.project.name}-${Date.now()}`;
  const hostEmail = `anil-${run}@malabar.example`;
  const buyerEmail = `yuki-${run}@osaka-foods.example`;
  const curatorEmail = `priya-${run}@spices-board.example`;
  const hostName = `Anil Menon ${run}`;
  const buyerName = `Yuki Sato ${run}`;
  const curatorName = `Priya Raman ${run}`;
  serverCli(["admin", "create-exhibitor", "--email", hostEmail, "--name", hostName, "--booth", BOOTH]);
  serverCli(["admin", "create-buyer", "--email", buyerEmail, "--name", buyerName]);
  serverCli(["admin", "create-curator", "--email", curatorEmail, "--name", curatorName, "--council", "spices-board"]);
  const host = await signedIn(browser, hostEmail, hydrated);
  await keepHours(host);
  await publishDays(host, 1, 1);

  // The importer asks the hall; the council verifies them: a hosted buyer.
  await signIn(page, buyerEmail);
  await requestPepper(page, HALL, `Pepper for Osaka ${run}`);
  const board = await signedIn(browser, curatorEmail, hydrated);
  await verifyBuyer(board, buyerName);

  // They book the exporter in Japanese, then ask the council for a moderator.
  await page.goto(`/ja/booths/${BOOTH}/meetings?tz=Asia/Tokyo`);
  await page.locator("label.slot", { hasText: hostName }).first().click();
  await page.getByLabel("どのような内容を話し合いたいですか？").fill(`Pepper grades ${run}`);
  await page.getByRole("button", { name: "商談を予約する" }).click();
  await expect(page).toHaveURL(/\/ja\/meetings\/MTG-[A-Z0-9]+$/);
  const meeting = new URL(page.url()).pathname.split("/").pop() ?? "";
  const moderation = page.getByRole("region", { name: MODERATION_JA });
  await moderation.getByRole("button", { name: ASK_JA }).click();
  await expect(page.getByRole("region", { name: MODERATION_JA }).getByRole("status")).toContainText(ASKED_JA);

  // The curator reads the request on the council's page and takes the seat.
  await board.goto("/en/curator/meetings");
  const asks = board.getByRole("region", { name: "Meetings asking for a moderator" });
  await expect(asks).toContainText(meeting);
  await expect(asks).toContainText(buyerName);
  await board.screenshot({ path: `test-results/screens/${info.project.name}-moderation-asks-en.png`, fullPage: true });
  await asks.getByRole("button", { name: new RegExp(`Moderate this meeting.*${meeting}`) }).click();
  await expect(board).toHaveURL(new RegExp(`/en/meetings/${meeting}#room$`));
  await expect(board.getByText(/You moderate this meeting for .?Spices Board/)).toBeVisible();
  await host.goto(`/en/meetings/${meeting}`);
  await expect(host.getByText(new RegExp(`${curatorName}.* of .?Spices Board.* moderates this meeting`))).toBeVisible();
  await page.reload();

  if (hydrated) {
    // All three join; each sees the two others' frames arrive.
    await page.getByRole("button", { name: "カメラを起動して通話に参加" }).click();
    await host.getByRole("button", { name: "Start camera and join the call" }).click();
    await board.getByRole("button", { name: "Start camera and join the call" }).click();
    for (const who of [page, host, board]) {
      await expect(who.getByTestId("remote-video")).toHaveCount(2, { timeout: 30_000 });
      await framesArrive(who, 0);
      await framesArrive(who, 1);
    }
    await expect(board.getByText(new RegExp(`In the call with .?${buyerName}`))).toBeVisible();
    await expect(board.getByText(new RegExp(`In the call with .?${hostName}`))).toBeVisible();
  } else {
    await expect(board.getByText("The video call needs JavaScript", { exact: false })).toBeVisible();
  }

  // The moderator writes beside the call; the parties read it.
  await board.getByLabel("Your message").fill("Welcome both: the Board follows up on samples.");
  await board.getByRole("button", { name: "Send", exact: true }).click();
  if (!hydrated) await page.reload();
  await expect(page.getByTestId("notes")).toContainText("Welcome both: the Board follows up on samples.");
  await page.screenshot({ path: `test-results/screens/${info.project.name}-moderated-room-ja.png`, fullPage: true });
  await board.screenshot({ path: `test-results/screens/${info.project.name}-moderated-room-en.png`, fullPage: true });
  // In the host's second tab (the first stays in the call): the page in Arabic, then the
  // host withdraws the request; the moderator is put out of the call at once.
  const second = await host.context().newPage();
  await second.goto(`/ar/meetings/${meeting}`);
  await second.screenshot({ path: `test-results/screens/${info.project.name}-moderated-room-ar.png`, fullPage: true });
  await second.goto(`/en/meetings/${meeting}`);
  await second.getByRole("region", { name: "Council moderator" }).getByRole("button", { name: "Withdraw the request" }).click();
  await expect(second.getByRole("region", { name: "Council moderator" }).getByRole("status")).toContainText("Either of you may ask");
  if (hydrated) {
    // The two parties stay connected to each other.
    await expect(page.getByTestId("remote-video")).toHaveCount(1, { timeout: 15_000 });
    await expect(board.getByTestId("remote-video")).toHaveCount(0, { timeout: 15_000 });
    await framesArrive(page, 0);
  }
  const gone = await board.goto(`/en/meetings/${meeting}`);
  expect(gone?.status()).toBe(404);
  for (const who of [host, board]) await who.context().close();
});
