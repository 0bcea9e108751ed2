//! The emulator's HTTP face: `POST /api/v2/{zec,ccs}` with the action in `X-ZC-Action`, plus
//! two control routes for tests (`/_emulator/stats`, `/_emulator/faults`).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::de::DeserializeOwned;
use zec_api::limits::MAX_REQUEST_BODY_BYTES;
use zec_api::wire::{Empty, SuccessEnvelope};
use zec_api::{Action, Call, ErrorCode, Service};

use crate::auth::Credentials;
use crate::faults::{Fault, Faults};
use crate::fixture::Fixture;
use crate::world::{Refusal, Timings, World};

pub struct EmulatorConfig {
    pub fixture: Fixture,
    pub credentials: Credentials,
    pub timings: Timings,
    pub faults: Faults,
    /// Seeds fault draws and request ids, for repeatable runs. `None`: a fresh random seed,
    /// so two runs never hand out the same request ids.
    pub seed: Option<u64>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            fixture: Fixture::builtin(),
            credentials: Credentials::default(),
            timings: Timings::default(),
            faults: Faults::default(),
            seed: None,
        }
    }
}

/// The emulator's shared state. Locks are held only for in-memory work, never across I/O.
pub struct Emulator {
    world: Mutex<World>,
    credentials: Credentials,
    faults: Mutex<Faults>,
    rng: Mutex<StdRng>,
    calls: Mutex<BTreeMap<String, u64>>,
}

impl Emulator {
    pub fn new(config: EmulatorConfig) -> Arc<Emulator> {
        Arc::new(Emulator {
            world: Mutex::new(World::new(config.fixture, config.timings)),
            credentials: config.credentials,
            faults: Mutex::new(config.faults),
            rng: Mutex::new(match config.seed {
                Some(seed) => StdRng::seed_from_u64(seed),
                None => StdRng::from_entropy(),
            }),
            calls: Mutex::new(BTreeMap::new()),
        })
    }

    /// How many calls each action received (authenticated or not), for tests and benchmarks.
    pub fn calls(&self) -> BTreeMap<String, u64> {
        self.calls.lock().expect("calls lock").clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.faults.lock().expect("faults lock") = faults;
    }

    fn request_id(&self) -> String {
        zec_api::wire::format_request_id(self.rng.lock().expect("rng lock").gen())
    }

    fn count(&self, action: &str) {
        *self
            .calls
            .lock()
            .expect("calls lock")
            .entry(action.to_owned())
            .or_default() += 1;
    }

    /// The faults for one call of `action` and its fate (none when the faults name other
    /// actions).
    fn draw_fault(&self, action: &str) -> (Faults, Fault) {
        let faults = self.faults.lock().expect("faults lock").clone();
        if !faults.applies_to(action) {
            return (Faults::default(), Fault::None);
        }
        let fault = faults.draw(&mut self.rng.lock().expect("rng lock"));
        (faults, fault)
    }
}

pub fn router(emulator: Arc<Emulator>) -> Router {
    Router::new()
        .route("/api/v2/{service}", post(api))
        .route("/_emulator/stats", get(stats))
        .route("/_emulator/faults", post(set_faults))
        .with_state(emulator)
}

async fn stats(State(emulator): State<Arc<Emulator>>) -> Json<BTreeMap<String, u64>> {
    Json(emulator.calls())
}

/// `POST /_emulator/faults`: replaces the injected faults. Bad values are refused in the
/// API's envelope with a sentence naming the field and its bounds.
async fn set_faults(State(emulator): State<Arc<Emulator>>, body: Body) -> Response {
    let request_id = emulator.request_id();
    let faults = match read_body(body).await {
        Ok(bytes) => parse::<Faults>(&bytes).and_then(|faults| {
            faults
                .validate()
                .map(|()| faults)
                .map_err(|message| Refusal::with(ErrorCode::InvalidParameter, message))
        }),
        Err(refusal) => Err(refusal),
    };
    match faults {
        Ok(faults) => {
            emulator.set_faults(faults);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(refusal) => refusal.with_request_id(request_id).into_response(),
    }
}

fn unix_now() -> i64 {
    zec_api::time::unix_seconds(SystemTime::now())
}

/// Reads a request body up to the largest valid request; a longer one is refused with 413 in
/// the API's envelope (the same bound as the proxy's, so a request the proxy forwards always
/// fits).
async fn read_body(body: Body) -> Result<Bytes, Refusal> {
    axum::body::to_bytes(body, MAX_REQUEST_BODY_BYTES)
        .await
        .map_err(|_| Refusal::new(ErrorCode::PayloadTooLarge))
}

fn error_response(request_id: &str, refusal: &Refusal) -> Response {
    refusal.clone().with_request_id(request_id).into_response()
}

/// A response whose body fails at once: the connection is cut before a full answer.
fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "injected drop",
        ))
    });
    Response::new(Body::from_stream(failing))
}

/// What one call did, for its log line. Never holds a password or user data.
struct Outcome {
    response: Response,
    code: String,
    instances: String,
}

async fn api(
    State(emulator): State<Arc<Emulator>>,
    Path(service): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started = Instant::now();
    let request_id = emulator.request_id();
    let body = match read_body(body).await {
        Ok(body) => body,
        Err(refusal) => return refusal.with_request_id(request_id).into_response(),
    };
    // Bounded before it is counted, logged or echoed: the header is the caller's to fill.
    let action_name = zec_api::limits::bounded_action_name(
        headers
            .get("x-zc-action")
            .and_then(|value| value.to_str().ok())
            .unwrap_or(""),
    );
    emulator.count(&action_name);
    let outcome = handle(
        &emulator,
        &service,
        &action_name,
        &headers,
        &body,
        &request_id,
    )
    .await;
    tracing::info!(
        target: "zec_emulator::access",
        request_id = %request_id,
        service = %service,
        action = %action_name,
        instance = %outcome.instances,
        code = %outcome.code,
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
    );
    outcome.response
}

