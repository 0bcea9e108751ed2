//! The review's row labels in the locale in use. The review (`crate::review`, and the
//! fleet's summary built from it) names its rows with fixed English labels, which the fleet
//! compares across instances; the views show them through here.

use super::{text, Msg};

/// The label `english` (one of the review's) in the locale in use; itself when unknown.
pub fn review_label(english: &str) -> String {
    let msg = match english {
        "Image" => Msg::Image,
        "Login" => Msg::Login,
        "Name" => Msg::Name,
        "Time zone" => Msg::TimeZone,
        "QEMU guest agent (QGA)" => Msg::FieldAgent,
        "User data" => Msg::UserData,
        "Instance id" => Msg::InstanceId,
        "Public IP addresses" => Msg::PublicIps,
        "Private IP addresses" => Msg::PrivateIps,
        "Zone" => Msg::Zone,
        "Data disks" => Msg::DataDisks,
        "Boot disk size" => Msg::BootDiskSize,
        other => return other.to_owned(),
    };
    text(msg)
}
