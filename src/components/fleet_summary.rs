//! The fleet review's sections, as the single review has them, per batch: what changes
//! (before → after across the instances), what each keeps (with a table per instance),
//! what is erased, how each is logged into afterwards, whether it can be undone; and
//! "Show API request" (each ResetInstances body with the password masked, curl and the
//! Python SDK). Everything is read from the frozen plan.

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};
use zec_console::fleet::plan::FleetPlan;
use zec_console::fleet::review::summary;
use zec_console::fleet::words;

#[component]
pub fn FleetSummary(plan: FleetPlan) -> impl IntoView {
    let summary = summary(&plan.review);
    let everyone = summary.logins.len() == 1;
    let rows = summary.changes.iter().map(|change| view! {
        <tr class:zec-changed=change.changed>
            <th scope="row">{zec_console::i18n::review_label(change.label)}</th>
            <td>{words::now(change)}</td>
            <td>{if change.changed { words::spread(&change.after) } else { word(Id::Unchanged) }}</td>
        </tr>
    }).collect_view();
    let logins = summary
        .logins
        .iter()
        .map(|login| {
            view! {
                <p class="zec-login-after">{words::login_line(&login.value, &login.instances, everyone)}</p>
            }
        })
        .collect_view();
    let warnings = summary
        .warnings
        .iter()
        .map(|warning| view! { <li>{warning.value.clone()}</li> })
        .collect_view();
    let per_instance = plan.review.iter().map(|review| view! {
        <tr>
            <th scope="row">{review.name.clone()}</th>
            {review.consequences.kept.iter().map(|(_, value)| view! { <td>{value.clone()}</td> }).collect_view()}
        </tr>
    }).collect_view();
    let kept_headers = summary
        .kept
        .iter()
        .map(|label| view! { <th scope="col">{zec_console::i18n::review_label(label)}</th> })
        .collect_view();
    let example = plan
        .targets
        .first()
        .and_then(|t| t.snapshot.as_ref())
        .map(|s| s.snapshot_name.clone());
    view! {
        <table class="zec-changes" data-testid="fleet-changes">
            <caption>{tr(Id::WhatChanges)}</caption>
            <thead><tr><th scope="col">{tr(Id::Setting)}</th><th scope="col">{tr(Id::Now)}</th><th scope="col">{tr(Id::AfterReinstall)}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <div data-testid="fleet-login">{logins}</div>
        <ul class="zec-warnings" data-testid="fleet-warnings">{warnings}</ul>
        <div class="zec-kept">
            <h4>{tr(Id::Kept)}</h4>
            <p data-testid="fleet-kept">{words::kept(&summary.kept)}</p>
            <details class="zec-details">
                <summary>{tr(Id::PerInstance)}</summary>
                <div class="zec-table-wrap" tabindex="0" role="region" aria-label=tr(Id::PerInstance)>
                    <table class="zec-table">
                        <thead><tr><th scope="col">{tr(Id::FieldInstance)}</th>{kept_headers}</tr></thead>
                        <tbody>{per_instance}</tbody>
                    </table>
                </div>
            </details>
            <h4>{tr(Id::Erased)}</h4>
            <p data-testid="fleet-erased">{words::erased(summary.count, summary.erased_gib)}</p>
            <h4>{tr(Id::Undo)}</h4>
            <p data-testid="fleet-undo">{words::undo_line(example.as_deref(), plan.kept_until.as_deref())}</p>
        </div>
    }
}

/// "Show API request": each ResetInstances call as sent (the password masked).
#[component]
pub fn FleetApiRequest(plan: FleetPlan) -> impl IntoView {
    let origin = window().location().origin().unwrap_or_default();
    let calls = plan
        .bodies_shown()
        .into_iter()
        .zip(plan.curl(&origin))
        .zip(plan.python())
        .enumerate();
    view! {
        <details class="zec-api-request">
            <summary>{tr(Id::ShowApiRequest)}</summary>
            {calls.map(|(index, ((body, curl), python))| view! {
                <p>{text(msg::FleetApiBody { index: index + 1 })}</p>
                <pre data-testid="fleet-api-body"><code>{body}</code></pre>
                <p>{tr(Id::ApiCurl)}</p>
                <pre data-testid="fleet-api-curl"><code>{curl}</code></pre>
                <p>{tr(Id::ApiPython)}</p>
                <pre data-testid="fleet-api-python"><code>{python}</code></pre>
            }).collect_view()}
        </details>
    }
}