async fn handle(
    emulator: &Emulator,
    service: &str,
    action_name: &str,
    headers: &HeaderMap,
    body: &[u8],
    request_id: &str,
) -> Outcome {
    let refused = |refusal: Refusal| Outcome {
        response: error_response(request_id, &refusal),
        code: refusal.code.to_string(),
        instances: String::new(),
    };

    let (faults, fault) = emulator.draw_fault(action_name);
    if faults.latency_ms > 0 {
        tokio::time::sleep(faults.latency()).await;
    }
    match fault {
        Fault::None | Fault::AnswerLost => {}
        Fault::Dropped => {
            return Outcome {
                response: dropped_connection(),
                code: "DROPPED".to_owned(),
                instances: String::new(),
            }
        }
        Fault::ServerError => return refused(Refusal::new(ErrorCode::ServiceTemporaryUnavailable)),
        Fault::RateLimited => return refused(Refusal::new(ErrorCode::RequestLimitExceeded)),
    }

    if let Err(refusal) = emulator.credentials.authenticate(headers, body, unix_now()) {
        return refused(refusal);
    }
    let Some(service) = Service::from_name(service) else {
        return refused(Refusal::with(
            ErrorCode::InvalidAction,
            format!("There is no service {service:?}."),
        ));
    };
    if action_name.is_empty() {
        return refused(Refusal::with(
            ErrorCode::MissingParameter,
            "The X-ZC-Action header is required.",
        ));
    }
    let Some(action) = Action::find(service, action_name) else {
        return refused(Refusal::with(
            ErrorCode::InvalidAction,
            format!(
                "The {} service has no action {action_name:?}.",
                service.as_str()
            ),
        ));
    };
    let instances = instances_named(body);
    let outcome = match run(emulator, action, body, request_id) {
        Ok(response) => Outcome {
            response,
            code: "OK".to_owned(),
            instances,
        },
        Err(refusal) => Outcome {
            instances,
            ..refused(refusal)
        },
    };
    if fault == Fault::AnswerLost {
        return Outcome {
            response: dropped_connection(),
            code: format!("ANSWER_LOST({})", outcome.code),
            ..outcome
        };
    }
    outcome
}

/// The instance (or disk, or snapshot) ids a request names, for the log line.
fn instances_named(body: &[u8]) -> String {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return String::new();
    };
    // Snapshot calls name a disk or snapshots instead.
    for key in ["instanceId", "diskId", "snapshotId"] {
        if let Some(id) = value.get(key).and_then(|id| id.as_str()) {
            return id.to_owned();
        }
    }
    let list = value
        .get("instanceIds")
        .or_else(|| value.get("snapshotIds"))
        .or_else(|| value.get("diskIds"));
    match list.and_then(|ids| ids.as_array()) {
        Some(ids) if ids.len() <= 5 => ids
            .iter()
            .filter_map(|id| id.as_str())
            .collect::<Vec<_>>()
            .join(","),
        Some(ids) => format!("{} instances", ids.len()),
        None => String::new(),
    }
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refusal> {
    zec_api::wire::parse_request(body)
        .map_err(|message| Refusal::with(ErrorCode::InvalidParameter, message))
}

// The typed request of every action, from the contract's action table.
zec_api::request_enum!(enum Request);

/// A success in the API's envelope; `C::Response` is the answer type the action table
/// gives the request, so an action cannot answer with another action's type.
fn ok<C: Call>(request_id: &str, _request: &C, data: C::Response) -> Response {
    Json(SuccessEnvelope::new(request_id, data)).into_response()
}

fn run(
    emulator: &Emulator,
    action: Action,
    body: &[u8],
    request_id: &str,
) -> Result<Response, Refusal> {
    let now = Instant::now();
    let wall = unix_now();
    let request = Request::from_body(action, body)
        .map_err(|message| Refusal::with(ErrorCode::InvalidParameter, message))?;
    let mut world = emulator.world.lock().expect("world lock");
    Ok(match request {
        Request::DescribeInstances(r) => ok(request_id, &r, world.describe_instances(&r, now)?),
        Request::DescribeInstancesStatus(r) => {
            ok(request_id, &r, world.describe_instances_status(&r, now)?)
        }
        Request::DescribeImages(r) => ok(request_id, &r, world.describe_images(&r)?),
        Request::DescribeTimeZones(r) => ok(request_id, &r, world.time_zones()),
        Request::StopInstances(r) => ok(request_id, &r, world.stop_instances(&r, now)?),
        Request::StartInstances(r) => ok(request_id, &r, world.start_instances(&r, now)?),
        Request::ResetInstance(r) => {
            world.reset_instance(&r, now)?;
            ok(request_id, &r, Empty {})
        }
        Request::ResetInstances(r) => ok(request_id, &r, world.reset_instances(&r, now)?),
        Request::CreateSnapshot(r) => ok(request_id, &r, world.create_snapshot(&r, now, wall)?),
        Request::DescribeSnapshots(r) => {
            ok(request_id, &r, world.describe_snapshots(&r, now, wall)?)
        }
        Request::ApplySnapshot(r) => {
            world.apply_snapshot(&r, now, wall)?;
            ok(request_id, &r, Empty {})
        }
        Request::DeleteSnapshots(r) => ok(request_id, &r, world.delete_snapshots(&r, now, wall)?),
        Request::DescribeKeyPairs(r) => ok(request_id, &r, world.describe_key_pairs(&r)?),
    })
}
