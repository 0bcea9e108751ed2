//! The last step: a plain summary of what will be erased and installed, and the instance's
//! name typed to enable the final button. The button is disabled while the request runs,
//! so a double submit cannot happen.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use crate::app::AppContext;
use crate::components::reinstall_panel::{FormState, PanelData};

#[component]
pub fn ConfirmDialog(
    state: FormState,
    data: Arc<PanelData>,
    pending: Memo<bool>,
    on_cancel: Callback<()>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let instance = &data.instance;
    let expected = instance.display_name().to_owned();
    let form = state.form.get_untracked();
    let form_context = data.context();
    let image_name = form.image_name_to_install(&form_context);
    let headline = format!(
        "The boot disk of {} ({} GiB) will be erased and {} installed.",
        instance.display_name(),
        instance.system_disk.disk_size,
        image_name
    );
    let mut details = Vec::new();
    details.push(format!(
        "Log in with {}.",
        form.login_description(&form_context)
    ));
    if !form.instance_name.trim().is_empty() {
        details.push(format!(
            "The instance will be renamed {}.",
            form.instance_name.trim()
        ));
    }
    if let Some(zone) = &form.timezone {
        details.push(format!("Time zone: {zone}."));
    }
    details.push(
        if form.enable_agent {
            "The QGA agent will be enabled."
        } else {
            "The QGA agent stays off."
        }
        .to_owned(),
    );
    if !form.user_data.is_empty() {
        details.push(format!(
            "User data ({} bytes) runs at first boot.",
            form.user_data.len()
        ));
    }

    let (typed, set_typed) = signal(String::new());
    let matches = {
        let expected = expected.clone();
        move || typed.get().trim() == expected
    };
    let input_ref = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = input_ref.get() {
            let _ = input.focus();
        }
    });
    let title_id = context.id("confirm-title");
    let heading_id = title_id.clone();
    let input_id = context.id("confirm-input");
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            event.stop_propagation();
            on_cancel.run(());
        }
    };
    let can_confirm = matches.clone();
    view! {
        <div class="zec-dialog-backdrop">
            <div class="zec-dialog" role="alertdialog" aria-modal="true" aria-labelledby=title_id.clone()
                aria-describedby=context.id("confirm-summary") on:keydown=on_keydown>
                <h3 id=heading_id>"Erase the boot disk and reinstall?"</h3>
                <p id=context.id("confirm-summary") class="zec-summary">{headline}</p>
                <ul class="zec-details">{details.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                <p class="zec-warning">"Everything on the boot disk is lost. This cannot be undone."</p>
                <form on:submit=move |event: leptos::ev::SubmitEvent| {
                    event.prevent_default();
                    if can_confirm() && !pending.get_untracked() {
                        on_confirm.run(());
                    }
                }>
                    <label for=input_id.clone()>"Type " <strong>{expected.clone()}</strong> " to confirm"</label>
                    <input id=input_id node_ref=input_ref type="text" autocomplete="off" spellcheck="false"
                        prop:value=typed on:input=move |ev| set_typed.set(event_target_value(&ev)) />
                    <div class="zec-actions">
                        <button type="button" class="zec-button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                        <button type="submit" class="zec-button zec-button-danger"
                            disabled=move || !matches() || pending.get()>
                            {move || if pending.get() { "Starting reinstall…" } else { "Erase disk and reinstall" }}
                        </button>
                    </div>
                </form>
            </div>
        </div>
    }
}
