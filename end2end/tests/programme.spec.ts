import { expect, test } from "@playwright/test";
import { requestPepper, serverCli, signIn, verifyBuyer } from "./support";

// A council's hosted-buyer programme: an importer in Japan asks the Spices & Tea hall for
// pepper (HS heading 0904); the Spices Board's curator verifies them as a hosted buyer, reads
// the booths matched to the request on the council's meetings page and sends them; the
// importer finds the suggested booths among their meetings, in Japanese, and opens one's
// booking page.

const HALL = "spices-and-tea";

test("a council suggests booths to its hosted buyer, who books from the suggestion", async ({ browser, page }, info) => {
  test.setTimeout(120_000);
  const run = `${info.project.name}-${Date.now()}`;
  const buyer = `aiko-${run}@kyoto-spice.example`;
  const buyerName = `Aiko Tanaka ${run}`;
  const curator = `board-${run}@spices-board.example`;
  serverCli(["admin", "create-buyer", "--email", buyer, "--name", buyerName]);
  serverCli(["admin", "create-curator", "--email", curator, "--name", "Meera Pillai", "--council", "spices-board"]);

  // The importer: a business profile, then a request to the hall under HS 0904.
  await signIn(page, buyer);
  await requestPepper(page, HALL, `Black pepper for Kyoto ${run}`);

  // The curator verifies the importer, then sends the booths that match.
  const board = await browser.newPage();
  await signIn(board, curator);
  await verifyBuyer(board, buyerName);
  await board.goto("/en/curator/meetings");
  await expect(board.getByRole("heading", { name: "Buyer–seller meetings", level: 1 })).toBeVisible();
  await expect(board.getByRole("columnheader", { name: "With hosted buyers" })).toBeVisible();
  const card = board.getByRole("article", { name: new RegExp(buyerName) });
  await expect(card).toContainText("Malabar Coast Spice Co.");
  await expect(card).toContainText("Its products fall under a requested HS heading");
  await card.getByRole("button", { name: /Send the suggestions/ }).click();
  await expect(board.getByRole("status")).toContainText(/Suggestions sent: [1-3]/);
  await expect(board.getByRole("article", { name: new RegExp(buyerName) })).toContainText("Suggested");
  await board.screenshot({ path: `test-results/screens/${info.project.name}-programme-en.png`, fullPage: true });
  await board.goto("/ar/curator/meetings");
  await board.screenshot({ path: `test-results/screens/${info.project.name}-programme-ar.png`, fullPage: true });
  await board.close();

  // The importer finds them among their meetings, and books from one.
  await page.goto("/ja/meetings");
  const suggested = page.getByRole("region", { name: "協議会からの提案" });
  await expect(suggested).toContainText("Malabar Coast Spice Co.");
  await page.screenshot({ path: `test-results/screens/${info.project.name}-meetings-suggested-ja.png`, fullPage: true });
  await suggested.getByRole("link", { name: /Malabar Coast Spice Co\./ }).click();
  await expect(page).toHaveURL(/\/ja\/booths\/malabar-coast-spice-co\/meetings/);
});
