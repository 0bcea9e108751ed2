//! The proxy this app talks to: where it is, and what the browser shows it. Nothing (open
//! or identity-header deployments), the single-tenant token, or a portal session with the
//! host page's way to get a fresh one (`fetchSession`). One value shared by every clone of
//! the `ApiClient` and by the status streams, changed in place by the widget's `update`.
//!
//! A session is renewed before it expires (`zec_console::portal::refresh_at_ms`), and once
//! when the proxy answers 401 `SESSION_EXPIRED`; concurrent callers share one renewal. When
//! no fresh session can be had, `problem` says why and what to do (the app shows it).

use std::cell::RefCell;
use std::rc::Rc;
use zec_console::i18n::{msg, text, word, Id};

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsValue;
use zec_console::portal::{refresh_at_ms, SessionTimes};

use crate::browser;

/// How long the host page's `fetchSession` may take.
const FETCH_SESSION_TIMEOUT_MS: u32 = 20_000;

#[derive(Clone)]
pub struct Proxy {
    state: SendWrapper<Rc<RefCell<State>>>,
    /// Why no usable session can be had, for the banner; `None` when all is well.
    pub problem: ArcRwSignal<Option<String>>,
    /// Counts session changes (a renewal, a new `session`): the grant is read again.
    pub session_changes: ArcRwSignal<u64>,
}

#[derive(Default)]
struct State {
    base: String,
    access_token: Option<String>,
    session: Option<String>,
    fetch_session: Option<js_sys::Function>,
    /// Bumped whenever the session changes: a caller that saw an older one need not renew.
    generation: u64,
    /// Bumped when the address changes: open streams reconnect to the new one.
    base_generation: u64,
    renewing: Option<Shared<LocalBoxFuture<'static, bool>>>,
    /// The renewal before expiry; dropping it cancels it.
    timer: Option<gloo_timers::callback::Timeout>,
}

impl Proxy {
    pub fn new(base: &str) -> Proxy {
        let proxy = Proxy {
            state: SendWrapper::new(Rc::new(RefCell::new(State::default()))),
            problem: ArcRwSignal::new(None),
            session_changes: ArcRwSignal::new(0),
        };
        proxy.set_base(base);
        proxy
    }

    pub fn base(&self) -> String {
        self.state.borrow().base.clone()
    }

    pub fn base_generation(&self) -> u64 {
        self.state.borrow().base_generation
    }

    /// Where the proxy is: `""` for the page's own origin.
    pub fn set_base(&self, base: &str) {
        let mut state = self.state.borrow_mut();
        let base = base.trim_end_matches('/').to_owned();
        if state.base != base {
            state.base = base;
            state.base_generation += 1;
        }
    }

    /// The single-tenant token (`access-token`).
    pub fn set_access_token(&self, token: Option<String>) {
        self.state.borrow_mut().access_token = token.filter(|t| !t.is_empty());
    }

    /// The `Authorization` header to send: the session, else the token.
    pub fn authorization(&self) -> Option<String> {
        let state = self.state.borrow();
        let credential = state.session.as_ref().or(state.access_token.as_ref())?;
        Some(format!("Bearer {credential}"))
    }

    /// Changes with every new session.
    pub fn generation(&self) -> u64 {
        self.state.borrow().generation
    }

    pub fn has_session(&self) -> bool {
        self.state.borrow().session.is_some()
    }

    /// A new portal session (from the page, or from `fetchSession`); renewal is scheduled.
    pub fn set_session(&self, session: Option<String>) {
        let session = session
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        {
            let mut state = self.state.borrow_mut();
            if state.session == session {
                return;
            }
            state.session = session;
            state.generation += 1;
        }
        self.problem.set(None);
        self.session_changes.update(|n| *n += 1);
        self.schedule_renewal();
    }

    /// The host page's async function that returns a fresh session.
    pub fn set_fetch_session(&self, fetch_session: Option<js_sys::Function>) {
        self.state.borrow_mut().fetch_session = fetch_session;
        self.schedule_renewal();
    }

