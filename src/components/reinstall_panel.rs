//! The reinstall panel for one instance: loads what the form needs, then walks through
//! form → confirmation → live status. A running reinstall (saved in sessionStorage) resumes
//! straight into the live view.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use zec_api::rules::{Field, Violation};
use zec_api::wire::{Image, InstanceInfo, KeyPair, ResetInstanceRequest};
use zec_api::InstanceStatus;

use crate::api::{ApiClient, ApiError};
use crate::app::AppContext;
use crate::browser::{self, ActiveReinstall};
use crate::components::common::{ErrorBanner, FieldMessage, Loading, StatusBadge};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::image_picker::ImagePicker;
use crate::components::login_section::LoginSection;
use crate::components::power_section::PowerSection;
use crate::components::status_timeline::StatusTimeline;
use crate::form::{field_id, field_label, FormContext, ReinstallForm, FIELD_ORDER};

/// Everything the form needs from the API, loaded once per panel.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelData {
    pub instance: InstanceInfo,
    pub images: Vec<Image>,
    pub key_pairs: Vec<KeyPair>,
    pub time_zones: Vec<String>,
}

impl PanelData {
    pub fn context(&self) -> FormContext<'_> {
        FormContext {
            instance: &self.instance,
            images: &self.images,
            key_pairs: &self.key_pairs,
            time_zones: Some(&self.time_zones),
        }
    }

    pub async fn load(api: &ApiClient, instance_id: &str) -> Result<PanelData, ApiError> {
        Ok(PanelData {
            instance: api.instance(instance_id).await?,
            images: api.images().await?,
            key_pairs: api.key_pairs().await?,
            time_zones: api.time_zones().await?,
        })
    }
}

/// The form's reactive state, shared by its sections.
#[derive(Clone, Copy)]
pub struct FormState {
    pub form: RwSignal<ReinstallForm>,
    /// Fields the user has changed: their messages show as they type.
    pub touched: RwSignal<HashSet<Field>>,
    /// After a submit attempt every message shows.
    pub show_all: RwSignal<bool>,
    /// What the API answered, per field, until the field changes.
    pub server_errors: RwSignal<HashMap<Field, String>>,
    pub violations: Memo<HashMap<Field, Violation>>,
    pub data: StoredValue<Arc<PanelData>>,
}

impl FormState {
    fn new(data: Arc<PanelData>) -> FormState {
        let form = RwSignal::new(ReinstallForm::default());
        let stored = StoredValue::new(data);
        FormState {
            form,
            touched: RwSignal::new(HashSet::new()),
            show_all: RwSignal::new(false),
            server_errors: RwSignal::new(HashMap::new()),
            violations: Memo::new(move |_| {
                let data = stored.get_value();
                form.with(|form| form.violations(&data.context()))
            }),
            data: stored,
        }
    }

    /// Changes the form as the user did in `field`.
    pub fn edit(&self, field: Field, change: impl FnOnce(&mut ReinstallForm)) {
        self.form.update(change);
        self.touched.update(|touched| {
            touched.insert(field);
        });
        self.server_errors.update(|errors| {
            errors.remove(&field);
        });
    }

    /// The message to show next to a field, if any.
    pub fn message(&self, field: Field) -> Option<String> {
        if let Some(server) = self
            .server_errors
            .with(|errors| errors.get(&field).cloned())
        {
            return Some(server);
        }
        let visible = self.show_all.get() || self.touched.with(|touched| touched.contains(&field));
        if !visible {
            return None;
        }
        self.violations
            .with(|violations| violations.get(&field).map(|v| v.message.clone()))
    }

    pub fn is_invalid(&self, field: Field) -> bool {
        self.message(field).is_some()
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Form,
    Confirm,
    Live(ActiveReinstall),
}

#[component]
pub fn ReinstallPanel(instance_id: String, on_close: Callback<()>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let api = context.api.clone();
    let load_id = instance_id.clone();
    let data = LocalResource::new(move || {
        let api = api.clone();
        let id = load_id.clone();
        async move { PanelData::load(&api, &id).await }
    });
    let resumed = browser::load_active(&instance_id);

    // Escape leaves the panel (the confirmation dialog handles its own Escape first).
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && !event.default_prevented() {
            on_close.run(());
        }
    };

