//! How requests travel: what the client hands the transport (`Outgoing`), what comes back
//! (`Sent`), and `fetch` to the proxy (`FetchTransport`); tests put a stand-in in its place.

use std::future::Future;
use std::pin::Pin;

/// How long a call may take before it is abandoned (the proxy gives up on the API sooner).
const CALL_TIMEOUT_MS: u32 = 30_000;

/// What the transport saw: an HTTP answer, or none.
#[derive(Clone, Debug, PartialEq)]
pub enum Sent {
    Answer {
        status: u16,
        body: String,
    },
    /// The request could not be built or sent: it never left.
    NotSent(String),
    /// Sent, but no complete answer came back (network error, timeout, cut-off body).
    Lost(String),
}

/// One request to the proxy: a POST of an API call (`action` and `body`), or a GET of the
/// proxy's own JSON (the grant, the protection policy).
#[derive(Clone, Debug, PartialEq)]
pub struct Outgoing {
    pub url: String,
    pub action: Option<&'static str>,
    pub body: Option<String>,
    /// `Bearer …`: the portal session or the single-tenant token.
    pub authorization: Option<String>,
}

pub type Pending<T> = Pin<Box<dyn Future<Output = T>>>;

/// How requests travel: `fetch` in the product; a stand-in in component tests.
pub trait Transport {
    fn send(&self, request: Outgoing) -> Pending<Sent>;
}

/// `fetch` to the proxy.
pub struct FetchTransport;

impl Transport for FetchTransport {
    fn send(&self, outgoing: Outgoing) -> Pending<Sent> {
        Box::pin(async move {
            if let Some(sent) = super::first::answer(&outgoing).await {
                return sent;
            }
            let Ok(controller) = web_sys::AbortController::new() else {
                return Sent::NotSent(zec_console::i18n::text(zec_console::i18n::msg::CannotSend));
            };
            let builder = match outgoing.body {
                Some(_) => gloo_net::http::Request::post(&outgoing.url)
                    .header("content-type", "application/json"),
                None => gloo_net::http::Request::get(&outgoing.url),
            };
            let mut builder = builder.abort_signal(Some(&controller.signal()));
            if let Some(action) = outgoing.action {
                builder = builder.header("x-zc-action", action);
            }
            if let Some(authorization) = &outgoing.authorization {
                builder = builder.header("authorization", authorization);
            }
            let request = match outgoing.body {
                Some(body) => builder.body(body),
                None => builder.build(),
            };
            let request = match request {
                Ok(request) => request,
                Err(error) => return Sent::NotSent(error.to_string()),
            };
            // Dropping the timer cancels it; firing it aborts the request.
            let _timeout =
                gloo_timers::callback::Timeout::new(CALL_TIMEOUT_MS, move || controller.abort());
            let response = match request.send().await {
                Ok(response) => response,
                Err(_) => {
                    return Sent::Lost(zec_console::i18n::text(
                        zec_console::i18n::msg::NetworkError,
                    ))
                }
            };
            let status = response.status();
            match response.text().await {
                Ok(body) => Sent::Answer { status, body },
                Err(_) => Sent::Lost(zec_console::i18n::text(
                    zec_console::i18n::msg::AnswerCutOff,
                )),
            }
        })
    }
}
