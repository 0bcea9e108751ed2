//! The other tabs of this browser (and other widgets on the page): on one BroadcastChannel
//! each panel says whether it holds a confirmed plan for its instance, and answers a panel
//! that opens and asks. So a second tab's review dialog stops being confirmable the moment
//! the first tab confirms, instead of after the API refuses.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// The one channel of the panels and the fleet (`fleet_tabs`), and its message.
pub(crate) const CHANNEL: &str = "zec-reinstall.tabs";

/// One message on the channel: a panel's or the fleet's news, or a question from one that
/// just opened.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Message {
    pub instance_id: String,
    /// Whether the sender holds a confirmed plan for the instance; `None`: a question.
    pub holds: Option<bool>,
}

/// A panel's link to the other tabs; dropped with the panel's reactive owner.
#[derive(Clone)]
pub struct TabLink {
    inner: Option<Rc<Link>>,
}

struct Link {
    channel: BroadcastChannel,
    instance_id: String,
    holds: Cell<bool>,
}

impl Link {
    fn post(&self, holds: Option<bool>) {
        let message = Message {
            instance_id: self.instance_id.clone(),
            holds,
        };
        if let Ok(json) = crate::json::to_string(&message) {
            let _ = self.channel.post_message(&JsValue::from_str(&json));
        }
    }
}

impl TabLink {
    /// No link (yet).
    pub fn none() -> TabLink {
        TabLink { inner: None }
    }

    /// Listens for news about `instance_id` (`on_news(holds)`) and asks who holds a plan
    /// for it. Without BroadcastChannel the link does nothing.
    pub fn open(instance_id: &str, on_news: impl Fn(bool) + 'static) -> TabLink {
        let Ok(channel) = BroadcastChannel::new(CHANNEL) else {
            return TabLink { inner: None };
        };
        let link = Rc::new(Link {
            channel,
            instance_id: instance_id.to_owned(),
            holds: Cell::new(false),
        });
        let listening = Rc::downgrade(&link);
        let listener = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let (Some(link), Some(json)) = (listening.upgrade(), event.data().as_string()) else {
                return;
            };
            let Some(message) = crate::json::from_str::<Message>(&json) else {
                return;
            };
            if message.instance_id != link.instance_id {
                return;
            }
            match message.holds {
                Some(holds) => on_news(holds),
                // A panel opened and asks: answer only when this one holds a plan.
                None if link.holds.get() => link.post(Some(true)),
                None => {}
            }
        });
        link.channel
            .set_onmessage(Some(listener.as_ref().unchecked_ref()));
        link.post(None);
        let held = SendWrapper::new((link.clone(), listener));
        on_cleanup(move || {
            let (link, _listener) = held.take();
            // A panel that goes lets go of its plan for the other tabs.
            if link.holds.get() {
                link.post(Some(false));
            }
            link.channel.set_onmessage(None);
            link.channel.close();
        });
        TabLink { inner: Some(link) }
    }

    /// Tells the other tabs whether this panel holds a confirmed plan now.
    pub fn tell(&self, holds: bool) {
        if let Some(link) = &self.inner {
            link.holds.set(holds);
            link.post(Some(holds));
        }
    }

    /// The tab is going away (closed, reloaded): let go of the plan for the others.
    pub fn release(&self) {
        if let Some(link) = self.inner.as_ref().filter(|link| link.holds.get()) {
            link.post(Some(false));
        }
    }
}