    view! {
        <section class="zec-panel" aria-labelledby=context.id("panel-title") on:keydown=on_keydown>
            <button type="button" class="zec-button zec-back" on:click=move |_| on_close.run(())>"← All instances"</button>
            {move || {
                let resumed = resumed.clone();
                match data.get() {
                    None => view! { <Loading what="the instance" /> }.into_any(),
                    Some(Err(error)) => view! {
                        <ErrorBanner error=error on_retry=Callback::new(move |_| data.refetch()) />
                    }.into_any(),
                    Some(Ok(loaded)) => view! {
                        <ReinstallView data=Arc::new(loaded) resumed=resumed on_close=on_close />
                    }.into_any(),
                }
            }}
        </section>
    }
}

#[component]
fn ReinstallView(
    data: Arc<PanelData>,
    resumed: Option<ActiveReinstall>,
    on_close: Callback<()>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let state = FormState::new(data.clone());
    let stage = RwSignal::new(resumed.map_or(Stage::Form, Stage::Live));
    let status = RwSignal::new(data.instance.status.clone());
    let banner = RwSignal::new(None::<ApiError>);
    let instance = data.instance.clone();
    let prefix = context.id_prefix.clone();

    let api = context.api.clone();
    let submit = Action::new_local(move |request: &ResetInstanceRequest| {
        let api = api.clone();
        let request = request.clone();
        async move { api.reset_instance(&request).await }
    });

    // The API's answer: a reinstall to watch, an error on its field, or a banner.
    let answer_data = data.clone();
    let answer_context = context.clone();
    Effect::new(move |_| {
        let Some(result) = submit.value().get() else {
            return;
        };
        match result {
            Ok(request_id) => {
                let form = state.form.get_untracked();
                let data = answer_data.clone();
                let active = describe_active(&form, &data, request_id.clone());
                browser::save_active(&active);
                answer_context.announce(
                    "reinstall-submitted",
                    &serde_json::json!({"instanceId": active.instance_id, "status": "DEPLOYING", "requestId": request_id}),
                );
                state.form.update(|form| form.password.clear());
                stage.set(Stage::Live(active));
            }
            Err(error) => {
                let field = error
                    .code()
                    .and_then(Field::for_code)
                    .filter(|field| *field != Field::Instance);
                match field {
                    Some(field) => {
                        state.server_errors.update(|errors| {
                            errors.insert(
                                field,
                                format!(
                                    "{} ({})",
                                    error.message(),
                                    error.code().map(|c| c.to_string()).unwrap_or_default()
                                ),
                            );
                        });
                        answer_context.focus(&field_id(&prefix, field));
                    }
                    None => banner.set(Some(error)),
                }
                stage.set(Stage::Form);
            }
        }
    });

    let confirm_data = data.clone();
    let on_confirm = Callback::new(move |_| {
        banner.set(None);
        let request = state
            .form
            .with_untracked(|form| form.to_request(&confirm_data.context()));
        submit.dispatch(request);
    });
    let retry = Callback::new(move |_| on_confirm.run(()));
    // Closing the dialog gives focus back to the button that opened it.
    let review_id = context.id("review");
    let cancel_context = context.clone();
    let cancel = Callback::new(move |_| {
        stage.set(Stage::Form);
        let (context, id) = (cancel_context.clone(), review_id.clone());
        request_animation_frame(move || context.focus(&id));
    });
    let finished = Callback::new(move |_| {
        browser::clear_active(&instance.instance_id);
        on_close.run(());
    });

    view! {
        <InstanceHeader data=data.clone() status=status />
        {move || banner.get().map(|error| {
            let retry = matches!(error, ApiError::Network(_)).then_some(retry);
            view! { <ErrorBanner error=error on_retry=retry.unwrap_or(Callback::new(move |_| banner.set(None))) /> }
        })}
        {move || match stage.get() {
            Stage::Live(active) => view! { <StatusTimeline active=active on_done=finished on_back=on_close mirror=status /> }.into_any(),
            Stage::Form | Stage::Confirm => {
                let data = data.clone();
                view! {
                    <ReinstallForm_ state=state data=data.clone() status=status pending=submit.pending()
                        on_review=Callback::new(move |_| stage.set(Stage::Confirm)) />
                    <Show when=move || stage.get() == Stage::Confirm>
                        <ConfirmDialog state=state data=data.clone() pending=submit.pending()
                            on_cancel=cancel on_confirm=on_confirm />
                    </Show>
                }.into_any()
            }
        }}
    }
}

