//! What the review computes before anything is erased: the prefilled form, the change rows,
//! what is kept, the lockout verdict, user-data detection and the image picker's grouping.

use crate::support::*;
use serde_json::{json, Value};
use zec_console::form::{LoginChoice, ReinstallForm};
use zec_console::image_choice::arrange;
use zec_console::plan::ReinstallPlan;
use zec_console::review::LoginAfter;
use zec_console::user_data::{detect, UserDataKind};

fn plan_for(instance_id: &str, change: impl FnOnce(&mut ReinstallForm)) -> ReinstallPlan {
    let mut world = world();
    world.catalog.time_zones = Some(vec![
        "UTC".to_owned(),
        "Asia/Singapore".to_owned(),
        "Europe/Berlin".to_owned(),
    ]);
    let instance = world.instance(instance_id);
    let mut form = ReinstallForm::for_instance(&instance);
    change(&mut form);
    ReinstallPlan::from_form(&form, &world.context(&instance), NOW_UNIX).unwrap()
}

fn row<'a>(plan: &'a ReinstallPlan, label: &str) -> &'a zec_console::review::ChangeRow {
    plan.consequences
        .changes
        .iter()
        .find(|row| row.label == label)
        .unwrap()
}

#[test]
fn the_form_starts_from_the_instance_and_keeping_everything_changes_nothing() {
    let world = world();
    let form = ReinstallForm::for_instance(&world.instance("ins-web-01"));
    assert_eq!(
        (form.login, form.key_id.as_deref()),
        (LoginChoice::KeyPair, Some("key-laptop"))
    );
    assert!(
        ReinstallForm::for_instance(&world.instance("ins-mon-01")).enable_agent,
        "QGA as the instance has it"
    );

    let plan = plan_for("ins-web-01", |_| {});
    assert_eq!(
        serde_json::to_value(&plan.request).unwrap(),
        json!({"instanceId": "ins-web-01", "keyId": "key-laptop", "enableAgent": false}),
        "name and time zone are kept by leaving them out; QGA is always explicit"
    );
    assert!(
        plan.consequences.changes.iter().all(|row| !row.changed()),
        "{:?}",
        plan.consequences.changes
    );
    assert!(plan.consequences.warnings.is_empty());
}

#[test]
fn changes_are_listed_before_and_after_and_the_old_key_is_named() {
    let plan = plan_for("ins-web-01", |form| {
        form.image_id = Some("img-debian-12".into());
        form.login = LoginChoice::Password;
        form.password = "Abcdef1!".into();
        form.instance_name = "web-01b".into();
        form.timezone = Some("europe/berlin".into());
        form.user_data = "#cloud-config\npackages: [nginx]\n".into();
    });
    let changed = |label: &str| {
        let row = row(&plan, label);
        (row.before.as_str(), row.after.as_str(), row.changed())
    };
    assert_eq!(changed("Image"), ("Ubuntu 22.04 LTS", "Debian 12", true));
    assert_eq!(changed("Login"), ("key ops-laptop", "password (new)", true));
    assert_eq!(changed("Name"), ("web-01", "web-01b", true));
    assert_eq!(
        changed("Time zone"),
        ("Asia/Singapore", "Europe/Berlin", true)
    );
    assert_eq!(
        plan.request.options.timezone.as_deref(),
        Some("Europe/Berlin"),
        "the listed spelling is sent"
    );
    assert_eq!(changed("QEMU guest agent (QGA)"), ("off", "off", false));
    assert_eq!(
        changed("User data"),
        ("none", "32 bytes of cloud-config", true)
    );
    assert_eq!(
        plan.consequences.warnings,
        vec!["The key pair ops-laptop stops working on web-01.".to_owned()]
    );
    let kept: Vec<&str> = plan
        .consequences
        .kept
        .iter()
        .map(|(label, _)| *label)
        .collect();
    assert_eq!(
        kept,
        [
            "Instance id",
            "Public IP addresses",
            "Private IP addresses",
            "Zone",
            "Data disks",
            "Boot disk size"
        ]
    );
}

#[test]
fn data_disks_and_addresses_are_listed_as_kept() {
    let plan = plan_for("ins-db-01", |form| form.password = "Abcdef1!".into());
    let kept = |label: &str| {
        plan.consequences
            .kept
            .iter()
            .find(|(l, _)| *l == label)
            .unwrap()
            .1
            .clone()
    };
    assert_eq!(kept("Data disks"), "db-01-data (500 GiB)");
    assert!(!kept("Public IP addresses").is_empty());
    assert_eq!(kept("Boot disk size"), "100 GiB");
}

