//! The rules of the API as this product knows them, each written once. The browser form, the
//! proxy and the emulator all call these functions; each returns a [`Violation`] (the rule
//! and its values; its code and field follow from it; `english` writes its sentence).
//!
//! - `password`, `fields`: one field each (`check_password`, `check_name`, ...);
//! - `reset`: [`validate_reset`] runs every check the known context allows and returns all
//!   violations in the order the API reports them; a server answers with the first;
//! - `request`: lists of ids and paging; `protection`: tags and protected instances;
//!   `snapshots`: taking, rolling back to and deleting disk snapshots.

mod fields;
mod password;
mod protection;
mod request;
mod reset;
mod snapshots;

pub use fields::*;
pub use password::*;
pub use protection::*;
pub use request::*;
pub use reset::*;
pub use snapshots::*;

pub use crate::violation::{Operation, Violation};

use crate::errors::ErrorCode;

/// The part of a request (and of the form) a rule concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Instance,
    Image,
    /// The choice between a password and a key pair.
    Login,
    Password,
    KeyId,
    InstanceName,
    Timezone,
    EnableAgent,
    UserData,
    /// The name of the snapshot taken before a reinstall.
    SnapshotName,
    /// The request as a whole (paging, a missing parameter, a tag, a snapshot's state).
    Request,
}

impl Field {
    /// The field a ResetInstance error code concerns, so a server answer can be shown next
    /// to the control that caused it. `None` for codes about the request as a whole.
    pub fn for_code(code: &ErrorCode) -> Option<Field> {
        use ErrorCode::*;
        Some(match code {
            InvalidImageAgentNotSupport => Field::EnableAgent,
            InvalidImageKeyPairNotSupport | InvalidKeyPairNotFound | InvalidKeyPairNotSupport => {
                Field::KeyId
            }
            InvalidImageNotFound
            | InvalidImageSizeExceed
            | InvalidImageStatus
            | InvalidOsTypeNotSame => Field::Image,
            InvalidImagePasswordNotSupport | InvalidPasswordMalformed => Field::Password,
            InvalidParameterUserDataExceed => Field::UserData,
            InvalidInstanceNotFound | UnsupportedOperationInstanceStatus | ResourceProtected => {
                Field::Instance
            }
            InvalidLoginSettingConflict => Field::Login,
            _ => return None,
        })
    }
}