/// What the live view needs to remember about the request (no password).
fn describe_active(form: &ReinstallForm, data: &PanelData, request_id: String) -> ActiveReinstall {
    let context = data.context();
    ActiveReinstall {
        instance_id: data.instance.instance_id.clone(),
        request_id,
        started_at: browser::now_ms(),
        image_name: form.image_name_to_install(&context),
        login: form.login_description(&context),
    }
}

#[component]
fn InstanceHeader(data: Arc<PanelData>, status: RwSignal<InstanceStatus>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let instance = &data.instance;
    view! {
        <header class="zec-panel-header">
            <h2 id=context.id("panel-title")>{format!("Reinstall {}", instance.display_name())}</h2>
            <dl class="zec-facts">
                <div><dt>"Instance"</dt><dd><code>{instance.instance_id.clone()}</code></dd></div>
                <div><dt>"Zone"</dt><dd>{instance.zone_id.clone()}</dd></div>
                <div><dt>"Current image"</dt><dd>{instance.image_name.clone()}</dd></div>
                <div><dt>"Boot disk"</dt><dd>{format!("{} GiB", instance.system_disk.disk_size)}</dd></div>
                <div><dt>"Status"</dt><dd><StatusBadge status=status /></dd></div>
            </dl>
        </header>
    }
}

