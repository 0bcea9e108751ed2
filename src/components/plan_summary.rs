//! The plan in plain words: what changes (before → after, changed rows marked), what is
//! kept, what is erased, how to log in afterwards, and the equivalent API call. Everything
//! here is read from the frozen plan.

use leptos::prelude::*;
use zec_console::i18n::{msg, review_label, word, Id};

use crate::i18n::{text, tr};

use zec_console::plan::ReinstallPlan;

#[component]
pub fn PlanSummary(plan: ReinstallPlan) -> impl IntoView {
    let consequences = plan.consequences.clone();
    let rows = consequences
        .changes
        .iter()
        .map(|row| {
            let changed = row.changed();
            view! {
                <tr class:zec-changed=changed>
                    <th scope="row">{review_label(row.label)}</th>
                    <td>{row.before.clone()}</td>
                    <td>{if changed { row.after.clone() } else { word(Id::Unchanged) }}</td>
                </tr>
            }
        })
        .collect_view();
    let kept = consequences
        .kept
        .iter()
        .map(|(label, value)| view! { <li><span class="zec-kept-label">{text(msg::WithColon { label: review_label(label) })}</span>{value.clone()}</li> })
        .collect_view();
    let warnings = consequences
        .warnings
        .iter()
        .map(|warning| view! { <li>{warning.clone()}</li> })
        .collect_view();
    view! {
        <table class="zec-changes" data-testid="plan-changes">
            <caption>{tr(Id::WhatChanges)}</caption>
            <thead><tr><th scope="col">{tr(Id::Setting)}</th><th scope="col">{tr(Id::Now)}</th><th scope="col">{tr(Id::AfterReinstall)}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="zec-login-after" data-testid="plan-login">{text(msg::LogInWith { how: plan.login.clone() })}</p>
        <ul class="zec-warnings" data-testid="plan-warnings">{warnings}</ul>
        <div class="zec-kept">
            <h4>{tr(Id::Kept)}</h4>
            <ul data-testid="plan-kept">{kept}</ul>
            <h4>{tr(Id::Erased)}</h4>
            <p>{tr(Id::ErasedWhat)}</p>
            <h4>{tr(Id::Undo)}</h4>
            <p data-testid="plan-undo">{match (&plan.snapshot, &plan.taken) {
                (Some(snapshot), Some(taken)) => text(msg::UndoSpare {
                    name: taken.snapshot_name.clone(),
                    taken: crate::i18n::date_time_ms(taken.taken_at),
                    until: snapshot.kept_until.clone(),
                }),
                (Some(snapshot), None) => text(msg::UndoSnapshot {
                    name: snapshot.request.snapshot_name.clone(),
                    until: snapshot.kept_until.clone(),
                }),
                (None, _) => word(Id::UndoNone),
            }}</p>
        </div>
    }
}

/// "Show API request": the body as sent (password masked), with curl and Python SDK lines.
#[component]
pub fn ApiRequest(plan: ReinstallPlan) -> impl IntoView {
    let origin = window().location().origin().unwrap_or_default();
    view! {
        <details class="zec-api-request">
            <summary>{tr(Id::ShowApiRequest)}</summary>
            <p>{tr(Id::ApiBody)}</p>
            <pre data-testid="api-body"><code>{plan.body_shown()}</code></pre>
            <p>{tr(Id::ApiCurl)}</p>
            <pre data-testid="api-curl"><code>{plan.curl(&origin)}</code></pre>
            <p>{tr(Id::ApiPython)}</p>
            <pre data-testid="api-python"><code>{plan.python()}</code></pre>
        </details>
    }
}