    /// Renews the session before it expires, when the page gave a way to.
    fn schedule_renewal(&self) {
        let mut state = self.state.borrow_mut();
        state.timer = None;
        let (Some(session), true) = (&state.session, state.fetch_session.is_some()) else {
            return;
        };
        let Some(times) = session_times(session) else {
            return;
        };
        let now = browser::now_ms();
        let delay = (refresh_at_ms(times, now) - now).clamp(0.0, f64::from(i32::MAX)) as u32;
        let (proxy, seen) = (self.clone(), state.generation);
        state.timer = Some(gloo_timers::callback::Timeout::new(delay, move || {
            leptos::task::spawn_local(async move {
                proxy.renew(seen).await;
            });
        }));
    }

    /// Gets a fresh session unless the one `seen` was already replaced; `true` when there is
    /// a newer session to send. Concurrent callers share one call to `fetchSession`.
    pub async fn renew(&self, seen: u64) -> bool {
        let pending = {
            let mut state = self.state.borrow_mut();
            if state.generation != seen {
                return true;
            }
            match &state.renewing {
                Some(pending) => pending.clone(),
                None => {
                    let pending = self.clone().fetch_fresh().boxed_local().shared();
                    state.renewing = Some(pending.clone());
                    pending
                }
            }
        };
        pending.await
    }

    /// Before a request: a page that gave `fetchSession` but no session gets one first.
    pub async fn ensure_session(&self) {
        let seen = {
            let state = self.state.borrow();
            let wanted = state.session.is_none()
                && state.access_token.is_none()
                && state.fetch_session.is_some();
            if !wanted {
                return;
            }
            state.generation
        };
        self.renew(seen).await;
    }

    /// "Try again" on the banner.
    pub fn renew_now(&self) {
        let (proxy, seen) = (self.clone(), self.generation());
        leptos::task::spawn_local(async move {
            proxy.renew(seen).await;
        });
    }

    /// The proxy refused the page's credentials and no renewal helps: say so.
    pub fn refused(&self, message: String) {
        self.problem.set(Some(message));
    }

    async fn fetch_fresh(self) -> bool {
        let function = self.state.borrow().fetch_session.clone();
        let fresh = match function {
            Some(function) => call_fetch_session(&function).await,
            None => Err(word(Id::SessionExpiredNoRenewal)),
        };
        self.state.borrow_mut().renewing = None;
        match fresh {
            Ok(session) => {
                self.set_session(Some(session));
                true
            }
            Err(why) => {
                self.problem.set(Some(why));
                false
            }
        }
    }
}

/// Calls the page's `fetchSession()` and waits (bounded) for the session it resolves to.
async fn call_fetch_session(function: &js_sys::Function) -> Result<String, String> {
    let failed = |detail: String| text(msg::SessionNotRenewed { detail });
    let returned = function
        .call0(&JsValue::NULL)
        .map_err(|error| failed(describe(&error)))?;
    let answer = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&returned));
    let timeout = gloo_timers::future::TimeoutFuture::new(FETCH_SESSION_TIMEOUT_MS);
    let value = match futures::future::select(answer, timeout).await {
        futures::future::Either::Left((Ok(value), _)) => value,
        futures::future::Either::Left((Err(error), _)) => return Err(failed(describe(&error))),
        futures::future::Either::Right(_) => return Err(failed(word(Id::PortalDidNotAnswer))),
    };
    match value.as_string().filter(|s| !s.trim().is_empty()) {
        Some(session) => Ok(session),
        None => Err(failed(
            "fetchSession must resolve to the session, a string".into(),
        )),
    }
}

fn describe(error: &JsValue) -> String {
    js_sys::Error::from(error.clone())
        .message()
        .as_string()
        .filter(|m| !m.is_empty())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "fetchSession failed".to_owned())
}

/// `exp` and `iat` from the session's payload, read without verifying (the proxy verifies):
/// base64url JSON, decoded with the browser's own `atob` and `JSON.parse`.
pub fn session_times(session: &str) -> Option<SessionTimes> {
    let payload = session.split('.').nth(1)?;
    let mut base64: String = payload
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while !base64.len().is_multiple_of(4) {
        base64.push('=');
    }
    let json = web_sys::window()?.atob(&base64).ok()?;
    let claims = crate::json::parse(&json)?;
    let number = |name: &str| {
        js_sys::Reflect::get(&claims, &JsValue::from_str(name))
            .ok()?
            .as_f64()
    };
    Some(SessionTimes {
        expires_at: number("exp")? as i64,
        issued_at: number("iat").map(|iat| iat as i64),
    })
}
