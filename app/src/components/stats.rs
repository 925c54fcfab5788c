//! The stats tab of a company, a domain and an account: a day/week/month
//! switch (`by` in the URL), a chart per subject with its legend, hover
//! values and an accessible label, the same figures in a table beneath it,
//! and for companies and domains the snapshot downloads (`period` in the URL).
//!
//! The charts are leptos-chartistry's: SVG drawn in the browser once it knows
//! the chart's width. The server renders the headings, labels and tables (all
//! a page without JavaScript shows); the browser adds the SVG.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_chartistry::{
    AspectRatio, AxisMarker, Chart, IntoInner, Legend, Line, Series, TickLabels, Tooltip, TooltipPlacement, XGridLine,
    XGuideLine, YGridLine, YGuideLine,
};
use leptos_router::hooks::{use_navigate, use_query_map};

use super::actions::while_active;
use super::errors::ErrorNote;
use super::layout::urlencode;
use super::size::size;
use super::time::parse_day;
use crate::api::stats::{granularity, load_snapshots, load_stats, BY};
use crate::api::types::{SnapshotChoice, StatChart, StatUnit, StatsView};
use crate::api::PortalError;

pub type StatsResource = Resource<Option<Result<StatsView, PortalError>>>;
pub type SnapshotsResource = Resource<Option<Result<SnapshotChoice, PortalError>>>;

/// The stats tab's URL state and resources. Pages make it at their top (see
/// pages::company); it fetches only while `active`.
#[derive(Clone, Copy)]
pub struct StatsState {
    pub by: Memo<String>,
    pub period: Memo<Option<String>>,
    pub stats: StatsResource,
    /// Companies and domains only.
    pub snapshots: Option<SnapshotsResource>,
}

impl StatsState {
    /// `kind` is "company", "domain" or "user" (no snapshots for accounts).
    pub fn new(kind: &'static str, name: Memo<String>, active: Memo<bool>) -> StatsState {
        let query = use_query_map();
        let by = Memo::new(move |_| granularity(&query.read().get("by").unwrap_or_default()).to_string());
        let period = Memo::new(move |_| query.read().get("period").filter(|p| !p.trim().is_empty()));
        let stats =
            while_active(active, move || (name.get(), by.get()), move |(n, b)| load_stats(kind.to_string(), n, b));
        let snapshots = (kind != "user").then(|| {
            while_active(
                active,
                move || (name.get(), period.get()),
                move |(n, p)| load_snapshots(kind.to_string(), n, p),
            )
        });
        StatsState { by, period, stats, snapshots }
    }
}

/// How people read a period key: `2026-11-24`, `2026-11-16 – 2026-11-22`, `2026-11`.
pub fn period_label(key: &str) -> String {
    let day = |s: &str| format!("{}-{}-{}", &s[0..4], &s[4..6], &s[6..8]);
    let digits = |s: &str| s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit());
    match key.split_once('-') {
        None if digits(key) => day(key),
        Some((from, to)) if digits(from) && digits(to) => format!("{} – {}", day(from), day(to)),
        _ => key.to_string(),
    }
}

/// When a period starts (UTC midnight), for the charts' time axis.
fn period_start(key: &str) -> Option<DateTime<Utc>> {
    let first = key.split('-').next().unwrap_or_default();
    let epoch = if first.len() == 8 { parse_day(&period_label(first))? } else { parse_day(&format!("{key}-01"))? };
    DateTime::from_timestamp(epoch, 0)
}

/// A figure as the tables and tooltips show it.
fn shown(unit: StatUnit, value: i64) -> String {
    match unit {
        StatUnit::Count => value.to_string(),
        StatUnit::Bytes => size(value),
    }
}

fn by_label(by: &str) -> &'static str {
    match by {
        "week" => "By week",
        "month" => "By month",
        _ => "By day",
    }
}

