//! The action table: every action the product uses, once — its name, the service it belongs
//! to, its request and response types, and whether it changes anything. This list is also
//! the proxy's allowlist: an action not named here is never forwarded.
//!
//! From the table come [`Action`] (names, services, `is_read_only`), the [`Call`] trait (a
//! request type knows its action and its response type: the browser's client sends
//! `call(&request)` and gets `Request::Response` back), and [`request_enum!`], which the
//! proxy and the emulator use to read a body as the typed request of its action.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A Zenlayer Cloud service: the last segment of `/api/v2/<service>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    /// Elastic Compute.
    Zec,
    /// Key pairs and other shared resources.
    Ccs,
}

impl Service {
    pub const ALL: [Service; 2] = [Service::Zec, Service::Ccs];

    pub fn as_str(self) -> &'static str {
        match self {
            Service::Zec => "zec",
            Service::Ccs => "ccs",
        }
    }

    /// The API version this product speaks for the service (`X-ZC-Version`).
    pub fn version(self) -> &'static str {
        match self {
            Service::Zec => "2025-09-01",
            Service::Ccs => "2025-09-01",
        }
    }

    /// The path of the service's endpoint.
    pub fn path(self) -> &'static str {
        match self {
            Service::Zec => "/api/v2/zec",
            Service::Ccs => "/api/v2/ccs",
        }
    }

    pub fn from_name(name: &str) -> Option<Service> {
        Service::ALL
            .into_iter()
            .find(|service| service.as_str() == name)
    }
}

/// The table itself. `action_table!(callback, args…)` hands every row to `callback!` after
/// the args: `Action: Service, Request => Response, reads|writes;`.
#[doc(hidden)]
#[macro_export]
macro_rules! action_table {
    ($callback:path $(, $($args:tt)*)?) => {
        $callback! { [$($($args)*)?]
            DescribeInstances: Zec, $crate::wire::DescribeInstancesRequest
                => $crate::wire::Page<$crate::wire::InstanceInfo>, reads;
            DescribeInstancesStatus: Zec, $crate::wire::DescribeInstancesStatusRequest
                => $crate::wire::Page<$crate::wire::InstanceStatusEntry>, reads;
            DescribeImages: Zec, $crate::wire::DescribeImagesRequest
                => $crate::wire::Page<$crate::wire::Image>, reads;
            DescribeTimeZones: Zec, $crate::wire::DescribeTimeZonesRequest
                => $crate::wire::TimeZones, reads;
            StopInstances: Zec, $crate::wire::StopInstancesRequest
                => $crate::wire::FailedInstances, writes;
            StartInstances: Zec, $crate::wire::StartInstancesRequest
                => $crate::wire::FailedInstances, writes;
            ResetInstance: Zec, $crate::wire::ResetInstanceRequest
                => $crate::wire::Empty, writes;
            ResetInstances: Zec, $crate::wire::ResetInstancesRequest
                => $crate::wire::ResetInstancesResponse, writes;
            CreateSnapshot: Zec, $crate::wire::CreateSnapshotRequest
                => $crate::wire::CreateSnapshotResponse, writes;
            DescribeSnapshots: Zec, $crate::wire::DescribeSnapshotsRequest
                => $crate::wire::Page<$crate::wire::SnapshotInfo>, reads;
            ApplySnapshot: Zec, $crate::wire::ApplySnapshotRequest
                => $crate::wire::Empty, writes;
            DeleteSnapshots: Zec, $crate::wire::DeleteSnapshotsRequest
                => $crate::wire::FailedSnapshots, writes;
            DescribeKeyPairs: Ccs, $crate::wire::DescribeKeyPairsRequest
                => $crate::wire::Page<$crate::wire::KeyPair>, reads;
        }
    };
}

/// A request type of the table: its action and the type of its answer.
pub trait Call: Serialize + DeserializeOwned {
    const ACTION: Action;
    type Response: Serialize + DeserializeOwned;
}

macro_rules! define_actions {
    ([] $( $action:ident: $service:ident, $request:ty => $response:ty, $kind:ident; )*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action {
            $( $action, )*
        }

        impl Action {
            pub const ALL: &'static [Action] = &[ $( Action::$action, )* ];

            /// The name sent in `X-ZC-Action`.
            pub fn name(self) -> &'static str {
                match self {
                    $( Action::$action => stringify!($action), )*
                }
            }

            pub fn service(self) -> Service {
                match self {
                    $( Action::$action => Service::$service, )*
                }
            }

            /// Reads change nothing and may be retried; the other actions change an instance
            /// or a disk and must never be repeated without the user asking.
            pub fn is_read_only(self) -> bool {
                match self {
                    $( Action::$action => define_actions!(@reads $kind), )*
                }
            }
        }

        $(
            impl Call for $request {
                const ACTION: Action = Action::$action;
                type Response = $response;
            }
        )*
    };
    (@reads reads) => { true };
    (@reads writes) => { false };
}

action_table!(define_actions);

impl Action {
    /// Looks an action up by the service it was sent to and its name (names match exactly,
    /// as the API's do).
    pub fn find(service: Service, name: &str) -> Option<Action> {
        Action::ALL
            .iter()
            .copied()
            .find(|action| action.service() == service && action.name() == name)
    }
}

/// Defines an enum with one variant per action, each holding its typed request, named after
/// the action: `zec_api::request_enum!(pub enum ApiRequest);`. It reads a body as the request
/// of its action (`from_body`, refusing what `wire::parse_request` refuses), names its action
/// (`action`) and writes it again (`to_json`: only the contract's keys).
#[macro_export]
macro_rules! request_enum {
    ($vis:vis enum $name:ident) => {
        $crate::action_table!($crate::__request_enum, $vis $name);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __request_enum {
    ([$vis:vis $name:ident] $( $action:ident: $service:ident, $request:ty => $response:ty, $kind:ident; )*) => {
        /// A request of one of the table's actions, as the contract types it.
        #[derive(Debug)]
        $vis enum $name {
            $( $action($request), )*
        }

        #[allow(dead_code)]
        impl $name {
            /// Reads `body` as the request of `action`; the error is a sentence that never
            /// quotes the body.
            pub fn from_body(action: $crate::Action, body: &[u8]) -> Result<$name, String> {
                Ok(match action {
                    $( $crate::Action::$action => $name::$action($crate::wire::parse_request(body)?), )*
                })
            }

            pub fn action(&self) -> $crate::Action {
                match self {
                    $( $name::$action(_) => $crate::Action::$action, )*
                }
            }

            /// The request as JSON: the contract's keys only, camelCase, absent options omitted.
            pub fn to_json(&self) -> Vec<u8> {
                match self {
                    $( $name::$action(request) => $crate::wire::to_json(request), )*
                }
            }
        }
    };
}
