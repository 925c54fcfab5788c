import { test, expect, signedInAs } from "./fixtures";

// Reads june@example.com's demo mail (engine/src/mailstore/demo.rs), which no spec changes.
const tabs = (page) => page.getByRole("navigation", { name: "Account" });
const folders = (page) => page.getByRole("table", { name: "Folders" });
const folderRow = (page, name: string) => folders(page).getByRole("row", { name: new RegExp(`^${name}`) });
const messages = (page, folder = "INBOX") => page.getByRole("table", { name: `Messages in ${folder}` });
const subjects = (page, folder = "INBOX") => messages(page, folder).locator("tbody tr summary");
const deleted = (page) => page.getByRole("table", { name: "Deleted messages" });
const deletedSubjects = (page) => deleted(page).locator("tbody tr td:nth-child(5)");

const NEWEST_FIRST = [
  "Meeting notes", "Café news", "Re: Printer on 3rd floor", "Invoice 2024-0815", "Lunch on Friday?", "Q3 sales figures",
];

test("an admin browses a mailbox: folders with counts and sizes, messages sorted and paged", async ({ page, errors }) => {
  await signedInAs(page, "domain_admin@example.com");
  await page.goto("/users/june@example.com");
  await tabs(page).getByRole("link", { name: "Mail", exact: true }).click();
  await expect(page).toHaveURL(/\/users\/june(@|%40)example\.com\?tab=mail$/);
  // Folder, messages, unread, size.
  await expect(folderRow(page, "INBOX").locator("td").nth(0)).toHaveText("6");
  await expect(folderRow(page, "INBOX").locator("td").nth(1)).toHaveText("4");
  await expect(folderRow(page, "INBOX").locator("td").nth(2)).toHaveText(/^\d\d KB$/);
  await expect(folderRow(page, "Projects / 2024").locator("td")).toHaveText(["2", "1", /^1\.\d KB$/]);
  await expect(folderRow(page, "plus ça change").locator("td")).toHaveText(["1", "0", /^\d+ B$/]);
  await expect(folderRow(page, "All folders").locator("td").nth(0)).toHaveText("9");
  await expect(page.getByText("Deleted folders with restorable messages: Old folder.")).toBeVisible();

  // Newest first by default; unread ones stand out.
  await expect(subjects(page)).toHaveText(NEWEST_FIRST);
  await expect(messages(page).getByRole("columnheader", { name: /^Date/ })).toHaveAttribute("aria-sort", "descending");
  await expect(messages(page).getByRole("row", { name: /Meeting notes/ })).toHaveClass(/unseen/);
  await expect(messages(page).getByRole("row", { name: /Q3 sales figures/ })).not.toHaveClass(/unseen/);
  await expect(messages(page).getByRole("row", { name: /Invoice 2024-0815/ }).locator("td").last()).toHaveText(/^6\d KB$/);

  await messages(page).getByRole("columnheader", { name: /^Subject/ }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=subject/);
  await expect(subjects(page)).toHaveText([...NEWEST_FIRST].sort());
  await messages(page).getByRole("columnheader", { name: /^Subject/ }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=subject&dir=desc/);
  await expect(subjects(page)).toHaveText([...NEWEST_FIRST].sort().reverse());
  await messages(page).getByRole("columnheader", { name: /^Size/ }).getByRole("link").click();
  await expect(messages(page).getByRole("columnheader", { name: /^Size/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(subjects(page).last()).toHaveText("Invoice 2024-0815");
  await messages(page).getByRole("columnheader", { name: /^From/ }).getByRole("link").click();
  await expect(messages(page).locator("tbody tr td:nth-child(3)").first()).toHaveText("Alice Other <alice@other.org>");
  await expect(messages(page).locator("tbody tr td:nth-child(3)").last()).toHaveText("Vendor Billing <billing@vendor.example>");

  // Pages: the whole view is in the URL.
  await expect(page.getByTestId("pager-range")).toHaveText("1–6 of 6");
  await page.goto("/users/june@example.com?tab=mail&limit=2");
  await expect(page.getByTestId("pager-range")).toHaveText("1–2 of 6");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page.getByTestId("pager-range")).toHaveText("3–4 of 6");
  await expect(subjects(page)).toHaveText(NEWEST_FIRST.slice(2, 4));
  await page.goto("/users/june@example.com?tab=mail&sort=size&dir=desc&limit=1");
  await expect(subjects(page)).toHaveText(["Invoice 2024-0815"]);

  // Another folder, by its link, sorted the same way from its first page.
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page.getByTestId("pager-range")).toHaveText("2–2 of 6");
  await folders(page).getByRole("link", { name: "Projects / 2024" }).click();
  await expect(page).toHaveURL(/folder=Projects\.2024&sort=size&dir=desc&limit=1$/);
  await expect(page.getByTestId("pager-range")).toHaveText("1–1 of 2");
  await page.goto("/users/june@example.com?tab=mail&folder=Projects.2024");
  await expect(subjects(page, "Projects / 2024")).toHaveText(["Budget draft v2", "Project kickoff"]);
  // Names outside ASCII and encoded headers read as written.
  await folders(page).getByRole("link", { name: "plus ça change" }).click();
  const zoe = messages(page, "plus ça change").getByRole("row");
  await expect(zoe.nth(1)).toContainText("Zoë Martin <zoe@example.org>");
  await expect(subjects(page, "plus ça change")).toHaveText(["Plus ça change, plus c'est la même chose"]);
  await page.goto("/users/june@example.com?tab=mail&folder=Nope");
  await expect(page.getByRole("alert")).toContainText("folder: No such folder");
});

test("every header of a message, with every value", async ({ page, errors }) => {
  await signedInAs(page, "company_admin@example.com");
  await page.goto("/users/june@example.com?tab=mail");
  // The list shows the Date header in UTC.
  await expect(messages(page).getByRole("row", { name: /Printer on 3rd floor/ }).locator("td").nth(1)).toHaveText(
    "2024-07-10 13:05 UTC",
  );
  const headers = page.getByRole("table", { name: "Headers of Re: Printer on 3rd floor" });
  await expect(headers).toBeHidden();
  await subjects(page).filter({ hasText: "Re: Printer on 3rd floor" }).click();
  await expect(headers).toBeVisible();
  await expect(headers.getByRole("row", { name: /^in-reply-to/ })).toContainText("<printer-1@example.com>");
  await expect(headers.getByRole("row", { name: /^received/ })).toHaveCount(2);
  await expect(headers.getByRole("row", { name: /^received/ }).first()).toContainText("by mail.example.com with ESMTPS");
  await expect(headers.getByRole("row", { name: /^date/ })).toContainText("Wed, 10 Jul 2024 15:05:00 +0200");
  await expect(page.getByRole("table", { name: "Headers of Meeting notes" })).toBeHidden();
  // Closed again, the headers go.
  await subjects(page).filter({ hasText: "Re: Printer on 3rd floor" }).click();
  await expect(headers).toBeHidden();
});

test("deleted messages list with their folders, and filter by folder, sender, subject and day", async ({ page, errors }) => {
  await signedInAs(page, "domain_admin@example.com");
  await page.goto("/users/june@example.com?tab=mail");
  await tabs(page).getByRole("link", { name: "Deleted mail" }).click();
  await expect(page).toHaveURL(/tab=deleted/);
  await expect(page.getByText("Messages deleted in a mail program are kept for 14 days.")).toBeVisible();
  await expect(deletedSubjects(page)).toHaveCount(3);
  const notes = deleted(page).getByRole("row", { name: /Notes from 2023/ });
  await expect(notes.locator("td").nth(1)).toHaveText(/^Old folder\s*deleted folder$/);
  await expect(notes.locator("td").nth(3)).toHaveText("Joe User <joe@example.com>");
  await expect(deleted(page).getByRole("row", { name: /Summer sale/ }).locator("td").nth(1)).toHaveText("INBOX");
  // Restorable for the retention from the time of deletion.
  const when = (text: string) => Date.parse(text.replace(" UTC", ":00Z").replace(" ", "T"));
  const deletedAt = when(await notes.locator("td").nth(6).innerText());
  const until = when(await notes.locator("td").nth(7).innerText());
  expect(until - deletedAt).toBe(14 * 86_400_000);

  const filters = page.getByRole("search", { name: "Filter deleted messages" });
  await filters.getByLabel("Sender contains").fill("joe");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/from=joe/);
  await expect(deletedSubjects(page)).toHaveText(["Notes from 2023"]);

  await page.goto("/users/june@example.com?tab=deleted&subject=SALE");
  await expect(deletedSubjects(page)).toHaveText(["Summer sale"]);
  await expect(page.getByRole("search").getByLabel("Subject contains")).toHaveValue("SALE");

  await page.getByRole("search").getByLabel("Subject contains").fill("");
  await page.getByRole("search").getByLabel("Folder").selectOption("Old folder");
  await page.getByRole("search").getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/folder=Old(%20|\+)folder/);
  await expect(deletedSubjects(page)).toHaveText(["Notes from 2023"]);

  // Deleted when the demo was loaded: on that day, not the day before.
  const deletedOn = new Date(deletedAt).toISOString().slice(0, 10);
  const dayBefore = new Date(deletedAt - 86_400_000).toISOString().slice(0, 10);
  await page.goto(`/users/june@example.com?tab=deleted&after=${deletedOn}&before=${deletedOn}`);
  await expect(deletedSubjects(page)).toHaveCount(3);
  await page.goto(`/users/june@example.com?tab=deleted&after=${dayBefore}&before=${dayBefore}`);
  await expect(page.getByText("No deleted messages match these filters.")).toBeVisible();
  await expect(deleted(page)).toHaveCount(0);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(deletedSubjects(page)).toHaveCount(3);
  await page.goto("/users/june@example.com?tab=deleted&after=someday");
  await expect(page.getByRole("alert")).toContainText("after: Not a date (YYYY-MM-DD)");
});

