import { expect, test } from "@playwright/test";
import { serverCli, signIn, signedIn } from "./support";

// Creators through the real forms, with and without JavaScript: a buyer narrows the
// directory to a market; a person becomes a creator (a refused form first, its problems by
// their fields); a council lists the new creator, who then shows among the council-listed
// creators of their market. Screenshots of the directory and a creator's page in Arabic
// (right to left) and Chinese, on a desktop and a phone.

test("a person becomes a creator, a council lists them, buyers find them", async ({ page, browser }, info) => {
  test.setTimeout(90_000);
  const js = info.project.name === "hydrated";
  const run = `${info.project.name}-${Date.now()}`;
  const curator = `curator-${run}@epch.example`;
  serverCli(["admin", "create-curator", "--email", curator, "--name", "Anita Curator", "--council", "epch"]);

  // A buyer narrows the directory to Saudi Arabia.
  await page.goto("/en/creators");
  await page.getByLabel("Market").selectOption("SA");
  await page.getByRole("button", { name: "Show creators" }).click();
  await expect(page).toHaveURL(/market=SA/);
  const cards = page.getByTestId("creator-card");
  await expect(cards.filter({ hasText: "Fatima Al-Sayed" })).toHaveCount(1);
  await expect(cards.filter({ hasText: "Noura Al-Harbi" })).toHaveCount(1);
  await expect(cards.filter({ hasText: "Li Wei" })).toHaveCount(0);

  // A person (an account made by the server's command line: the journeys' sign-ups share one
  // address's limit) signs in and opens the creator form from the directory.
  const person = `aiko-${run}@creator.example`;
  serverCli(["admin", "create-curator", "--email", person, "--name", "Aiko Tanaka", "--council", "aepc"]);
  await signIn(page, person);
  await page.goto("/en/creators");
  await page.getByRole("link", { name: "Become a creator" }).click();
  await expect(page).toHaveURL(/\/en\/creator$/);

  // Sent without markets or a rate: refused, the problems next to their fields.
  await page.getByLabel("Headline").fill("Craft buyer for Japanese homes");
  await page.getByLabel("Bio in English").fill("Aiko films Indian makers for Japanese interior shops.");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expect(page.locator("#markets-error")).toHaveText("Choose at least one.");
  await expect(page.locator("#fee-error")).toHaveText("Enter a fee, a commission, or both.");
  await expect(page.getByLabel("Headline")).toHaveValue("Craft buyer for Japanese homes");

  await page.locator('input[name="markets"][value="JP"]').check();
  await page.locator('input[name="languages"][value="ja"]').check();
  await page.locator('input[name="languages"][value="en"]').check();
  await page.locator('input[name="categories"][value="handicrafts-and-home"]').check();
  await page.getByLabel("Commission (%)").fill("8");
  await page.getByLabel("Followers on Instagram").fill("42000");
  await page.getByLabel("Handle on Instagram").fill("@aiko.homes");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page).toHaveURL(/\/en\/creators\/aiko-tanaka(-\d+)?$/);
  const profile = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aiko Tanaka");
  await expect(page.getByTestId("rate-card")).toContainText("8 %");
  await expect(page.getByTestId("record")).toContainText("Streams hosted");

  // The council lists the new creator.
  const board = await signedIn(browser, curator, js);
  await board.goto(profile);
  await expect(board.getByTestId("listing")).toHaveText(/List as vetted by/);
  await board.getByTestId("listing").click();
  await expect(board.getByTestId("listings")).toContainText("Listed by Export Promotion Council for Handicrafts");
  await expect(board.getByTestId("listings")).toContainText("vetted by Anita Curator");
  await expect(board.getByTestId("listing")).toHaveText(/Withdraw/);

  // Among the council-listed creators for Japan.
  await page.goto("/en/creators");
  await page.getByLabel("Market").selectOption("JP");
  await page.getByLabel("Council-listed only").check();
  await page.getByRole("button", { name: "Show creators" }).click();
  await expect(page).toHaveURL(/vetted=1/);
  await expect(page.locator(`[data-testid="creator-card"] a[href="${profile}"]`)).toHaveCount(1);
  await expect(page.getByTestId("creator-card").filter({ hasText: "Kenji Sato" })).toHaveCount(1);

  if (js) {
    for (const [locale, path, name] of [
      ["ar", "/creators", "directory"],
      ["zh", "/creators", "directory"],
      ["ar", "/creators/fatima-al-sayed", "profile"],
      ["zh", "/creators/li-wei", "profile"],
    ]) {
      await page.goto(`/${locale}${path}`);
      await page.screenshot({ path: `test-results/screens/creators-${name}-${locale}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/ar/creators/noura-al-harbi");
    await page.screenshot({ path: "test-results/screens/creators-profile-ar-phone.png", fullPage: true });
    await page.goto("/zh/creator");
    await page.screenshot({ path: "test-results/screens/creators-form-zh-phone.png", fullPage: true });
  }
});
