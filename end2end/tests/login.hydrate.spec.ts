import { test, expect, signedInAs, ready, PASSWORD, ROOT_PASSWORD } from "./fixtures";

test("signing in and out", async ({ page, errors }) => {
  await signedInAs(page, "postmaster", ROOT_PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("who-role")).toHaveText("Provider administrator");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, postmaster");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  // The session is gone: pages send us back to sign in.
  await page.goto("/admins");
  await expect(page).toHaveURL(/\/login\?next=%2Fadmins|\/login\?next=\/admins/);
  await ready(page);
  // Signing in from there returns to the page asked for.
  await page.getByLabel("User name").fill("company_admin@example.com");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admins$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Admins");
});
