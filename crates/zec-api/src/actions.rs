//! The actions the product uses, the service each belongs to and its API version.
//! This list is also the proxy's allowlist: an action not named here is never forwarded.

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    DescribeInstances,
    DescribeInstancesStatus,
    DescribeImages,
    DescribeTimeZones,
    StopInstances,
    StartInstances,
    ResetInstance,
    ResetInstances,
    CreateSnapshot,
    DescribeSnapshots,
    ApplySnapshot,
    DeleteSnapshots,
    DescribeKeyPairs,
}

impl Action {
    pub const ALL: [Action; 13] = [
        Action::DescribeInstances,
        Action::DescribeInstancesStatus,
        Action::DescribeImages,
        Action::DescribeTimeZones,
        Action::StopInstances,
        Action::StartInstances,
        Action::ResetInstance,
        Action::ResetInstances,
        Action::CreateSnapshot,
        Action::DescribeSnapshots,
        Action::ApplySnapshot,
        Action::DeleteSnapshots,
        Action::DescribeKeyPairs,
    ];

    /// The name sent in `X-ZC-Action`.
    pub fn name(self) -> &'static str {
        match self {
            Action::DescribeInstances => "DescribeInstances",
            Action::DescribeInstancesStatus => "DescribeInstancesStatus",
            Action::DescribeImages => "DescribeImages",
            Action::DescribeTimeZones => "DescribeTimeZones",
            Action::StopInstances => "StopInstances",
            Action::StartInstances => "StartInstances",
            Action::ResetInstance => "ResetInstance",
            Action::ResetInstances => "ResetInstances",
            Action::CreateSnapshot => "CreateSnapshot",
            Action::DescribeSnapshots => "DescribeSnapshots",
            Action::ApplySnapshot => "ApplySnapshot",
            Action::DeleteSnapshots => "DeleteSnapshots",
            Action::DescribeKeyPairs => "DescribeKeyPairs",
        }
    }

    pub fn service(self) -> Service {
        match self {
            Action::DescribeKeyPairs => Service::Ccs,
            _ => Service::Zec,
        }
    }

    /// Looks an action up by the service it was sent to and its name (names match exactly,
    /// as the API's do).
    pub fn find(service: Service, name: &str) -> Option<Action> {
        Action::ALL
            .into_iter()
            .find(|action| action.service() == service && action.name() == name)
    }

    /// Reads change nothing and may be retried; the other actions change an instance and
    /// must never be repeated without the user asking.
    pub fn is_read_only(self) -> bool {
        matches!(
            self,
            Action::DescribeInstances
                | Action::DescribeInstancesStatus
                | Action::DescribeImages
                | Action::DescribeTimeZones
                | Action::DescribeSnapshots
                | Action::DescribeKeyPairs
        )
    }
}
