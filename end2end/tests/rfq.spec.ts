import { execFileSync } from "node:child_process";
import { type Browser, expect, type Page, test } from "@playwright/test";

// Requests for quotation, hydrated and without JavaScript: a German importer with a business
// profile asks the Spices & Tea hall for two tonnes of pepper CIF Hamburg; the council's rule
// routes it to the booths selling under HS heading 0904; two of them quote; the importer
// compares the quotes side by side, accepts one and pays its deposit on the test provider's
// page; that booth finds the importer among its leads, won.

const PASSWORD = "correct horse battery";
const HALL = "spices-and-tea";
const MALABAR = "malabar-coast-spice-co";
const GUNTUR = "guntur-sannam-traders";

function serverCli(args: string[]): string {
  const bin = process.env.PAVILION_SERVER_BIN;
  if (!bin) throw new Error("PAVILION_SERVER_BIN is not set (scripts/test.sh sets it)");
  return execFileSync(bin, args, { env: { ...process.env, PAVILION_PASSWORD: PASSWORD }, encoding: "utf8" });
}

/// `YYYY-MM-DD`, `days` from today (UTC).
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function signIn(browser: Browser, email: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto("/en/account/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/en\/account$/);
  return page;
}

/// The booth's team member signs in and quotes on the request.
async function quote(browser: Browser, email: string, subject: string, price: string, deposit: string | null) {
  const team = await signIn(browser, email);
  await team.goto("/en/exhibitor/rfqs");
  await team.getByRole("link", { name: subject }).first().click();
  await expect(team.getByText("Gewürzhaus Nord GmbH")).toBeVisible();
  await team.getByLabel("Product", { exact: true }).selectOption({ index: 1 });
  await team.getByLabel("Price per kg in rupees").fill(price);
  await team.getByLabel("Incoterm", { exact: true }).selectOption("CIF");
  await team.getByLabel(/Lead time in days/).fill("21");
  await team.getByLabel("Valid until", { exact: true }).fill(day(10));
  if (deposit) {
    await team.getByLabel("A deposit now, the balance before shipping").check();
    await team.getByLabel(/Deposit \(%/).fill(deposit);
  } else {
    await team.getByLabel("In full when the order is placed").check();
  }
  await team.getByRole("button", { name: "Send quote" }).click();
  await expect(team.getByRole("heading", { name: /Your quote/ })).toBeVisible();
  return team;
}

test("an importer asks a hall for quotes, compares them and pays a deposit", async ({ browser, page }, info) => {
  test.setTimeout(120_000);
  const run = `${info.project.name}-${Date.now()}`;
  const buyer = `greta-${run}@gewuerzhaus.example`;
  const subject = `Zwei Tonnen Pfeffer ${run}`;

  // A hosted buyer the council set up (sign-ups from one address are limited, and the other
  // journeys sign up already); a business profile first.
  serverCli(["admin", "create-buyer", "--email", buyer, "--name", "Greta Nord"]);
  await page.goto("/en/account/signin");
  await page.getByLabel("Email").fill(buyer);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/en\/account$/);
  await page.goto("/de/account");
  await page.getByLabel("Unternehmen", { exact: true }).fill("Gewürzhaus Nord GmbH");
  await page.getByLabel("Land des Unternehmens").selectOption("DE");
  await page.getByLabel("Ihre Geschäftstätigkeit").selectOption("importer");
  await page.getByLabel("Jährliches Einkaufsvolumen").selectOption("to_1m");
  await page.getByRole("button", { name: "Unternehmensprofil speichern" }).click();
  await expect(page).toHaveURL(/\/de\/account#business$/);

  // The request, to the whole hall: routed by HS heading 0904 (pepper).
  await page.goto(`/de/halls/${HALL}`);
  await page.getByRole("link", { name: "Angebote bei dieser Halle anfragen" }).click();
  await page.getByLabel("Was Sie suchen").fill(subject);
  await page.getByLabel("HS-Position (optional)").fill("0904");
  await page.getByLabel("Menge", { exact: true }).fill("2000");
  await page.getByLabel("Einheit").selectOption("kg");
  await page.getByLabel("Bestimmungshafen oder -ort").fill("Hamburg");
  await page.getByLabel("Zielland").selectOption("DE");
  await page.getByLabel("Incoterm").selectOption("CIF");
  await page.getByLabel("Benötigt bis").fill(day(60));
  await page.getByRole("button", { name: "Anfrage senden" }).click();
  await expect(page).toHaveURL(/\/de\/rfqs\/RFQ-[0-9A-F]{10}$/);
  const rfqPage = new URL(page.url()).pathname;
  const recipients = page.getByRole("region", { name: "Empfänger" });
  await expect(recipients).toContainText("Malabar Coast Spice Co.");
  await expect(recipients).toContainText("Guntur Sannam Traders");
  await expect(recipients).not.toContainText("Nilgiri Leaf Tea Estates");

  // Two booths quote: Malabar with a 30 % deposit, Guntur in full.
  const malabar = `malabar-${run}@booth.example`;
  const guntur = `guntur-${run}@booth.example`;
  serverCli(["admin", "create-exhibitor", "--email", malabar, "--name", "Ravi Menon", "--booth", MALABAR, "--role", "owner"]);
  serverCli(["admin", "create-exhibitor", "--email", guntur, "--name", "Lakshmi Rao", "--booth", GUNTUR, "--role", "owner"]);
  const malabarTeam = await quote(browser, malabar, subject, "980", "30");
  // The booth's page of the request, in Chinese.
  await malabarTeam.goto(malabarTeam.url().replace("/en/", "/zh/"));
  await expect(malabarTeam.getByText("Gewürzhaus Nord GmbH")).toBeVisible();
  await malabarTeam.screenshot({ path: `test-results/screens/${info.project.name}-rfq-booth-zh.png`, fullPage: true });
  const gunturTeam = await quote(browser, guntur, subject, "1010", null);
  await gunturTeam.close();

  // Side by side, with the landed price; Arabic reads the same page right to left.
  await page.goto(rfqPage);
  const table = page.getByTestId("quote-table");
  await expect(table.getByRole("columnheader", { name: /Malabar Coast Spice Co\./ })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: /Guntur Sannam Traders/ })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: /Einstandspreis/ })).toBeVisible();
  await page.screenshot({ path: `test-results/screens/${info.project.name}-rfq-de.png`, fullPage: true });
  await page.goto(rfqPage.replace("/de/", "/ar/"));
  await expect(page.getByTestId("quote-table")).toBeVisible();
  await page.screenshot({ path: `test-results/screens/${info.project.name}-rfq-ar.png`, fullPage: true });

  // Accept Malabar's quote and pay the deposit.
  await page.goto(rfqPage);
  // The booth's name is isolated in the sentence (so it reads whole right to left).
  await page.getByLabel(/Malabar Coast Spice Co\..*30 % Anzahlung/).check();
  await page.getByLabel("Name des Empfängers").fill("Greta Nord");
  await page.getByLabel(/Lieferadresse/).fill("Am Sandtorkai 1, 20457 Hamburg");
  await page.getByRole("button", { name: "Annehmen und bezahlen" }).click();
  await expect(page).toHaveURL(/\/pay\/test\/ps_/);
  await page.getByTestId("approve").click();
  await expect(page.getByTestId("order-state")).toBeVisible();
  const instalments = page.getByTestId("instalments");
  await expect(instalments).toContainText("Anzahlung");
  await expect(page.getByRole("button", { name: /Restbetrag/ })).toBeVisible();
  await page.screenshot({ path: `test-results/screens/${info.project.name}-deposit-paid-de.png`, fullPage: true });

  // The booth sees the importer won.
  await malabarTeam.goto("/en/exhibitor/leads?kind=rfq");
  const lead = malabarTeam.getByRole("article", { name: "Greta Nord" }).first();
  await expect(lead).toContainText("Gewürzhaus Nord GmbH");
  await expect(lead.getByLabel("Status")).toHaveValue("won");
  await malabarTeam.close();
});
