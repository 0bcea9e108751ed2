//! The one type for a broken rule. A `Violation` names the rule and the values that broke it;
//! the API's error code and the part of the request it concerns follow from it. It carries no
//! sentence: `english::sentence` (also `Display`) writes one, so another language is another
//! function, not another rule.

use crate::errors::ErrorCode;
use crate::rules::{Field, IdList, Named, PasswordRule, ProtectedBy, TagPart};
use crate::states::{ImageStatus, InstanceStatus, OsType, SnapshotStatus};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    /// The password breaks its rules: the characters it may not contain (sorted, each once)
    /// and the rules it does not meet.
    Password {
        refused: Vec<char>,
        unmet: Vec<PasswordRule>,
    },
    /// An instance or snapshot name of the wrong length (`chars` characters).
    NameLength {
        named: Named,
        chars: usize,
    },
    /// A name with a character other than letters, digits, `-` and `.`.
    NameCharacters {
        named: Named,
    },
    /// A name that does not start (or, for a snapshot, end) with a letter or digit.
    NameEnds {
        named: Named,
    },
    UserDataTooLong {
        bytes: usize,
    },
    /// A password and a key pair at once.
    LoginConflict,
    /// Neither a password nor a key pair, for an image that needs one.
    LoginMissing,
    ImageTakesNoPassword,
    ImageTakesNoKeyPair,
    /// The key pair's type is not accepted (DSA).
    KeyTypeNotSupported,
    AgentNotSupported,
    UnknownTimezone {
        timezone: String,
    },
    /// The instance must be STOPPED for this.
    NotStopped {
        status: InstanceStatus,
        to: Operation,
    },
    ImageNotAvailable {
        status: ImageStatus,
    },
    OsTypeChanges {
        image: OsType,
        current: OsType,
    },
    /// The image needs `needed_gib` (its size or minimum disk); the boot disk has less.
    ImageTooLarge {
        needed_gib: String,
        disk_gib: u32,
    },
    /// A required parameter (by its wire name) is absent or blank.
    Missing {
        parameter: &'static str,
    },
    TooManyIds {
        list: IdList,
        count: usize,
    },
    EmptyId(IdList),
    PageSize,
    PageNum,
    TagLength {
        part: TagPart,
        chars: usize,
    },
    /// A tag not written `KEY=VALUE`.
    TagSyntax,
    /// Protected instances, each with why; nothing was sent.
    Protected(Vec<(String, ProtectedBy)>),
    /// A retention time not written `yyyy-MM-ddTHH:mm:ssZ`.
    RetentionSyntax,
    /// A retention time before `earliest` (Unix seconds).
    RetentionTooSoon {
        earliest: i64,
    },
    SnapshotOfAnotherDisk {
        snapshot_id: String,
        snapshot_disk: String,
        disk: String,
    },
    SnapshotNotAvailable {
        snapshot_id: String,
        status: SnapshotStatus,
    },
}

/// What needs a STOPPED instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    Reinstall,
    Rollback,
}

impl Violation {
    /// The API's error code for this violation.
    pub fn code(&self) -> ErrorCode {
        use Violation::*;
        match self {
            Password { .. } => ErrorCode::InvalidPasswordMalformed,
            UserDataTooLong { .. } => ErrorCode::InvalidParameterUserDataExceed,
            LoginConflict | LoginMissing => ErrorCode::InvalidLoginSettingConflict,
            ImageTakesNoPassword => ErrorCode::InvalidImagePasswordNotSupport,
            ImageTakesNoKeyPair => ErrorCode::InvalidImageKeyPairNotSupport,
            KeyTypeNotSupported => ErrorCode::InvalidKeyPairNotSupport,
            AgentNotSupported => ErrorCode::InvalidImageAgentNotSupport,
            NotStopped { .. } => ErrorCode::UnsupportedOperationInstanceStatus,
            ImageNotAvailable { .. } => ErrorCode::InvalidImageStatus,
            OsTypeChanges { .. } => ErrorCode::InvalidOsTypeNotSame,
            ImageTooLarge { .. } => ErrorCode::InvalidImageSizeExceed,
            Missing { .. } => ErrorCode::MissingParameter,
            Protected(_) => ErrorCode::ResourceProtected,
            SnapshotOfAnotherDisk { .. } => ErrorCode::InvalidSnapshotDiskMismatch,
            SnapshotNotAvailable { .. } => ErrorCode::InvalidSnapshotStatus,
            NameLength { .. }
            | NameCharacters { .. }
            | NameEnds { .. }
            | UnknownTimezone { .. }
            | TooManyIds { .. }
            | EmptyId(_)
            | PageSize
            | PageNum
            | TagLength { .. }
            | TagSyntax
            | RetentionSyntax
            | RetentionTooSoon { .. } => ErrorCode::InvalidParameter,
        }
    }

    /// The part of the request (and of the form) the violation concerns.
    pub fn field(&self) -> Field {
        use Violation::*;
        match self {
            Password { .. } | ImageTakesNoPassword => Field::Password,
            NameLength { named, .. } | NameCharacters { named } | NameEnds { named } => {
                named.field()
            }
            UserDataTooLong { .. } => Field::UserData,
            LoginConflict | LoginMissing => Field::Login,
            ImageTakesNoKeyPair | KeyTypeNotSupported => Field::KeyId,
            AgentNotSupported => Field::EnableAgent,
            UnknownTimezone { .. } => Field::Timezone,
            ImageNotAvailable { .. } | OsTypeChanges { .. } | ImageTooLarge { .. } => Field::Image,
            NotStopped { .. } | Protected(_) => Field::Instance,
            TooManyIds {
                list: IdList::Instances,
                ..
            }
            | EmptyId(IdList::Instances) => Field::Instance,
            Missing { parameter } if parameter.starts_with("instance") => Field::Instance,
            _ => Field::Request,
        }
    }
}
