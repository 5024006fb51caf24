import { expect, test, type Page } from "@playwright/test";

// The browse journey: home → hall → booth → product, the same with and without JavaScript.

async function shot(page: Page, name: string, project: string) {
  await page.screenshot({ path: `test-results/screens/${project}-${name}.png`, fullPage: true });
}

test("home shows halls, featured booths, live now and what's next", async ({ page }, info) => {
  const response = await page.goto("/");
  expect(response?.url()).toMatch(/\/en\/$/);
  await expect(page).toHaveTitle(/India Pavilion/);
  await expect(page.getByRole("heading", { level: 1, name: "Source from India, live." })).toBeVisible();
  const halls = page.getByRole("region", { name: "The halls" });
  await expect(halls.getByRole("heading", { level: 3 })).toHaveCount(6);
  await expect(page.getByRole("region", { name: "Live now" }).getByRole("link").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Coming up" }).getByText(/Starts in/).first()).toBeVisible();
  const canonical = await page.locator('link[rel="canonical"]').getAttribute("href");
  expect(canonical).toMatch(/\/en\/$/);
  await shot(page, "home", info.project.name);
});

test("browse from home to a hall, a booth and a product", async ({ page }, info) => {
  await page.goto("/en/");
  await page.getByRole("link", { name: "Spices & Tea", exact: true }).click();
  await expect(page).toHaveURL(/\/en\/halls\/spices-and-tea$/);
  await expect(page.getByRole("heading", { level: 1, name: "Spices & Tea" })).toBeVisible();
  await expect(page.getByText("Curated by Spices Board India")).toBeVisible();
  // The floor plan's booths are links too, with the list as their equivalent.
  // (Other journeys may have opened booths here; the demo has four.)
  const listed = await page.locator(".booth-grid .booth-card").count();
  expect(listed).toBeGreaterThanOrEqual(4);
  await expect(page.getByRole("group", { name: /Floor plan of Spices & Tea/ }).getByRole("link")).toHaveCount(listed);
  await shot(page, "hall", info.project.name);

  await page.getByRole("heading", { level: 3 }).getByRole("link", { name: "Malabar Coast Spice Co." }).click();
  await expect(page).toHaveURL(/\/en\/booths\/malabar-coast-spice-co$/);
  await expect(page.getByRole("heading", { level: 1, name: "Malabar Coast Spice Co." })).toBeVisible();
  await expect(page.getByRole("list", { name: "Verified credentials" })).toContainText("IEC verified");
  await shot(page, "booth", info.project.name);

  await page.getByRole("link", { name: "Tellicherry Black Pepper, Extra Bold" }).click();
  await expect(page).toHaveURL(/\/en\/products\/tellicherry-black-pepper-extra-bold$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tellicherry Black Pepper, Extra Bold");
  // An en-US browser sees dollars, with the rupee list price beside them.
  await expect(page.getByTestId("price")).toHaveText("$17.22");
  await expect(page.getByTestId("price-inr")).toHaveText("Listed at ₹1,450.00");
  const description = await page.locator('meta[name="description"]').getAttribute("content");
  expect(description).toContain("TGSEB");
  await shot(page, "product", info.project.name);
});

test("an unknown booth is a real 404 page", async ({ page }, info) => {
  const response = await page.goto("/en/booths/no-such-booth");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "This stall is empty" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the pavilion" }).click();
  await expect(page).toHaveURL(/\/en\/$/);
  await shot(page, "not-found", info.project.name);
});

test("an unknown locale is a 404 too", async ({ page }) => {
  const response = await page.goto("/xx/halls/seafood");
  expect(response?.status()).toBe(404);
});

test("gallery thumbnails are links that work without JavaScript", async ({ page }) => {
  await page.goto("/en/products/kashmiri-mongra-saffron-grade-a");
  await page.getByRole("link", { name: /Show image 3 of 3/ }).click();
  await expect(page.locator(".gallery__main")).toHaveAttribute("src", /-3\.svg$/);
});
