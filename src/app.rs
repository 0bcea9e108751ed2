//! The application shell: options, shared context, and the switch between the instance
//! list and the reinstall panel.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::Serialize;
use web_sys::HtmlElement;

use crate::api::ApiClient;
use crate::browser;
use crate::components::instance_list::InstanceList;
use crate::components::reinstall_panel::ReinstallPanel;

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
    /// Open the reinstall panel of this instance instead of the list.
    pub instance_id: Option<String>,
    pub theme: Theme,
    /// The element that receives the DOM events (the widget's host element).
    pub host: Option<HtmlElement>,
    /// The console keeps `?instance=` in the address bar; a widget leaves the URL alone.
    pub deep_link: bool,
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

    pub fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.id_prefix)
    }
}

static MOUNTED: AtomicUsize = AtomicUsize::new(0);

#[component]
pub fn App(options: AppOptions) -> impl IntoView {
    let context = AppContext {
        api: options.api.clone(),
        host: options.host.clone().map(SendWrapper::new),
        id_prefix: format!("zec{}", MOUNTED.fetch_add(1, Ordering::Relaxed)),
        images_without_agent: RwSignal::new(HashSet::new()),
    };
    provide_context(context);
    let deep_link = options.deep_link;
    // A widget opened for one instance shows only that instance, never the list.
    let single = options.instance_id.is_some() && !deep_link;
    let (selected, set_selected) = signal(options.instance_id.clone());
    // The row whose panel was open last gets the focus back when the list returns.
    let (returning_to, set_returning_to) = signal(None::<String>);
    let open = Callback::new(move |instance_id: Option<String>| {
        if deep_link {
            browser::set_instance_in_url(instance_id.as_deref());
        }
        set_returning_to.set(selected.get_untracked());
        set_selected.set(instance_id);
    });
    let close = (!single).then(|| Callback::new(move |_| open.run(None)));

    let content = move || {
        match selected.get() {
        Some(instance_id) => view! { <ReinstallPanel instance_id=instance_id on_close=close /> }.into_any(),
        None => view! {
            <InstanceList on_open=Callback::new(move |id| open.run(Some(id))) focus_row=returning_to.get_untracked() />
        }
        .into_any(),
    }
    };
    let theme = options.theme.as_str();
    // The console owns the page: a banner with the page's one h1, and the main landmark. A
    // widget lives inside the portal's own landmarks, so it adds none.
    if deep_link {
        view! {
            <div class="zec-app" data-theme=theme>
                <header class="zec-masthead"><h1>"Reinstall an instance"</h1>
                    <p>"Zenlayer Elastic Compute"</p></header>
                <main>{content}</main>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="zec-app" data-theme=theme>{content}</div>
        }
        .into_any()
    }
}
