//! The console's first question, asked by the page before the wasm arrives (`www/boot.js`):
//! the list's first page, so its answer comes in with the wasm instead of after it. The
//! first call that asks exactly the same (address, action, body, and no credentials) takes
//! the answer, once; every other call, and this one when the page's request failed, goes to
//! the network as usual. Only a read-only action is ever taken from the page.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use zec_api::Action;

use super::transport::{Outgoing, Sent};
use crate::json;

/// What the page asked, and the promise of `{ status, body }` it got.
struct Asked {
    url: String,
    action: String,
    body: String,
    answer: js_sys::Promise,
}

thread_local! {
    static FIRST: RefCell<Option<Asked>> = const { RefCell::new(None) };
}

/// Remembers the page's question: `{ url, action, body, answer }` for a read-only action
/// (anything else is ignored).
pub fn remember(asked: &JsValue) {
    let text = |key: &str| json::field(asked, key)?.as_string();
    let answer =
        json::field(asked, "answer").and_then(|answer| answer.dyn_into::<js_sys::Promise>().ok());
    let (Some(url), Some(action), Some(body), Some(answer)) =
        (text("url"), text("action"), text("body"), answer)
    else {
        return;
    };
    // Only a read may be answered ahead: a write is sent once, when the user confirms it.
    let reads = Action::ALL
        .iter()
        .any(|known| known.name() == action && known.is_read_only());
    if reads {
        FIRST.with(|first| {
            *first.borrow_mut() = Some(Asked {
                url,
                action,
                body,
                answer,
            })
        });
    }
}

/// The page's answer to `outgoing`, when the page asked the same and got one.
pub async fn answer(outgoing: &Outgoing) -> Option<Sent> {
    let same = |asked: &Asked| {
        outgoing.authorization.is_none()
            && outgoing.url == asked.url
            && outgoing.action == Some(asked.action.as_str())
            && outgoing.body.as_deref() == Some(asked.body.as_str())
    };
    let promise = FIRST.with(|first| {
        let mut first = first.borrow_mut();
        match first.as_ref() {
            Some(asked) if same(asked) => first.take().map(|asked| asked.answer),
            _ => None,
        }
    })?;
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let status = json::field(&answer, "status")?.as_f64()?;
    let body = json::field(&answer, "body")?.as_string()?;
    Some(Sent::Answer {
        status: status as u16,
        body,
    })
}
