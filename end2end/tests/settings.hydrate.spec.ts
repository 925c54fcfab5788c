import { test, expect, signedInAs, ROOT_PASSWORD } from "./fixtures";

test("editing company settings, with field errors from the server", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/companies/Example%20Corp");
  await page.getByLabel(/^Spam subject tag/).fill("[JUNK]");
  await page.getByLabel(/^Blocked senders/).fill("*@spammers.com\nbad address@x");
  await page.getByLabel(/^Spam header/).fill("not a header");
  await page.getByRole("button", { name: "Save settings" }).click();
  const block = page.locator('[data-attribute="block"]');
  await expect(block.getByRole("alert")).toContainText("bad address@x");
  await expect(page.locator('[data-attribute="spamheader"]').getByRole("alert")).toContainText("Xname: text");
  // What was typed stays; fix it and save.
  await expect(page.getByLabel(/^Spam subject tag/)).toHaveValue("[JUNK]");
  await page.getByLabel(/^Blocked senders/).fill("*@spammers.com");
  await page.getByLabel(/^Spam header/).fill("XSpam: yes");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
  await page.reload();
  await expect(page.getByLabel(/^Spam subject tag/)).toHaveValue("[JUNK]");
  await expect(page.getByLabel(/^Blocked senders/)).toHaveValue("*@spammers.com");
  // Contacts, edited item by item.
  await page.getByRole("button", { name: "Add contact" }).click();
  const contact = page.getByRole("group", { name: "Contact 1" });
  await contact.getByLabel("Email").fill("abuse@example.com");
  await contact.getByLabel("Name").fill("Abuse Desk");
  await contact.getByLabel("abuse").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
  await page.reload();
  await expect(page.getByRole("group", { name: "Contact 1" }).getByLabel("Email")).toHaveValue("abuse@example.com");
  await expect(page.getByRole("group", { name: "Contact 1" }).getByLabel("abuse")).toBeChecked();
  // The change is in the history.
  await page.goto("/companies/Example%20Corp?tab=history");
  await expect(page.getByRole("table", { name: "Change history" })).toContainText("changed spamtag [[JUNK]]");
  // Undo for the other tests.
  await page.goto("/companies/Example%20Corp");
  await page.getByLabel(/^Spam subject tag/).fill("");
  await page.getByLabel(/^Blocked senders/).fill("");
  await page.getByLabel(/^Spam header/).fill("");
  await page.getByRole("group", { name: "Contact 1" }).getByRole("button", { name: "Remove" }).click();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
});

test("company view admins change non-billable domain settings only", async ({ page, errors }) => {
  await signedInAs(page, "view@example.com");
  await page.goto("/domains/example.com");
  await expect(page.getByLabel(/^Default quota/)).toBeDisabled();
  await page.getByLabel(/^Notes/).fill("Gold support");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
  await page.getByLabel(/^Notes/).fill("");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
});

test("workgroups are created and deleted, with the errors explained", async ({ page, errors }) => {
  await signedInAs(page, "domain_admin@example.com");
  await page.goto("/domains/example.com?tab=workgroups");
  const table = page.getByRole("table", { name: "Workgroups" });
  const form = page.getByRole("region", { name: "New workgroup" });
  await form.getByLabel("Name").fill("finance");
  await form.getByRole("button", { name: "Create workgroup" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(4);
  await form.getByLabel("Name").fill("finance");
  await form.getByRole("button", { name: "Create workgroup" }).click();
  await expect(form.getByRole("alert")).toContainText("already exists");
  // Not empty (10) and default (18).
  await table.getByRole("row", { name: /sales/ }).getByRole("button", { name: "Delete" }).click();
  await table.getByRole("row", { name: /sales/ }).getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByRole("alert").first()).toContainText("not empty");
  await table.getByRole("row", { name: /staff/ }).getByRole("button", { name: "Delete" }).click();
  await table.getByRole("row", { name: /staff/ }).getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByRole("alert").first()).toContainText("default");
  await table.getByRole("row", { name: /finance/ }).getByRole("button", { name: "Delete" }).click();
  await table.getByRole("row", { name: /finance/ }).getByRole("button", { name: "Yes, delete" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(3);
});
