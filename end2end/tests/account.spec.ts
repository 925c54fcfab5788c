import { test, expect, signedInAs } from "./fixtures";

const tabs = (page) => page.getByRole("navigation", { name: "Account" });

test("an account's settings show in sections, with domain defaults and inherited values; read-only roles cannot change them", async ({ page, errors }) => {
  await signedInAs(page, "ro@example.com");
  await page.goto("/users/jane@example.com");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("jane@example.com");
  await expect(page.locator("dl.facts")).toContainText("mailbox");
  await expect(tabs(page).getByRole("link")).toHaveText([
    "Account", "Delivery", "Out of office", "Aliases", "Allow/block", "Spam", "Services & quota", "Advanced", "Mail", "Deleted mail",
    "Stats", "History",
  ]);
  await expect(page.getByLabel(/^Name/)).toHaveValue("Jane User");
  await expect(page.getByLabel(/^Name/)).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save settings" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete account" })).toHaveCount(0);

  await tabs(page).getByRole("link", { name: "Spam" }).click();
  await expect(page).toHaveURL(/tab=spam/);
  await expect(page.getByLabel(/^Spam folder/)).toHaveAttribute("placeholder", /Spam/);
  await expect(page.getByLabel(/^Name/)).toHaveCount(0);

  await tabs(page).getByRole("link", { name: "Delivery" }).click();
  const delivery = page.getByLabel(/^Incoming mail is/);
  await expect(delivery).toHaveValue("local");
  await expect(delivery.locator("option")).toHaveText([
    "Kept in the mailbox", "Kept in the mailbox and forwarded", "Forwarded only (no copy kept)",
  ]);

  await tabs(page).getByRole("link", { name: "History" }).click();
  await expect(page.getByRole("table", { name: "Change history" })).toContainText("created jane@example.com");
  await page.getByLabel("Show").selectOption("name");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/attribute=name/);
  // The demo data was loaded, not changed.
  await expect(page.getByText("Name has not been changed since the account was created.")).toBeVisible();
});

test("a mailbox owner sees only its own account, and only what it may change", async ({ page, errors }) => {
  await signedInAs(page, "joe@example.com");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("joe@example.com");
  await expect(tabs(page).getByRole("link")).toHaveText([
    "Account", "Password", "Delivery", "Out of office", "Allow/block", "Spam", "Advanced", "Mail", "Deleted mail", "Stats", "History",
  ]);
  await expect(page.getByLabel(/^Name/)).toBeEnabled();
  await expect(page.getByLabel(/^Workgroup/)).toHaveCount(0);
  await expect(page.getByText(/Users of example\.com/)).toHaveCount(0);
  await page.goto("/users/joe@example.com?tab=services");
  await expect(page.getByText("Nothing here for you to change.")).toBeVisible();
  await expect(page.getByLabel(/^Quota/)).toHaveCount(0);
  await page.goto("/users/jane@example.com");
  await expect(page.getByRole("alert")).toContainText("not allowed");
});
