//! Instance and image states and OS types. Each keeps a value it does not know in `Unknown`,
//! because a new state in the cloud must never break the console.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $( $variant:ident = $wire:literal, )* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $( $variant, )*
            Unknown(String),
        }

        impl $name {
            /// Every known value, in declaration order.
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant, )* ];

            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(wire: &str) -> Self {
                match wire {
                    $( $wire => $name::$variant, )*
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(wire: String) -> Self {
                $name::from(wire.as_str())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.as_str().to_owned()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum! {
    /// The lifecycle state of an instance.
    InstanceStatus {
        Pending = "PENDING",
        Deploying = "DEPLOYING",
        Rebuilding = "REBUILDING",
        Booting = "BOOTING",
        Starting = "STARTING",
        Running = "RUNNING",
        Stopping = "STOPPING",
        Stopped = "STOPPED",
        Reboot = "REBOOT",
        Releasing = "RELEASING",
        Recycle = "RECYCLE",
        Recycling = "RECYCLING",
        Imaging = "IMAGING",
        Resizing = "RESIZING",
        CreateFailed = "CREATE_FAILED",
        ReinstallFailed = "REINSTALL_FAILED",
    }
}

wire_enum! {
    /// The state of an image.
    ImageStatus {
        Creating = "CREATING",
        Available = "AVAILABLE",
        Unavailable = "UNAVAILABLE",
        Syncing = "SYNCING",
        Failed = "FAILED",
        Deleting = "DELETING",
        Processing = "PROCESSING",
    }
}

wire_enum! {
    /// The state of a disk snapshot.
    SnapshotStatus {
        Creating = "CREATING",
        Available = "AVAILABLE",
        Failed = "FAILED",
        RollingBack = "ROLLING_BACK",
        Deleting = "DELETING",
    }
}

wire_enum! {
    /// The operating system family of an image.
    OsType {
        Linux = "linux",
        Bsd = "bsd",
        Windows = "windows",
        Android = "android",
        Any = "any",
    }
}

/// Where a reinstall stands, as the console tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReinstallPhase {
    InProgress,
    Succeeded,
    Failed,
    /// Any other state: the instance is not (or no longer) being reinstalled.
    Other,
}

impl InstanceStatus {
    /// DEPLOYING (the API page) and REBUILDING (Terraform) both mean a reinstall is running
    /// (docs/wire.md, "States").
    pub fn reinstall_phase(&self) -> ReinstallPhase {
        match self {
            InstanceStatus::Deploying | InstanceStatus::Rebuilding => ReinstallPhase::InProgress,
            InstanceStatus::Running => ReinstallPhase::Succeeded,
            InstanceStatus::ReinstallFailed => ReinstallPhase::Failed,
            _ => ReinstallPhase::Other,
        }
    }

    /// A state that will change by itself soon (worth watching live).
    pub fn is_transitional(&self) -> bool {
        matches!(
            self,
            InstanceStatus::Pending
                | InstanceStatus::Deploying
                | InstanceStatus::Rebuilding
                | InstanceStatus::Booting
                | InstanceStatus::Starting
                | InstanceStatus::Stopping
                | InstanceStatus::Reboot
                | InstanceStatus::Releasing
                | InstanceStatus::Recycling
                | InstanceStatus::Imaging
                | InstanceStatus::Resizing
        )
    }
}
