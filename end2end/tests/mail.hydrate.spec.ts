import { test, expect, signedInAs, ready } from "./fixtures";

// Changes bob@example.net's demo mail (engine/src/mailstore/demo.rs); the read-only
// specs look at june@example.com.
const BOB = "/users/bob@example.net";
const tabs = (page) => page.getByRole("navigation", { name: "Account" });
const folders = (page) => page.getByRole("table", { name: "Folders" });
const count = (page, folder: string) =>
  folders(page).getByRole("row", { name: new RegExp(`^${folder}`) }).locator("td").first();
const subjects = (page, folder = "INBOX") =>
  page.getByRole("table", { name: `Messages in ${folder}` }).locator("tbody tr summary");
const deletedSubjects = (page) => page.getByRole("table", { name: "Deleted messages" }).locator("tbody tr td:nth-child(5)");
const bar = (page) => page.getByRole("region", { name: "Selected messages" });
const report = (page) => page.getByRole("status").filter({ hasText: "Done for" });
const NO_LONGER = "No longer there (moved, restored or expired meanwhile)";

test("selected messages move to another folder, with a result for each", async ({ page, context, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto(`${BOB}?tab=mail`);
  await ready(page);
  await expect(subjects(page)).toHaveCount(4);
  await expect(bar(page).getByRole("button", { name: "Move" })).toBeDisabled();
  await page.getByLabel("Select Welcome to example.net").check();
  await page.getByLabel("Select Server maintenance window").check();
  await expect(bar(page)).toContainText("2 selected");
  await bar(page).getByLabel("Move to").selectOption("Archive");
  await bar(page).getByRole("button", { name: "Move" }).click();
  await expect(report(page)).toContainText("Done for 2 of 2 messages.");
  // In the order of the page (newest first).
  await expect(report(page).getByRole("listitem")).toHaveText([
    "Server maintenance window: moved",
    "Welcome to example.net: moved",
  ]);
  await expect(subjects(page)).toHaveText(["Re: Contract", "Photos from the trip"]);
  await expect(count(page, "INBOX")).toHaveText("2");
  await expect(count(page, "Archive")).toHaveText("3");

  // Moved meanwhile in another window: that message's result says so, the other moves.
  const other = await context.newPage();
  await other.goto(`${BOB}?tab=mail`);
  await ready(other);
  await page.getByLabel("Select Photos from the trip").check();
  await page.getByLabel("Select Re: Contract").check();
  await other.getByLabel("Select Photos from the trip").check();
  await bar(other).getByRole("button", { name: "Move" }).click();
  await expect(report(other)).toContainText("Done for 1 of 1 messages.");
  await other.close();
  await bar(page).getByRole("button", { name: "Move" }).click();
  await expect(report(page)).toContainText("Done for 1 of 2 messages.");
  await expect(report(page).getByRole("listitem")).toHaveText([
    "Re: Contract: moved",
    `Photos from the trip: ${NO_LONGER}`,
  ]);
  await expect(subjects(page)).toHaveCount(0);
  await expect(page.getByText("This folder is empty.")).toBeVisible();

  // Everything back, selected at once.
  await folders(page).getByRole("link", { name: "Archive" }).click();
  await expect(subjects(page, "Archive")).toHaveCount(5);
  await page.getByLabel("Select all on this page").check();
  await expect(bar(page)).toContainText("5 selected");
  await bar(page).getByLabel("Move to").selectOption("INBOX");
  await bar(page).getByRole("button", { name: "Move" }).click();
  await expect(report(page)).toContainText("Done for 5 of 5 messages.");
  await expect(count(page, "INBOX")).toHaveText("5");
  await expect(count(page, "Archive")).toHaveText("0");
});

test("an admin restores deleted messages into their folders, recreating a deleted one", async ({ page, context, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto(`${BOB}?tab=deleted`);
  await ready(page);
  await expect(deletedSubjects(page)).toHaveCount(4);
  const stale = await context.newPage();
  await stale.goto(`${BOB}?tab=deleted`);
  await ready(stale);

  await expect(bar(page).getByRole("button", { name: "Restore" })).toBeDisabled();
  await page.getByLabel("Select Deleted note A").check();
  await page.getByLabel("Select From the old folder").check();
  await bar(page).getByRole("button", { name: "Restore" }).click();
  await expect(report(page)).toContainText("Done for 2 of 2 messages.");
  const items = async (p) => (await report(p).getByRole("listitem").allInnerTexts()).sort();
  expect(await items(page)).toEqual(["Deleted note A: restored", "From the old folder: restored"]);
  await expect(deletedSubjects(page)).toHaveCount(2);
  expect((await deletedSubjects(page).allInnerTexts()).sort()).toEqual(["Deleted note B", "Deleted note C"]);

  // A window that still lists a restored message: that one is reported, the other restored.
  await stale.getByLabel("Select Deleted note A").check();
  await stale.getByLabel("Select Deleted note C").check();
  await bar(stale).getByRole("button", { name: "Restore" }).click();
  await expect(report(stale)).toContainText("Done for 1 of 2 messages.");
  expect(await items(stale)).toEqual([`Deleted note A: ${NO_LONGER}`, "Deleted note C: restored"]);
  await expect(deletedSubjects(stale)).toHaveText(["Deleted note B"]);
  await stale.close();

  // Back in their folders; the deleted folder exists again.
  await tabs(page).getByRole("link", { name: "Mail", exact: true }).click();
  await expect(count(page, "Old folder")).toHaveText("1");
  await expect(subjects(page)).toContainText(["Deleted note A"]);
  await folders(page).getByRole("link", { name: "Old folder" }).click();
  await expect(subjects(page, "Old folder")).toHaveText(["From the old folder"]);
  await expect(page.getByText("Deleted folders with restorable messages")).toHaveCount(0);
});

test("the owner restores its own deleted mail", async ({ page, errors }) => {
  await signedInAs(page, "bob@example.net");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My account" }).click();
  await tabs(page).getByRole("link", { name: "Deleted mail" }).click();
  await expect(deletedSubjects(page)).toHaveText(["Deleted note B"]);
  await page.getByLabel("Select Deleted note B").check();
  await bar(page).getByRole("button", { name: "Restore" }).click();
  await expect(report(page)).toHaveText(/Done for 1 of 1 messages\.\s*Deleted note B: restored/);
  await expect(
    page.getByText("Nothing to restore: no messages were deleted from this mailbox in the last 14 days."),
  ).toBeVisible();
  await tabs(page).getByRole("link", { name: "Mail", exact: true }).click();
  await expect(subjects(page)).toContainText(["Deleted note B"]);
  await expect(page.getByRole("button", { name: "Rebuild index" })).toHaveCount(0);
});

test("reindex: hidden from and refused to a domain admin; a company admin runs it to completion", async ({ page, errors }) => {
  await signedInAs(page, "netadmin@example.net");
  await page.goto(`${BOB}?tab=mail`);
  await expect(folders(page)).toBeVisible();
  await expect(page.getByRole("button", { name: "Rebuild index" })).toHaveCount(0);
  const refused = await page.request.post("/srv/reindex_mailbox", { form: { user: "bob@example.net" } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).code).toBe(9);

  await page.context().clearCookies();
  await signedInAs(page, "company_admin@example.com");
  await page.goto(`${BOB}?tab=mail`);
  await ready(page);
  const inbox = await count(page, "INBOX").innerText();
  const calls: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/srv/reindex_mailbox")) calls.push(r.postData() ?? "");
  });
  await page.getByRole("button", { name: "Rebuild index" }).click();
  const status = page.getByTestId("reindex-status");
  await expect(status).toHaveAttribute("data-status", "complete");
  await expect(status).toHaveText("Index rebuilt.");
  // Started once, then asked about by the job's id until it completed.
  expect(calls[0]).not.toContain("id=");
  expect(calls.slice(1).length).toBeGreaterThan(0);
  expect(calls.slice(1).every((c) => /id=[0-9a-f]{32}/.test(c))).toBe(true);
  await expect(count(page, "INBOX")).toHaveText(inbox);
  await expect(page.getByRole("button", { name: "Rebuild index" })).toBeEnabled();
});

test("what the roles may not do is refused by the server too", async ({ page, errors }) => {
  await signedInAs(page, "ro@example.com");
  const move = await page.request.post("/srv/move_messages", {
    data: { user: "bob@example.net", ids: ["x"], folder: "INBOX" },
  });
  expect(move.status()).toBe(403);
  const restore = await page.request.post("/srv/restore_messages", { data: { user: "bob@example.net", ids: ["x"] } });
  expect(restore.status()).toBe(403);
  await page.context().clearCookies();
  await signedInAs(page, "other_admin@other.org");
  await page.goto(`${BOB}?tab=mail`);
  await expect(page.getByRole("alert")).toContainText("not allowed");
  const list = await page.request.post("/srv/mail_folders", { form: { user: "bob@example.net" } });
  expect(list.status()).toBe(403);
});
