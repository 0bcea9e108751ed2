//! The plan in plain words: what changes (before → after, changed rows marked), what is
//! kept, what is erased, how to log in afterwards, and the equivalent API call. Everything
//! here is read from the frozen plan.

use leptos::prelude::*;

use zec_console::plan::ReinstallPlan;
use zec_console::words;

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
                    <th scope="row">{row.label}</th>
                    <td>{row.before.clone()}</td>
                    <td>{if changed { row.after.clone() } else { "unchanged".to_owned() }}</td>
                </tr>
            }
        })
        .collect_view();
    let kept = consequences
        .kept
        .iter()
        .map(|(label, value)| view! { <li><span class="zec-kept-label">{*label}": "</span>{value.clone()}</li> })
        .collect_view();
    let warnings = consequences
        .warnings
        .iter()
        .map(|warning| view! { <li>{warning.clone()}</li> })
        .collect_view();
    view! {
        <table class="zec-changes" data-testid="plan-changes">
            <caption>"What changes"</caption>
            <thead><tr><th scope="col">"Setting"</th><th scope="col">"Now"</th><th scope="col">"After the reinstall"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="zec-login-after" data-testid="plan-login">{format!("Log in with {}.", plan.login)}</p>
        <ul class="zec-warnings" data-testid="plan-warnings">{warnings}</ul>
        <div class="zec-kept">
            <h4>"Kept"</h4>
            <ul data-testid="plan-kept">{kept}</ul>
            <h4>"Erased"</h4>
            <p>"Everything on the boot disk: files, installed software and settings."</p>
            <h4>"Undo"</h4>
            <p data-testid="plan-undo">{match (&plan.snapshot, &plan.taken) {
                (Some(snapshot), Some(taken)) => format!(
                    "The snapshot {}, taken {} for a reinstall that was not sent, is used: no new one is taken. The disk can be restored from it {}.",
                    taken.snapshot_name, words::date_time_ms(taken.taken_at), snapshot.kept_until
                ),
                (Some(snapshot), None) => format!(
                    "A snapshot ({}) is taken first; the disk can be restored from it {}.",
                    snapshot.request.snapshot_name, snapshot.kept_until
                ),
                (None, _) => "No snapshot is taken: this cannot be undone.".to_owned(),
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
            <summary>"Show API request"</summary>
            <p>"ResetInstance, body (the password is masked):"</p>
            <pre data-testid="api-body"><code>{plan.body_shown()}</code></pre>
            <p>"With curl, through this console's server:"</p>
            <pre data-testid="api-curl"><code>{plan.curl(&origin)}</code></pre>
            <p>"With Zenlayer's Python SDK (zenlayercloud-sdk-python):"</p>
            <pre data-testid="api-python"><code>{plan.python()}</code></pre>
        </details>
    }
}
