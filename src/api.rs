//! The one module that builds HTTP requests: calls the same-origin proxy's API and returns
//! typed results. Views never talk HTTP themselves.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use zec_api::grant::Grant;
use zec_api::rules::{ProtectionPolicy, MAX_INSTANCE_IDS};
use zec_api::wire::*;
use zec_api::{Action, Call, ErrorCode};

use zec_console::portal;

use crate::json;
use crate::proxy::Proxy;

/// A failed call: the API refused (nothing happened) or no readable answer came (a
/// state-changing call may have been carried out). Defined with the flows that read it.
pub use zec_console::ApiError;

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
            let Ok(controller) = web_sys::AbortController::new() else {
                return Sent::NotSent("the browser cannot send requests".to_owned());
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
                Err(_) => return Sent::Lost("network error or timeout".to_owned()),
            };
            let status = response.status();
            match response.text().await {
                Ok(body) => Sent::Answer { status, body },
                Err(_) => Sent::Lost("the answer was cut off".to_owned()),
            }
        })
    }
}

#[derive(Clone)]
pub struct ApiClient {
    transport: Arc<dyn Transport + Send + Sync>,
    /// Where the proxy is and what to show it; shared by every clone.
    pub proxy: Proxy,
}

impl ApiClient {
    pub fn new(proxy: Proxy) -> ApiClient {
        ApiClient {
            transport: Arc::new(FetchTransport),
            proxy,
        }
    }

    /// A client on another transport (component tests), with its own `Proxy`.
    pub fn with_transport(transport: Arc<dyn Transport + Send + Sync>) -> ApiClient {
        ApiClient {
            transport,
            proxy: Proxy::new(""),
        }
    }

    /// Sends what `outgoing` builds and reads the answer with `read`. When the proxy says the
    /// portal session expired (it checks before forwarding anything, so nothing happened),
    /// a fresh session is asked for once and the request sent again with it; when it refuses
    /// the page's credentials, the app is told.
    async fn exchange<R>(
        &self,
        path: &str,
        action: Option<&'static str>,
        body: Option<String>,
        read: impl Fn(Sent) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let mut renewed = false;
        self.proxy.ensure_session().await;
        loop {
            let seen = self.proxy.generation();
            let outgoing = Outgoing {
                url: format!("{}{path}", self.proxy.base()),
                action,
                body: body.clone(),
                authorization: self.proxy.authorization(),
            };
            let answer = read(self.transport.send(outgoing).await);
            match &answer {
                Err(error) if portal::session_expired(error) && !renewed => {
                    renewed = true;
                    if self.proxy.renew(seen).await {
                        continue;
                    }
                }
                Err(error) if portal::session_refused(error) && !renewed => {
                    self.proxy.refused(format!(
                        "The proxy did not accept this page's credentials: {} Open this page \
                         from your portal, or ask its administrator.",
                        error.message()
                    ));
                }
                _ => {}
            }
            return answer;
        }
    }

    /// Sends a request of the action table; the answer has the type the table gives it.
    async fn call<C: Call>(&self, request: &C) -> Result<(C::Response, String), ApiError> {
        let action = C::ACTION;
        let body = crate::json::to_string(request).map_err(|detail| ApiError::Transport {
            detail,
            may_have_arrived: false,
        })?;
        let read = |sent| read_answer(action, sent);
        self.exchange(
            action.service().path(),
            Some(action.name()),
            Some(body),
            read,
        )
        .await
    }

    pub async fn describe_instances(
        &self,
        request: &DescribeInstancesRequest,
    ) -> Result<Page<InstanceInfo>, ApiError> {
        Ok(self.call(request).await?.0)
    }

