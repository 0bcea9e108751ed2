//! The one module that builds HTTP requests: calls the same-origin proxy's API and returns
//! typed results. Views never talk HTTP themselves.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use zec_api::activity::ActivityPage;
use zec_api::grant::Grant;
use zec_api::rules::{ProtectionPolicy, MAX_INSTANCE_IDS};
use zec_api::wire::*;
use zec_api::{Action, Call, ErrorCode};

use zec_console::portal;

use crate::proxy::Proxy;

/// A failed call: the API refused (nothing happened) or no readable answer came (a
/// state-changing call may have been carried out). Defined with the flows that read it.
pub use zec_console::ApiError;

mod answer;
pub mod first;
mod transport;

/// How long a read turned away for the caller's pace waits before each new try.
const BUSY_WAITS_MS: [u32; 2] = [1_000, 2_000];

pub use answer::read_answer;
use answer::{read_json, read_success};
pub use transport::{FetchTransport, Outgoing, Pending, Sent, Transport};

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

    /// Sends a request to `path` and returns a 200 answer's body (read by the caller, so this
    /// loop is compiled once for every type of answer). When the proxy says the
    /// portal session expired (it checks before forwarding anything, so nothing happened),
    /// a fresh session is asked for once and the request sent again with it; when it refuses
    /// the page's credentials, the app is told. A read the proxy turned away for the caller's
    /// pace (a burst of reads when a view opens) is asked again after a short wait; a write
    /// never is.
    async fn exchange(
        &self,
        path: &str,
        action: Option<Action>,
        body: Option<String>,
        repeatable: bool,
    ) -> Result<String, ApiError> {
        let mut renewed = false;
        let mut waits = 0;
        self.proxy.ensure_session().await;
        loop {
            let seen = self.proxy.generation();
            let outgoing = Outgoing {
                url: format!("{}{path}", self.proxy.base()),
                action: action.map(Action::name),
                body: body.clone(),
                authorization: self.proxy.authorization(),
            };
            let answer = answer::outcome(action, self.transport.send(outgoing).await);
            match &answer {
                Err(error) if repeatable && error.is_busy() && waits < BUSY_WAITS_MS.len() => {
                    gloo_timers::future::TimeoutFuture::new(BUSY_WAITS_MS[waits]).await;
                    waits += 1;
                    continue;
                }
                Err(error) if portal::session_expired(error) && !renewed => {
                    renewed = true;
                    if self.proxy.renew(seen).await {
                        continue;
                    }
                }
                Err(error) if portal::session_refused(error) && !renewed => {
                    self.proxy.refused(zec_console::i18n::text(
                        zec_console::i18n::msg::CredentialsRefused {
                            why: zec_console::i18n::error_message(error),
                        },
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
        let answer = self
            .exchange(
                action.service().path(),
                Some(action),
                Some(body),
                action.is_read_only(),
            )
            .await?;
        read_success(action, &answer)
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

    /// Any number of instances by id (DescribeInstances per ≤ 100 ids), in no set order.
    pub async fn instances(&self, instance_ids: &[String]) -> Result<Vec<InstanceInfo>, ApiError> {
        let mut found = Vec::with_capacity(instance_ids.len());
        for ids in instance_ids.chunks(MAX_INSTANCE_IDS) {
            let request = DescribeInstancesRequest {
                instance_ids: ids.to_vec(),
                page_size: Some(ids.len() as u32),
                ..Default::default()
            };
            found.extend(self.describe_instances(&request).await?.data_set);
        }
        Ok(found)
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

    /// Any number of snapshots by id (DescribeSnapshots per ≤ 100 ids); those the API no
    /// longer lists are missing from the answer.
    pub async fn snapshots(&self, snapshot_ids: &[String]) -> Result<Vec<SnapshotInfo>, ApiError> {
        let mut found = Vec::with_capacity(snapshot_ids.len());
        for ids in snapshot_ids.chunks(MAX_INSTANCE_IDS) {
            let request = DescribeSnapshotsRequest {
                snapshot_ids: ids.to_vec(),
                page_size: Some(ids.len() as u32),
                ..Default::default()
            };
            let page: Page<SnapshotInfo> = self.call(&request).await?.0;
            found.extend(page.data_set);
        }
        Ok(found)
    }

    /// Rolls the disk back to the snapshot.
    pub async fn apply_snapshot(&self, request: &ApplySnapshotRequest) -> Result<String, ApiError> {
        let (_, request_id): (Empty, String) = self.call(request).await?;
        Ok(request_id)
    }

    /// Returns the snapshot ids that could not be deleted.
    pub async fn delete_snapshot(&self, snapshot_id: &str) -> Result<Vec<String>, ApiError> {
        self.delete_snapshots(&[snapshot_id.to_owned()]).await
    }

    /// Deletes ≤ 100 snapshots; returns the ids that could not be deleted.
    pub async fn delete_snapshots(&self, snapshot_ids: &[String]) -> Result<Vec<String>, ApiError> {
        let request = DeleteSnapshotsRequest {
            snapshot_ids: snapshot_ids.to_vec(),
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
        self.get_json(&path).await
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
        read_json(&self.exchange(path, None, None, true).await?)
    }
}
