//! Where a part of the app downloaded on first use (`crate::chunks`) appears: "Loading …"
//! while it downloads, then the part; when the download fails, a message with "Try again"
//! in its place, and nothing else on the page changes (the state it shows lives in owners
//! that are already loaded).

use std::future::Future;

use futures::FutureExt;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use zec_console::i18n::Id;

use crate::chunks::ChunkUnavailable;
use crate::components::common::Loading;
use crate::i18n::tr;

/// What the user is waiting for: named in "Loading …" and in the message when it fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Instance,
    Activity,
    Plan,
    /// A confirmed fleet batch, resumed after a reload.
    Batch,
    Review,
}

impl Part {
    fn loading(self) -> Id {
        match self {
            Part::Instance => Id::LoadingInstance,
            Part::Activity => Id::LoadingActivity,
            Part::Plan => Id::LoadingPlanForSelected,
            Part::Batch => Id::LoadingBatch,
            Part::Review => Id::LoadingReview,
        }
    }

    fn failed(self) -> Id {
        match self {
            Part::Instance => Id::PartInstanceFailed,
            Part::Activity => Id::PartActivityFailed,
            Part::Plan => Id::PartPlanFailed,
            Part::Batch => Id::PartBatchFailed,
            Part::Review => Id::PartReviewFailed,
        }
    }
}

/// `what` names the part for "Loading …" and the message; `back` (a label and what it does)
/// is the way out offered beside "Try again", where the part replaces a step of a flow.
/// `download` is the `preload_…` function of the part's function that `show` calls (again on
/// each "Try again"); once it has finished, that function resolves at once.
///
/// The part is downloaded first and then built in a plain reactive closure, as a view built
/// in place would be: built inside a `Suspense`, its signals would belong to the suspended
/// future's owner, which a later re-render of the boundary disposes under a view still shown.
pub fn on_demand<Download, Downloaded, Show, Shown>(
    what: Part,
    back: Option<(Id, Callback<()>)>,
    download: Download,
    show: Show,
) -> AnyView
where
    Download: Fn() -> Downloaded + Send + Sync + 'static,
    Downloaded: Future<Output = Result<(), SplitLoaderError>> + 'static,
    Show: Fn() -> Shown + Send + Sync + 'static,
    Shown: Future<Output = Result<AnyView, ChunkUnavailable>>,
{
    // None while downloading; then whether it worked. Each failure counts for the message.
    let downloaded = RwSignal::new(None::<bool>);
    let failures = RwSignal::new(0u32);
    let start = move || {
        downloaded.set(None);
        let downloading = download();
        leptos::task::spawn_local(async move {
            let ok = downloading.await.is_ok();
            if !ok {
                failures.try_update(|n| *n += 1);
            }
            downloaded.try_set(Some(ok));
        });
    };
    start();
    let retry = Callback::new(move |_| start());
    let part = move || match downloaded.get() {
        None => view! { <Loading what=what.loading() /> }.into_any(),
        // Downloaded: the part's function resolves at once.
        Some(true) => match show().now_or_never() {
            Some(Ok(view)) => view,
            // Not there after all (`download` is not `show`'s own preload): a bug, said as a
            // failure rather than a view that never comes.
            _ => {
                view! { <ChunkFailed what=what failed_before=1 retry=retry back=back /> }.into_any()
            }
        },
        Some(false) => {
            let failed_before = failures.get_untracked().saturating_sub(1);
            view! { <ChunkFailed what=what failed_before=failed_before retry=retry back=back /> }
                .into_any()
        }
    };
    part.into_any()
}

/// `on_demand` for a part below the first view (the history under a panel): its download
/// starts once the browser is idle, so it never competes with the first view's own files
/// and calls on a slow network.
pub fn on_demand_when_idle<Download, Downloaded, Show, Shown>(
    what: Part,
    download: Download,
    show: Show,
) -> AnyView
where
    Download: Fn() -> Downloaded + Clone + Send + Sync + 'static,
    Downloaded: Future<Output = Result<(), SplitLoaderError>> + 'static,
    Show: Fn() -> Shown + Clone + Send + Sync + 'static,
    Shown: Future<Output = Result<AnyView, ChunkUnavailable>>,
{
    let idle = RwSignal::new(false);
    crate::chunks::on_idle(move || {
        idle.try_set(true);
    });
    let part = move || match idle.get() {
        false => view! { <Loading what=what.loading() /> }.into_any(),
        true => on_demand(what, None, download.clone(), show.clone()),
    };
    part.into_any()
}

/// The download failed. After a second failure the likelier cause is a new release that
/// replaced the files, which only a reload fixes.
#[component]
fn ChunkFailed(
    what: Part,
    failed_before: u32,
    retry: Callback<()>,
    back: Option<(Id, Callback<()>)>,
) -> impl IntoView {
    view! {
        <div class="zec-banner zec-banner-error" data-testid="chunk-failed">
            <div class="zec-banner-message" role="alert">
                <p>{tr(what.failed())}</p>
                {(failed_before > 0).then(|| view! { <p>{tr(Id::PartReloadHint)}</p> })}
            </div>
            <div class="zec-actions">
                <button type="button" class="zec-button zec-button-primary" on:click=move |_| retry.run(())>{tr(Id::TryAgain)}</button>
                {back.map(|(label, back)| view! {
                    <button type="button" class="zec-button" on:click=move |_| back.run(())>{tr(label)}</button>
                })}
            </div>
        </div>
    }
}
