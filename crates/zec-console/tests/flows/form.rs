//! The form as data: the request it becomes (exactly what the API expects), the rules it
//! breaks by field, and the plan "Review" freezes from it.

use crate::support::*;
use serde_json::json;
use zec_api::rules::{self, Field};
use zec_api::ErrorCode;
use zec_console::form::{default_snapshot_name, LoginChoice, ReinstallForm};

#[test]
fn the_plan_is_the_request_and_what_the_dialog_says() {
    let plan = debian_plan();
    assert_eq!(
        serde_json::to_value(&plan.request).unwrap(),
        json!({"instanceId": "ins-web-01", "imageId": "img-debian-12", "password": "Abcdef1!", "enableAgent": false})
    );
    assert_eq!(
        plan.headline(),
        "The boot disk of web-01 (40 GiB) will be erased and Debian 12 installed."
    );
    assert_eq!(plan.image_id, "img-debian-12");
    assert_eq!(plan.login, "the password you set");
    let qga = plan
        .consequences
        .changes
        .iter()
        .find(|row| row.label == "QEMU guest agent (QGA)");
    assert!(
        !qga.unwrap().changed(),
        "web-01 has QGA off and keeps it off"
    );

    let blocked = world().plan(&ReinstallForm {
        instance_name: "x".into(),
        ..ReinstallForm::default()
    });
    assert_eq!(
        blocked,
        Err(vec![Field::Password, Field::InstanceName]),
        "in form order"
    );

    let key = world()
        .plan(&ReinstallForm {
            login: LoginChoice::KeyPair,
            key_id: Some("key-ci".into()),
            ..ReinstallForm::default()
        })
        .unwrap();
    assert_eq!(
        key.image_id, "img-ubuntu-2204",
        "keeping the image plans the current one"
    );
    assert_eq!(key.request.options.password, None);
}

#[test]
fn the_form_sends_exactly_what_the_api_expects() {
    let world = world();
    let web = world.instance("ins-web-01");
    let context = world.context(&web);
    let form = ReinstallForm {
        login: LoginChoice::KeyPair,
        key_id: Some("key-ci".into()),
        password: "left over".into(),
        instance_name: "  ".into(),
        ..ReinstallForm::default()
    };
    let options = form.to_options(&context);
    assert_eq!(options.key_id.as_deref(), Some("key-ci"));
    assert_eq!(
        options.password, None,
        "the unused login method is not sent"
    );
    assert_eq!(options.instance_name, None, "blank keeps the current name");
    assert!(form.violations(&context).is_empty());

    let generic = ReinstallForm {
        image_id: Some("img-generic-linux".into()),
        password: "Abcdef1!".into(),
        ..ReinstallForm::default()
    };
    let options = generic.to_options(&context);
    assert_eq!(
        (options.password, options.key_id),
        (None, None),
        "Generic images get neither"
    );

    let no_key = ReinstallForm {
        login: LoginChoice::KeyPair,
        ..ReinstallForm::default()
    };
    let violations = no_key.violations(&context);
    assert_eq!(
        violations[&Field::Login].code(),
        ErrorCode::InvalidLoginSettingConflict
    );
}

#[test]
fn a_snapshot_name_typed_in_the_form_is_checked_by_the_contracts_rule() {
    let world = world();
    let web = world.instance("ins-web-01");
    let mut form = ReinstallForm::for_instance(&web);
    form.snapshot.name = "-bad".into();
    let violations = form.violations(&world.context(&web));
    assert_eq!(
        violations[&Field::SnapshotName].to_string(),
        "The snapshot name must start and end with a letter or a digit."
    );
    form.snapshot.enabled = false;
    assert!(
        !form
            .violations(&world.context(&web))
            .contains_key(&Field::SnapshotName),
        "no snapshot, no rule"
    );
}

#[test]
fn the_default_snapshot_name_always_passes_the_snapshot_name_rule() {
    assert_eq!(
        default_snapshot_name("web-01", NOW_UNIX),
        "before-reinstall-web-01-20261127T0800Z"
    );
    for label in ["web 01", "-x-", "ünïcode", "", &"a".repeat(200), "a.b_c"] {
        let name = default_snapshot_name(label, NOW_UNIX);
        assert!(
            rules::check_snapshot_name(&name).is_ok(),
            "{label:?} → {name}"
        );
        assert!(name.len() <= rules::NAME_MAX_CHARS, "{name}");
    }
}
