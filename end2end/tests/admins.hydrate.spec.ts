import { test, expect, signedInAs } from "./fixtures";

const table = (page) => page.getByRole("table", { name: "Admins" });

test("setting and removing a role", async ({ page, errors }) => {
  await signedInAs(page, "domain_admin@example.com");
  await page.goto("/admins");
  await expect(page.getByTestId("pager-range")).toHaveText("1–9 of 9");
  const form = page.getByRole("region", { name: "Set a role" });
  await form.getByLabel("User").fill("joe@example.com");
  await form.getByLabel("Role").selectOption("mail");
  await form.getByLabel("Object").fill("example.com");
  await form.getByRole("button", { name: "Save role" }).click();
  await expect(form.getByRole("status")).toHaveText("Role saved.");
  await expect(page.getByTestId("pager-range")).toHaveText("1–10 of 10");
  const joe = table(page).getByRole("row", { name: /joe@example\.com/ });
  await expect(joe).toContainText("Mail administrator");

  // Replacing the role.
  await form.getByLabel("Role").selectOption("workgroup");
  await form.getByLabel("Object").fill("example.com/staff");
  await form.getByRole("button", { name: "Save role" }).click();
  await expect(joe).toContainText("Workgroup administrator");
  await expect(joe).toContainText("example.com/staff");

  // Removing it from the row.
  await joe.getByRole("button", { name: "Remove role of joe@example.com" }).click();
  await expect(table(page).getByRole("row", { name: /joe@example\.com/ })).toHaveCount(0);
  await expect(page.getByTestId("pager-range")).toHaveText("1–9 of 9");
});

test("refused role changes explain why", async ({ page, errors }) => {
  await signedInAs(page, "domain_admin@example.com");
  await page.goto("/admins");
  const form = page.getByRole("region", { name: "Set a role" });
  // Not a member of the sales workgroup.
  await form.getByLabel("User").fill("joe@example.com");
  await form.getByLabel("Role").selectOption("workgroup");
  await form.getByLabel("Object").fill("example.com/sales");
  await form.getByRole("button", { name: "Save role" }).click();
  await expect(form.getByRole("alert")).toContainText("not a member");
  // Above the domain admin's own level.
  await form.getByLabel("Role").selectOption("company");
  await form.getByLabel("Object").fill("Example Corp");
  await form.getByRole("button", { name: "Save role" }).click();
  await expect(form.getByRole("alert")).toContainText("not allowed");
  // Outside its domain.
  await form.getByLabel("User").fill("alice@other.org");
  await form.getByLabel("Role").selectOption("mail");
  await form.getByLabel("Object").fill("other.org");
  await form.getByRole("button", { name: "Save role" }).click();
  await expect(form.getByRole("alert")).toContainText("not allowed");
  await expect(page.getByTestId("pager-range")).toHaveText("1–9 of 9");
});