test("empty mailboxes say so", async ({ page, errors }) => {
  await signedInAs(page, "domain_admin@example.com");
  await page.goto("/users/jane@example.com?tab=mail");
  await expect(folderRow(page, "INBOX").locator("td")).toHaveText(["0", "0", "0 B"]);
  await expect(page.getByText("This folder is empty.")).toBeVisible();
  await tabs(page).getByRole("link", { name: "Deleted mail" }).click();
  await expect(
    page.getByText("Nothing to restore: no messages were deleted from this mailbox in the last 14 days."),
  ).toBeVisible();
});

test("read-only admins see mail but cannot move, restore or reindex it", async ({ page, errors }) => {
  await signedInAs(page, "ro@example.com");
  await page.goto("/users/june@example.com?tab=mail");
  await expect(subjects(page)).toHaveCount(6);
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Selected messages" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Rebuild index" })).toHaveCount(0);
  await page.goto("/users/june@example.com?tab=deleted");
  await expect(deletedSubjects(page)).toHaveCount(3);
  await expect(page.getByRole("button", { name: "Restore" })).toHaveCount(0);
});

test("a mailbox owner sees its own mail and deleted mail, and no one else's", async ({ page, errors }) => {
  await signedInAs(page, "june@example.com");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My account" }).click();
  await tabs(page).getByRole("link", { name: "Mail", exact: true }).click();
  await expect(subjects(page)).toHaveText(NEWEST_FIRST);
  await expect(page.getByRole("button", { name: "Rebuild index" })).toHaveCount(0);
  await tabs(page).getByRole("link", { name: "Deleted mail" }).click();
  await expect(deletedSubjects(page)).toHaveCount(3);
  await page.goto("/users/jane@example.com?tab=deleted");
  await expect(page.getByRole("alert")).toContainText("not allowed");
  await expect(deleted(page)).toHaveCount(0);
});
