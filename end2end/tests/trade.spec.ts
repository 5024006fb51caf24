import { execFileSync } from "node:child_process";
import { expect, type Page, test } from "@playwright/test";

// The trade desk, hydrated and without JavaScript: a German importer reads the price by
// quantity, orders a sample through the same checkout and pays on the test provider's page;
// the booth's team finds the importer among its leads, with the address they shared, and
// notes the next step; the importer stops sharing from the account page.

const PASSWORD = "correct horse battery";
const PRODUCT = "tellicherry-black-pepper-extra-bold";
const BOOTH = "malabar-coast-spice-co";

function serverCli(args: string[]): string {
  const bin = process.env.PAVILION_SERVER_BIN;
  if (!bin) throw new Error("PAVILION_SERVER_BIN is not set (scripts/test.sh sets it)");
  return execFileSync(bin, args, { env: { ...process.env, PAVILION_PASSWORD: PASSWORD }, encoding: "utf8" });
}

async function signUp(page: Page, email: string, name: string) {
  await page.goto("/de/account/signup");
  await page.getByLabel("Ihr Name").fill(name);
  await page.getByLabel("E-Mail").fill(email);
  await page.getByLabel("Passwort").fill(PASSWORD);
  await page.getByRole("button", { name: "Konto erstellen" }).click();
  await expect(page).toHaveURL(/\/de\/account$/);
}

test("an importer orders a sample and becomes the booth's lead", async ({ browser, page }, info) => {
  test.setTimeout(90_000);
  const run = `${info.project.name}-${Date.now()}`;
  const buyer = `greta-${run}@hamburg.example`;
  const owner = `owner-${run}@malabar.example`;

  // The price table: the list price, then cheaper from 10 and from 25 pouches.
  await signUp(page, buyer, "Greta Käufer");
  await page.goto(`/de/products/${PRODUCT}`);
  const bands = page.getByTestId("price-bands");
  await expect(bands.getByRole("caption")).toHaveText("Preis nach Menge");
  await expect(bands.getByRole("row")).toHaveCount(4);
  await expect(bands.getByRole("row").nth(3)).toContainText("25+");
  await expect(page.getByText("Angebotene Incoterms")).toBeVisible();

  // A sample, through the same checkout: its own price, and the note that the address is shared.
  await page.getByTestId("order-sample").click();
  await expect(page).toHaveURL(/sample=1/);
  await expect(page.getByText("Musterpreis, bis zu 2 pro Käufer.")).toBeVisible();
  await expect(page.getByText(/teilen Sie Ihre E-Mail-Adresse mit diesem Aussteller/)).toBeVisible();
  await page.getByLabel("Zielland").selectOption("DE");
  await page.getByLabel("Name des Empfängers").fill("Greta Käufer");
  await page.getByLabel(/Lieferadresse/).fill("Hafenstraße 1, 20457 Hamburg");
  await page.getByTestId("pay").click();
  await expect(page).toHaveURL(/\/pay\/test\/ps_/);
  await page.getByTestId("approve").click();
  await expect(page.getByText("(Muster)")).toBeVisible();
  await page.screenshot({ path: `test-results/screens/${info.project.name}-sample-order-de.png`, fullPage: true });

  // The booth's team sees the lead with the shared address and notes the next step.
  serverCli(["admin", "create-exhibitor", "--email", owner, "--name", "Ravi Menon", "--booth", BOOTH, "--role", "owner"]);
  const team = await browser.newPage();
  await team.goto("/en/account/signin");
  await team.getByLabel("Email").fill(owner);
  await team.getByLabel("Password").fill(PASSWORD);
  await team.getByRole("button", { name: "Sign in" }).click();
  await expect(team).toHaveURL(/\/en\/account$/);
  await team.goto("/en/exhibitor/leads?kind=sample");
  const lead = team.getByRole("article", { name: "Greta Käufer" }).first();
  await expect(lead).toContainText(buyer);
  await expect(lead).toContainText("Germany");
  await lead.getByLabel("Status").selectOption("contacted");
  await lead.getByLabel("Next action on").fill("2026-12-15");
  await lead.getByLabel("Note").fill("Send the 25 kg price with CIF Hamburg.");
  await lead.getByRole("button", { name: /Save/ }).click();
  await expect(team).toHaveURL(/\/en\/exhibitor\/leads/);
  const noted = team.getByRole("article", { name: "Greta Käufer" }).first();
  await expect(noted.getByLabel("Status")).toHaveValue("contacted");
  await expect(noted.getByLabel("Note")).toHaveValue("Send the 25 kg price with CIF Hamburg.");
  await team.goto("/ar/exhibitor/leads");
  await team.screenshot({ path: `test-results/screens/${info.project.name}-leads-ar.png`, fullPage: true });

  // The importer stops sharing; the lead keeps her name only.
  await page.goto("/de/account");
  await page.getByRole("button", { name: /Nicht mehr teilen Malabar Coast Spice Co/ }).click();
  await expect(page).toHaveURL(/\/de\/account/);
  await team.goto("/en/exhibitor/leads?kind=sample");
  await expect(team.getByRole("article", { name: "Greta Käufer" }).first()).not.toContainText(buyer);
  await team.close();
});
