import { execFileSync } from "node:child_process";
import { expect, type Page, test } from "@playwright/test";

// The curation story through the real forms, with and without JavaScript: an exporter
// applies, the council asks for changes, the exporter resubmits, the council approves and
// verifies a certificate, and the booth appears on the hall's floor plan with its badge.

const PASSWORD = "correct horse battery";
// A 4×3 PNG, standing in for a photograph from a phone.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAFElEQVR4nGPUqzVigAEmBiSAwgEAIIkA46Y7NOUAAAAASUVORK5CYII=",
  "base64",
);

/** The server's own command line, against the database the running server uses. */
function serverCli(args: string[]): string {
  const bin = process.env.PAVILION_SERVER_BIN;
  if (!bin) throw new Error("PAVILION_SERVER_BIN is not set (scripts/test.sh sets it)");
  return execFileSync(bin, args, {
    env: { ...process.env, PAVILION_PASSWORD: PASSWORD },
    encoding: "utf8",
  });
}

async function signIn(page: Page, email: string) {
  await page.goto("/en/account/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/en\/account$/);
}

async function signOut(page: Page) {
  await page.goto("/en/account");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/en\/$/);
}

test("an exporter applies and the council curates the booth onto the floor plan", async ({ page }, info) => {
  test.setTimeout(90_000);
  const run = `${info.project.name}-${Date.now()}`;
  const curator = `curator-${run}@spices.example`;
  const exporter = `exporter-${run}@idukki.example`;
  const company = `Idukki Estate ${run}`;
  serverCli(["admin", "create-curator", "--email", curator, "--name", "Meera Curator", "--council", "spices-board"]);

  // The exporter signs up and finds the call for exhibitors on the hall page.
  await page.goto("/en/account/signup");
  await page.getByLabel("Your name").fill("Lakshmi Nair");
  await page.getByLabel("Email").fill(exporter);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/en\/account$/);
  await page.goto("/en/halls/spices-and-tea");
  await page.getByRole("link", { name: "Call for exhibitors" }).click();
  await expect(page).toHaveURL(/\/en\/halls\/spices-and-tea\/apply$/);

  // A mistyped GSTIN and a short FSSAI number come back next to their fields.
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("City").fill("Kumily");
  await page.getByLabel("State").fill("Kerala");
  await page.getByLabel("Year founded").fill("2004");
  await page.getByLabel("IEC (Importer-Exporter Code)").fill("AAPFU0939F");
  await page.getByLabel("GSTIN").fill("27AAPFU0939F1ZW");
  await page.getByLabel("What you export").fill("Green cardamom and black pepper from our own estate.");
  await page.getByLabel("Markets you sell to").fill("UAE, Germany");
  await page.getByLabel("Contact name").fill("Lakshmi Nair");
  await page.getByLabel("Phone").fill("+91 4869 222 333");
  await page.locator("#cert_kind_1").selectOption("fssai");
  await page.locator("#cert_number_1").fill("1001234567890");
  await page.locator("#cert_expires_1").fill("2031-03-31");
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByRole("alert")).toHaveText("Please correct the marked fields.");
  await expect(page.getByLabel("GSTIN")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("This GSTIN's last character does not match")).toBeVisible();
  await expect(page.getByText("An FSSAI licence number has exactly 14 digits.")).toBeVisible();
  await page.screenshot({ path: `test-results/screens/${info.project.name}-apply-errors.png`, fullPage: true });
  await page.getByLabel("GSTIN").fill("27AAPFU0939F1ZV");
  await page.locator("#cert_number_1").fill("10012345678901");
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByText("The council is reviewing your application")).toBeVisible();
  await signOut(page);

  // The curator asks for changes, with a reason.
  await signIn(page, curator);
  await page.getByRole("link", { name: "Curator console" }).click();
  await page.getByRole("link", { name: company }).click();
  await page.getByLabel("Reason").fill("Please add your Spices Board registration.");
  await page.getByRole("button", { name: "Request changes" }).click();
  await expect(page.getByText("Changes requested").first()).toBeVisible();
  await signOut(page);

  // The exporter reads the reason and resubmits.
  await signIn(page, exporter);
  await page.goto("/en/halls/spices-and-tea/apply");
  await expect(page.getByText("Please add your Spices Board registration.")).toBeVisible();
  await expect(page.getByLabel("Company name")).toHaveValue(company);
  await page.locator("#cert_kind_2").selectOption("spices-board");
  await page.locator("#cert_number_2").fill("SB/CRES/2025/0042");
  await page.locator("#cert_expires_2").fill("2030-12-31");
  await page.getByRole("button", { name: "Resubmit application" }).click();
  await expect(page.getByText("The council is reviewing your application")).toBeVisible();
  await signOut(page);

  // The curator approves and verifies the FSSAI licence.
  await signIn(page, curator);
  await page.goto("/en/curator");
  await page.getByRole("link", { name: company }).click();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("heading", { level: 1, name: company })).toBeVisible();
  await page.getByRole("button", { name: "Verify — FSSAI licensed" }).click();
  await expect(page.getByRole("button", { name: "Withdraw verification" })).toBeVisible();
  await page.screenshot({ path: `test-results/screens/${info.project.name}-curator-booth.png`, fullPage: true });
  await page.goto("/zh/curator");
  await page.screenshot({ path: `test-results/screens/${info.project.name}-zh-curator.png`, fullPage: true });
  await signOut(page);

  // The exhibitor adds a product, with a photograph.
  await signIn(page, exporter);
  await page.getByRole("link", { name: "Exhibitor console" }).click();
  await page.getByRole("link", { name: "Add a product" }).click();
  await page.getByLabel("Product name").fill("Estate Green Cardamom 8mm");
  await page.getByLabel("Category").fill("Spices");
  await page.getByLabel("Unit", { exact: true }).fill("500 g pouch");
  await page.getByLabel("Summary").fill("Bold green pods, hand-sorted.");
  await page.getByLabel("Description").fill("Hand-sorted 8 mm pods from our estate in Kumily.");
  await page.getByLabel("Price in rupees (INR)").fill("1250.5");
  await page.getByLabel("Stock", { exact: true }).fill("-3");
  await page.getByLabel("HS code").fill("0908.31");
  await page.getByLabel("Shipping weight (grams)").fill("520");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("This number is out of range.")).toBeVisible();
  await page.getByLabel("Stock", { exact: true }).fill("40");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/en\/exhibitor\/products\/estate-green-cardamom-8mm/);
  await page.getByLabel("Add a photograph").setInputFiles({ name: "pods.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.locator(".picture-strip img").first()).toHaveAttribute("src", /^\/media\/uploads\/[0-9a-f]{64}\.jpg$/);
  await page.screenshot({ path: `test-results/screens/${info.project.name}-product-form.png`, fullPage: true });
  await signOut(page);

  // Buyers find the booth on the floor plan, with its verified badge and the new product.
  await page.goto("/en/halls/spices-and-tea");
  await expect(page.locator(`.floor-plan__map a[aria-label^="${company}"]`)).toHaveCount(1);
  await page.locator(`.floor-plan__map a[aria-label^="${company}"]`).click();
  await expect(page.getByRole("heading", { level: 1, name: company })).toBeVisible();
  await expect(page.getByText("FSSAI licensed").first()).toBeVisible();
  await page.getByRole("link", { name: /Estate Green Cardamom 8mm/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Estate Green Cardamom 8mm" })).toBeVisible();
});

test("the call for exhibitors reads right to left in Arabic", async ({ page }, info) => {
  const admin = `admin-${info.project.name}-${Date.now()}@pavilion.example`;
  serverCli(["admin", "create-admin", "--email", admin, "--name", "Operator"]);
  await signIn(page, admin);
  await page.goto("/ar/halls/spices-and-tea/apply");
  await page.getByRole("button", { name: "تقديم الطلب" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByText("املأ هذا الحقل.").first()).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("اعرض في");
  await page.screenshot({ path: `test-results/screens/${info.project.name}-ar-apply.png`, fullPage: true });
});