/// The form itself. (Named with a trailing underscore: `ReinstallForm` is the form's data.)
#[component]
#[allow(non_snake_case)]
fn ReinstallForm_(
    state: FormState,
    data: Arc<PanelData>,
    status: RwSignal<InstanceStatus>,
    pending: Memo<bool>,
    on_review: Callback<()>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let prefix = context.id_prefix.clone();
    let instance = data.instance.clone();
    let stopped = move || status.get() == InstanceStatus::Stopped;
    let invalid_fields = move || {
        state.violations.with(|violations| {
            FIELD_ORDER
                .iter()
                .copied()
                .filter(|field| violations.contains_key(field))
                .collect::<Vec<_>>()
        })
    };
    let review_prefix = prefix.clone();
    let focus_context = context.clone();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        state.show_all.set(true);
        let invalid = invalid_fields();
        match invalid.first() {
            Some(first) => focus_context.focus(&field_id(&review_prefix, *first)),
            None if stopped() => on_review.run(()),
            None => {}
        }
    };
    let button_label = move || {
        if !stopped() {
            return "Power off the instance to reinstall".to_owned();
        }
        let invalid = invalid_fields();
        if state.show_all.get() && !invalid.is_empty() {
            let names: Vec<&str> = invalid.iter().map(|field| field_label(*field)).collect();
            return format!("Fix to continue: {}", names.join(", "));
        }
        "Review and reinstall".to_owned()
    };

    let name_id = field_id(&prefix, Field::InstanceName);
    let tz_id = field_id(&prefix, Field::Timezone);
    let agent_id = field_id(&prefix, Field::EnableAgent);
    let data_id = field_id(&prefix, Field::UserData);
    let tz_list = context.id("timezones");
    let current_name = instance.display_name().to_owned();
    let current_tz = instance
        .time_zone
        .clone()
        .unwrap_or_else(|| "unknown".to_owned());
    let time_zones = data.time_zones.clone();
    let msg = |id: &str| format!("{id}-message");

    view! {
        <PowerSection instance_id=instance.instance_id.clone() status=status />
        <form class="zec-form" novalidate=true on:submit=on_submit>
            <ImagePicker state=state />
            <LoginSection state=state />

            <div class="zec-field">
                <label for=name_id.clone()>"Instance name " <span class="zec-optional">"(optional)"</span></label>
                <input id=name_id.clone() type="text" autocomplete="off" spellcheck="false"
                    placeholder=format!("Keep current ({current_name})")
                    prop:value=move || state.form.with(|f| f.instance_name.clone())
                    aria-invalid=move || state.is_invalid(Field::InstanceName).to_string()
                    aria-describedby=format!("{} {}-hint", msg(&name_id), name_id)
                    on:input=move |ev| state.edit(Field::InstanceName, |f| f.instance_name = event_target_value(&ev)) />
                <p id=format!("{name_id}-hint") class="zec-hint">"2–63 letters, digits, hyphens (-) and periods (.), starting with a letter or digit."</p>
                <FieldMessage id=msg(&name_id) message=Signal::derive(move || state.message(Field::InstanceName)) />
            </div>

            <div class="zec-field">
                <label for=tz_id.clone()>"Time zone " <span class="zec-optional">"(optional)"</span></label>
                <input id=tz_id.clone() type="text" list=tz_list.clone() autocomplete="off" spellcheck="false"
                    placeholder=format!("Keep current ({current_tz})")
                    prop:value=move || state.form.with(|f| f.timezone.clone().unwrap_or_default())
                    aria-invalid=move || state.is_invalid(Field::Timezone).to_string()
                    aria-describedby=msg(&tz_id)
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        state.edit(Field::Timezone, |f| f.timezone = (!value.trim().is_empty()).then(|| value.trim().to_owned()));
                    } />
                <datalist id=tz_list>
                    {time_zones.into_iter().map(|zone| view! { <option value=zone></option> }).collect_view()}
                </datalist>
                <FieldMessage id=msg(&tz_id) message=Signal::derive(move || state.message(Field::Timezone)) />
            </div>

            <div class="zec-field zec-field-check">
                <input id=agent_id.clone() type="checkbox"
                    prop:checked=move || state.form.with(|f| f.enable_agent)
                    aria-invalid=move || state.is_invalid(Field::EnableAgent).to_string()
                    aria-describedby=msg(&agent_id)
                    on:change=move |ev| state.edit(Field::EnableAgent, |f| f.enable_agent = event_target_checked(&ev)) />
                <label for=agent_id.clone()>"Enable the QGA agent (lets the cloud reset passwords and read guest status)"</label>
                <FieldMessage id=msg(&agent_id) message=Signal::derive(move || state.message(Field::EnableAgent)) />
            </div>

            <div class="zec-field">
                <label for=data_id.clone()>"User data " <span class="zec-optional">"(optional: a script run at first boot)"</span></label>
                <textarea id=data_id.clone() rows="5" spellcheck="false"
                    prop:value=move || state.form.with(|f| f.user_data.clone())
                    aria-invalid=move || state.is_invalid(Field::UserData).to_string()
                    aria-describedby=format!("{} {}-count", msg(&data_id), data_id)
                    on:input=move |ev| state.edit(Field::UserData, |f| f.user_data = event_target_value(&ev))></textarea>
                <p id=format!("{data_id}-count") class=move || {
                    let over = state.form.with(|f| f.user_data.len() > zec_api::rules::USER_DATA_MAX_BYTES);
                    if over { "zec-hint zec-over" } else { "zec-hint" }
                }>
                    {move || format!("{} / {} bytes", state.form.with(|f| f.user_data.len()), zec_api::rules::USER_DATA_MAX_BYTES)}
                </p>
                <FieldMessage id=msg(&data_id) message=Signal::derive(move || state.message(Field::UserData)) />
            </div>

            <div class="zec-actions">
                <button type="submit" id=context.id("review") class="zec-button zec-button-primary"
                    disabled=move || !stopped() || pending.get()>{button_label}</button>
            </div>
        </form>
    }
}