    pub async fn instance(&self, instance_id: &str) -> Result<InstanceInfo, ApiError> {
        let request = DescribeInstancesRequest {
            instance_ids: vec![instance_id.to_owned()],
            ..Default::default()
        };
        let page = self.describe_instances(&request).await?;
        page.data_set
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::Refused {
                status: 404,
                code: ErrorCode::InvalidInstanceNotFound,
                message: String::new(),
                request_id: String::new(),
            })
    }

    pub async fn instance_statuses(
        &self,
        instance_ids: &[String],
    ) -> Result<Vec<InstanceStatusEntry>, ApiError> {
        let request = DescribeInstancesStatusRequest {
            instance_ids: instance_ids.to_vec(),
            page_size: Some(instance_ids.len().max(1) as u32),
            page_num: None,
        };
        let page = self.call(&request).await?.0;
        Ok(page.data_set)
    }

    /// The statuses of any number of instances (DescribeInstancesStatus per ≤ 100 ids).
    pub async fn statuses_of(
        &self,
        instance_ids: &[String],
    ) -> Result<Vec<InstanceStatusEntry>, ApiError> {
        let mut entries = Vec::with_capacity(instance_ids.len());
        for ids in instance_ids.chunks(MAX_INSTANCE_IDS) {
            entries.extend(self.instance_statuses(ids).await?);
        }
        Ok(entries)
    }

    /// Every image (the API's largest page holds them all for any real account).
    pub async fn images(&self) -> Result<Vec<Image>, ApiError> {
        let request = DescribeImagesRequest {
            page_size: Some(zec_api::rules::MAX_PAGE_SIZE),
            ..Default::default()
        };
        let page: Page<Image> = self.call(&request).await?.0;
        Ok(page.data_set)
    }

    pub async fn key_pairs(&self) -> Result<Vec<KeyPair>, ApiError> {
        let request = DescribeKeyPairsRequest {
            page_size: Some(zec_api::rules::MAX_PAGE_SIZE),
            ..Default::default()
        };
        let page: Page<KeyPair> = self.call(&request).await?.0;
        Ok(page.data_set)
    }

    pub async fn time_zones(&self) -> Result<Vec<String>, ApiError> {
        let zones: TimeZones = self.call(&DescribeTimeZonesRequest {}).await?.0;
        Ok(zones.time_zones)
    }

    /// Starts a snapshot of a disk; returns its id.
    pub async fn create_snapshot(
        &self,
        request: &CreateSnapshotRequest,
    ) -> Result<String, ApiError> {
        let created: CreateSnapshotResponse = self.call(request).await?.0;
        Ok(created.snapshot_id)
    }

    /// The snapshots of one disk, newest first; or only those with `name`.
    pub async fn snapshots_of_disk(
        &self,
        disk_id: &str,
        name: Option<&str>,
    ) -> Result<Vec<SnapshotInfo>, ApiError> {
        let request = DescribeSnapshotsRequest {
            disk_ids: vec![disk_id.to_owned()],
            snapshot_name: name.map(str::to_owned),
            page_size: Some(zec_api::rules::MAX_PAGE_SIZE),
            ..Default::default()
        };
        let page: Page<SnapshotInfo> = self.call(&request).await?.0;
        let mut snapshots: Vec<SnapshotInfo> = page
            .data_set
            .into_iter()
            // The name filter is fuzzy: keep exact matches only.
            .filter(|snapshot| name.is_none_or(|name| snapshot.snapshot_name == name))
            .collect();
        snapshots.sort_by(|a, b| b.create_time.cmp(&a.create_time));
        Ok(snapshots)
    }

    /// One snapshot by id; `None` when the API no longer lists it.
    pub async fn snapshot(&self, snapshot_id: &str) -> Result<Option<SnapshotInfo>, ApiError> {
        let request = DescribeSnapshotsRequest {
            snapshot_ids: vec![snapshot_id.to_owned()],
            ..Default::default()
        };
        let page: Page<SnapshotInfo> = self.call(&request).await?.0;
        Ok(page.data_set.into_iter().next())
    }

    /// Rolls the disk back to the snapshot.
    pub async fn apply_snapshot(&self, request: &ApplySnapshotRequest) -> Result<String, ApiError> {
        let (_, request_id): (Empty, String) = self.call(request).await?;
        Ok(request_id)
    }

    /// Returns the snapshot ids that could not be deleted.
    pub async fn delete_snapshot(&self, snapshot_id: &str) -> Result<Vec<String>, ApiError> {
        let request = DeleteSnapshotsRequest {
            snapshot_ids: vec![snapshot_id.to_owned()],
        };
        let failed: FailedSnapshots = self.call(&request).await?.0;
        Ok(failed.snapshot_ids)
    }

    /// Starts the reinstall; returns the request id.
    pub async fn reset_instance(&self, request: &ResetInstanceRequest) -> Result<String, ApiError> {
        let (_, request_id): (Empty, String) = self.call(request).await?;
        Ok(request_id)
    }

    /// Starts the reinstall of ≤ 100 instances with one plan; returns the ids that did not
    /// start (the others are DEPLOYING) and the request id.
    pub async fn reset_instances(
        &self,
        request: &ResetInstancesRequest,
    ) -> Result<(Vec<String>, String), ApiError> {
        let (failed, request_id): (ResetInstancesResponse, String) = self.call(request).await?;
        Ok((failed.instance_ids, request_id))
    }

    /// Powers off ≤ 100 instances; returns the ids that could not be stopped.
    pub async fn stop_instances(
        &self,
        request: &StopInstancesRequest,
    ) -> Result<Vec<String>, ApiError> {
        let failed: FailedInstances = self.call(request).await?.0;
        Ok(failed.instance_ids)
    }

    /// The proxy's protection policy (`GET /api/v2/zec/protection`), so the console shows
    /// the locks the proxy enforces.
    pub async fn protection_policy(&self) -> Result<ProtectionPolicy, ApiError> {
        self.get_json(zec_api::rules::PROTECTION_POLICY_PATH).await
    }

    /// What the caller may do (`GET /api/v2/zec/session`).
    pub async fn grant(&self) -> Result<Grant, ApiError> {
        self.get_json(zec_api::grant::SESSION_GRANT_PATH).await
    }

    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.exchange(path, None, None, read_json).await
    }
}

