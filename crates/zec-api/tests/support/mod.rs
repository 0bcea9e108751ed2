//! Instances, images and key pairs for the rule tests.
#![allow(dead_code)]

use zec_api::rules::Violation;
use zec_api::wire::{Image, InstanceInfo, KeyPair, ResetOptions};
use zec_api::{ErrorCode, ImageStatus, InstanceStatus, OsType};

pub fn code_of(result: Result<(), Violation>) -> Option<ErrorCode> {
    result.err().map(|violation| violation.code())
}

pub fn instance(status: InstanceStatus, disk_gib: u32) -> InstanceInfo {
    serde_json::from_value(serde_json::json!({
        "instanceId": "ins-1", "instanceName": "web-01", "zoneId": "SIN-A",
        "imageId": "img-ubuntu-22", "imageName": "Ubuntu 22.04",
        "status": status.as_str(),
        "systemDisk": {"diskId": "disk-1", "diskSize": disk_gib}
    }))
    .unwrap()
}

pub fn image(os: OsType, category: &str, size: &str, status: ImageStatus) -> Image {
    Image {
        image_id: "img-x".into(),
        image_name: "X".into(),
        image_type: None,
        image_source: None,
        image_size: size.into(),
        min_disk_size: None,
        image_description: None,
        image_version: None,
        image_status: status,
        category: category.into(),
        os_type: os,
        nic_network_type: vec![],
    }
}

pub fn linux() -> Image {
    image(OsType::Linux, "Ubuntu", "20", ImageStatus::Available)
}

pub fn key(public_key: &str) -> KeyPair {
    KeyPair {
        key_id: "key-1".into(),
        key_name: "laptop".into(),
        public_key: public_key.into(),
        key_description: None,
        create_time: None,
    }
}

pub fn with_password(password: &str) -> ResetOptions {
    ResetOptions {
        password: Some(password.into()),
        ..ResetOptions::default()
    }
}
