//! The application shell: options, shared context, and the switch between the views: the
//! instance list (with the fleet's plan and live table in its place) and the reinstall
//! panel. On the console page each view is a browser history entry (`routing`); every view
//! change puts the focus on the new view's heading.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::Serialize;
use web_sys::HtmlElement;
use zec_api::rules::ProtectionPolicy;
use zec_console::permits::Permits;

use zec_console::fleet::Stage;
use zec_console::route::Route;

use crate::api::ApiClient;
use crate::browser;
use crate::chunks;
use crate::components::instance_list::InstanceList;
use crate::components::language::LanguageSwitcher;
use crate::components::on_demand::{on_demand, Part};
use crate::fleet::Fleet;
use crate::i18n::tr;
use crate::routing;
use crate::session::Session;
use zec_console::i18n::Id;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    Light,
    Dark,
    /// Follows the operating system's preference.
    #[default]
    Auto,
}

impl Theme {
    pub fn parse(value: &str) -> Theme {
        match value {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// How one mounted copy of the app behaves.
#[derive(Clone)]
pub struct AppOptions {
    pub api: ApiClient,
    /// What the embedding page may change after mounting; kept in place, nothing remounts.
    pub controls: Controls,
    /// The element that receives the DOM events (the widget's host element).
    pub host: Option<HtmlElement>,
    /// The console keeps `?instance=` in the address bar; a widget leaves the URL alone.
    pub deep_link: bool,
}

/// What the embedding page can change while the app runs (the widget's attributes), shared
/// with the mount handle: the app reads these signals, so a change applies in place.
#[derive(Clone)]
pub struct Controls {
    pub theme: ArcRwSignal<Theme>,
    /// A widget for this one instance (its panel, never the list); `None`: the list.
    pub fixed_instance: ArcRwSignal<Option<String>>,
    /// The reinstall panel open now, asked before its unsent changes are thrown away.
    pub open_panel: ArcStoredValue<Option<Session>>,
}

impl Controls {
    pub fn new(theme: Theme, fixed_instance: Option<String>) -> Controls {
        Controls {
            theme: ArcRwSignal::new(theme),
            fixed_instance: ArcRwSignal::new(fixed_instance),
            open_panel: ArcStoredValue::new(None),
        }
    }

    /// Shows another instance (or the list): when the open panel has unsent changes the
    /// user is asked first, as when leaving it. `false` when the user chose to stay.
    pub fn show_instance(&self, instance_id: Option<String>) -> bool {
        if self
            .fixed_instance
            .with_untracked(|fixed| *fixed == instance_id)
        {
            return true;
        }
        let open = self.open_panel.get_value();
        if !open.is_none_or(|session| session.confirm_leave()) {
            return false;
        }
        self.fixed_instance.set(instance_id);
        true
    }
}

/// What every component of one mounted app shares.
#[derive(Clone)]
pub struct AppContext {
    pub api: ApiClient,
    host: Option<SendWrapper<HtmlElement>>,
    /// Makes element ids unique when several widgets share a page.
    pub id_prefix: String,
    /// Images the API refused QGA for, remembered while the page is open.
    pub images_without_agent: RwSignal<HashSet<String>>,
    /// Which instances are protected: the proxy's policy, read once per app (the default tag
    /// until it arrives). `zec_api::rules::protection` applies it.
    pub protection: RwSignal<ProtectionPolicy>,
    /// What the caller's session permits (`GET /api/v2/zec/session`), read once per app and
    /// again when the session changes; everything until it arrives (the proxy decides anyway).
    pub permits: RwSignal<Permits>,
    pub controls: Controls,
}

impl AppContext {
    /// Tells the embedding page what happened (`reinstall-submitted`, `status-change`,
    /// `reinstall-finished`).
    pub fn announce(&self, event: &str, detail: &impl Serialize) {
        if let Some(host) = &self.host {
            browser::dispatch(host, event, detail);
        }
    }

    /// An element of this app by id: inside the widget's Shadow DOM, `document` cannot see it.
    pub fn element(&self, id: &str) -> Option<HtmlElement> {
        use wasm_bindgen::JsCast;
        let found = match &self.host {
            Some(host) => host.query_selector(&format!("#{id}")).ok().flatten(),
            None => leptos::prelude::document().get_element_by_id(id),
        };
        found.and_then(|element| element.dyn_into::<HtmlElement>().ok())
    }

    pub fn focus(&self, id: &str) {
        if let Some(element) = self.element(id) {
            let _ = element.focus();
        }
    }

    /// Focuses the element once it is there (a view that is still loading its data).
    pub fn focus_soon(&self, id: String) {
        let app = self.clone();
        leptos::task::spawn_local(async move {
            for _ in 0..60 {
                if let Some(element) = app.element(&id) {
                    let _ = element.focus();
                    return;
                }
                gloo_timers::future::TimeoutFuture::new(50).await;
            }
        });
    }

    pub fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.id_prefix)
    }

    /// Whether the open panel (if any) may be left: it asks about what would be lost.
    pub fn may_leave_panel(&self) -> bool {
        self.controls
            .open_panel
            .get_value()
            .is_none_or(|session| session.confirm_leave())
    }
}

static MOUNTED: AtomicUsize = AtomicUsize::new(0);

/// The view shown, as a route: the panel, or what the fleet puts in the list's place.
fn shown(selected: Option<String>, fleet: Fleet) -> Route {
    match selected {
        Some(id) => Route::Instance(id),
        None => fleet.route(),
    }
}

#[component]
pub fn App(options: AppOptions) -> impl IntoView {
    let controls = options.controls.clone();
    let context = AppContext {
        api: options.api.clone(),
        host: options.host.clone().map(SendWrapper::new),
        id_prefix: format!("zec{}", MOUNTED.fetch_add(1, Ordering::Relaxed)),
        images_without_agent: RwSignal::new(HashSet::new()),
        protection: RwSignal::new(ProtectionPolicy::default()),
        permits: RwSignal::new(Permits::ALL),
        controls: controls.clone(),
    };
    read_policies(&context);
    provide_context(context.clone());
    let deep_link = options.deep_link;
    // A widget given an instance shows only that instance, never the list (the page may
    // change it in place: `Controls::show_instance`).
    let fixed = {
        let fixed = controls.fixed_instance.clone();
        Memo::new(move |_| if deep_link { None } else { fixed.get() })
    };
    let fleet = Fleet::new(context.clone());
    // The fleet's views hold their selection in memory: from an address alone, the list.
    let first = match fixed.get_untracked() {
        Some(id) => Route::Instance(id),
        None if deep_link => routing::current(),
        None => Route::List,
    };
    let first = match first {
        Route::FleetPlan | Route::FleetBatch => Route::List,
        route => route,
    };
    if deep_link {
        routing::go(&first, true);
    }
    let (selected, set_selected) = signal(match &first {
        Route::Instance(id) if fixed.get_untracked().is_none() => Some(id.clone()),
        _ => None,
    });
    let view = Memo::new(move |_| match fixed.get() {
        Some(id) => Route::Instance(id),
        None => shown(selected.get(), fleet),
    });
    // The row whose panel was open last gets the focus back when the list returns.
    let (returning_to, set_returning_to) = signal(None::<String>);
    let open = Callback::new(move |instance_id: Option<String>| {
        set_returning_to.set(selected.get_untracked());
        set_selected.set(instance_id);
    });
    let close = Callback::new(move |_| open.run(None));

    // Every view change puts the focus on the new view's heading (the panel focuses its own
    // once loaded; the list its row when a panel closes). The fleet's snapshots and then its
    // batch share one history entry, and each gets the focus when it appears.
    let snapshotting = Memo::new(move |_| {
        fleet
            .stage
            .with(|stage| matches!(stage, Stage::Snapshotting(_)))
    });
    let focus_app = context.clone();
    let last_view = StoredValue::new((view.get_untracked(), snapshotting.get_untracked()));
    Effect::new(move |_| {
        let shown = (view.get(), snapshotting.get());
        let (previous, _) = last_view.get_value();
        if shown == last_view.get_value() {
            return;
        }
        let route = shown.0.clone();
        if deep_link && route != previous && route != routing::current() {
            routing::go(&route, previous.replaced_by(&route));
        }
        last_view.set_value(shown.clone());
        let heading = match (route, shown.1) {
            (Route::List, _) if returning_to.get_untracked().is_some() => None,
            (Route::List, _) => Some("list-title"),
            (Route::FleetPlan, _) => Some("fleet-title"),
            (Route::FleetBatch, true) => Some("fleet-snapshots-title"),
            (Route::FleetBatch, false) => Some("fleet-batch-title"),
            (Route::Instance(_), _) => None,
        };
        if let Some(heading) = heading {
            focus_app.focus_soon(focus_app.id(heading));
        }
    });

    if deep_link {
        // Back and Forward: the same guards as the buttons; a refused move puts the entry
        // of the view still shown back.
        let app = context.clone();
        routing::on_back_or_forward(move |to| {
            let from = view.get_untracked();
            if to == from {
                return;
            }
            let leaves = match &from {
                Route::Instance(_) => app.may_leave_panel(),
                Route::FleetBatch => fleet.may_leave(),
                _ => true,
            };
            if !leaves {
                routing::go(&from, false);
                return;
            }
            match to {
                Route::Instance(id) => {
                    fleet.leave();
                    open.run(Some(id));
                }
                Route::List => {
                    fleet.leave();
                    open.run(None);
                }
                Route::FleetPlan | Route::FleetBatch => {
                    open.run(None);
                    let shown = if to == Route::FleetPlan {
                        fleet.open_plan()
                    } else {
                        fleet.is_running()
                    };
                    if !shown {
                        // Nothing to show there any more (the selection or batch is gone).
                        routing::go(&view.get_untracked(), true);
                    }
                }
            }
        });
    }

    let content = move || match (fixed.get(), selected.get()) {
        (Some(instance_id), _) => {
            on_demand(Part::Instance, None, chunks::preload_panel, move || {
                chunks::reinstall_panel(instance_id.clone(), None)
            })
        }
        (None, Some(instance_id)) => on_demand(
            Part::Instance,
            Some((Id::BackToList, close)),
            chunks::preload_panel,
            move || chunks::reinstall_panel(instance_id.clone(), Some(close)),
        ),
        (None, None) => view! {
            <InstanceList fleet=fleet on_open=Callback::new(move |id| open.run(Some(id)))
                focus_row=returning_to.get_untracked() />
        }
        .into_any(),
    };
    let theme = controls.theme.clone();
    let theme = move || theme.get().as_str();
    let lang = move || crate::i18n::locale().tag();
    let problem = options.api.proxy.problem.clone();
    let proxy = options.api.proxy.clone();
    let banner = move || {
        problem.get().map(|why| {
            let proxy = proxy.clone();
            view! {
                <div class="zec-banner zec-banner-error" role="alert" data-testid="session-problem">
                    <p>{why}</p>
                    <button type="button" class="zec-button" on:click=move |_| proxy.renew_now()>{tr(Id::TryAgain)}</button>
                </div>
            }
        })
    };
    // The console owns the page: a banner with the page's one h1, and the main landmark. A
    // widget lives inside the portal's own landmarks, so it adds none.
    if deep_link {
        view! {
            <div class="zec-app" data-theme=theme lang=lang>
                <header class="zec-masthead"><h1>{tr(Id::AppTitle)}</h1>
                    <p>{tr(Id::AppProduct)}</p><LanguageSwitcher /></header>
                <main>{banner}{content}</main>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="zec-app" data-theme=theme lang=lang>{banner}{content}</div>
        }
        .into_any()
    }
}

/// Reads the proxy's protection policy once, and the caller's grant now and whenever the
/// session changes. Without an answer the defaults stay: the proxy enforces either way.
fn read_policies(context: &AppContext) {
    let (api, protection) = (context.api.clone(), context.protection);
    leptos::task::spawn_local(async move {
        if let Ok(policy) = api.protection_policy().await {
            protection.try_set(policy);
        }
    });
    let (api, permits) = (context.api.clone(), context.permits);
    let changes = api.proxy.session_changes.clone();
    Effect::new(move |_| {
        changes.track();
        let api = api.clone();
        leptos::task::spawn_local(async move {
            if let Ok(grant) = api.grant().await {
                permits.try_set(Permits::from_grant(&grant));
            }
        });
    });
}