#[test]
fn a_plan_that_leaves_no_way_in_needs_an_acknowledgement() {
    let generic = plan_for("ins-web-01", |form| {
        form.image_id = Some("img-generic-linux".into())
    });
    assert!(matches!(
        generic.consequences.login,
        LoginAfter::NoKnownWay(_)
    ));
    assert!(generic.consequences.login.needs_acknowledgement());

    let with_user = plan_for("ins-web-01", |form| {
        form.image_id = Some("img-generic-linux".into());
        form.user_data =
            "#cloud-config\nusers:\n  - name: ops\n    ssh_authorized_keys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps]\n"
                .into();
    });
    assert!(
        !with_user.consequences.login.needs_acknowledgement(),
        "{:?}",
        with_user.consequences.login
    );

    assert_eq!(
        generic.login, "no way this plan sets up (see the warning)",
        "one sentence, said once"
    );
    let broken = plan_for("ins-db-01", |form| {
        form.password = "Abcdef1!".into();
        form.user_data = "#cloud-config\npackages: [nginx\n".into();
    });
    assert!(
        broken
            .consequences
            .warnings
            .iter()
            .any(|w| w.contains("not valid YAML")),
        "{:?}",
        broken.consequences.warnings
    );

    let windows = plan_for("ins-win-01", |_| {});
    assert!(matches!(
        windows.consequences.login,
        LoginAfter::ImageSetup(_)
    ));
    assert!(!windows.consequences.login.needs_acknowledgement());
    assert_eq!(windows.login_user, ("Administrator", false));

    let password = plan_for("ins-db-01", |form| form.password = "Abcdef1!".into());
    assert_eq!(password.consequences.login, LoginAfter::Password);
    assert_eq!(password.login_user, ("root", true), "a guess, and said so");
}

#[test]
fn the_api_request_shown_is_the_request_sent_with_the_password_masked() {
    let plan = plan_for("ins-db-01", |form| {
        form.password = "Abcdef1!".into();
        form.image_id = Some("img-alma-9".into());
    });
    let shown: Value = serde_json::from_str(&plan.body_shown()).unwrap();
    let mut sent = serde_json::to_value(&plan.request).unwrap();
    sent["password"] = json!("********");
    assert_eq!(shown, sent);
    assert!(!plan.curl("http://127.0.0.1:8080").contains("Abcdef1!"));
    assert!(plan
        .curl("http://127.0.0.1:8080")
        .starts_with("curl -s http://127.0.0.1:8080/api/v2/zec -H 'X-ZC-Action: ResetInstance'"));
    let python = plan.python();
    assert!(
        python.contains("request.imageId = \"img-alma-9\"")
            && python.contains("request.enableAgent = False"),
        "{python}"
    );
    assert!(python.contains("client.ResetInstance(request)") && !python.contains("Abcdef1!"));
}

#[test]
fn user_data_is_recognised_as_cloud_init_reads_it() {
    assert_eq!(detect("").kind, UserDataKind::Empty);
    let config = detect("#cloud-config\npackages:\n  - nginx\n");
    assert_eq!(
        (config.kind, config.problem),
        (UserDataKind::CloudConfig, None)
    );
    let broken = detect("#cloud-config\npackages:\n  - nginx\n bad: [\n");
    assert_eq!(broken.kind, UserDataKind::CloudConfig);
    let problem = broken.problem.unwrap();
    assert!(problem.contains("line "), "{problem}");
    let list = detect("#cloud-config\n- a\n- b\n");
    assert!(list.problem.unwrap().contains("mapping"));
    assert_eq!(detect("#!/bin/sh\necho hi\n").kind, UserDataKind::Script);
    assert!(
        !detect("#!/bin/sh\necho 'root:x' | chpasswd\n")
            .verdict
            .has_way(),
        "a script cannot be read before it runs"
    );
    assert_eq!(
        detect("#include\nhttps://example.com/a\n").kind,
        UserDataKind::Include
    );
    assert_eq!(
        detect("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=x\n").kind,
        UserDataKind::Mime
    );
    let other = detect("apt-get install nginx\n");
    assert_eq!(other.kind, UserDataKind::Unrecognised);
    assert!(other
        .problem
        .unwrap()
        .contains("cloud-init will not run this"));
    assert!(
        !detect("#cloud-config\nchpasswd:\n  expire: false\n")
            .verdict
            .has_way(),
        "chpasswd without a password sets none"
    );
}

#[test]
fn the_picker_groups_images_and_states_each_reason_once() {
    let world = world();
    let images = &world.catalog.images;
    let choices = arrange(&world.instance("ins-win-01"), images);
    assert_eq!(choices.current.unwrap().image_id, "img-win-2019");
    let os_reason = choices
        .unavailable
        .iter()
        .filter(|(reason, _)| reason.contains("OS type"))
        .count();
    assert_eq!(os_reason, 1, "one reason for all the Linux images");
    let choices = arrange(&world.instance("ins-web-01"), images);
    let groups: Vec<&str> = choices
        .usable
        .iter()
        .map(|(title, _)| title.as_str())
        .collect();
    assert_eq!(groups.last(), Some(&"Custom images"));
    assert!(
        choices
            .usable
            .iter()
            .all(|(_, images)| images.iter().all(|i| i.image_id != "img-ubuntu-2204")),
        "the current image is listed once, as current"
    );
}
