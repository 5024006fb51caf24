import { expect, test } from "@playwright/test";
import { serverCli, signIn, signedIn } from "./support";

// A collaboration through the real forms, with and without JavaScript: an exporter invites
// a creator from the creator's page with terms; the creator counters at a higher commission;
// the exporter accepts the counter, which is then in force, and both see every version.
// Screenshots of the collaboration and the booth's list in Arabic (right to left) and
// Chinese, on a desktop and a phone.

const BOOTH = "punjab-basmati-mills";

test("an exporter invites a creator, the creator counters, the exporter accepts", async ({ page, browser }, info) => {
  test.setTimeout(150_000);
  const js = info.project.name === "hydrated";
  const run = `${info.project.name}-${Date.now()}`;
  const exporter = `exporter-${run}@basmati.example`;
  serverCli(["admin", "create-exhibitor", "--email", exporter, "--name", "Harpreet Gill", "--booth", BOOTH]);

  // The creator-to-be (an account made by the server's command line: the journeys' sign-ups
  // share one address's limit) makes a profile.
  const person = `zara-${run}@creator.example`;
  serverCli(["admin", "create-curator", "--email", person, "--name", "Zara Haddad", "--council", "aepc"]);
  await signIn(page, person);
  await page.goto("/en/creator");
  await page.getByLabel("Headline").fill("Arabic food host for the Gulf");
  await page.getByLabel("Bio in English").fill("Zara cooks Indian rice dishes for Gulf families.");
  await page.locator('input[name="markets"][value="AE"]').check();
  await page.locator('input[name="languages"][value="ar"]').check();
  await page.locator('input[name="categories"][value="processed-food"]').check();
  await page.getByLabel("Commission (%)").fill("9");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page).toHaveURL(/\/en\/creators\/zara-haddad(-\d+)?$/);
  const profile = new URL(page.url()).pathname;

  // The exporter invites her from her page: one stream of 60 minutes for the UAE in Arabic.
  const booth = await signedIn(browser, exporter, js);
  await booth.goto(profile);
  await booth.getByTestId("invite").click();
  await expect(booth.getByRole("heading", { level: 1 })).toHaveText(/Invite Zara Haddad/);
  await expect(booth.getByLabel("Commission (%)")).toHaveValue("9");
  // Without a product: refused, said next to the products.
  await booth.getByRole("button", { name: "Send the invitation" }).click();
  await expect(booth.locator("#products-error")).toHaveText("Choose at least one.");
  await booth.locator('input[name="products"]').first().check();
  await booth.getByLabel("Commission (%)").fill("8");
  await booth.getByLabel("Fee per stream (₹)").fill("20000");
  await booth.getByLabel("Streams").fill("1");
  await booth.getByLabel("Minutes per stream").fill("60");
  await booth.getByLabel("Market").selectOption("AE");
  await booth.getByLabel("Language on stream").selectOption("ar");
  await booth.getByLabel("Anything else").fill("Biryani with our 1121 basmati, for Eid.");
  await booth.getByRole("button", { name: "Send the invitation" }).click();
  await expect(booth).toHaveURL(/\/en\/collaborations\/\d+$/);
  const collaboration = new URL(booth.url()).pathname;
  await expect(booth.locator("[data-state]").first()).toHaveText("Awaiting an answer");
  await expect(booth.getByRole("heading", { name: "Version 1 awaits the other side" })).toBeVisible();

  // The creator finds it awaiting her and counters at 10 %.
  await page.goto("/en/creator/collaborations");
  const row = page.getByTestId("collaboration-row").filter({ hasText: "Punjab Basmati Mills" });
  await expect(row).toContainText("Your answer");
  await row.getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`${collaboration}$`));
  await expect(page.getByTestId("awaiting-you")).toContainText("Version 1 awaits your answer");
  await expect(page.getByTestId("terms")).toContainText("₹20,000.00");
  await page.getByLabel("Commission (%)").fill("10");
  await page.getByRole("button", { name: "Send these terms" }).click();
  await expect(page).toHaveURL(/#version-2$/);
  await expect(page.getByTestId("terms")).toHaveCount(2);
  await expect(page.getByTestId("terms").first()).toContainText("10 %");

  // The exporter accepts the counter: version 2 is in force, version 1 was countered.
  await booth.goto(collaboration);
  await expect(booth.getByTestId("awaiting-you")).toContainText("Version 2 awaits your answer");
  await booth.getByTestId("accept").click();
  await expect(booth.locator("[data-state]").first()).toHaveText("Agreed");
  const versions = booth.getByTestId("terms");
  await expect(versions.first()).toContainText("In force");
  await expect(versions.first().getByTestId("outcome")).toContainText("Accepted");
  await expect(versions.nth(1).getByTestId("outcome")).toContainText("Countered");
  await page.goto("/en/creator/collaborations");
  await expect(page.getByTestId("collaboration-row").filter({ hasText: "Punjab Basmati Mills" })).toContainText("Agreed");

  // She makes a tracked link to the agreed product; a buyer follows it, buys ex works and
  // pays; the order says through whose link, and her links page counts the click, the order
  // and her commission.
  await page.goto("/en/creator/links");
  await expect(page.getByText("No links yet: make one below.")).toBeVisible();
  const agreed = await page.locator("#target optgroup").nth(1).locator("option").first().getAttribute("value");
  await page.getByLabel("Leads to").selectOption(agreed ?? "");
  await page.getByLabel("Label").fill("Instagram bio");
  await page.getByRole("button", { name: "Make the link" }).click();
  await expect(page).toHaveURL(/\/en\/creator\/links#link-[a-z0-9]{8}$/);
  const shared = page.getByTestId("link").first();
  await expect(shared).toContainText("Instagram bio");
  const address = new URL((await shared.locator(".link-table__url").textContent())!.trim());
  const buyers = await browser.newContext({ javaScriptEnabled: js });
  const buyer = await buyers.newPage();
  await buyer.goto(address.pathname);
  await expect(buyer).toHaveURL(/\/en\/products\/[a-z0-9-]+$/);
  await buyer.getByRole("button", { name: "Buy now" }).click();
  await expect(buyer).toHaveURL(/\/en\/checkout\?product=/);
  await buyer.getByLabel("Email").fill(`link-buyer-${run}@example.com`);
  await buyer.getByLabel(/EXW · Ex works/).check();
  await buyer.getByTestId("pay").click();
  await buyer.getByTestId("approve").click();
  await expect(buyer).toHaveURL(/\/en\/orders\/PV-[A-Z0-9]+\?key=ok_/);
  await expect(buyer.getByTestId("via-link")).toHaveText("Bought through Zara Haddad’s link");
  await buyers.close();
  await page.goto("/en/creator/links");
  const cells = page.getByTestId("link").first().locator("td");
  await expect(cells.nth(1)).toHaveText("1");
  await expect(cells.nth(2)).toHaveText("1");
  // Ten per cent of the goods, to the paisa: at least a rupee.
  await expect(cells.nth(4)).toHaveText(/^₹[1-9][\d,]*\.\d{2}$/);
  const earned = await cells.nth(4).textContent();
  // Her statement: the same commission, pending until the order is delivered and its return
  // window has passed.
  await page.goto("/en/creator/collaborations");
  await page.getByRole("link", { name: "Your earnings" }).click();
  await expect(page).toHaveURL(/\/en\/creator\/earnings$/);
  await expect(page.getByTestId("pending")).toHaveText(earned ?? "");
  await expect(page.getByTestId("earning")).toHaveCount(1);
  await expect(page.getByTestId("earning")).toHaveAttribute("data-standing", "pending");

  if (js) {
    for (const locale of ["ar", "zh"]) {
      await page.goto(`/${locale}/creator/links`);
      await page.screenshot({ path: `test-results/screens/links-${locale}.png`, fullPage: true });
      await page.goto(`/${locale}/creator/earnings`);
      await page.screenshot({ path: `test-results/screens/earnings-${locale}.png`, fullPage: true });
      await booth.goto(`/${locale}${collaboration.replace(/^\/en/, "")}`);
      await booth.screenshot({ path: `test-results/screens/collaboration-${locale}.png`, fullPage: true });
      await booth.goto(`/${locale}/exhibitor/collaborations`);
      await booth.screenshot({ path: `test-results/screens/collaborations-booth-${locale}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/ar/creator/collaborations");
    await page.screenshot({ path: "test-results/screens/collaborations-creator-ar-phone.png", fullPage: true });
  }
});
