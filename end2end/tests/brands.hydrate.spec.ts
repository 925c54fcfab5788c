import { test, expect, signedInAs, ROOT_PASSWORD } from "./fixtures";

const rows = (page) => page.getByRole("table", { name: "Brands" }).locator("tbody tr");

test("brands: list, create, change, refuse deleting one in use, delete", async ({ page, errors }) => {
  await signedInAs(page, "postmaster", ROOT_PASSWORD);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Brands" }).click();
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).filter({ hasText: "Default Brand" })).toContainText("(every company)");
  const form = page.getByRole("region", { name: "Create or change a brand" });
  await form.getByLabel("Name").fill("Summer Brand");
  await form.getByLabel("Company").fill("Example Corp");
  await form.getByLabel("Notes").fill("seasonal");
  await form.getByRole("button", { name: "Save brand" }).click();
  await expect(form.getByRole("status")).toHaveText("Brand saved.");
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).filter({ hasText: "Summer Brand" })).toContainText("seasonal");
  await form.getByLabel("Name").fill("Bad Brand");
  await form.getByLabel("Company").fill("No Such Company");
  await form.getByRole("button", { name: "Save brand" }).click();
  await expect(form.getByRole("alert")).toContainText("Company does not exist");

  // In use by a company: refused with the reason.
  await page.goto("/companies/Other%20Inc");
  await page.getByLabel(/^Brand/).selectOption("Default Brand");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
  await page.goto("/brands");
  await expect(rows(page).filter({ hasText: "Default Brand" }).locator("td").nth(3)).toHaveText("1");
  const del = rows(page).filter({ hasText: "Default Brand" }).getByRole("button", { name: "Delete" });
  // A red link, readable: not red text on a red background.
  await expect(del).toHaveCSS("background-color", "rgba(0, 0, 0, 0)");
  await del.click();
  await rows(page).filter({ hasText: "Default Brand" }).getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByRole("alert").first()).toContainText("Brand in use");
  await rows(page).filter({ hasText: "Summer Brand" }).getByRole("button", { name: "Delete" }).click();
  await rows(page).filter({ hasText: "Summer Brand" }).getByRole("button", { name: "Yes, delete" }).click();
  await expect(rows(page)).toHaveCount(2);
  // Put Other Inc back.
  await page.goto("/companies/Other%20Inc");
  await page.getByLabel(/^Brand/).selectOption("");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
});
