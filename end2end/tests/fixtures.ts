import { test as base, expect, Page } from "@playwright/test";

export const PASSWORD = "demo-Pass1";
export const ROOT_PASSWORD = "root-Pass1";

/**
 * Fails the test on any page error or console error (a broken hydration shows
 * up here). Chromium logs every 4xx answer as a console error; refusals the
 * test provokes on purpose answer 4xx, so only those are let through.
 */
export const test = base.extend<{ errors: string[] }>({
  errors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      const text = m.text();
      if (m.type() === "error" && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) {
        errors.push(text);
      }
    });
    await use(errors);
    expect(errors).toEqual([]);
  },
});
export { expect };

export function hydrated(page: Page): boolean {
  return test.info().project.name === "hydrated";
}

/** Waits until the WASM has taken over (no-op with JavaScript off). */
export async function ready(page: Page) {
  if (hydrated(page)) {
    await expect(page.locator("#app")).toHaveAttribute("data-hydrated", "true");
  }
}

/** Signs in through the login form (works with and without JavaScript). */
export async function signIn(page: Page, user: string, password = PASSWORD, path = "/login") {
  await page.goto(path);
  await ready(page);
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signedInAs(page: Page, user: string, password = PASSWORD) {
  await signIn(page, user, password);
  await expect(page.getByTestId("who-name")).toHaveText(user);
  await ready(page);
}
