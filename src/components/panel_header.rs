//! The top of a reinstall panel: the instance's name, facts and live status, why a
//! protected instance is locked, and what the last attempt left to say above the form.

use leptos::prelude::*;
use zec_console::i18n::{msg, word, Id};

use crate::i18n::{text, tr};
use zec_api::wire::InstanceInfo;

use crate::app::AppContext;
use crate::components::common::{ErrorBanner, LockIcon, StatusBadge};
use crate::session::Session;
use zec_console::session::{Activity, Event, Notice};

/// What the last attempt left to say above the form.
#[component]
pub fn FormNotice(session: Session) -> impl IntoView {
    let dismiss = Callback::new(move |_| session.send(Event::Dismiss));
    let name = move || session.instance.with(|i| i.display_name().to_owned());
    move || {
        session.panel.with(|panel| match &panel.activity {
            Activity::Editing(Some(Notice::Refused(error))) => {
                let error = error.clone();
                Some(view! { <ErrorBanner error=error dismiss=dismiss /> }.into_any())
            }
            // What the caller's session does not permit, and why.
            Activity::Editing(Some(Notice::NotAllowed(why))) => Some(
                view! {
                    <div class="zec-banner zec-banner-error" data-testid="not-permitted">
                        <p class="zec-banner-message" role="alert">{why.clone()}</p>
                        <button type="button" class="zec-button" on:click=move |_| dismiss.run(())>{tr(Id::Dismiss)}</button>
                    </div>
                }
                .into_any(),
            ),
            Activity::Editing(Some(notice @ (Notice::Blocked(_) | Notice::OtherTab | Notice::PasswordAgain))) => {
                let (text, tone) = match notice {
                    Notice::Blocked(why) => (zec_console::i18n::violation(why), "zec-banner-error"),
                    Notice::OtherTab => (text(msg::OtherTabReinstalling { name: name() }), "zec-banner-warn"),
                    _ => (word(Id::PlanBack), "zec-banner-warn"),
                };
                Some(view! {
                    <div class=format!("zec-banner {tone}") data-testid="blocked">
                        <p class="zec-banner-message" role="alert">{text}</p>
                        <button type="button" class="zec-button" on:click=move |_| dismiss.run(())>{tr(Id::Dismiss)}</button>
                    </div>
                }
                .into_any())
            }
            _ => None,
        })
    }
}

/// Why the instance must not be reinstalled here (`zec_api::rules::protection`), if it is.
pub fn protected_by(
    policy: &zec_api::rules::ProtectionPolicy,
    instance: &zec_api::wire::InstanceInfo,
) -> Option<String> {
    zec_api::rules::protection(instance, policy)
        .map(|by| zec_console::i18n::protected(&instance.instance_id, &by))
}

/// Name, id, zone, image, disk, the live status, and why a protected instance is locked.
#[component]
pub fn InstanceHeader(session: Session) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let instance = session.instance;
    let field = move |read: fn(&InstanceInfo) -> String| move || instance.with(read);
    let protection = context.protection;
    view! {
        <header class="zec-panel-header">
            <h2 id=context.id("panel-title") tabindex="-1">
                {field(|instance| text(msg::ReinstallName { name: instance.display_name().to_owned() }))}
            </h2>
            {move || instance.with(|instance| protected_by(&protection.get(), instance)).map(|reason| view! {
                <p class="zec-banner zec-banner-warn zec-protected" data-testid="protected">
                    <LockIcon /> <strong>{tr(Id::ProtectedLabel)}</strong> " " {reason} " "
                    {tr(Id::ProtectedRefused)}
                </p>
            })}
            <dl class="zec-facts">
                <div><dt>{tr(Id::FieldInstance)}</dt><dd><code>{field(|instance| instance.instance_id.clone())}</code></dd></div>
                <div><dt>{tr(Id::Zone)}</dt><dd>{field(|instance| instance.zone_id.clone())}</dd></div>
                <div><dt>{tr(Id::CurrentImage)}</dt><dd data-testid="current-image">{field(|instance| instance.image_name.clone())}</dd></div>
                <div><dt>{tr(Id::BootDisk)}</dt><dd>{field(|instance| text(msg::GiB { size: instance.system_disk.disk_size.to_string() }))}</dd></div>
                <div><dt>{tr(Id::Status)}</dt><dd><StatusBadge status=session.status detailed=true /></dd></div>
            </dl>
        </header>
    }
}
