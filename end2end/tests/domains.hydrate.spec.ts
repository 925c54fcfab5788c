import { test, expect, signedInAs } from "./fixtures";

const table = (page, name = "Domains") => page.getByRole("table", { name });
const rows = (page, name = "Domains") => table(page, name).locator("tbody tr");

test("creating, deleting and restoring a domain", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/domains");
  const form = page.getByRole("region", { name: "New domain" });
  await form.getByLabel("Domain").fill("fresh.com");
  await form.getByRole("button", { name: "Create domain" }).click();
  await expect(form.getByRole("status")).toHaveText("Domain created.");
  await expect(rows(page)).toHaveCount(3);
  await form.getByLabel("Domain").fill("fresh.com");
  await form.getByRole("button", { name: "Create domain" }).click();
  await expect(form.getByRole("alert")).toContainText("Object already exists");
  await form.getByLabel("Domain").fill("not a domain");
  await form.getByRole("button", { name: "Create domain" }).click();
  await expect(form.getByRole("alert")).toContainText("domain: Not a valid domain");

  // Deleting a domain that holds accounts explains why not.
  const com = table(page).getByRole("row", { name: /example\.com/ });
  await com.getByRole("button", { name: "Delete" }).click();
  await com.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByRole("alert").first()).toContainText("not empty");
  const fresh = table(page).getByRole("row", { name: /fresh\.com/ });
  await fresh.getByRole("button", { name: "Delete" }).click();
  await expect(fresh.getByRole("group", { name: "Delete fresh.com?" })).toBeVisible();
  await fresh.getByRole("button", { name: "Yes, delete" }).click();
  await expect(rows(page)).toHaveCount(2);

  // Deleted domains, restored under a new name.
  await page.getByRole("navigation", { name: "Which domains" }).getByRole("link", { name: "Deleted domains" }).click();
  await expect(page).toHaveURL(/deleted=1/);
  const gone = table(page, "Deleted domains").getByRole("row", { name: /fresh\.com/ });
  await gone.getByLabel("New name for fresh.com").fill("example.com");
  await gone.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByRole("alert").first()).toContainText("already exists");
  await gone.getByLabel("New name for fresh.com").fill("fresh-restored.com");
  await gone.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByRole("status")).toHaveText("Domain restored.");
  await expect(rows(page, "Deleted domains")).toHaveCount(0);
  await page.getByRole("link", { name: "Domains", exact: true }).first().click();
  const restored = table(page).getByRole("row", { name: /fresh-restored\.com/ });
  await expect(restored).toBeVisible();
  // Leave the domains as the other tests expect them.
  await restored.getByRole("button", { name: "Delete" }).click();
  await restored.getByRole("button", { name: "Yes, delete" }).click();
  await expect(rows(page)).toHaveCount(2);
});

test("alias domains are set in the settings and listed", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/domains/example.net");
  await page.getByLabel(/^Alias domains/).fill("example-alias.net");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
  await page.goto("/domains?type=alias");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("alias of example.net");
  await page.goto("/domains/example.net");
  await page.getByLabel(/^Alias domains/).fill("");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
});
