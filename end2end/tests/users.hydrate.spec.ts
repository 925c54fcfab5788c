import { test, expect, signedInAs } from "./fixtures";

const table = (page, name = "Users") => page.getByRole("table", { name });
const rows = (page, name = "Users") => table(page, name).locator("tbody tr");

// Writes happen in example.net so that the read-only specs of example.com see a fixed world.
test("creating, deleting and restoring a user", async ({ page, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/domain=example\.net/);
  // The table comes after the URL: count its rows once they are there.
  await expect(table(page).getByRole("row", { name: /bob@example\.net/ })).toBeVisible();
  const before = await rows(page).count();
  const form = page.getByRole("region", { name: "New user" });
  await form.getByLabel("Address").fill("carol");
  await form.getByLabel("Name").fill("Carol Net");
  await form.getByLabel("Password").fill("c4rol-secret");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("status")).toHaveText("User created.");
  await expect(rows(page)).toHaveCount(before + 1);
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("alert")).toContainText("Object already exists");
  await form.getByLabel("Address").fill("not valid");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("alert")).toContainText("user:");

  const carol = table(page).getByRole("row", { name: /carol@example\.net/ });
  await carol.getByRole("button", { name: "Delete" }).click();
  await carol.getByRole("button", { name: "Yes, delete" }).click();
  await expect(rows(page)).toHaveCount(before);

  await page.getByRole("navigation", { name: "Which users" }).getByRole("link", { name: "Deleted users" }).click();
  await expect(page).toHaveURL(/deleted=1/);
  const gone = table(page, "Deleted users").getByRole("row", { name: /carol@example\.net/ }).first();
  await gone.getByLabel("New name for carol@example.net").fill("bob@example.net");
  await gone.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByRole("alert").first()).toContainText("already exists");
  await gone.getByLabel("New name for carol@example.net").fill("caroline@example.net");
  await gone.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByRole("status")).toHaveText("User restored.");
  await page.getByRole("navigation", { name: "Which users" }).getByRole("link", { name: "Users", exact: true }).click();
  const restored = table(page).getByRole("row", { name: /caroline@example\.net/ });
  await expect(restored).toBeVisible();
  // Leave the domain as it was (the deleted list keeps its history).
  await restored.getByRole("button", { name: "Delete" }).click();
  await restored.getByRole("button", { name: "Yes, delete" }).click();
  await expect(rows(page)).toHaveCount(before);
});

test("a new quota shows at once in the account's storage bar and in the users table", async ({ page, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto("/users/bob@example.net?tab=services");
  const storage = page.locator(".storage");
  await expect(storage).toContainText(/ of 5\.0 GB$/);
  const setQuota = async (mb: string) => {
    await page.getByLabel(/^Quota/).fill(mb);
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status")).toHaveText("Settings saved.");
  };
  await setQuota("1");
  await expect(storage).toContainText(/ of 1\.0 MB$/);
  await expect(storage.getByRole("meter", { name: "Storage used" })).toHaveAttribute("aria-valuenow", /^\d$/);
  await page.getByRole("link", { name: "Users of example.net" }).click();
  await expect(table(page).getByRole("row", { name: /bob@example\.net/ })).toContainText(/ of 1\.0 MB/);
  // Back as it was.
  await page.goto("/users/bob@example.net?tab=services");
  await setQuota("5120");
  await expect(storage).toContainText(/ of 5\.0 GB$/);
});

test("selected users are suspended, enabled, moved, deleted and restored at once", async ({ page, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto("/users?domain=example.net");
  const form = page.getByRole("region", { name: "New user" });
  for (const local of ["bk1", "bk2"]) {
    await form.getByLabel("Address").fill(local);
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(table(page).getByRole("row", { name: new RegExp(`${local}@example\\.net`) })).toBeVisible();
  }
  const bar = page.getByRole("region", { name: "Selected users" });
  const report = page.getByRole("status").filter({ hasText: "Done for" });
  const row = (local: string) => table(page).getByRole("row", { name: new RegExp(`${local}@example\\.net`) });
  const select = async () => {
    for (const local of ["bk1", "bk2"]) await page.getByLabel(`Select ${local}@example.net`).check();
    await expect(bar).toContainText("2 selected");
  };
  await expect(bar.getByRole("button", { name: "Suspend" })).toBeDisabled();
  await select();
  await bar.getByRole("button", { name: "Suspend" }).click();
  await expect(report).toHaveText("Done for 2 of 2 users.");
  await expect(row("bk1").locator("td").nth(3)).toHaveText("suspended");
  await expect(row("bk2").locator("td").nth(3)).toHaveText("suspended");
  // A refusal is reported per account, and nothing else changes.
  await select();
  await bar.getByLabel("Workgroup to move to").fill("nowhere");
  await bar.getByRole("button", { name: "Move" }).click();
  await expect(report).toContainText("Done for 0 of 2 users.");
  await expect(report).toContainText("workgroup: No such workgroup in this domain");
  await select();
  await bar.getByRole("button", { name: "Enable" }).click();
  await expect(report).toHaveText("Done for 2 of 2 users.");
  await expect(row("bk1").locator("td").nth(3)).toHaveText("active");
  await select();
  await bar.getByRole("button", { name: "Delete selected" }).click();
  await bar.getByRole("button", { name: "Yes, delete them" }).click();
  await expect(row("bk1")).toHaveCount(0);
  await expect(row("bk2")).toHaveCount(0);
  // Back from the deleted users, then gone again.
  await page.getByRole("navigation", { name: "Which users" }).getByRole("link", { name: "Deleted users" }).click();
  const gone = table(page, "Deleted users");
  await expect(gone.getByRole("row", { name: /bk1@example\.net/ })).toBeVisible();
  await select();
  await bar.getByRole("button", { name: "Restore" }).click();
  await expect(report).toHaveText("Done for 2 of 2 users.");
  await page.getByRole("navigation", { name: "Which users" }).getByRole("link", { name: "Users", exact: true }).click();
  await expect(row("bk1")).toBeVisible();
  await select();
  await bar.getByRole("button", { name: "Delete selected" }).click();
  await bar.getByRole("button", { name: "Yes, delete them" }).click();
  await expect(row("bk2")).toHaveCount(0);
});
