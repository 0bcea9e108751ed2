//! The fleet's word to the other tabs of this browser (and the other widgets of the page),
//! on one BroadcastChannel (`zec-reinstall.tabs`, open to a panel's messages too): which
//! instances this tab holds a confirmed plan for, and the news of the others about the
//! instances of the plan under review — so a review here stops being confirmable the moment
//! another tab confirms a reinstall of one of its instances.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

use crate::tabs::{Message, CHANNEL};

struct Link {
    channel: BroadcastChannel,
    /// The instances whose news matter here (the plan under review or being carried out).
    watched: RefCell<BTreeSet<String>>,
    /// The instances this tab holds a confirmed plan for.
    held: RefCell<BTreeSet<String>>,
}

impl Link {
    fn post(&self, instance_id: &str, holds: Option<bool>) {
        let message = Message {
            instance_id: instance_id.to_owned(),
            holds,
        };
        if let Ok(json) = crate::json::to_string(&message) {
            let _ = self.channel.post_message(&JsValue::from_str(&json));
        }
    }
}

/// The fleet's link; it closes with the reactive owner that opened it.
#[derive(Clone)]
pub struct FleetTabs {
    inner: Option<Rc<Link>>,
}

impl FleetTabs {
    /// Listens for news (`on_news(instance id, holds)`). Without BroadcastChannel the link
    /// does nothing.
    pub fn open(on_news: impl Fn(String, bool) + 'static) -> FleetTabs {
        let Ok(channel) = BroadcastChannel::new(CHANNEL) else {
            return FleetTabs { inner: None };
        };
        let link = Rc::new(Link {
            channel,
            watched: RefCell::new(BTreeSet::new()),
            held: RefCell::new(BTreeSet::new()),
        });
        let listening = Rc::downgrade(&link);
        let listener = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let (Some(link), Some(json)) = (listening.upgrade(), event.data().as_string()) else {
                return;
            };
            let Some(message) = crate::json::from_str::<Message>(&json) else {
                return;
            };
            let id = message.instance_id;
            match message.holds {
                Some(holds) if link.watched.borrow().contains(&id) => on_news(id, holds),
                Some(_) => {}
                // Someone asks: answer only for an instance this tab holds.
                None if link.held.borrow().contains(&id) => link.post(&id, Some(true)),
                None => {}
            }
        });
        link.channel
            .set_onmessage(Some(listener.as_ref().unchecked_ref()));
        let held = SendWrapper::new((link.clone(), listener));
        on_cleanup(move || {
            let (link, _listener) = held.take();
            release(&link);
            link.channel.set_onmessage(None);
            link.channel.close();
        });
        FleetTabs { inner: Some(link) }
    }

    /// The instances whose news matter now; the new ones are asked about.
    pub fn watch(&self, ids: &[String]) {
        let Some(link) = &self.inner else { return };
        let asked: Vec<String> = {
            let mut watched = link.watched.borrow_mut();
            let new = ids
                .iter()
                .filter(|id| !watched.contains(*id))
                .cloned()
                .collect();
            *watched = ids.iter().cloned().collect();
            new
        };
        asked.iter().for_each(|id| link.post(id, None));
    }

    /// Tells the others which instances this tab holds a confirmed plan for now.
    pub fn hold(&self, ids: &[String]) {
        let Some(link) = &self.inner else { return };
        let now: BTreeSet<String> = ids.iter().cloned().collect();
        let before = link.held.replace(now.clone());
        before
            .difference(&now)
            .for_each(|id| link.post(id, Some(false)));
        now.difference(&before)
            .for_each(|id| link.post(id, Some(true)));
    }

    /// The tab is going away: let go of every plan for the others.
    pub fn release(&self) {
        if let Some(link) = &self.inner {
            release(link);
        }
    }
}

fn release(link: &Link) {
    let held = link.held.take();
    held.iter().for_each(|id| link.post(id, Some(false)));
}
