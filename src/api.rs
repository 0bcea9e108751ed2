//! The one module that builds HTTP requests: calls the same-origin proxy's API and returns
//! typed results. Views never talk HTTP themselves.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use zec_api::wire::*;
use zec_api::{Action, ErrorCode};

/// A failed call, as the user should hear about it.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The API (or the proxy in front of it) refused: its code, message and request id.
    Refused {
        status: u16,
        code: ErrorCode,
        message: String,
        request_id: String,
    },
    /// No answer reached us: the call may not have arrived at all.
    Network(String),
}

impl ApiError {
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            ApiError::Refused { code, .. } => Some(code),
            ApiError::Network(_) => None,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Refused { request_id, .. } if !request_id.is_empty() => Some(request_id),
            _ => None,
        }
    }

    /// The sentence to show: the catalogue's plain message for known codes.
    pub fn message(&self) -> String {
        match self {
            ApiError::Refused { code, message, .. } => match code {
                ErrorCode::Other(_) if !message.is_empty() => message.clone(),
                _ if !message.is_empty() && code.message() != message => message.clone(),
                _ => code.message().to_owned(),
            },
            ApiError::Network(detail) => format!("The console could not reach its server ({detail}). Check your connection and try again."),
        }
    }
}

pub type Pending<T> = Pin<Box<dyn Future<Output = T>>>;

/// How requests travel: `fetch` in the product; a stand-in in component tests.
pub trait Transport {
    /// POSTs `body` to `path` with the action header; returns (HTTP status, body text).
    fn post(
        &self,
        path: String,
        action: &'static str,
        body: String,
    ) -> Pending<Result<(u16, String), String>>;
}

/// `fetch` to the proxy, optionally with the portal's bearer token.
pub struct FetchTransport {
    pub base: String,
    pub token: Option<String>,
}

impl Transport for FetchTransport {
    fn post(
        &self,
        path: String,
        action: &'static str,
        body: String,
    ) -> Pending<Result<(u16, String), String>> {
        let url = format!("{}{}", self.base, path);
        let token = self.token.clone();
        Box::pin(async move {
            let mut request = gloo_net::http::Request::post(&url)
                .header("content-type", "application/json")
                .header("x-zc-action", action);
            if let Some(token) = token {
                request = request.header("authorization", &format!("Bearer {token}"));
            }
            let response = request
                .body(body)
                .map_err(|error| error.to_string())?
                .send()
                .await
                .map_err(|_| "network error".to_owned())?;
            let status = response.status();
            let text = response
                .text()
                .await
                .map_err(|_| "the answer was cut off".to_owned())?;
            Ok((status, text))
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
            "{}/api/v2/zec/status-stream?instanceIds={}",
            self.base,
            instance_ids.join(",")
        ))
    }

    async fn call<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        action: Action,
        request: &Req,
    ) -> Result<(Resp, String), ApiError> {
        let body =
            serde_json::to_string(request).map_err(|error| ApiError::Network(error.to_string()))?;
        let (status, text) = self
            .transport
            .post(action.service().path().to_owned(), action.name(), body)
            .await
            .map_err(ApiError::Network)?;
        if status == 200 {
            let envelope: SuccessEnvelope<Resp> = serde_json::from_str(&text).map_err(|_| {
                ApiError::Network(format!("unexpected answer to {}", action.name()))
            })?;
            return Ok((envelope.response.data, envelope.request_id));
        }
        Err(match serde_json::from_str::<ErrorEnvelope>(&text) {
            Ok(envelope) => ApiError::Refused {
                status,
                code: envelope.code,
                message: envelope.message,
                request_id: envelope.request_id,
            },
            Err(_) => ApiError::Network(format!("HTTP {status} without an API answer")),
        })
    }

    pub async fn describe_instances(
        &self,
        request: &DescribeInstancesRequest,
    ) -> Result<Page<InstanceInfo>, ApiError> {
        Ok(self.call(Action::DescribeInstances, request).await?.0)
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
        let page: Page<InstanceStatusEntry> = self
            .call(Action::DescribeInstancesStatus, &request)
            .await?
            .0;
        Ok(page.data_set)
    }

    /// Every image (the API's largest page holds them all for any real account).
    pub async fn images(&self) -> Result<Vec<Image>, ApiError> {
        let request = DescribeImagesRequest {
            page_size: Some(zec_api::rules::MAX_PAGE_SIZE),
            ..Default::default()
        };
        let page: Page<Image> = self.call(Action::DescribeImages, &request).await?.0;
        Ok(page.data_set)
    }

    pub async fn key_pairs(&self) -> Result<Vec<KeyPair>, ApiError> {
        let request = DescribeKeyPairsRequest {
            page_size: Some(zec_api::rules::MAX_PAGE_SIZE),
            ..Default::default()
        };
        let page: Page<KeyPair> = self.call(Action::DescribeKeyPairs, &request).await?.0;
        Ok(page.data_set)
    }

    pub async fn time_zones(&self) -> Result<Vec<String>, ApiError> {
        let zones: TimeZones = self
            .call(Action::DescribeTimeZones, &DescribeTimeZonesRequest {})
            .await?
            .0;
        Ok(zones.time_zones)
    }

    /// Returns the ids that could not be stopped.
    pub async fn stop_instance(
        &self,
        instance_id: &str,
        force: bool,
    ) -> Result<Vec<String>, ApiError> {
        let request = StopInstancesRequest {
            instance_ids: vec![instance_id.to_owned()],
            force_shutdown: force.then_some(true),
        };
        let failed: FailedInstances = self.call(Action::StopInstances, &request).await?.0;
        Ok(failed.instance_ids)
    }

    /// Starts the reinstall; returns the request id.
    pub async fn reset_instance(&self, request: &ResetInstanceRequest) -> Result<String, ApiError> {
        let (_, request_id): (Empty, String) = self.call(Action::ResetInstance, request).await?;
        Ok(request_id)
    }
}
