//! One entry of an activity list: when, who and what, how it ended, the request id, then the
//! plan's facts and, for a call on several instances, how each one ended. The words come from
//! `zec_console::activity::words`, the time in the one date format.

use leptos::prelude::*;
use zec_console::i18n::Id;

use crate::i18n::tr;
use zec_console::activity::summary::Summary;
use zec_console::activity::words;

use crate::activity::local_offset_minutes;

/// The tone of an entry's ending: running, done as asked, or anything else.
fn tone(summary: &Summary) -> &'static str {
    match (summary.open, summary.headline.succeeded) {
        (true, _) => "busy",
        (false, true) => "good",
        (false, false) => "bad",
    }
}

#[component]
pub fn ActivityItem(summary: Summary, element_id: String) -> impl IntoView {
    let started = summary.started_at;
    let when = crate::i18n::date_time_ms(started as f64);
    let utc = zec_api::time::format_utc(started.div_euclid(1000));
    let separator = || words::SEPARATOR;
    let instances = summary.instance_ids.join(" ");
    let changes = summary
        .changes
        .iter()
        .map(|change| view! { {separator()} <span>{words::change(change)}</span> })
        .collect_view();
    let details = summary
        .details
        .iter()
        .map(|detail| words::detail(detail, local_offset_minutes))
        .collect::<Vec<_>>()
        .join(words::SEPARATOR);
    let lines: Vec<(String, bool)> = summary
        .instances
        .iter()
        .map(|line| (words::instance_line(line), line.final_state.is_none()))
        .collect();
    let tone = tone(&summary);
    view! {
        <li id=element_id tabindex="-1" class="zec-activity-entry" data-testid="activity-entry"
            data-instances=instances data-open=summary.open.to_string()>
            <p class="zec-activity-line">
                <time datetime=utc>{when}</time>
                {summary.subject.map(|id| view! { {separator()} <code>{id}</code> })}
                {separator()} <strong data-testid="activity-headline">{words::headline(&summary.headline)}</strong>
                {changes}
                {separator()}
                <span class=format!("zec-tone-{tone}") data-testid="activity-ending">
                    {words::ending(&summary.ending)}</span>
                {summary.request_id.map(|id| view! {
                    {separator()} {tr(Id::RequestIdWord)} " " <code data-testid="activity-request-id">{id}</code>
                })}
            </p>
            {(!details.is_empty()).then(|| view! { <p class="zec-activity-details">{details}</p> })}
            {(!lines.is_empty()).then(|| view! {
                <ul class="zec-activity-instances">{lines.into_iter().map(|(line, open)| view! {
                    <li class:zec-tone-busy=open>{line}</li>
                }).collect_view()}</ul>
            })}
        </li>
    }
}