/// The whole tab: the switch, the downloads and the charts. `base` is the
/// page's path (the tab adds `?tab=stats&by=…`).
#[component]
pub fn StatsTab(state: StatsState, base: String) -> impl IntoView {
    let StatsState { by, period, stats, snapshots } = state;
    let switch_base = base.clone();
    let link = move |b: &'static str| {
        let base = switch_base.clone();
        let href = move || {
            let period = period.get().map(|p| format!("&period={p}")).unwrap_or_default();
            format!("{base}?tab=stats&by={b}{period}")
        };
        view! { <a href=href aria-current=move || (by.get() == b).then_some("page")>{by_label(b)}</a> }
    };
    view! {
        <nav class="tabs switch" aria-label="Stats period">{BY.map(link).collect_view()}</nav>
        {snapshots.map(|choice| view! { <Snapshots choice base=base.clone() by/> })}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Some(Ok(view)) => {
                        let StatsView { by, periods, charts } = view;
                        charts
                            .into_iter()
                            .map(|chart| view! { <StatFigure chart periods=periods.clone() by=by.clone()/> })
                            .collect_view()
                            .into_any()
                    }
                    Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                    None => ().into_any(),
                }
            })}
        </Transition>
    }
}

/// One point of a chart: a period's start and its figures, one per line.
#[derive(Debug, Clone, PartialEq)]
struct Point {
    at: DateTime<Utc>,
    values: Vec<f64>,
}

