import { test, expect, signedInAs, ROOT_PASSWORD } from "./fixtures";

const rows = (page) => page.getByRole("table", { name: "Companies" }).locator("tbody tr");

test("creating and deleting a company", async ({ page, errors }) => {
  await signedInAs(page, "postmaster", ROOT_PASSWORD);
  await page.goto("/companies");
  const form = page.getByRole("region", { name: "New company" });
  await form.getByLabel("Name").fill("Acme Widgets");
  await form.getByRole("button", { name: "Create company" }).click();
  await expect(form.getByRole("status")).toHaveText("Company created.");
  await expect(rows(page)).toHaveCount(3);
  // The same name again is refused.
  await form.getByLabel("Name").fill("ACME widgets");
  await form.getByRole("button", { name: "Create company" }).click();
  await expect(form.getByRole("alert")).toContainText("already exists");
  // A company with domains offers no delete; an empty one asks first.
  await expect(rows(page).filter({ hasText: "Example Corp" }).getByRole("button", { name: "Delete" })).toHaveCount(0);
  const acme = rows(page).filter({ hasText: "Acme Widgets" });
  await acme.getByRole("button", { name: "Delete" }).click();
  await expect(acme.getByRole("group", { name: "Delete Acme Widgets?" })).toBeVisible();
  await acme.getByRole("button", { name: "Cancel" }).click();
  await expect(rows(page)).toHaveCount(3);
  await acme.getByRole("button", { name: "Delete" }).click();
  await acme.getByRole("button", { name: "Yes, delete" }).click();
  await expect(rows(page)).toHaveCount(2);
});
