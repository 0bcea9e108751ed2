//! The review's row labels in the locale in use. The review (`crate::review`, and the
//! fleet's summary built from it) names its rows with fixed English labels, which the fleet
//! compares across instances; the views show them through here.

use super::{word, Id};

/// The label `english` (one of the review's) in the locale in use; itself when unknown.
pub fn review_label(english: &str) -> String {
    let id = match english {
        "Image" => Id::Image,
        "Login" => Id::Login,
        "Name" => Id::Name,
        "Time zone" => Id::TimeZone,
        "QEMU guest agent (QGA)" => Id::FieldAgent,
        "User data" => Id::UserData,
        "Instance id" => Id::InstanceId,
        "Public IP addresses" => Id::PublicIps,
        "Private IP addresses" => Id::PrivateIps,
        "Zone" => Id::Zone,
        "Data disks" => Id::DataDisks,
        "Boot disk size" => Id::BootDiskSize,
        other => return other.to_owned(),
    };
    word(id)
}
