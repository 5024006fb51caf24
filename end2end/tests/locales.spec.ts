import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

// Every page in other scripts and directions: Arabic right-to-left, Chinese, Hindi, with
// and without JavaScript; the UI strings come from the same files the build compiles.
const strings = (locale: string): Record<string, string> =>
  JSON.parse(readFileSync(join(__dirname, "..", "..", "app", "locales", `${locale}.json`), "utf8"));

async function shot(page: Page, name: string, project: string) {
  await page.screenshot({ path: `test-results/screens/${project}-${name}.png`, fullPage: true });
}

const visits = [
  { locale: "ar", dir: "rtl", hall: "المأكولات البحرية", product: "فلفل أسود تيليتشيري ممتاز", currency: /د\.إ/ },
  { locale: "zh", dir: "ltr", hall: "海产品", product: "代利杰里特级黑胡椒", currency: /¥\d/ },
  { locale: "hi", dir: "ltr", hall: "समुद्री खाद्य", product: "तेलीचेरी काली मिर्च, एक्स्ट्रा बोल्ड", currency: /₹1,450\.00/ },
];

for (const v of visits) {
  test(`the pavilion in ${v.locale}: home, hall, booth and product`, async ({ page }, info) => {
    const s = strings(v.locale);
    await page.goto(`/${v.locale}/`);
    await expect(page.locator("html")).toHaveAttribute("lang", v.locale);
    await expect(page.locator("html")).toHaveAttribute("dir", v.dir);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(s.home_heading);
    await expect(page.getByRole("heading", { level: 2, name: s.halls_title })).toBeVisible();
    await shot(page, `${v.locale}-home`, info.project.name);

    await page.goto(`/${v.locale}/halls/seafood`);
    await expect(page.locator("html")).toHaveAttribute("dir", v.dir);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(v.hall);
    await expect(page.getByRole("heading", { level: 2, name: s.floor_plan, exact: true })).toBeVisible();
    await shot(page, `${v.locale}-hall`, info.project.name);

    await page.goto(`/${v.locale}/booths/malabar-coast-spice-co`);
    await expect(page.getByRole("heading", { level: 2, name: s.about_company })).toBeVisible();
    await expect(page.getByRole("list", { name: s.verified_credentials })).toBeVisible();
    await shot(page, `${v.locale}-booth`, info.project.name);

    await page.goto(`/${v.locale}/products/tellicherry-black-pepper-extra-bold`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(v.product);
    await expect(page.getByRole("heading", { level: 2, name: s.description, exact: true })).toBeVisible();
    await expect(page.getByTestId("price")).toHaveText(v.currency);
    await shot(page, `${v.locale}-product`, info.project.name);
  });
}

test("untranslated content is marked, in the reader's language", async ({ page }) => {
  await page.goto("/ja/products/kanchipuram-silk-saree-temple-border");
  await expect(page.getByText(strings("ja").fallback_note)).toBeVisible();
  await expect(page.getByTestId("price")).toHaveText(/￥/);
});

test("the language switcher keeps the page and remembers the choice", async ({ page }) => {
  await page.goto("/en/products/tellicherry-black-pepper-extra-bold");
  await page.locator(".lang-menu summary").click();
  await page.getByRole("link", { name: "العربية" }).click();
  await expect(page).toHaveURL(/\/ar\/products\/tellicherry-black-pepper-extra-bold$/);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await page.goto("/");
  await expect(page).toHaveURL(/\/ar\/$/);
});

test("the currency form converts every price on the page", async ({ page }) => {
  await page.goto("/en/booths/malabar-coast-spice-co");
  await page.getByLabel("Currency", { exact: true }).selectOption("GBP");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\/en\/booths\/malabar-coast-spice-co$/);
  await expect(page.locator(".product-card .price").first()).toHaveText(/^£/);
});

test("search finds products in any script, from the header", async ({ page }, info) => {
  await page.goto("/zh/");
  await page.getByRole("searchbox", { name: strings("zh").search_label }).fill("黑胡椒");
  await page.getByRole("searchbox", { name: strings("zh").search_label }).press("Enter");
  await expect(page).toHaveURL(/\/zh\/search\?q=/);
  await expect(page.locator("mark").first()).toHaveText("黑胡椒");
  await expect(page.getByRole("link", { name: "代利杰里特级黑胡椒" })).toBeVisible();
  await shot(page, "zh-search", info.project.name);
  await page.goto("/ar/search?q=%D9%81%D9%84%D9%81%D9%84");
  await expect(page.locator("mark").first()).toHaveText("فلفل");
  await shot(page, "ar-search", info.project.name);
});

test("the home page on a phone", async ({ page }, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/hi/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await shot(page, "hi-home-phone", info.project.name);
});
