//! CSV import of users into a domain: choose or paste a file, check it (every
//! row validated, nothing written), import it with a live progress bar, and
//! read or download the per-row report.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::import::{import_progress, start_import, ImportStatus};
use crate::components::errors::ErrorNote;
use crate::components::layout::urlencode;

/// How often a running job is asked for its progress.
const POLL_MS: u64 = 400;

#[component]
pub fn ImportPage() -> impl IntoView {
    let query = use_query_map();
    let domain = Memo::new(move |_| query.read().get("domain").unwrap_or_default());
    let csv = RwSignal::new(String::new());
    let job: RwSignal<Option<String>> = RwSignal::new(None);
    let tick = RwSignal::new(0u32);
    let start = Action::new(move |dry_run: &bool| {
        let (domain, csv, dry_run) = (domain.get_untracked(), csv.get_untracked(), *dry_run);
        async move { start_import(domain, csv, dry_run).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(id)) = start.value().get() {
            job.set(Some(id));
        }
    });
    let progress = Resource::new(
        move || (job.get(), tick.get()),
        |(job, _)| async move {
            match job {
                Some(id) => Some(import_progress(id).await),
                None => None,
            }
        },
    );
    // Ask again while the job runs.
    Effect::new(move |_| {
        if let Some(Some(Ok(p))) = progress.get() {
            if !p.finished {
                set_timeout(move || tick.update(|t| *t += 1), std::time::Duration::from_millis(POLL_MS));
            }
        }
    });
    let busy =
        move || start.pending().get() || matches!(progress.get(), Some(Some(Ok(ImportStatus { finished: false, .. }))));
    let users_page = move || format!("/users?domain={}", urlencode(&domain.get()));
    view! {
        <Title text="Import users"/>
        <h1>{move || format!("Import users into {}", domain.get())}</h1>
        <p><a href=users_page>"← Users of the domain"</a></p>
        <Columns/>
        <section class="panel" aria-labelledby="import-file">
            <h2 id="import-file">"The file"</h2>
            <label>
                "CSV file"
                <input type="file" accept=".csv,text/csv,text/plain" on:change=move |ev| read_file(ev, csv)/>
            </label>
            <label>
                "Rows (from the file, or pasted)"
                <textarea rows="8" spellcheck="false" prop:value=move || csv.get() on:input=move |ev| csv.set(event_target_value(&ev))></textarea>
            </label>
            <div class="row">
                <button type="button" disabled=move || busy() || csv.read().trim().is_empty() on:click=move |_| { start.dispatch(true); }>
                    "Check the rows"
                </button>
                <button type="button" class="primary" disabled=move || busy() || csv.read().trim().is_empty() on:click=move |_| { start.dispatch(false); }>
                    "Import"
                </button>
            </div>
            {move || start.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        </section>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match progress.await {
                    None => ().into_any(),
                    Some(Ok(p)) => view! { <Report p users_page=users_page()/> }.into_any(),
                    Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The progress of a job, then its outcome.
#[component]
fn Report(p: ImportStatus, users_page: String) -> impl IntoView {
    let verb = if p.dry_run { "checked" } else { "imported" };
    let status = format!("{} of {} rows {verb}", p.done, p.total);
    let summary = match (p.finished, p.dry_run) {
        (false, _) => String::new(),
        (true, true) => format!("Check done: {} can be imported, {} cannot.", count(p.good, "row"), p.failed),
        (true, false) => format!("Import done: {} created, {} failed.", count(p.good, "user"), count(p.failed, "row")),
    };
    let report = format!("data:text/csv;charset=utf-8,{}", urlencode(&p.report_csv));
    let file = if p.dry_run { "import-check.csv" } else { "import-report.csv" };
    view! {
        <section class="panel" aria-labelledby="import-progress">
            <h2 id="import-progress">{if p.dry_run { "Check" } else { "Import" }}</h2>
            <progress max=p.total.to_string() value=p.done.to_string() aria-label="Progress"></progress>
            <p role="status">{if p.finished { summary } else { status }}</p>
            {p.finished.then(|| view! {
                <p>
                    <a href=report download=file rel="external">"Download the report (CSV)"</a>
                    {(!p.dry_run).then(|| view! { " · " <a href=users_page.clone()>"See the users"</a> })}
                </p>
            })}
            {(!p.failures.is_empty()).then(|| view! {
                <table class="grid" aria-label="Rows that failed">
                    <thead><tr><th scope="col">"Line"</th><th scope="col">"User"</th><th scope="col">"Why"</th></tr></thead>
                    <tbody>
                        {p.failures.iter().map(|r| view! {
                            <tr><td>{r.line}</td><td>{r.user.clone()}</td><td>{r.error.clone().unwrap_or_default()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The documented columns.
#[component]
fn Columns() -> impl IntoView {
    view! {
        <details class="panel">
            <summary>"Columns the file may have"</summary>
            <p>"The first line names the columns; " <code>"user"</code> " (the full address) is required. Any attribute of a user may be a column:"</p>
            <ul>
                <li><code>"password"</code>" — plain, or hashed as " <code>"{SCHEME}hash"</code> " (e.g. {BLF-CRYPT}$2y$10$…)"</li>
                <li><code>"name"</code>", " <code>"title"</code>", " <code>"phone"</code>", " <code>"fax"</code>", " <code>"language"</code>", " <code>"timezone"</code>", " <code>"notes_external"</code></li>
                <li><code>"type"</code>" (mailbox, forward, filter), " <code>"workgroup"</code>", " <code>"quota"</code>" (MB)"</li>
                <li><code>"aliases"</code>", " <code>"forward_recipients"</code>", " <code>"allow"</code>", " <code>"block"</code>" — lists, separated by ;"</li>
                <li><code>"delivery_local"</code>", " <code>"delivery_forward"</code>", " <code>"reject_spam"</code>" … — yes or no"</li>
                <li><code>"service_imap4"</code>", " <code>"service_pop3"</code>", " <code>"service_webmail"</code>" … — enabled, disabled or suspended"</li>
            </ul>
            <p>"An empty cell takes the domain's default. Rows for existing addresses, or with a bad value, fail alone; the others go in. Check the rows first: nothing is written."</p>
            <pre>"user,name,password,workgroup,quota\nann@example.com,Ann Smith,Secret-pass1,sales,500"</pre>
        </details>
    }
}

/// Puts the chosen file's text in the rows box.
fn read_file(ev: leptos::ev::Event, csv: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            let text = file.text();
            leptos::task::spawn_local(async move {
                if let Ok(value) = wasm_bindgen_futures::JsFuture::from(text).await {
                    csv.set(value.as_string().unwrap_or_default());
                }
            });
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, csv);
}
