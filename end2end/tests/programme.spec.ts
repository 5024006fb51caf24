import { expect, test } from "@playwright/test";
import { serverCli, signIn } from "./support";

// A council's hosted-buyer programme: an importer in Japan asks the Spices & Tea hall for
// pepper (HS heading 0904); the Spices Board's curator verifies them as a hosted buyer, reads
// the booths matched to the request on the council's meetings page and sends them; the
// importer finds the suggested booths among their meetings, in Japanese, and opens one's
// booking page.

const HALL = "spices-and-tea";

/// `YYYY-MM-DD`, `days` from today (UTC).
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

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
  await page.goto("/en/account");
  await page.getByLabel("Company", { exact: true }).fill("Kyoto Spice Trading");
  await page.getByLabel("Company’s country").selectOption("JP");
  await page.getByLabel("Your business").selectOption("importer");
  await page.getByLabel("Yearly purchases").selectOption("to_1m");
  await page.getByRole("button", { name: "Save business profile" }).click();
  await page.goto(`/en/halls/${HALL}`);
  await page.getByRole("link", { name: "Request quotes from this hall" }).click();
  await page.getByLabel("What you are looking for").fill(`Black pepper for Kyoto ${run}`);
  await page.getByLabel("HS heading (optional)").fill("0904");
  await page.getByLabel("Quantity", { exact: true }).fill("800");
  await page.getByLabel("Unit").selectOption("kg");
  await page.getByLabel("Destination port or city").fill("Osaka");
  await page.getByLabel("Destination country").selectOption("JP");
  await page.getByLabel("Incoterm").selectOption("FOB");
  await page.getByLabel("Needed by").fill(day(45));
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page).toHaveURL(/\/en\/rfqs\/RFQ-[0-9A-F]{10}$/);

  // The curator verifies the importer, then sends the booths that match.
  const board = await browser.newPage();
  await signIn(board, curator);
  await board.goto("/en/curator/rfqs");
  await board.getByRole("button", { name: `Verify ${buyerName}` }).click();
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