/// The proxy's own JSON (200), or its refusal in the envelope.
fn read_json<T: DeserializeOwned>(sent: Sent) -> Result<T, ApiError> {
    match sent {
        Sent::Answer { status: 200, body } => {
            json::from_str(&body).ok_or_else(|| ApiError::Transport {
                detail: "an unreadable answer".to_owned(),
                may_have_arrived: false,
            })
        }
        Sent::Answer { status, body } => Err(refusal(status, &body)),
        Sent::NotSent(detail) | Sent::Lost(detail) => Err(ApiError::Transport {
            detail,
            may_have_arrived: false,
        }),
    }
}

/// A non-200 answer: the refusal in the API's envelope, or an unknown outcome.
fn refusal(status: u16, body: &str) -> ApiError {
    match json::from_str::<ErrorEnvelope>(body) {
        Some(envelope) => ApiError::Refused {
            status,
            code: envelope.code,
            message: envelope.message,
            request_id: envelope.request_id,
        },
        // A server error page: the API may have acted before it failed.
        None => ApiError::Transport {
            detail: format!("HTTP {status} without an API answer"),
            may_have_arrived: status >= 500,
        },
    }
}

/// A success body: `response` holds the action's fields; an action without fields of its
/// own may come back with only `requestId`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Success<T> {
    #[serde(default)]
    request_id: String,
    response: Option<ResponseBody<T>>,
}

/// Turns what the transport saw into a result. Only an answer in the API's envelope is a
/// refusal; anything unreadable from a server that got the request is an unknown outcome.
pub fn read_answer<Resp: DeserializeOwned>(
    action: Action,
    sent: Sent,
) -> Result<(Resp, String), ApiError> {
    let (status, body) = match sent {
        Sent::Answer { status, body } => (status, body),
        Sent::NotSent(detail) => {
            return Err(ApiError::Transport {
                detail,
                may_have_arrived: false,
            })
        }
        Sent::Lost(detail) => {
            return Err(ApiError::Transport {
                detail,
                may_have_arrived: true,
            })
        }
    };
    if status == 200 {
        let parsed = json::parse(&body);
        let unreadable = || ApiError::Transport {
            detail: format!("an unreadable answer to {}", action.name()),
            may_have_arrived: true,
        };
        let success: Success<Resp> = parsed.and_then(json::read).ok_or_else(unreadable)?;
        let data = match success.response {
            Some(response) => response.data,
            // `{"requestId": "…"}` alone is a success for an action without fields.
            None => json::read(js_sys::Object::new().into()).ok_or_else(unreadable)?,
        };
        return Ok((data, success.request_id));
    }
    Err(refusal(status, &body))
}
