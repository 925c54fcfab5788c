import { test, expect, signIn, PASSWORD } from "./fixtures";

// Runs with and without JavaScript: the sign-in form is plain HTML underneath.
test("a wrong password is refused with a clear message", async ({ page, errors }) => {
  await signIn(page, "joe@example.com", "not-the-password");
  await expect(page.getByRole("alert")).toContainText("Wrong user name or password");
  await expect(page).toHaveURL(/\/login/);
  // An unknown user gets exactly the same answer.
  await signIn(page, "nobody@example.com", PASSWORD);
  await expect(page.getByRole("alert")).toContainText("Wrong user name or password");
  await expect(page.getByTestId("who-name")).toHaveCount(0);
});

test("a good password signs in", async ({ page, errors }) => {
  await signIn(page, "joe@example.com", PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("who-name")).toHaveText("joe@example.com");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, joe@example.com");
});
