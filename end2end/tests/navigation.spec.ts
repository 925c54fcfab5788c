import { test, expect, signIn, signedInAs, ready, ROOT_PASSWORD } from "./fixtures";

test("signed-out visitors are sent to the sign-in page", async ({ page, errors }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to Postroom");
});

test("a mailbox owner sees no admin screens", async ({ page, errors }) => {
  await signedInAs(page, "joe@example.com");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Home" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Admins" })).toHaveCount(0);
  await expect(page.getByTestId("who-role")).toHaveText("Mailbox owner");
  await expect(page.getByRole("group", { name: "Users" })).toContainText("1");
  // Typing the address does not help: the server refuses the data.
  await page.goto("/admins");
  await expect(page.getByRole("alert")).toContainText("not allowed");
});

test("a token-only admin sees no admin screens", async ({ page, errors }) => {
  await signedInAs(page, "tok@example.com");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admins" })).toHaveCount(0);
  await expect(page.getByTestId("who-role")).toHaveText("Company token only · Example Corp");
});

test("a domain admin sees its scope and the admins screen", async ({ page, errors }) => {
  await signedInAs(page, "domain_admin@example.com");
  await expect(page.getByTestId("who-role")).toHaveText("Domain administrator · example.com");
  await expect(page.getByTestId("home-role")).toHaveText("Domain administrator of example.com");
  await expect(page.getByRole("group", { name: "Domains" })).toContainText("1");
  await expect(page.getByRole("group", { name: "Users" })).toContainText("13");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admins" }).click();
  await expect(page).toHaveURL(/\/admins$/);
  await expect(page.getByRole("table", { name: "Admins" })).toBeVisible();
});

test("the provider sees every company", async ({ page, errors }) => {
  await signedInAs(page, "postmaster", ROOT_PASSWORD);
  await expect(page.getByRole("group", { name: "Companies" })).toContainText("2");
  await expect(page.getByRole("group", { name: "Domains" })).toContainText("3");
  await expect(page.getByRole("group", { name: "Users" })).toContainText("17");
});
