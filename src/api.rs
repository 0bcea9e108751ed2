//! The one module that builds HTTP requests: calls the same-origin proxy's API and returns
//! typed results. Views never talk HTTP themselves.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use zec_api::activity::ActivityPage;
use zec_api::rules::{ProtectionPolicy, MAX_INSTANCE_IDS};
use zec_api::wire::*;
use zec_api::{Action, Call, ErrorCode};

use crate::json;

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

pub type Pending<T> = Pin<Box<dyn Future<Output = T>>>;

/// How requests travel: `fetch` in the product; a stand-in in component tests.
pub trait Transport {
    /// POSTs `body` to `path` with the action header.
    fn post(&self, path: String, action: &'static str, body: String) -> Pending<Sent>;
    /// GETs `path` (with its query): the proxy's own reads, such as the activity history.
    fn get(&self, path: String) -> Pending<Sent>;
}

/// `fetch` to the proxy, optionally with the portal's bearer token.
pub struct FetchTransport {
    pub base: String,
    pub token: Option<String>,
}

impl Transport for FetchTransport {
    fn post(&self, path: String, action: &'static str, body: String) -> Pending<Sent> {
        let url = format!("{}{}", self.base, path);
        let token = self.token.clone();
        Box::pin(async move {
            let Ok(controller) = web_sys::AbortController::new() else {
                return Sent::NotSent("the browser cannot send requests".to_owned());
            };
            let mut request = gloo_net::http::Request::post(&url)
                .header("content-type", "application/json")
                .header("x-zc-action", action)
                .abort_signal(Some(&controller.signal()));
            if let Some(token) = token {
                request = request.header("authorization", &format!("Bearer {token}"));
            }
            let request = match request.body(body) {
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

    fn get(&self, path: String) -> Pending<Sent> {
        let url = format!("{}{}", self.base, path);
        let token = self.token.clone();
        Box::pin(async move {
            let Ok(controller) = web_sys::AbortController::new() else {
                return Sent::NotSent("the browser cannot send requests".to_owned());
            };
            let mut request =
                gloo_net::http::Request::get(&url).abort_signal(Some(&controller.signal()));
            if let Some(token) = token {
                request = request.header("authorization", &format!("Bearer {token}"));
            }
            // A read that hangs would hold up the next ones: it is abandoned in time.
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
    base: String,
    token: Option<String>,
}

impl ApiClient {
    pub fn new(base: &str, token: Option<String>) -> ApiClient {
        let base = base.trim_end_matches('/').to_owned();
        ApiClient {
            transport: Arc::new(FetchTransport {
                base: base.clone(),
                token: token.clone(),
            }),
            base,
            token,
        }
    }

    pub fn with_transport(transport: Arc<dyn Transport + Send + Sync>) -> ApiClient {
        ApiClient {
            transport,
            base: String::new(),
            token: None,
        }
    }

    /// The live status stream's URL, or `None` when it cannot be used (EventSource cannot
    /// send a bearer token, so token deployments poll instead).
    pub fn status_stream_url(&self, instance_ids: &[String]) -> Option<String> {
        if self.token.is_some() {
            return None;
        }
        Some(format!(
            "{}{}?{}={}",
            self.base,
            zec_api::live::STATUS_STREAM_PATH,
            zec_api::live::STATUS_STREAM_IDS_PARAM,
            instance_ids.join(",")
        ))
    }

    /// Sends a request of the action table; the answer has the type the table gives it.
    async fn call<C: Call>(&self, request: &C) -> Result<(C::Response, String), ApiError> {
        let action = C::ACTION;
        let body = crate::json::to_string(request).map_err(|detail| ApiError::Transport {
            detail,
            may_have_arrived: false,
        })?;
        let sent = self
            .transport
            .post(action.service().path().to_owned(), action.name(), body)
            .await;
        read_answer(action, sent)
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

    /// A page of the activity history, newest first: one instance's, or (`None`) everything
    /// the caller may see; `cursor` is the previous page's `nextCursor`.
    pub async fn activity(
        &self,
        instance_id: Option<&str>,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<ActivityPage, ApiError> {
        use zec_api::activity::{ACTIVITY_INSTANCE_PARAM, ACTIVITY_PATH};
        let encode = |value: &str| String::from(js_sys::encode_uri_component(value));
        let mut path = format!("{ACTIVITY_PATH}?limit={limit}");
        if let Some(id) = instance_id {
            path += &format!("&{ACTIVITY_INSTANCE_PARAM}={}", encode(id));
        }
        if let Some(cursor) = cursor {
            path += &format!("&cursor={}", encode(cursor));
        }
        let unreadable = |detail: String| ApiError::Transport {
            detail,
            may_have_arrived: false,
        };
        match self.transport.get(path).await {
            Sent::Answer { status: 200, body } => json::from_str(&body)
                .ok_or_else(|| unreadable("an unreadable page of the history".to_owned())),
            Sent::Answer { status, body } => {
                match json::parse(&body).and_then(json::read::<ErrorEnvelope>) {
                    Some(envelope) => Err(ApiError::Refused {
                        status,
                        code: envelope.code,
                        message: envelope.message,
                        request_id: envelope.request_id,
                    }),
                    None => Err(unreadable(format!("HTTP {status}"))),
                }
            }
            Sent::NotSent(detail) | Sent::Lost(detail) => Err(unreadable(detail)),
        }
    }

    /// The proxy's protection policy (`GET /api/v2/zec/protection`), so the console shows
    /// the locks the proxy enforces.
    pub async fn protection_policy(&self) -> Result<ProtectionPolicy, ApiError> {
        let url = format!("{}{}", self.base, zec_api::rules::PROTECTION_POLICY_PATH);
        let mut request = gloo_net::http::Request::get(&url);
        if let Some(token) = &self.token {
            request = request.header("authorization", &format!("Bearer {token}"));
        }
        let lost = |detail: String| ApiError::Transport {
            detail,
            may_have_arrived: false,
        };
        let response = request.send().await.map_err(|e| lost(e.to_string()))?;
        if !response.ok() {
            return Err(lost(format!("HTTP {}", response.status())));
        }
        response.json().await.map_err(|e| lost(e.to_string()))
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
    let parsed = json::parse(&body);
    if status == 200 {
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
    match parsed.and_then(json::read::<ErrorEnvelope>) {
        Some(envelope) => Err(ApiError::Refused {
            status,
            code: envelope.code,
            message: envelope.message,
            request_id: envelope.request_id,
        }),
        // A server error page: the API may have acted before it failed.
        None => Err(ApiError::Transport {
            detail: format!("HTTP {status} without an API answer"),
            may_have_arrived: status >= 500,
        }),
    }
}