/// A chart with its heading, accessible label and legend, and its table.
#[component]
fn StatFigure(chart: StatChart, periods: Vec<String>, by: String) -> impl IntoView {
    let StatChart { key, title, unit, series } = chart;
    let heading = format!("stats-{key}");
    let names: Vec<String> = series.iter().map(|s| s.name.clone()).collect();
    let value = |line: usize, at: usize| series.get(line).and_then(|s| s.values.get(at)).copied().unwrap_or(0);
    let unit_words = match unit {
        StatUnit::Count => "",
        StatUnit::Bytes => " (bytes)",
    };
    let span = match (periods.first(), periods.last()) {
        (Some(first), Some(last)) => format!(", {} to {}", period_label(first), period_label(last)),
        _ => String::new(),
    };
    let label = format!(
        "{title}{unit_words}: a line chart of {} {}, {} periods{span}. The table below lists the figures.",
        names.join(", "),
        by_label(&by).to_lowercase(),
        periods.len()
    );
    // What the newest period says, in words under the chart.
    let latest = periods.last().map(|p| {
        let last = periods.len() - 1;
        let parts: Vec<String> =
            names.iter().enumerate().map(|(i, n)| format!("{n} {}", shown(unit, value(i, last)))).collect();
        format!("Latest ({}): {}.", period_label(p), parts.join(", "))
    });
    let data: Vec<Point> = periods
        .iter()
        .enumerate()
        .filter_map(|(at, p)| {
            Some(Point { at: period_start(p)?, values: (0..names.len()).map(|i| value(i, at) as f64).collect() })
        })
        .collect();
    let rows: Vec<(String, Vec<String>)> = periods
        .iter()
        .enumerate()
        .map(|(at, p)| (period_label(p), (0..names.len()).map(|i| shown(unit, value(i, at))).collect()))
        .collect();
    let (heading_ref, region) = (heading.clone(), format!("{title}, figures"));
    view! {
        <section class="stat" aria-labelledby=heading_ref data-chart=key>
            <h2 id=heading>{title.clone()}</h2>
            <figure>
                <div class="chart" role="img" aria-label=label>
                    <StatChartView data names=names.clone() unit by/>
                </div>
                {latest.map(|l| view! { <figcaption>{l}</figcaption> })}
            </figure>
            <div class="stat-table" tabindex="0" role="region" aria-label=region>
                <table class="grid" aria-label=title>
                    <thead>
                        <tr>
                            <th scope="col">"Period"</th>
                            {names.iter().map(|n| view! { <th scope="col" class="num">{n.clone()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(period, cells)| {
                                view! {
                                    <tr>
                                        <th scope="row">{period}</th>
                                        {cells.into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The chart itself (drawn in the browser; the server sends its frame).
#[component]
fn StatChartView(data: Vec<Point>, names: Vec<String>, unit: StatUnit, by: String) -> impl IntoView {
    let mut series = Series::new(|p: &Point| p.at)
        // Empty periods draw flat lines at zero, never a broken axis.
        .with_min_y(0.0)
        .with_max_y(match unit {
            StatUnit::Count => 1.0,
            StatUnit::Bytes => 1024.0,
        });
    for (i, name) in names.into_iter().enumerate() {
        series = series
            .line(Line::new(move |p: &Point| p.values.get(i).copied().unwrap_or(0.0)).with_name(name).with_width(2.0));
    }
    let y_ticks = move || {
        TickLabels::aligned_floats().with_format(move |y: &f64, _| match unit {
            StatUnit::Count => format!("{}", y.round() as i64),
            StatUnit::Bytes => size(*y as i64),
        })
    };
    let x_format = match by.as_str() {
        "month" => "%Y-%m",
        "week" => "week of %Y-%m-%d",
        _ => "%Y-%m-%d",
    };
    let tooltip = Tooltip::new(
        TooltipPlacement::LeftCursor,
        TickLabels::timestamps().with_format(move |at: &DateTime<Utc>, _| at.format(x_format).to_string()),
        y_ticks(),
    );
    let data = Signal::derive(move || data.clone());
    view! {
        <Chart
            aspect_ratio=AspectRatio::from_env_width(260.0)
            top=Legend::start()
            left=y_ticks().with_min_chars(6)
            bottom=TickLabels::timestamps()
            inner=[
                AxisMarker::left_edge().into_inner(),
                AxisMarker::bottom_edge().into_inner(),
                XGridLine::default().into_inner(),
                YGridLine::default().into_inner(),
                XGuideLine::over_data().into_inner(),
                YGuideLine::over_mouse().into_inner(),
            ]
            tooltip
            series
            data
        />
    }
}

/// The snapshot downloads: a period picker and CSV/JSON links of the chosen period.
#[component]
fn Snapshots(choice: SnapshotsResource, base: String, by: Memo<String>) -> impl IntoView {
    view! {
        <section class="panel snapshots" aria-labelledby="stats-snapshot">
            <h2 id="stats-snapshot">"Snapshot download"</h2>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new({
                    let base = base.clone();
                    async move {
                        match choice.await {
                            Some(Ok(choice)) => view! { <SnapshotPicker choice base by/> }.into_any(),
                            Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                            None => ().into_any(),
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SnapshotPicker(choice: SnapshotChoice, base: String, by: Memo<String>) -> impl IntoView {
    let SnapshotChoice { months, weeks, days, period, url } = choice;
    if months.is_empty() && weeks.is_empty() && days.is_empty() {
        return view! { <p class="empty">"No snapshots yet."</p> }.into_any();
    }
    let chosen = period.clone().unwrap_or_default();
    let selected = RwSignal::new(chosen.clone());
    let group = move |label: &'static str, items: Vec<String>| {
        let chosen = chosen.clone();
        (!items.is_empty()).then(|| {
            view! {
                <optgroup label=label>
                    {items
                        .into_iter()
                        .map(|p| {
                            let selected = p == chosen;
                            view! { <option value=p.clone() selected=selected>{period_label(&p)}</option> }
                        })
                        .collect_view()}
                </optgroup>
            }
        })
    };
    // A plain GET form without JavaScript; in the browser the router
    // navigates (leptos_router's <Form> lowercases the action's path).
    let navigate = use_navigate();
    let target = base.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let href =
            format!("{target}?tab=stats&by={}&period={}", by.get_untracked(), urlencode(&selected.get_untracked()));
        navigate(&href, Default::default());
    };
    view! {
        <form method="get" action=base class="row" on:submit=submit>
            <input type="hidden" name="tab" value="stats"/>
            <input type="hidden" name="by" value=move || by.get()/>
            <label>
                "Period"
                <select name="period" on:change=move |ev| selected.set(event_target_value(&ev))>
                    {group("Months", months)}
                    {group("Weeks", weeks)}
                    {group("Days", days)}
                </select>
            </label>
            <button type="submit">"Choose"</button>
        </form>
        {url.map(|url| {
            let period = period.as_deref().map(period_label).unwrap_or_default();
            view! {
                <p class="downloads">
                    <span>{format!("Snapshot of {period}:")}</span>
                    <a href=format!("{url}&format=csv") download="">"Download CSV"</a>
                    <a href=format!("{url}&format=json") download="">"Download JSON"</a>
                </p>
                <p class="hint">"The links stay valid for 15 minutes; choose the period again for fresh ones."</p>
            }
        })}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_and_start() {
        assert_eq!(period_label("20261124"), "2026-11-24");
        assert_eq!(period_label("20261116-20261122"), "2026-11-16 – 2026-11-22");
        assert_eq!(period_label("2026-11"), "2026-11");
        let start = |k: &str| period_start(k).map(|d| d.format("%Y-%m-%d").to_string());
        assert_eq!(start("20261124").as_deref(), Some("2026-11-24"));
        assert_eq!(start("20261116-20261122").as_deref(), Some("2026-11-16"));
        assert_eq!(start("2026-11").as_deref(), Some("2026-11-01"));
        assert_eq!(start("nonsense"), None);
    }
}
