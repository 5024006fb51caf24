import { expect, test } from "@playwright/test";

// Accounts through the real forms, with and without JavaScript.
test("a buyer signs up, sees the account, signs out and back in", async ({ page }, info) => {
  const email = `buyer-${info.project.name}-${Date.now()}@example.com`;
  await page.goto("/en/");
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByRole("link", { name: /Create an account/ }).click();
  await expect(page).toHaveURL(/\/en\/account\/signup$/);

  // A bad form comes back with the problems next to their fields.
  await page.getByLabel("Your name").fill("Ana Buyer");
  await page.getByLabel("Email").fill("not-an-email@x");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert")).toHaveText("Please correct the marked fields.");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Passwords need 10 to 128 characters.")).toBeVisible();
  await page.screenshot({ path: `test-results/screens/${info.project.name}-signup-errors.png`, fullPage: true });

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/en\/account$/);
  await expect(page.getByText("Signed in as Ana Buyer")).toBeVisible();
  await expect(page.getByRole("link", { name: "Ana Buyer" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/en\/$/);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/ar/account/signin");
  await page.getByLabel("البريد الإلكتروني").fill(email);
  await page.getByLabel("كلمة المرور").fill("wrong password here");
  await page.getByRole("button", { name: "تسجيل الدخول" }).click();
  await expect(page.getByRole("alert")).toHaveText("البريد الإلكتروني وكلمة المرور لا يطابقان أي حساب.");
  await page.screenshot({ path: `test-results/screens/${info.project.name}-ar-signin-error.png`, fullPage: true });
  await page.getByLabel("كلمة المرور").fill("correct horse battery");
  await page.getByRole("button", { name: "تسجيل الدخول" }).click();
  await expect(page).toHaveURL(/\/ar\/account$/);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
});
