//! Parts of the app downloaded on first use (issue 22, docs/size.md). `on_demand!` declares a
//! function whose code is its own wasm file when the crate is built with the `split` feature
//! (scripts/build-wasm.sh splits cargo's wasm at these points); in every other build (tests,
//! `wasm-pack build`, clippy) it is an ordinary async function. Views call the functions
//! through `components::on_demand::OnDemand`, which shows a retry when a download fails.
//!
//! Each boundary takes the owners of the state it shows (`Session`, `Fleet`) from code that
//! is already loaded, so a failed download never loses what the user typed: the form's
//! values live in the session, not in the chunk.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;

use zec_console::i18n::Locale;
use zec_console::plan::ReinstallPlan;

use crate::components::activity_log::ScopeActivity;
use crate::components::fleet_view::FleetView;
use crate::components::instance_activity::InstanceActivity;
use crate::components::reinstall_panel::ReinstallPanel;
use crate::components::review_dialog::ReviewDialog;
use crate::fleet::Fleet;
use crate::session::Session;

/// A part of the app could not be downloaded (the network, or a new release replaced the
/// files). The reason is in the browser's console; the view offers to try again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkUnavailable;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkUnavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkUnavailable
    }
}

/// `on_demand! { chunk NAME, preload PRELOAD; fn f(args) -> T { body } }` declares
/// `async fn f(args) -> Result<T, ChunkUnavailable>` and `async fn PRELOAD()`. Functions
/// with the same chunk NAME share one file; each has its own PRELOAD (the split runtime
/// remembers a download per function: once `f`'s own PRELOAD has finished, `f` resolves at
/// once, which `on_demand` relies on). Split points are
/// `fallible`: a failed download is an `Err` and the body does not run, never a panic (with
/// `panic = "abort"` a panic would stop the whole app). Signatures must be concrete (no
/// generics, no `impl Trait`). The body runs untracked, as a component's body does: the
/// reactive closure that shows the part must not re-run when a signal the part reads while
/// being built changes.
macro_rules! on_demand {
    (
        chunk $chunk:ident $(, preload $preload:ident)?;
        $(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
    ) => {
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $chunk, fallible, wasm_split_path = ::leptos::wasm_split $(, preload($preload))?
        )]
        $(#[$attr])* $vis fn $name($($arg: $ty),*) -> Result<$ret, ChunkUnavailable> {
            Ok(::leptos::prelude::untrack(move || $body))
        }

        #[cfg(not(feature = "split"))]
        $(#[$attr])* $vis async fn $name($($arg: $ty),*) -> Result<$ret, ChunkUnavailable> {
            Ok(::leptos::prelude::untrack(move || $body))
        }

        $(
            #[cfg(not(feature = "split"))]
            $vis async fn $preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> { Ok(()) }
        )?
    };
}

on_demand! {
    chunk panel, preload preload_panel;
    /// The reinstall panel of one instance: the form, the power and undo sections, the
    /// review and the live status (a widget for one instance downloads it with the main
    /// module, `www/zec-reinstall-element.js`).
    pub fn reinstall_panel(instance_id: String, on_close: Option<Callback<()>>) -> AnyView {
        view! { <ReinstallPanel instance_id=instance_id on_close=on_close /> }.into_any()
    }
}

on_demand! {
    chunk review, preload preload_review;
    /// The review of a frozen plan (the plan itself is frozen by the session, which is
    /// loaded: a failed download leaves the form and the plan as they are).
    pub fn review_dialog(session: Session, plan: ReinstallPlan) -> AnyView {
        view! { <ReviewDialog session=session plan=plan /> }.into_any()
    }
}

on_demand! {
    chunk activity, preload preload_activity;
    /// The history under the list: every instance the caller may see, with its CSV export.
    pub fn scope_activity() -> AnyView {
        view! { <ScopeActivity /> }.into_any()
    }
}

on_demand! {
    chunk activity, preload preload_instance_activity;
    /// The history of one instance, under its panel.
    pub fn instance_activity(session: Session) -> AnyView {
        view! { <InstanceActivity session=session /> }.into_any()
    }
}

on_demand! {
    chunk fleet, preload preload_fleet;
    /// The fleet's plan, review, snapshots and batch, shown in the list's place.
    pub fn fleet_view(fleet: Fleet) -> AnyView {
        fleet.start();
        view! { <FleetView fleet=fleet /> }.into_any()
    }
}

on_demand! {
    chunk fleet;
    /// The fleet's flow installed without its view: at once when a reload finds a confirmed
    /// batch to resume (`Fleet::new`), whatever the page shows.
    pub fn start_fleet(fleet: Fleet) -> () {
        fleet.start()
    }
}

/// A language switch in progress (the `language` part's functions return one).
pub type Switching = std::pin::Pin<Box<dyn Future<Output = ()>>>;

on_demand! {
    chunk language, preload preload_language;
    /// Switches the page to `locale`, fetching and reading its catalogue the first time:
    /// only a visit that leaves English needs this code.
    pub fn switch_language(locale: Locale) -> Switching {
        Box::pin(crate::i18n::switch_now(locale))
    }
}

on_demand! {
    chunk language, preload preload_choice;
    /// The console's switcher's choice: switched, remembered and put in the address.
    pub fn choose_language(locale: Locale) -> Switching {
        Box::pin(crate::i18n::choose_now(locale))
    }
}

/// Downloads the parts the list leads to, once, when the browser is idle after the list has
/// shown its rows: a click a few seconds later never waits on the network.
pub fn warm_up_after_list() {
    static STARTED: AtomicBool = AtomicBool::new(false);
    when_idle(&STARTED, || async {
        // In the order users meet them.
        let _ = preload_panel().await;
        let _ = preload_review().await;
        let _ = preload_fleet().await;
    });
}

/// Downloads the parts the panel leads to, once, when the browser is idle after the panel
/// has shown its instance (a widget for one instance never needs the list's parts).
pub fn warm_up_after_panel() {
    static STARTED: AtomicBool = AtomicBool::new(false);
    when_idle(&STARTED, || async {
        let _ = preload_review().await;
    });
}

/// Runs `preload` once per `started` flag, when the browser is idle. The parts download one
/// after another, so they never compete with the first view's own calls; a failure is left
/// to the click, which tries again and says so.
fn when_idle<Preload, Loaded>(started: &'static AtomicBool, preload: Preload)
where
    Preload: Fn() -> Loaded + Copy + 'static,
    Loaded: Future<Output = ()> + 'static,
{
    if started.swap(true, Ordering::Relaxed) {
        return;
    }
    on_idle(move || leptos::task::spawn_local(preload()));
}

/// Runs `run` once the browser is idle.
pub fn on_idle(run: impl Fn() + Clone + 'static) {
    if request_idle_callback_with_handle(run.clone()).is_err() {
        // Without requestIdleCallback (Safari): shortly after.
        set_timeout(run, std::time::Duration::from_millis(300));
    }
}
