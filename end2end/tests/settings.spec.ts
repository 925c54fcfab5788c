import { test, expect, signedInAs, ROOT_PASSWORD } from "./fixtures";

test("company settings show values, inherited placeholders and history", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Company", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Example Corp");
  await expect(page.getByLabel(/^Default quota/)).toHaveValue("5120");
  await expect(page.getByLabel(/^Password encoding/)).toContainText("(inherit: BCRYPT-10)");
  await expect(page.getByLabel(/^Spam folder/)).toHaveAttribute("placeholder", "inherited: Spam");
  // Limits are the provider's: shown, not editable.
  await expect(page.getByLabel(/^User limit/)).toBeDisabled();
  await expect(page.getByLabel(/^Spam subject tag/)).toBeEnabled();
  await page.getByRole("navigation", { name: "Company" }).getByRole("link", { name: "History" }).click();
  await expect(page).toHaveURL(/tab=history/);
  await expect(page.getByRole("table", { name: "Change history" })).toContainText("created Example Corp");
});

test("read-only admins see settings they cannot change", async ({ page, errors }) => {
  await signedInAs(page, "ro@example.com");
  await page.goto("/companies/Example%20Corp");
  await expect(page.getByLabel(/^Default quota/)).toHaveValue("5120");
  await expect(page.getByLabel(/^Spam subject tag/)).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save settings" })).toHaveCount(0);
});

test("another company's settings are out of reach", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/companies/Other%20Inc");
  await expect(page.getByRole("alert")).toContainText("not allowed");
});

test("domain settings show company defaults and the domain's workgroups", async ({ page, errors }) => {
  await signedInAs(page, "domain_admin@example.com");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Domains" }).click();
  await page.getByRole("link", { name: "example.com" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("example.com");
  await expect(page.getByText("Example Corp")).toBeVisible();
  await expect(page.getByLabel(/^Default workgroup/)).toHaveValue("staff");
  await expect(page.getByLabel(/^Default quota/)).toBeDisabled();
  await page.getByRole("navigation", { name: "Domain" }).getByRole("link", { name: "Workgroups" }).click();
  const table = page.getByRole("table", { name: "Workgroups" });
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await expect(table.getByRole("row", { name: /sales/ })).toContainText("3");
  await expect(table.getByRole("row", { name: /staff \(default\)/ })).toBeVisible();
  await page.getByRole("navigation", { name: "Domain" }).getByRole("link", { name: "History" }).click();
  await expect(page.getByRole("table", { name: "Change history" })).toContainText("created example.com");
});
